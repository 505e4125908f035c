//! A whole scripted conversation over real HTTP with raw requests, as PROTOCOL.md's flows
//! describe it: request → queued → joined → greeting → message → typing → answer → upload +
//! chat_session_file → disconnect → MobileChatSurvey → form data → completed + ended.

use super::test_support::{Harness, has, names};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

const HOLD: Duration = Duration::from_secs(2);

fn last_agent_text(events: &[Value]) -> String {
    events
        .iter()
        .rev()
        .find(|e| e["event"] == "chat_session_message")
        .and_then(|e| e["msg_text"].as_str())
        .unwrap_or("")
        .to_string()
}

/// The events after the last one named `name` (exclusive) up to the end.
fn after<'a>(events: &'a [Value], name: &str) -> &'a [Value] {
    let at = events
        .iter()
        .rposition(|e| e["event"] == name)
        .map_or(0, |i| i + 1);
    &events[at..]
}

#[tokio::test]
async fn a_whole_conversation_with_the_scripted_agent() {
    let h = Harness::fast(HOLD).await;
    assert_eq!(h.get("availability").await.1["chat"], "available");
    assert_eq!(h.get("parameters").await.0, StatusCode::OK);
    let chat_id = h.request_chat().await;

    // Queue, join, greeting.
    let opening = h.poll_until_event(&chat_id, "chat_session_message").await;
    assert_eq!(
        names(&opening),
        [
            "chat_session_status",
            "chat_session_status",
            "chat_session_status",
            "chat_session_party_joined",
            "chat_session_typing",
            "chat_session_not_typing",
            "chat_session_message"
        ]
    );
    let states: Vec<&str> = opening[..3]
        .iter()
        .map(|e| e["state"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(states, ["queued", "connecting", "connected"]);
    assert!(opening[0]["ewt"].is_u64() || opening[0]["ewt"].is_string());
    assert_eq!(opening[3]["display_name"], "Anna Lee");
    assert_eq!(opening[3]["type"], "internal");
    let agent = opening[3]["party_id"]
        .as_str()
        .expect("agent id")
        .to_string();
    assert_eq!(
        last_agent_text(&opening),
        "Hi, I'm Anna. How can I help you today?"
    );
    assert!(
        opening
            .iter()
            .all(|e| e["event"] != "chat_session_message" || e["party_id"] == agent.as_str())
    );

    // A question: typing, then the answer.
    let (status, _) = h
        .send(
            &chat_id,
            json!([
                {"event": "chat_session_typing"},
                {"event": "chat_session_not_typing"},
                {"event": "chat_session_message", "msg_id": format!("{chat_id}:1"), "msg": "Where is my order?", "msg_text": "Where is my order?"}
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let answer = h.poll_until_event(&chat_id, "chat_session_message").await;
    assert_eq!(
        names(&answer),
        [
            "chat_session_typing",
            "chat_session_not_typing",
            "chat_session_message"
        ]
    );
    assert!(last_agent_text(&answer).contains("Where is my order?"));

    // An upload, put into the chat, acknowledged by name.
    let part = reqwest::multipart::Part::bytes(b"%PDF-1.4 receipt".to_vec())
        .file_name("receipt.pdf")
        .mime_str("application/pdf")
        .expect("mime");
    let (status, uploaded) = h
        .call(
            h.http
                .post(h.url("files"))
                .multipart(reqwest::multipart::Form::new().part("file", part)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let file_id = uploaded["file_id"].as_str().expect("file_id");
    let (status, _) = h
        .send(
            &chat_id,
            json!([{"event": "chat_session_file", "file_id": file_id, "file_name": "receipt.pdf", "file_type": "attachment"}]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let ack = h.poll_until_event(&chat_id, "chat_session_message").await;
    assert!(last_agent_text(&ack).contains("receipt.pdf"), "{ack:?}");

    // Disconnect: the agent leaves and the survey is shown.
    h.send(&chat_id, json!([{"event": "chat_session_disconnect"}]))
        .await;
    let survey = h.poll_until_event(&chat_id, "chat_session_form_show").await;
    assert_eq!(
        names(&survey),
        ["chat_session_party_left", "chat_session_form_show"]
    );
    assert_eq!(survey[0]["party_id"], agent.as_str());
    assert_eq!(survey[1]["form_name"], "MobileChatSurvey");
    let form_request_id = survey[1]["form_request_id"].clone();
    assert!(!form_request_id.is_null());

    // The answer ends the chat.
    h.send(
        &chat_id,
        json!([{"event": "chat_session_form_data", "form_request_id": form_request_id, "form_name": "MobileChatSurvey",
                "data": {"rating": "5", "resolved": "yes", "comment": "quick & kind"}}]),
    )
    .await;
    let end = h.poll_until_event(&chat_id, "chat_session_ended").await;
    assert_eq!(names(&end), ["chat_session_status", "chat_session_ended"]);
    assert_eq!(end[0]["state"], "completed");
    assert_eq!(h.get("chats/active").await.0, StatusCode::NOT_FOUND);

    // History: everything, the customer's own events with party_id == chat_id.
    let (_, history) = h.get(&format!("chats/{chat_id}/history")).await;
    let history = history["events"].as_array().expect("events").clone();
    let mine: Vec<&str> = history
        .iter()
        .filter(|e| e["party_id"] == chat_id.as_str())
        .map(|e| e["event"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        mine,
        [
            "chat_session_typing",
            "chat_session_not_typing",
            "chat_session_message",
            "chat_session_file",
            "chat_session_disconnect",
            "chat_session_form_data"
        ]
    );
    assert_eq!(after(&history, "chat_session_form_data").len(), 2);
    assert_eq!(h.control.client_events(&chat_id).len(), 6);
    assert_eq!(h.control.stats().max_concurrent_polls, 1);
}

#[tokio::test]
async fn ending_the_chat_skips_the_survey() {
    let h = Harness::fast(HOLD).await;
    let chat_id = h.request_chat().await;
    h.poll_until_event(&chat_id, "chat_session_party_joined")
        .await;
    h.send(&chat_id, json!([{"event": "chat_session_end"}]))
        .await;
    let end = h.poll_until_event(&chat_id, "chat_session_ended").await;
    assert!(!has(&end, "chat_session_form_show"));
    assert!(has(&end, "chat_session_party_left"));
}

#[tokio::test]
async fn v2_chats_get_receipts_and_agents_send_pictures() {
    let h = Harness::fast(HOLD).await;
    let v2 = |path: &str| h.url_in("v2", path);
    let (_, chat) = h.call(h.http.post(v2("chats")).json(&json!({}))).await;
    let chat_id = chat["chat_id"].as_str().expect("chat_id").to_string();
    h.poll_until_in("v2", &chat_id, |s| has(s, "chat_session_message"))
        .await;
    h.call(h.http.post(v2(&format!("chats/{chat_id}/events"))).json(
        &json!({"events": [{"event": "chat_session_message", "msg_id": "m-1", "msg": "send me a picture"}]}),
    ))
    .await;
    let more = h
        .poll_until_in("v2", &chat_id, |s| has(s, "chat_session_file"))
        .await;
    assert_eq!(
        names(&more)[..3],
        [
            "chat_session_message_delivered",
            "chat_session_message_read",
            "chat_session_typing"
        ]
    );
    assert_eq!(more[0]["ref_msg_id"], "m-1");
    let file = more
        .iter()
        .find(|e| e["event"] == "chat_session_file")
        .expect("file");
    assert_eq!(file["file_type"], "image");
    let file_id = file["file_id"].as_str().unwrap_or("");
    let response = h
        .raw_get(&h.url(&format!("chats/{chat_id}/files/{file_id}")))
        .await;
    assert_eq!(response.headers()["content-type"], "image/png");
}
