//! Worker tests of the send path under load, over the recording fake on a paused clock:
//! batching, caps, the customer's words before courtesies, receipts that are cheap and never
//! doubled, and "slow down" answers that hold every send.

use super::fake::{Call, Failure, FakeTransport};
use super::outbox::MAX_EVENTS_PER_SEND;
use super::*;
use crate::api::types::ClientEvent;
use pretty_assertions::assert_eq;
use std::collections::HashSet;
use tokio::time::Instant;

type Rx = UnboundedReceiver<SessionEvent>;

fn opts() -> SessionOptions {
    SessionOptions {
        jitter_seed: Some(7),
        ..SessionOptions::default()
    }
}

async fn next(rx: &mut Rx) -> SessionEvent {
    tokio::time::timeout(Duration::from_secs(3600), rx.recv())
        .await
        .expect("no event within an hour of virtual time")
        .expect("worker gone without a word")
}

/// Starts a chat and waits for `Started`.
async fn chat(fake: &FakeTransport) -> (SessionHandle, Rx) {
    let (h, mut rx) = start_with(fake.clone(), Start::New(ChatRequest::default()), opts());
    match next(&mut rx).await {
        SessionEvent::Started { .. } => {}
        other => panic!("expected Started, got {other:?}"),
    }
    (h, rx)
}

/// Waits until `n` messages were reported sent; returns their local ids in report order.
async fn sent_reports(rx: &mut Rx, n: usize) -> Vec<u64> {
    let mut ids = Vec::new();
    while ids.len() < n {
        match next(rx).await {
            SessionEvent::MessageSent { local_id, .. } => ids.push(local_id),
            SessionEvent::MessageFailed { local_id, error } => {
                panic!("message {local_id} failed: {error:?}")
            }
            _ => {}
        }
    }
    ids
}

/// The Send Events requests made so far, with their time.
fn sends(fake: &FakeTransport) -> Vec<(Instant, Vec<ClientEvent>)> {
    fake.timed_calls()
        .into_iter()
        .filter_map(|(t, c)| match c {
            Call::Send(events) => Some((t, events)),
            _ => None,
        })
        .collect()
}

fn texts(events: &[ClientEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Message { msg_text, msg, .. } => {
                Some(msg_text.clone().unwrap_or_else(|| msg.clone()))
            }
            _ => None,
        })
        .collect()
}

fn receipts_in(events: &[ClientEvent]) -> Vec<(String, bool)> {
    let receipts = events.iter().filter_map(ClientEvent::receipt);
    receipts.map(|(id, read)| (id.to_string(), read)).collect()
}

/// The texts of the messages the server took, in the order it took them.
fn committed_texts(fake: &FakeTransport) -> Vec<String> {
    let committed = fake.committed_messages().into_iter();
    committed.map(|(_, text)| text).collect()
}

/// A fake whose Send Events answers take `latency`.
fn fake_with_latency(latency: Duration) -> FakeTransport {
    let fake = FakeTransport::new();
    fake.set_send_latency(latency);
    fake
}

/// A fake whose first Send Events is refused with a 429 that asks for `pause`.
fn slowed_down(pause: Duration) -> FakeTransport {
    let fake = FakeTransport::new();
    fake.fail_send(Failure::now(Error::from_status(
        429,
        None,
        None,
        Some(pause),
    )));
    fake
}

/// Every request after the refused first one left at least `pause` after it.
fn assert_held(requests: &[(Instant, Vec<ClientEvent>)], pause: Duration) {
    let refused_at = requests[0].0;
    for (at, _) in &requests[1..] {
        let waited = *at - refused_at;
        assert!(waited >= pause, "sent {waited:?} after the 429");
    }
}

async fn wait_first_send(fake: &FakeTransport) {
    fake.wait_calls(|c| c.iter().any(|c| matches!(c, Call::Send(_))))
        .await;
}

/// A chat whose first message, `first`, is on its way (each send takes 100 ms).
async fn first_message_on_its_way() -> (FakeTransport, SessionHandle, Rx) {
    let fake = fake_with_latency(Duration::from_millis(100));
    let (h, rx) = chat(&fake).await;
    h.send_message("first");
    wait_first_send(&fake).await;
    (fake, h, rx)
}

/// Types `n` messages, `m0` to `m{n-1}`.
fn type_messages(h: &SessionHandle, n: usize) {
    for i in 0..n {
        h.send_message(&format!("m{i}"));
    }
}

/// The texts of the messages in `requests`, in the order they went.
fn texts_sent(requests: &[(Instant, Vec<ClientEvent>)]) -> Vec<String> {
    requests.iter().flat_map(|(_, e)| texts(e)).collect()
}

fn receipt(h: &SessionHandle, id: usize, read: bool) {
    h.command(SessionCommand::Receipt {
        ref_msg_id: format!("a{id}"),
        read,
    });
}

#[tokio::test(start_paused = true)]
async fn messages_queued_behind_a_send_leave_together_in_order() {
    let fake = fake_with_latency(Duration::from_millis(300));
    let (h, mut rx) = chat(&fake).await;
    type_messages(&h, 5);
    let reported = sent_reports(&mut rx, 5).await;
    let requests = sends(&fake);
    let all = texts_sent(&requests);
    assert_eq!(
        all,
        ["m0", "m1", "m2", "m3", "m4"],
        "order kept, nothing doubled"
    );
    assert!(
        requests.len() <= 2,
        "{} requests for 5 messages",
        requests.len()
    );
    let mut sorted = reported.clone();
    sorted.sort_unstable();
    assert_eq!(reported, sorted, "reported in the order typed");
}

#[tokio::test(start_paused = true)]
async fn a_request_carries_at_most_the_cap_of_events() {
    let fake = fake_with_latency(Duration::from_millis(100));
    let (h, mut rx) = chat(&fake).await;
    type_messages(&h, 250);
    sent_reports(&mut rx, 250).await;
    let requests = sends(&fake);
    assert!(requests.iter().all(|(_, e)| e.len() <= MAX_EVENTS_PER_SEND));
    assert!(
        requests.len() <= 4,
        "{} requests for 250 messages",
        requests.len()
    );
    let all = texts_sent(&requests);
    let expected: Vec<String> = (0..250).map(|i| format!("m{i}")).collect();
    assert_eq!(all, expected);
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_receipts_costs_a_few_requests_and_none_twice() {
    let fake = fake_with_latency(Duration::from_millis(100));
    let (h, _rx) = chat(&fake).await;
    // The app's rule for a burst: the newest read, the rest delivered.
    for i in 0..300 {
        receipt(&h, i, i >= 280);
    }
    // And a repeat close in time, which must not go out again.
    receipt(&h, 299, true);
    receipt(&h, 10, false);
    tokio::time::sleep(Duration::from_secs(5)).await;
    let requests = sends(&fake);
    let all: Vec<(String, bool)> = requests.iter().flat_map(|(_, e)| receipts_in(e)).collect();
    assert!(
        requests.len() <= 4,
        "{} requests for 300 receipts",
        requests.len()
    );
    assert_eq!(all.len(), 300, "every receipt once");
    let unique: HashSet<&String> = all.iter().map(|(id, _)| id).collect();
    assert_eq!(unique.len(), 300, "none twice");
    assert!(all.contains(&("a299".to_string(), true)), "the newest read");
    for pair in requests.windows(2) {
        assert!(
            pair[1].0 - pair[0].0 >= Duration::from_millis(900),
            "receipts alone leave at most about once a second"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_read_receipt_covers_the_delivered_one() {
    let fake = FakeTransport::new();
    let (h, _rx) = chat(&fake).await;
    receipt(&h, 1, false);
    receipt(&h, 1, true);
    receipt(&h, 2, true);
    receipt(&h, 2, false);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let all: Vec<(String, bool)> = sends(&fake)
        .iter()
        .flat_map(|(_, e)| receipts_in(e))
        .collect();
    assert_eq!(all, [("a1".to_string(), true), ("a2".to_string(), true)]);
}

#[tokio::test(start_paused = true)]
async fn the_customers_message_is_not_queued_behind_receipts() {
    let latency = Duration::from_millis(100);
    let fake = fake_with_latency(latency);
    let (h, mut rx) = chat(&fake).await;
    for i in 0..1000 {
        receipt(&h, i, false);
    }
    // Let a request of receipts alone be in flight, then type.
    tokio::time::sleep(Duration::from_millis(1050)).await;
    let typed = Instant::now();
    h.send_message("urgent");
    sent_reports(&mut rx, 1).await;
    let requests = sends(&fake);
    let (at, _) = requests
        .iter()
        .find(|(_, e)| texts(e) == ["urgent"])
        .expect("the message went out");
    assert!(
        *at - typed <= latency,
        "left {:?} after Enter: within one round trip",
        *at - typed
    );
}

#[tokio::test(start_paused = true)]
async fn receipts_ride_along_with_the_customers_message() {
    let fake = FakeTransport::new();
    let (h, mut rx) = chat(&fake).await;
    receipt(&h, 1, true);
    h.send_message("hi");
    sent_reports(&mut rx, 1).await;
    let requests = sends(&fake);
    assert_eq!(requests.len(), 1);
    let events = &requests[0].1;
    assert!(
        matches!(events[0], ClientEvent::Message { .. }),
        "the customer first"
    );
    assert_eq!(receipts_in(events), [("a1".to_string(), true)]);
}

#[tokio::test(start_paused = true)]
async fn a_slow_down_on_typing_holds_every_send_until_it_passes() {
    let pause = Duration::from_secs(2);
    let fake = slowed_down(pause);
    let (h, mut rx) = chat(&fake).await;
    h.typing(true);
    wait_first_send(&fake).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    h.send_message("after");
    receipt(&h, 1, true);
    sent_reports(&mut rx, 1).await;
    let requests = sends(&fake);
    assert!(requests.len() >= 2);
    assert_held(&requests, pause);
}

#[tokio::test(start_paused = true)]
async fn a_slow_down_on_a_message_is_retried_after_it_without_doubling() {
    let pause = Duration::from_secs(3);
    let fake = slowed_down(pause);
    let (h, mut rx) = chat(&fake).await;
    h.send_message("one");
    h.send_message("two");
    sent_reports(&mut rx, 2).await;
    let requests = sends(&fake);
    assert_held(&requests, pause);
    assert_eq!(committed_texts(&fake), ["one", "two"]);
}

#[tokio::test(start_paused = true)]
async fn a_refused_batch_goes_again_one_by_one_and_loses_only_the_refused_item() {
    let (fake, h, mut rx) = first_message_on_its_way().await;
    // Queued behind the first: these three go as one batch, which the server refuses; then
    // alone, the first of them is refused again and the other two go.
    let bad = || Failure::now(Error::from_status(400, None, Some("bad event"), None));
    fake.fail_send(bad());
    fake.fail_send(bad());
    let a = h.send_message("a");
    h.send_message("b");
    h.send_message("c");
    let mut sent = Vec::new();
    let mut failed = Vec::new();
    while sent.len() + failed.len() < 4 {
        match next(&mut rx).await {
            SessionEvent::MessageSent { local_id, .. } => sent.push(local_id),
            SessionEvent::MessageFailed { local_id, .. } => failed.push(local_id),
            _ => {}
        }
    }
    assert_eq!(failed, [a]);
    assert_eq!(sent.len(), 3);
    assert_eq!(committed_texts(&fake), ["first", "b", "c"]);
}

#[tokio::test(start_paused = true)]
async fn a_batch_the_server_committed_before_the_answer_was_lost_is_not_sent_again() {
    let (fake, h, mut rx) = first_message_on_its_way().await;
    // The next batch reaches the server, but its answer is cut.
    fake.fail_send(Failure::after_effect(Error::new(
        crate::api::error::ErrorKind::Timeout,
        "answer lost",
    )));
    h.send_message("a");
    h.send_message("b");
    h.send_message("c");
    sent_reports(&mut rx, 4).await;
    assert_eq!(
        committed_texts(&fake),
        ["first", "a", "b", "c"],
        "each once, in order"
    );
    assert!(
        fake.calls().contains(&Call::History),
        "history was checked before a resend"
    );
}

#[tokio::test(start_paused = true)]
async fn a_v1_server_gets_no_receipts() {
    let fake = FakeTransport::new();
    fake.set_v1();
    let (h, mut rx) = chat(&fake).await;
    receipt(&h, 1, true);
    h.send_message("hi");
    sent_reports(&mut rx, 1).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let all: Vec<ClientEvent> = sends(&fake).into_iter().flat_map(|(_, e)| e).collect();
    assert!(receipts_in(&all).is_empty(), "{all:?}");
}
