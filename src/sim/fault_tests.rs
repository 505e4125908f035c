//! Each fault knob over real HTTP, and the whole server going down and coming back.

use super::test_support::{Harness, has, names, wait_until};
use super::{Fault, Route, SimConfig};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

/// A tenant whose agent stays queued (so a chat holds exactly its first status event).
async fn quiet() -> Harness {
    let mut config = SimConfig::fast();
    config.poll_hold = Duration::from_millis(300);
    config.agent.queue_time = Duration::from_secs(60);
    Harness::start(config).await
}

/// A poll answers nothing but the chat's first status: the faults before it consumed no event.
async fn only_the_first_status_is_left(h: &Harness, chat_id: &str) {
    let (status, body) = h.poll(chat_id).await;
    assert_eq!(status, StatusCode::OK);
    let events = body["events"].as_array().expect("events");
    assert_eq!(names(events), ["chat_session_status"]);
}

#[tokio::test]
async fn delay_answers_normally_but_late() {
    let h = quiet().await;
    h.control.inject(
        Route::Availability,
        Fault::Delay(Duration::from_millis(400)),
        1,
    );
    let started = Instant::now();
    let (status, body) = h.get("availability").await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"chat": "available"}))
    );
    assert!(started.elapsed() >= Duration::from_millis(400));
    let started = Instant::now();
    h.get("availability").await;
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "used once only"
    );
}

#[tokio::test]
async fn status_answers_an_error_body_and_retry_after_without_consuming_events() {
    let h = quiet().await;
    let chat_id = h.request_chat().await;
    h.control.inject(
        Route::Poll,
        Fault::Status {
            status: 503,
            error_code: Some(5001),
            retry_after: Some(7),
        },
        2,
    );
    h.control.inject(
        Route::Poll,
        Fault::Status {
            status: 500,
            error_code: None,
            retry_after: None,
        },
        1,
    );
    for _ in 0..2 {
        let response = h.raw_get(&h.url(&format!("chats/{chat_id}/events"))).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()["retry-after"], "7");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error_code"], 5001);
    }
    let (status, body) = h.poll(&chat_id).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.get("error_code").is_none() && body["error_message"].is_string());
    // Nothing was consumed by the faulted polls.
    only_the_first_status_is_left(&h, &chat_id).await;
}

#[tokio::test]
async fn drop_mid_body_cuts_the_connection_and_the_events_count_as_delivered() {
    let h = quiet().await;
    let chat_id = h.request_chat().await;
    h.control.agent_say(&chat_id, "lost in transit");
    h.control.inject(Route::Poll, Fault::DropMidBody, 1);
    let response = h.raw_get(&h.url(&format!("chats/{chat_id}/events"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.bytes().await.is_err(), "the body must be cut");
    // Delivered: the next poll does not repeat them; history has them.
    let (status, body) = h.poll(&chat_id).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"events": []})));
    let (_, history) = h.get(&format!("chats/{chat_id}/history")).await;
    assert!(has(
        history["events"].as_array().expect("events"),
        "chat_session_message"
    ));
}

#[tokio::test]
async fn drip_sends_the_real_body_slowly() {
    let h = quiet().await;
    let chat_id = h.request_chat().await;
    let history = format!("chats/{chat_id}/history");
    let (_, expected) = h.get(&history).await;
    let length = serde_json::to_vec(&expected).expect("json").len();
    let chunk = length.div_ceil(4);
    let interval = Duration::from_millis(100);
    h.control
        .inject(Route::History, Fault::Drip { chunk, interval }, 1);
    let started = Instant::now();
    let (status, body) = h.get(&history).await;
    assert_eq!((status, body), (StatusCode::OK, expected));
    let chunks = u32::try_from(length.div_ceil(chunk)).expect("few chunks");
    assert!(
        started.elapsed() >= interval * (chunks - 1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn garbage_and_empty_body_are_200s_that_consume_nothing() {
    let h = quiet().await;
    let chat_id = h.request_chat().await;
    h.control.inject(Route::Any, Fault::Garbage, 1);
    h.control.inject(Route::Any, Fault::EmptyBody, 1);
    let url = h.url(&format!("chats/{chat_id}/events"));
    let garbage = h.raw_get(&url).await;
    assert_eq!(garbage.status(), StatusCode::OK);
    let text = garbage.bytes().await.expect("body");
    assert!(!text.is_empty());
    assert!(serde_json::from_slice::<Value>(&text).is_err());
    let empty = h.raw_get(&url).await;
    assert_eq!(empty.status(), StatusCode::OK);
    assert!(empty.bytes().await.expect("body").is_empty());
    only_the_first_status_is_left(&h, &chat_id).await;
}

#[tokio::test]
async fn clear_faults_forgets_the_plan() {
    let h = quiet().await;
    h.control.inject(Route::Any, Fault::EmptyBody, 5);
    h.control.clear_faults();
    assert_eq!(h.get("availability").await.1, json!({"chat": "available"}));
}

#[tokio::test]
async fn go_down_aborts_and_refuses_then_come_back_keeps_the_state() {
    let mut config = SimConfig::fast();
    config.poll_hold = Duration::from_secs(5);
    config.agent.autopilot = false;
    let mut h = Harness::start(config).await;
    let chat_id = h.request_chat().await;
    h.poll_until_event(&chat_id, "chat_session_party_joined")
        .await;
    let addr = h.server.addr();

    // A poll held while the server goes down is cut.
    let polls = h.control.stats().polls;
    let held = {
        let http = h.http.clone();
        let url = h.url(&format!("chats/{chat_id}/events"));
        let auth = h.auth();
        tokio::spawn(async move {
            match http.get(url).header("Authorization", auth).send().await {
                Ok(response) => response.bytes().await.map(|_| ()),
                Err(e) => Err(e),
            }
        })
    };
    let control = h.control.clone();
    wait_until("the poll to be held", || control.stats().polls > polls).await;
    h.server.go_down().await;
    assert!(!h.server.is_up());
    let outcome = held.await.expect("task");
    assert!(outcome.is_err(), "the held poll must fail");

    // New connections are refused.
    let refused = h.try_get_with(&h.url("availability"), &h.auth()).await;
    assert!(refused.is_err_and(|e| e.is_connect()));
    // Meanwhile the agent talks.
    h.control.agent_say(&chat_id, "are you still there?");

    h.server.come_back().await.expect("same port again");
    assert_eq!(h.server.addr(), addr);
    // The aborted poll no longer counts as in flight, and nothing was lost.
    let (status, body) = h.poll(&chat_id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["events"][0]["msg_text"], "are you still there?");
    assert_eq!(h.control.stats().rejected_concurrent_polls, 0);
}
