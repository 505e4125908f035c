//! The load-facing side of the tenant over real HTTP: connection and request counters, the
//! request log, the rate limiter (429 / 503 with `Retry-After`, polls exempt), agent bursts and
//! the cap on one poll's answer.

use super::test_support::{Harness, names};
use super::{DEFAULT_MAX_EVENTS_PER_ANSWER, RateLimit, Route, SimConfig};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

/// A tenant whose agent stays queued and whose empty polls come back quickly.
fn quiet_config() -> SimConfig {
    let mut config = SimConfig::fast();
    config.poll_hold = Duration::from_millis(200);
    config.agent.queue_time = Duration::from_secs(600);
    config
}

async fn quiet() -> Harness {
    Harness::start(quiet_config()).await
}

async fn limited(max_requests: u32, retry_after_secs: u64) -> Harness {
    let mut config = quiet_config();
    config.rate_limit = Some(RateLimit {
        max_requests,
        per: Duration::from_secs(600),
        retry_after_secs,
    });
    Harness::start(config).await
}

/// A chat whose opening status was already polled away: later polls see only what follows.
async fn drained_chat(h: &Harness, version: &str) -> String {
    let (status, body) = h
        .call(h.http.post(h.url_in(version, "chats")).json(&json!({})))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let chat_id = body["chat_id"].as_str().expect("chat_id").to_string();
    h.poll_until_in(version, &chat_id, |seen| !seen.is_empty())
        .await;
    chat_id
}

fn msg_ids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["msg_id"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn connections_are_counted_once_per_socket() {
    let h = quiet().await;
    for _ in 0..5 {
        assert_eq!(h.get("availability").await.0, StatusCode::OK);
    }
    assert_eq!(h.control.stats().connections, 1, "keep-alive reuses one");
    let no_reuse = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("http client");
    for _ in 0..3 {
        h.call(no_reuse.get(h.url("availability"))).await;
    }
    let stats = h.control.stats();
    assert_eq!((stats.connections, stats.requests), (4, 8));
}

#[tokio::test]
async fn send_events_are_counted_and_logged_with_their_events() {
    let h = quiet().await;
    let chat_id = drained_chat(&h, "v1").await;
    h.control.reset_stats();
    assert!(h.control.request_log().is_empty());
    let message =
        json!({"event": "chat_session_message", "msg_id": format!("{chat_id}:1"), "msg": "hi"});
    let three =
        json!([{"event": "chat_session_typing"}, message, {"event": "chat_session_not_typing"}]);
    assert_eq!(h.send(&chat_id, three).await.0, StatusCode::OK);
    assert_eq!(
        h.send(&chat_id, json!([{"event": "chat_session_typing"}]))
            .await
            .0,
        StatusCode::OK
    );
    let not_json = h
        .http
        .post(h.url(&format!("chats/{chat_id}/events")))
        .header("Content-Type", "application/json")
        .body("{not json");
    assert_eq!(h.call(not_json).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(h.poll(&chat_id).await.0, StatusCode::OK);

    let stats = h.control.stats();
    assert_eq!(
        (stats.send_events, stats.events_received, stats.requests),
        (3, 4, 4)
    );
    let log: Vec<(Option<Route>, u16, usize)> = h
        .control
        .request_log()
        .iter()
        .map(|e| (e.route, e.status, e.events))
        .collect();
    assert_eq!(
        log,
        [
            (Some(Route::SendEvents), 200, 3),
            (Some(Route::SendEvents), 200, 1),
            (Some(Route::SendEvents), 400, 0),
            (Some(Route::Poll), 200, 0),
        ]
    );
    let times: Vec<Instant> = h.control.request_log().iter().map(|e| e.at).collect();
    assert!(times.is_sorted(), "logged in order: {times:?}");
}

#[tokio::test]
async fn the_limiter_answers_429_with_retry_after_on_v2_and_exempts_the_poll() {
    let h = limited(2, 30).await;
    let chat_id = drained_chat(&h, "v2").await; // request 1 of 2
    let availability = || h.call(h.http.get(h.url_in("v2", "availability")));
    assert_eq!(availability().await.0, StatusCode::OK); // request 2 of 2
    let response = h.raw_get(&h.url_in("v2", "availability")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "30");
    assert!(h.control.in_retry_after(&h.client_id));
    assert_eq!(h.control.stats().during_retry_after, 0);

    // Polls pass inside the window and are not held against the client.
    for _ in 0..3 {
        let (status, body) = h
            .call(
                h.http
                    .get(h.url_in("v2", &format!("chats/{chat_id}/events"))),
            )
            .await;
        assert_eq!((status, body), (StatusCode::OK, json!({"events": []})));
    }
    assert_eq!(h.control.stats().during_retry_after, 0);

    // Anything else inside the window is refused again and counted.
    let (status, _) = h
        .call(
            h.http
                .post(h.url_in("v2", &format!("chats/{chat_id}/events")))
                .json(&json!({"events": [{"event": "chat_session_typing"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let stats = h.control.stats();
    assert_eq!(
        (
            stats.rate_limited,
            stats.during_retry_after,
            stats.send_events
        ),
        (2, 1, 1)
    );
    assert!(
        h.control.client_events(&chat_id).is_empty(),
        "a refused Send Events changes nothing"
    );
    let refused: Vec<(Option<Route>, u16, Option<u64>)> = h
        .control
        .request_log()
        .iter()
        .filter(|e| e.status == 429)
        .map(|e| (e.route, e.status, e.retry_after_secs))
        .collect();
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[0], (Some(Route::Availability), 429, Some(30)));
    assert!(matches!(
        refused[1],
        (Some(Route::SendEvents), 429, Some(1..=30))
    ));

    // Another client has its own allowance.
    let other = h
        .raw_get_with(&h.url_in("v2", "availability"), &h.auth_as("someone-else"))
        .await;
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_limiter_answers_503_with_retry_after_on_v1() {
    let h = limited(1, 9).await;
    assert_eq!(h.get("availability").await.0, StatusCode::OK);
    let response = h.raw_get(&h.url("parameters")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "9");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error_code"], 5001);
    assert_eq!(h.control.stats().rate_limited, 1);
}

#[tokio::test]
async fn a_limit_can_be_set_and_lifted_at_run_time() {
    let h = quiet().await;
    for _ in 0..20 {
        assert_eq!(h.get("availability").await.0, StatusCode::OK);
    }
    h.control.set_rate_limit(Some(RateLimit {
        max_requests: 1,
        per: Duration::from_secs(60),
        retry_after_secs: 5,
    }));
    assert_eq!(h.get("availability").await.0, StatusCode::OK);
    assert_eq!(
        h.get("availability").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    h.control.set_rate_limit(None);
    assert_eq!(h.get("availability").await.0, StatusCode::OK);
    assert!(!h.control.in_retry_after(&h.client_id));
    assert_eq!(h.control.stats().rate_limited, 1);
}

#[tokio::test]
async fn a_burst_wakes_the_held_poll_once_and_arrives_whole() {
    let mut config = quiet_config();
    config.poll_hold = Duration::from_secs(8);
    let h = Harness::start(config).await;
    let chat_id = drained_chat(&h, "v1").await;
    let started = Instant::now();
    let (polled, ids) = tokio::join!(h.poll(&chat_id), async {
        // Long enough for the poll to be held when the burst lands.
        tokio::time::sleep(Duration::from_millis(200)).await;
        h.control.agent_burst_n(&chat_id, 300)
    });
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "woken, not timed out"
    );
    let (status, body) = polled;
    assert_eq!(status, StatusCode::OK);
    let events = body["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 300);
    assert!(names(&events).iter().all(|n| *n == "chat_session_message"));
    assert_eq!(msg_ids(&events), ids);
    let seventeenth = events[16]["msg_text"].as_str().unwrap_or("");
    assert!(
        seventeenth.starts_with("burst message 17 "),
        "{seventeenth}"
    );
    assert_eq!(seventeenth.chars().count(), 60);
    assert_eq!(
        h.control.agent_burst(&chat_id, vec!["<b>&</b>".into()]),
        ["agent-301"]
    );
    let (_, body) = h.poll(&chat_id).await;
    assert_eq!(body["events"][0]["msg"], "&lt;b&gt;&amp;&lt;/b&gt;");
    assert_eq!(body["events"][0]["msg_text"], "<b>&</b>");
}

#[tokio::test]
async fn a_burst_into_an_unknown_or_ended_chat_does_nothing() {
    let h = quiet().await;
    assert!(h.control.agent_burst_n("nope", 3).is_empty());
    let chat_id = h.request_chat().await;
    h.control.end_chat(&chat_id);
    let before = h.control.history_json(&chat_id).len();
    assert!(h.control.agent_burst_n(&chat_id, 3).is_empty());
    assert_eq!(h.control.history_json(&chat_id).len(), before);
}

#[tokio::test]
async fn one_answer_carries_at_most_the_cap_and_the_rest_follows_in_order() {
    let h = quiet().await;
    let chat_id = drained_chat(&h, "v1").await;
    let mut ids = h
        .control
        .agent_burst_n(&chat_id, DEFAULT_MAX_EVENTS_PER_ANSWER - 1);
    // A client event in between: in history, not delivered, so not counted against the cap.
    let typing = json!([{"event": "chat_session_typing"}]);
    assert_eq!(h.send(&chat_id, typing).await.0, StatusCode::OK);
    ids.extend(h.control.agent_burst_n(&chat_id, 1501));
    let mut sizes = Vec::new();
    let mut got = Vec::new();
    let started = Instant::now();
    for _ in 0..3 {
        let (status, body) = h.poll(&chat_id).await;
        assert_eq!(status, StatusCode::OK);
        let events = body["events"].as_array().cloned().unwrap_or_default();
        sizes.push(events.len());
        got.extend(msg_ids(&events));
    }
    assert!(
        started.elapsed() < Duration::from_millis(200 * 3),
        "a backlog is answered at once, not held"
    );
    assert_eq!(sizes, [1000, 1000, 500]);
    assert_eq!(got, ids, "nothing lost, nothing repeated, in order");
    let (_, body) = h.poll(&chat_id).await;
    assert_eq!(body, json!({"events": []}));
    assert_eq!(
        h.control.history_json(&chat_id).len(),
        1 + 2500 + 1,
        "history is whole"
    );
}

#[tokio::test]
async fn the_cap_can_be_lifted() {
    let mut config = quiet_config();
    config.max_events_per_answer = usize::MAX;
    let h = Harness::start(config).await;
    let chat_id = drained_chat(&h, "v1").await;
    let ids = h.control.agent_burst_n(&chat_id, 2500);
    let (_, body) = h.poll(&chat_id).await;
    let events = body["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(msg_ids(&events), ids);
}
