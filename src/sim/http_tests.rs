//! Every endpoint over real HTTP: the success answer and the strict rejections a real tenant
//! gives (auth, tenantUrl, unknown or foreign chats, bad JSON, unknown events, concurrent polls).

use super::test_support::{Harness, has, names, wait_until};
use crate::api::types::{ServerEvent, error_codes};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

const HOLD: Duration = Duration::from_millis(300);

fn code(body: &Value) -> i64 {
    body["error_code"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn availability_parameters_and_version() {
    let h = Harness::fast(HOLD).await;
    let (status, body) = h.get("availability").await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"chat": "available"}))
    );
    let (_, body) = h.call(h.http.get(h.url_in("v2", "availability"))).await;
    assert_eq!(body, json!({"chat": "available", "ewt": 1}));
    let (status, body) = h.get("parameters").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"parameters": [{"first_name": "FIRST_NAME"}, {"last_name": "LAST_NAME"}, {"email": "EMAIL"}]})
    );
    let (status, body) = h.call(h.http.get(h.url_in("v2", "version"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["server_version"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    // Version is v2 only.
    assert_eq!(h.get("version").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unavailable_tenant_says_so_and_refuses_chats() {
    let mut config = super::SimConfig::fast();
    config.available = false;
    let h = Harness::start(config).await;
    assert_eq!(
        h.get("availability").await.1,
        json!({"chat": "notAvailable"})
    );
    let (status, body) = h.post("chats", json!({})).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::SERVICE_UNAVAILABLE, 5001)
    );
}

#[tokio::test]
async fn authorization_and_tenant_are_checked_strictly() {
    let h = Harness::fast(HOLD).await;
    let url = h.url("availability");
    let with = |auth: &str| h.http.get(&url).header("Authorization", auth.to_string());
    let cases: Vec<(reqwest::RequestBuilder, StatusCode, i64)> = vec![
        (h.http.get(&url), StatusCode::UNAUTHORIZED, 2000),
        (
            with(r#"MOBILE-API-140-327-PLAIN appId="SimChat, clientId="x""#),
            StatusCode::UNAUTHORIZED,
            2001,
        ),
        (
            with(r#"Basic appId="SimChat", clientId="x""#),
            StatusCode::UNAUTHORIZED,
            2002,
        ),
        (
            with(r#"MOBILE-API-140-327-PLAIN clientId="x""#),
            StatusCode::UNAUTHORIZED,
            2003,
        ),
        (
            with(r#"MOBILE-API-140-327-PLAIN appId="SimChat""#),
            StatusCode::UNAUTHORIZED,
            2004,
        ),
        (
            with(r#"MOBILE-API-140-327-PLAIN appId="Nope", clientId="x""#),
            StatusCode::UNAUTHORIZED,
            3000,
        ),
        (
            h.http
                .get(format!(
                    "{}/clientweb/api/v1/availability",
                    h.server.base_url()
                ))
                .header("Authorization", h.auth()),
            StatusCode::BAD_REQUEST,
            1000,
        ),
        (
            h.http
                .get(format!(
                    "{}/clientweb/api/v1/availability?tenantUrl=evil.test",
                    h.server.base_url()
                ))
                .header("Authorization", h.auth()),
            StatusCode::BAD_REQUEST,
            1000,
        ),
    ];
    for (i, (request, status, expected)) in cases.into_iter().enumerate() {
        let response = request.send().await.expect("answered");
        assert_eq!(response.status(), status, "case {i}");
        let body: Value = response.json().await.expect("error body is JSON");
        assert_eq!(code(&body), expected, "case {i}: {body}");
        assert!(body["error_message"].is_string());
    }
    // Unquoted values, as the Android SDK sends them, are fine.
    let unquoted = with("MOBILE-API-140-327-PLAIN appId=SimChat, clientId=abc")
        .send()
        .await
        .expect("answered");
    assert_eq!(unquoted.status(), StatusCode::OK);
}

#[tokio::test]
async fn request_chat_records_the_request_and_returns_the_live_chat_again() {
    let h = Harness::fast(HOLD).await;
    let (status, first) = h
        .post(
            "chats",
            json!({"phone_number": "", "from": "Jo Tester", "parameters": {"first_name": "Jo", "email": "jo@example.test"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let chat_id = first["chat_id"].as_str().expect("chat_id").to_string();
    assert_eq!(first["state"], "queued");
    assert_eq!(first["ewt"], 1);
    assert_eq!(first["is_new_chat"], true);
    let request = h.control.chat_request(&chat_id).expect("recorded");
    assert_eq!(request.from, "Jo Tester");
    assert_eq!(request.parameters["email"], "jo@example.test");

    let (_, again) = h.post("chats", json!({})).await;
    assert_eq!(again["chat_id"], chat_id.as_str());
    assert_eq!(again["is_new_chat"], false);
    let (status, active) = h.get("chats/active").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(active["chat_id"], chat_id.as_str());

    // Another clientId has no active chat and cannot see this one.
    let other = h.auth_as("someone-else");
    for path in [
        "chats/active".to_string(),
        format!("chats/{chat_id}/history"),
        format!("chats/{chat_id}/events"),
    ] {
        let response = h.raw_get_with(&h.url(&path), &other).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(code(&body), 5005, "{path}");
    }
    assert_eq!(h.control.chat_ids(), [chat_id]);
}

#[tokio::test]
async fn no_active_chat_is_404_and_unknown_chats_are_404() {
    let h = Harness::fast(HOLD).await;
    let (status, body) = h.get("chats/active").await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, 5005));
    for (status, body) in [
        h.poll("nope").await,
        h.get("chats/nope/history").await,
        h.send("nope", json!([{"event": "chat_session_typing"}]))
            .await,
        h.get("chats/nope/files/f").await,
    ] {
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, 5005));
    }
}

#[tokio::test]
async fn bad_json_and_wrong_content_type_are_5003() {
    let h = Harness::fast(HOLD).await;
    let chat_id = h.request_chat().await;
    let raw = |path: String, content_type: &str, body: &str| {
        h.http
            .post(h.url(&path))
            .header("Content-Type", content_type.to_string())
            .body(body.to_string())
    };
    for request in [
        raw("chats".into(), "application/json", "{not json"),
        raw("chats".into(), "text/plain", "{}"),
        raw(format!("chats/{chat_id}/events"), "application/json", "[1,"),
        raw(
            format!("chats/{chat_id}/events"),
            "text/plain",
            r#"{"events": []}"#,
        ),
        raw(
            format!("chats/{chat_id}/events"),
            "application/json",
            r#"{"evts": []}"#,
        ),
    ] {
        let (status, body) = h.call(request).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, 5003),
            "{body}"
        );
    }
}

#[tokio::test]
async fn send_events_is_strict_and_all_or_nothing() {
    let h = Harness::fast(HOLD).await;
    let chat_id = h.request_chat().await;
    let good =
        json!({"event": "chat_session_message", "msg_id": format!("{chat_id}:1"), "msg": "hi"});
    for (bad, expected) in [
        (json!({"event": "chat_session_hack"}), 5003),
        (
            json!({"event": "chat_session_message", "msg": "no id"}),
            5003,
        ),
        (
            json!({"event": "chat_session_file", "file_id": "never-uploaded", "file_name": "a.png", "file_type": "image"}),
            5502,
        ),
    ] {
        let (status, body) = h.send(&chat_id, json!([good.clone(), bad])).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, expected),
            "{body}"
        );
    }
    assert!(h.control.customer_messages(&chat_id).is_empty());
    let (status, body) = h.send(&chat_id, json!([good])).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"events": []})));
    assert_eq!(
        h.control.customer_messages(&chat_id),
        [(format!("{chat_id}:1"), "hi".to_string())]
    );
}

#[tokio::test]
async fn an_empty_poll_is_held_then_answered_empty() {
    let mut config = super::SimConfig::fast();
    config.poll_hold = HOLD;
    config.agent.queue_time = Duration::from_secs(60);
    let h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    let (_, first) = h.poll(&chat_id).await;
    assert_eq!(
        names(first["events"].as_array().expect("events")),
        ["chat_session_status"]
    );
    let started = Instant::now();
    let (status, body) = h.poll(&chat_id).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"events": []})));
    assert!(started.elapsed() >= HOLD, "held {:?}", started.elapsed());
}

#[tokio::test]
async fn a_held_poll_wakes_as_soon_as_an_event_arrives() {
    let mut config = super::SimConfig::fast();
    config.poll_hold = Duration::from_secs(8);
    config.agent.autopilot = false;
    let h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    h.poll_until(&chat_id, |seen| has(seen, "chat_session_party_joined"))
        .await;
    let polls = h.control.stats().polls;
    let control = h.control.clone();
    let id = chat_id.clone();
    let speaker = tokio::spawn(async move {
        wait_until("the poll to be held", || control.stats().polls > polls).await;
        control.agent_say(&id, "ping <now>");
    });
    let started = Instant::now();
    let (status, body) = h.poll(&chat_id).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(4), "woke late");
    assert_eq!(body["events"][0]["msg"], "ping &lt;now&gt;");
    assert_eq!(body["events"][0]["msg_text"], "ping <now>");
    speaker.await.expect("speaker");
}

#[tokio::test]
async fn a_second_concurrent_poll_is_rejected() {
    let mut config = super::SimConfig::fast();
    config.poll_hold = Duration::from_millis(1500);
    config.agent.queue_time = Duration::from_secs(60);
    let h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    h.poll(&chat_id).await; // takes the queued status
    let polls = h.control.stats().polls;
    let (first, second) = tokio::join!(h.poll(&chat_id), async {
        wait_until("the first poll to be held", || {
            h.control.stats().polls > polls
        })
        .await;
        h.poll(&chat_id).await
    });
    assert_eq!(first, (StatusCode::OK, json!({"events": []})));
    assert_eq!((second.0, code(&second.1)), (StatusCode::BAD_REQUEST, 5509));
    let stats = h.control.stats();
    assert_eq!(stats.rejected_concurrent_polls, 1);
    assert_eq!(stats.max_concurrent_polls, 2);
    // Once the held poll answered, polling is fine again.
    h.control.agent_say(&chat_id, "x");
    assert_eq!(h.poll(&chat_id).await.0, StatusCode::OK);
}

#[tokio::test]
async fn events_are_delivered_once_and_history_has_everything() {
    let mut config = super::SimConfig::fast();
    config.agent.autopilot = false;
    let h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    let seen = h
        .poll_until_event(&chat_id, "chat_session_party_joined")
        .await;
    h.send(
        &chat_id,
        json!([{"event": "chat_session_message", "msg_id": format!("{chat_id}:1"), "msg": "a &amp; b"}]),
    )
    .await;
    h.control.agent_say(&chat_id, "answer");
    let (_, body) = h.poll(&chat_id).await;
    let events = body["events"].as_array().expect("events");
    // Not echoed: only the agent's answer.
    assert_eq!(names(events), ["chat_session_message"]);
    assert_eq!(events[0]["msg_text"], "answer");
    let (_, history) = h.get(&format!("chats/{chat_id}/history")).await;
    let history = history["events"].as_array().expect("events").clone();
    assert_eq!(history.len(), seen.len() + 2);
    assert_eq!(history[..seen.len()], seen[..]);
    assert_eq!(history[seen.len()]["party_id"], chat_id.as_str());
    assert_eq!(history[seen.len()]["msg"], "a &amp; b");
    assert!(history.iter().all(|e| e["timestamp"].is_string()));
    assert_eq!(
        h.control.history(&chat_id),
        history
            .iter()
            .cloned()
            .map(ServerEvent::from_value)
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn send_answer_and_echo_options() {
    let mut config = super::SimConfig::fast();
    config.events_in_send_answer = true;
    config.echo_customer_messages = true;
    config.agent.autopilot = false;
    config.agent.queue_time = Duration::from_millis(300);
    let h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    let (_, body) = h
        .send(
            &chat_id,
            json!([{"event": "chat_session_message", "msg_id": "m1", "msg": "echo me"}]),
        )
        .await;
    let events = body["events"].as_array().expect("events");
    assert_eq!(
        names(events)[..2],
        ["chat_session_status", "chat_session_message"]
    );
    assert_eq!(events[1]["party_id"], chat_id.as_str());
    // Already delivered by the send answer: the poll does not repeat them.
    let seen = h
        .poll_until_event(&chat_id, "chat_session_party_joined")
        .await;
    assert!(!has(&seen, "chat_session_message"), "{seen:?}");
}

#[tokio::test]
async fn uploads_downloads_and_limits() {
    let mut config = super::SimConfig::fast();
    config.max_upload_bytes = 1000;
    let h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    let upload = |part_name: &'static str, bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("notes <1>.txt")
            .mime_str("text/plain")
            .expect("mime");
        let form = reqwest::multipart::Form::new().part(part_name, part);
        h.http.post(h.url("files")).multipart(form)
    };
    let (status, body) = h.call(upload("file", b"hello".to_vec())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["file_name"], "notes <1>.txt");
    let file_id = body["file_id"].as_str().expect("file_id").to_string();
    let (status, body) = h.call(upload("file-upload-input", b"sdk".to_vec())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        h.control.uploaded_file(&file_id),
        Some((
            "notes <1>.txt".to_string(),
            "text/plain".to_string(),
            b"hello".to_vec()
        ))
    );
    let (status, body) = h.call(upload("file", vec![b'x'; 5000])).await;
    assert_eq!((status, code(&body)), (StatusCode::PAYLOAD_TOO_LARGE, 5501));
    let (status, body) = h.call(upload("other", b"x".to_vec())).await;
    assert_eq!((status, code(&body)), (StatusCode::BAD_REQUEST, 5558));

    for url in [
        h.url(&format!("chats/{chat_id}/files/{file_id}")),
        format!(
            "{}/clientweb/file/{file_id}?tenantUrl={}",
            h.server.base_url(),
            h.tenant
        ),
    ] {
        let response = h.raw_get(&url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        assert_eq!(response.headers()["content-type"], "text/plain");
        assert_eq!(response.bytes().await.expect("bytes").as_ref(), b"hello");
        let stranger = h.raw_get_with(&url, &h.auth_as("stranger")).await;
        assert_eq!(stranger.status(), StatusCode::NOT_FOUND, "{url}");
    }
    let (status, body) = h.get(&format!("chats/{chat_id}/files/unknown")).await;
    assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, 5502));
}

#[tokio::test]
async fn the_agent_has_a_profile_photo() {
    let h = Harness::fast(HOLD).await;
    let chat_id = h.request_chat().await;
    let seen = h
        .poll_until_event(&chat_id, "chat_session_party_joined")
        .await;
    let agent = seen
        .iter()
        .find(|e| e["event"] == "chat_session_party_joined")
        .and_then(|e| e["party_id"].as_str())
        .expect("agent party id")
        .to_string();
    let response = h
        .raw_get(&h.url(&format!("chats/{chat_id}/profilephotos/{agent}")))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(
        response
            .bytes()
            .await
            .expect("bytes")
            .starts_with(b"\x89PNG")
    );
    let (status, _) = h
        .get(&format!("chats/{chat_id}/profilephotos/{chat_id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn close_case_ends_the_chat_and_case_history_lists_earlier_chats() {
    let h = Harness::fast(HOLD).await;
    let first = h.request_chat().await;
    let v2 = |path: String| h.url_in("v2", &path);
    let (status, body) = h
        .call(
            h.http
                .post(v2(format!("chats/{first}/closecase")))
                .json(&json!({"events": [{"event": "chat_session_end"}]})),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    let seen = h.poll_until_event(&first, "chat_session_ended").await;
    assert!(has(&seen, "chat_session_status"));
    // Over: polls and sends are 404 now, history still answers.
    assert_eq!(h.poll(&first).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        h.send(&first, json!([{"event": "chat_session_typing"}]))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.get(&format!("chats/{first}/history")).await.0,
        StatusCode::OK
    );
    assert_eq!(h.get("chats/active").await.0, StatusCode::NOT_FOUND);

    let second = h.request_chat().await;
    assert_ne!(first, second);
    // No case linked to this chat yet: 400 / 5601, as a real tenant answers.
    let (status, body) = h
        .call(h.http.get(v2(format!("chats/{second}/casehistory"))))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_code"], error_codes::CASE_NOT_SPECIFIED);
    let ticket = json!([{"event": "chat_session_message", "msg_id": format!("{second}:1"), "msg": "ticket"}]);
    assert_eq!(h.send(&second, ticket).await.0, StatusCode::OK);
    h.poll_until_event(&second, "chat_session_case_set").await;
    let (status, body) = h
        .call(h.http.get(v2(format!("chats/{second}/casehistory"))))
        .await;
    assert_eq!(status, StatusCode::OK);
    let sessions = body["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["chat_id"], first.as_str());
    assert!(
        sessions[0]["created_time"]
            .as_i64()
            .is_some_and(|t| t > 1_600_000_000_000)
    );
    assert!(has(
        sessions[0]["events"].as_array().expect("events"),
        "chat_session_ended"
    ));
    // v1 has no case history.
    assert_eq!(
        h.get(&format!("chats/{second}/casehistory")).await.0,
        StatusCode::NOT_FOUND
    );
}
