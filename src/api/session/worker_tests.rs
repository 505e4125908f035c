//! Worker tests over the recording fake, on a paused clock (no real waiting).

use super::fake::{CHAT, Call, Failure, FakeTransport};
use super::*;
use crate::api::error::ErrorKind;
use crate::api::types::{
    ChatResponse, ClientEvent, EndedEvent, FormShow, MessageEvent, NoticeEvent, PartyEvent,
    StatusEvent, UploadResponse,
};
use crate::api::wire::Timestamp;
use pretty_assertions::assert_eq;
use tokio::time::Instant;

type Rx = UnboundedReceiver<SessionEvent>;

fn opts() -> SessionOptions {
    SessionOptions {
        jitter_seed: Some(7),
        ..SessionOptions::default()
    }
}

fn launch(fake: &FakeTransport, start: Start) -> (SessionHandle, Rx) {
    start_with(fake.clone(), start, opts())
}

fn new_chat() -> Start {
    Start::New(ChatRequest::default())
}

fn offline() -> Error {
    Error::new(ErrorKind::Offline, "connection failed")
}

fn status(state: ChatState) -> ServerEvent {
    ServerEvent::Status(StatusEvent {
        state,
        ewt: None,
        timestamp: None,
    })
}

async fn next(rx: &mut Rx) -> SessionEvent {
    tokio::time::timeout(Duration::from_secs(3600), rx.recv())
        .await
        .expect("no event within an hour of virtual time")
        .expect("worker gone without a word")
}

/// Collects events up to and including the first one matching `pred`.
async fn until(rx: &mut Rx, pred: impl Fn(&SessionEvent) -> bool) -> Vec<SessionEvent> {
    let mut seen = Vec::new();
    loop {
        let e = next(rx).await;
        let done = pred(&e);
        seen.push(e);
        if done {
            return seen;
        }
    }
}

/// Collects events up to and including the batch that delivers `event`.
async fn until_delivered(rx: &mut Rx, event: &ServerEvent) -> Vec<SessionEvent> {
    until(
        rx,
        |e| matches!(e, SessionEvent::Events(v) if v.contains(event)),
    )
    .await
}

/// All server events the app received in `events`, flattened.
fn delivered(events: &[SessionEvent]) -> Vec<ServerEvent> {
    events
        .iter()
        .flat_map(|e| match e {
            SessionEvent::Events(v) => v.clone(),
            _ => Vec::new(),
        })
        .collect()
}

async fn started(rx: &mut Rx) {
    match next(rx).await {
        SessionEvent::Started { .. } => {}
        other => panic!("expected Started, got {other:?}"),
    }
}

/// A new chat over `fake`, past its `Started`.
async fn chat_started(fake: &FakeTransport) -> (SessionHandle, Rx) {
    let (h, mut rx) = launch(fake, new_chat());
    started(&mut rx).await;
    (h, rx)
}

/// A new chat over a fresh fake, past its `Started`.
async fn fresh_chat() -> (FakeTransport, SessionHandle, Rx) {
    let fake = FakeTransport::new();
    let (h, rx) = chat_started(&fake).await;
    (fake, h, rx)
}

/// The server sends `event`; the app gets it in a batch of its own.
async fn delivers(fake: &FakeTransport, rx: &mut Rx, event: &ServerEvent) {
    fake.server_event(event.clone());
    assert_eq!(next(rx).await, SessionEvent::Events(vec![event.clone()]));
}

/// Waits until a send to the server has carried `event`.
async fn wait_sent(fake: &FakeTransport, event: &ClientEvent) {
    fake.wait_calls(|c| {
        c.iter()
            .any(|c| matches!(c, Call::Send(e) if e.contains(event)))
    })
    .await;
}

/// Waits until a send to the server has carried `event` and nothing else.
async fn wait_sent_alone(fake: &FakeTransport, event: ClientEvent) {
    let call = Call::Send(vec![event]);
    fake.wait_calls(|c| c.contains(&call)).await;
}

/// The after-chat survey the server shows, under the given request id.
fn survey(form_request_id: i64) -> ServerEvent {
    ServerEvent::FormShow(FormShow {
        form_request_id: FormRequestId::Number(form_request_id),
        form_name: "MobileChatSurvey".into(),
        ..FormShow::default()
    })
}

fn is_sent(e: &SessionEvent) -> bool {
    matches!(e, SessionEvent::MessageSent { .. })
}

/// Collects events up to the next `MessageSent`, which must say that `local_id` went out as the
/// chat's `nth` message.
async fn until_sent_as(rx: &mut Rx, local_id: u64, nth: u32) -> Vec<SessionEvent> {
    let events = until(rx, is_sent).await;
    assert_eq!(
        events.last(),
        Some(&SessionEvent::MessageSent {
            local_id,
            msg_id: format!("{CHAT}:{nth}")
        })
    );
    events
}

fn messages_sent(fake: &FakeTransport) -> Vec<String> {
    fake.sent()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Message { msg_id, .. } => Some(msg_id),
            _ => None,
        })
        .collect()
}

/// The ids of the messages the server took, in the order it took them.
fn committed_ids(fake: &FakeTransport) -> Vec<String> {
    fake.committed_messages()
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

// ---- start -------------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn a_new_chat_starts_and_polls() {
    let fake = FakeTransport::new();
    let (_h, mut rx) = launch(&fake, new_chat());
    assert_eq!(
        next(&mut rx).await,
        SessionEvent::Started {
            chat_id: CHAT.into(),
            state: Some(ChatState::Queued),
            ewt: Some(30),
            resumed: false
        }
    );
    let e = fake.agent_says("a1", "hello");
    assert_eq!(next(&mut rx).await, SessionEvent::Events(vec![e]));
    assert_eq!(fake.calls()[..2], [Call::RequestChat, Call::Poll]);
}

#[tokio::test(start_paused = true)]
async fn request_chat_is_retried_on_retryable_errors() {
    let fake = FakeTransport::new();
    fake.answer_chat(Err(offline()));
    fake.answer_chat(Err(Error::from_status(503, None, None, None)));
    let (_h, _rx) = chat_started(&fake).await;
    let requests = fake
        .calls()
        .iter()
        .filter(|c| **c == Call::RequestChat)
        .count();
    assert_eq!(requests, 3);
}

#[tokio::test(start_paused = true)]
async fn start_fails_on_a_refusal_or_after_bounded_tries() {
    let fake = FakeTransport::new();
    fake.answer_chat(Err(Error::from_status(401, Some(3000), None, None)));
    let (_h, mut rx) = launch(&fake, new_chat());
    match next(&mut rx).await {
        SessionEvent::StartFailed(e) => assert_eq!(e.kind, ErrorKind::Unauthorized),
        other => panic!("{other:?}"),
    }

    let fake = FakeTransport::new();
    for _ in 0..10 {
        fake.answer_chat(Err(offline()));
    }
    let (_h, mut rx) = launch(&fake, new_chat());
    match next(&mut rx).await {
        SessionEvent::StartFailed(e) => assert_eq!(e.kind, ErrorKind::Offline),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.calls().len(), opts().start_attempts as usize);
}

#[tokio::test(start_paused = true)]
async fn an_existing_chat_handed_back_is_resumed_with_its_transcript() {
    let fake = FakeTransport::new();
    let earlier = fake.agent_says("a1", "earlier");
    fake.answer_chat(Ok(ChatResponse {
        chat_id: CHAT.into(),
        is_new_chat: Some(false),
        ..ChatResponse::default()
    }));
    let (_h, mut rx) = launch(&fake, new_chat());
    match next(&mut rx).await {
        SessionEvent::Started { resumed, .. } => assert!(resumed),
        other => panic!("{other:?}"),
    }
    assert_eq!(next(&mut rx).await, SessionEvent::Events(vec![earlier]));
    assert_eq!(fake.calls()[..2], [Call::RequestChat, Call::History]);
}

#[tokio::test(start_paused = true)]
async fn resume_shows_history_once_then_polls_and_numbers_after_it() {
    let fake = FakeTransport::new();
    let own = ServerEvent::Message(MessageEvent {
        msg_id: format!("{CHAT}:4"),
        msg: "mine".into(),
        party_id: CHAT.into(),
        ..MessageEvent::default()
    });
    let typing = ServerEvent::Typing(PartyEvent {
        party_id: "agent".into(),
        timestamp: Some(fake.tick()),
    });
    fake.history_only(status(ChatState::Connected));
    fake.history_only(own.clone());
    fake.history_only(typing);
    let (h, mut rx) = launch(
        &fake,
        Start::Resume {
            chat_id: CHAT.into(),
        },
    );
    assert_eq!(
        next(&mut rx).await,
        SessionEvent::Started {
            chat_id: CHAT.into(),
            state: Some(ChatState::Connected),
            ewt: None,
            resumed: true
        }
    );
    // The transcript, own messages included, typing (stale) left out.
    assert_eq!(
        next(&mut rx).await,
        SessionEvent::Events(vec![status(ChatState::Connected), own])
    );
    h.send_message("next");
    until(&mut rx, is_sent).await;
    assert_eq!(messages_sent(&fake), [format!("{CHAT}:5")]);
    assert_eq!(fake.calls()[..2], [Call::History, Call::Poll]);
}

// ---- receive path ------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn exactly_one_poll_is_ever_in_flight() {
    let (fake, h, mut rx) = fresh_chat().await;
    for i in 0..20 {
        fake.agent_says(&format!("a{i}"), "x");
        h.send_message(&format!("m{i}"));
        h.typing(true);
        if i % 5 == 0 {
            fake.fail_poll(Failure::now(offline()));
        }
    }
    let events = until(&mut rx, |e| {
        matches!(e, SessionEvent::MessageSent { local_id: 20, .. })
    })
    .await;
    fake.wait_calls(|c| c.iter().filter(|c| **c == Call::Poll).count() > 10)
        .await;
    assert!(events.iter().any(|e| matches!(e, SessionEvent::Events(_))));
    assert_eq!(fake.max_polls_in_flight(), 1);
    assert_eq!(fake.max_sends_in_flight(), 1);
}

#[tokio::test(start_paused = true)]
async fn events_in_send_answers_and_polls_are_shown_once() {
    let (fake, h, mut rx) = fresh_chat().await;
    let reply = fake.agent_says("a1", "reply");
    let notice = ServerEvent::TimeoutWarning(NoticeEvent {
        msg: "soon".into(),
        timestamp: Some(fake.tick()),
    });
    fake.server_event(notice.clone());
    fake.answer_send_with(vec![reply.clone(), notice.clone()]);
    h.send_message("hi");
    let events = until(&mut rx, is_sent).await;
    let later = fake.agent_says("a2", "later");
    let more = until_delivered(&mut rx, &later).await;
    let all = delivered(&[events, more].concat());
    assert_eq!(all, vec![reply, notice, later]);
}

#[tokio::test(start_paused = true)]
async fn after_a_failed_poll_history_fills_the_gap_without_duplicates() {
    let fake = FakeTransport::new();
    // The first poll takes what arrives meanwhile and then breaks: those events only exist in
    // history now.
    fake.fail_poll(Failure {
        error: Error::new(ErrorKind::BadResponse, "cut"),
        delay: Duration::from_secs(1),
        takes_effect: true,
    });
    let (_h, mut rx) = chat_started(&fake).await;
    fake.wait_calls(|c| c.contains(&Call::Poll)).await;
    let lost1 = fake.agent_says("a2", "lost 1");
    let lost2 = fake.agent_says("a3", "lost 2");
    let events = until(&mut rx, |e| matches!(e, SessionEvent::LinkUp)).await;
    assert!(
        matches!(events[0], SessionEvent::LinkDown { .. }),
        "{events:?}"
    );
    let after = fake.agent_says("a4", "after");
    let more = until_delivered(&mut rx, &after).await;
    let all = delivered(&[events, more].concat());
    assert_eq!(all, vec![lost1, lost2, after]);
    let calls = fake.calls();
    assert_eq!(
        calls[..3],
        [Call::RequestChat, Call::Poll, Call::History],
        "history right after the failed poll"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_and_backoff_is_capped() {
    let fake = FakeTransport::new();
    let mut o = opts();
    o.backoff.cap = Duration::from_secs(4);
    fake.fail_poll(Failure::now(Error::from_status(
        503,
        None,
        None,
        Some(Duration::from_secs(20)),
    )));
    for _ in 0..8 {
        fake.fail_history(offline());
    }
    let (_h, mut rx) = start_with(fake.clone(), new_chat(), o);
    started(&mut rx).await;
    match next(&mut rx).await {
        SessionEvent::LinkDown { retry_in, error } => {
            assert!(retry_in >= Duration::from_secs(20), "{retry_in:?}");
            assert_eq!(error.kind, ErrorKind::ServerError);
        }
        other => panic!("{other:?}"),
    }
    until(&mut rx, |e| matches!(e, SessionEvent::LinkUp)).await;
    let calls = fake.timed_calls();
    let recv: Vec<Instant> = calls
        .iter()
        .filter(|(_, c)| matches!(c, Call::Poll | Call::History))
        .map(|(t, _)| *t)
        .collect();
    assert!(recv[1] - recv[0] >= Duration::from_secs(20));
    for pair in recv[1..10].windows(2) {
        assert!(pair[1] - pair[0] <= Duration::from_secs(4), "{pair:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_concurrent_poll_refusal_waits_briefly_without_a_gap() {
    let fake = FakeTransport::new();
    fake.fail_poll(Failure::now(Error::from_status(
        400,
        Some(5509),
        None,
        None,
    )));
    let (_h, mut rx) = chat_started(&fake).await;
    let e = fake.agent_says("a1", "x");
    assert_eq!(next(&mut rx).await, SessionEvent::Events(vec![e]));
    let calls = fake.timed_calls();
    assert_eq!(calls[1].1, Call::Poll);
    assert_eq!(calls[2].1, Call::Poll, "no history after a busy refusal");
    assert!(calls[2].0 - calls[1].0 >= opts().busy_poll_delay);
}

async fn ending_with(event_or_error: Result<ServerEvent, Error>) -> (Vec<SessionEvent>, usize) {
    let (fake, _h, mut rx) = fresh_chat().await;
    match event_or_error {
        Ok(e) => fake.server_event(e),
        Err(e) => fake.fail_poll(Failure::now(e)),
    }
    let events = until(&mut rx, |e| matches!(e, SessionEvent::Ended(_))).await;
    while fake.clones() > 1 {
        tokio::task::yield_now().await;
    }
    (events, fake.calls().len())
}

#[tokio::test(start_paused = true)]
async fn the_chat_ends_on_404_end_events_and_final_statuses() {
    let ended = ServerEvent::Ended(EndedEvent::default());
    let inactive = ServerEvent::InactivityTimeout(NoticeEvent::default());
    let cases = [
        (
            Err(Error::from_status(404, Some(5005), None, None)),
            EndReason::Gone,
        ),
        (Ok(ended), EndReason::Ended),
        (Ok(inactive), EndReason::Inactivity),
        (Ok(status(ChatState::Failed)), EndReason::Gone),
        (Ok(status(ChatState::Completed)), EndReason::Ended),
    ];
    for (input, reason) in cases {
        let (events, calls) = ending_with(input.clone()).await;
        assert_eq!(
            events.last(),
            Some(&SessionEvent::Ended(reason)),
            "{input:?}"
        );
        // The worker is gone: no request after the end.
        assert!(calls <= 3, "{input:?}: {calls} calls");
    }
    let unauthorized = Error::from_status(401, None, None, None);
    let (events, _) = ending_with(Err(unauthorized.clone())).await;
    assert_eq!(
        events.last(),
        Some(&SessionEvent::Ended(EndReason::Fatal(unauthorized)))
    );
}

// ---- send path ---------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn messages_typed_before_the_chat_exists_go_out_in_order_once() {
    let fake = FakeTransport::new();
    fake.answer_chat(Err(offline()));
    let (h, mut rx) = launch(&fake, new_chat());
    let a = h.send_message("one");
    let b = h.send_message("two <b>\n'x'");
    started(&mut rx).await;
    let events = until(
        &mut rx,
        |e| matches!(e, SessionEvent::MessageSent { local_id, .. } if *local_id == b),
    )
    .await;
    assert_eq!(
        events,
        vec![
            SessionEvent::MessageSent {
                local_id: a,
                msg_id: format!("{CHAT}:1")
            },
            SessionEvent::MessageSent {
                local_id: b,
                msg_id: format!("{CHAT}:2")
            },
        ]
    );
    assert_eq!(
        fake.committed_messages(),
        [
            (format!("{CHAT}:1"), "one".to_string()),
            (
                format!("{CHAT}:2"),
                "two &lt;b&gt;<br>&#39;x&#39;".to_string()
            ),
        ]
    );
    assert_eq!(
        fake.sent()[1],
        ClientEvent::Message {
            msg_id: format!("{CHAT}:2"),
            msg: "two &lt;b&gt;<br>&#39;x&#39;".into(),
            msg_text: Some("two <b>\n'x'".into()),
        }
    );
}

#[tokio::test(start_paused = true)]
async fn outgoing_text_is_cleaned_and_empty_messages_are_refused() {
    let (fake, h, mut rx) = fresh_chat().await;
    let empty = h.send_message(" \x1b \n");
    match next(&mut rx).await {
        SessionEvent::MessageFailed { local_id, error } => {
            assert_eq!((local_id, error.kind), (empty, ErrorKind::BadRequest));
        }
        other => panic!("{other:?}"),
    }
    h.send_message("a\x1b]52;c;x\x07b");
    until(&mut rx, is_sent).await;
    assert_eq!(fake.committed_messages()[0].1, "a]52;c;xb");
}

#[tokio::test(start_paused = true)]
async fn a_retried_message_keeps_its_id_and_the_link_reports_down_then_up() {
    let (fake, h, mut rx) = fresh_chat().await;
    fake.fail_send(Failure::now(offline()));
    fake.fail_send(Failure::now(Error::from_status(502, None, None, None)));
    let id = h.send_message("hello");
    let events = until(&mut rx, is_sent).await;
    assert!(matches!(events[0], SessionEvent::LinkDown { .. }));
    assert!(events.contains(&SessionEvent::LinkUp));
    assert_eq!(
        events.last(),
        Some(&SessionEvent::MessageSent {
            local_id: id,
            msg_id: format!("{CHAT}:1")
        })
    );
    assert_eq!(messages_sent(&fake), vec![format!("{CHAT}:1"); 3]);
    assert_eq!(fake.committed_messages().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_message_committed_before_a_reset_is_not_sent_again() {
    let (fake, h, mut rx) = fresh_chat().await;
    fake.fail_send(Failure::after_effect(Error::new(ErrorKind::Timeout, "t")));
    let id = h.send_message("once");
    let events = until_sent_as(&mut rx, id, 1).await;
    assert_eq!(messages_sent(&fake).len(), 1, "no second attempt");
    assert_eq!(fake.committed_messages().len(), 1);
    // The own echo in that history is not shown as a new event.
    assert!(delivered(&events).is_empty());
}

#[tokio::test(start_paused = true)]
async fn an_exhausted_message_is_set_aside_and_can_be_retried_with_the_same_id() {
    let (fake, h, mut rx) = fresh_chat().await;
    let attempts = opts().send_attempts;
    for _ in 0..attempts {
        fake.fail_send(Failure::now(Error::from_status(500, None, None, None)));
    }
    let first = h.send_message("first");
    // Typed while the first is being tried: it rides with the first's retries but has fewer
    // attempts behind it, so it outlives the first.
    fake.wait_calls(|c| c.iter().any(|c| matches!(c, Call::Send(_))))
        .await;
    let second = h.send_message("second");
    let events = until(&mut rx, |e| matches!(e, SessionEvent::MessageFailed { .. })).await;
    assert!(matches!(
        events.last(),
        Some(SessionEvent::MessageFailed { local_id, .. }) if *local_id == first
    ));
    // Later messages go on.
    until_sent_as(&mut rx, second, 2).await;
    h.command(SessionCommand::RetryMessage { local_id: first });
    until_sent_as(&mut rx, first, 1).await;
    assert_eq!(
        committed_ids(&fake),
        [format!("{CHAT}:2"), format!("{CHAT}:1")]
    );
}

// ---- typing --------------------------------------------------------------------------------------

fn typing_sent(fake: &FakeTransport) -> Vec<ClientEvent> {
    fake.sent()
        .into_iter()
        .filter(|e| matches!(e, ClientEvent::Typing | ClientEvent::NotTyping))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn typing_is_throttled_and_followed_by_not_typing() {
    let (fake, h, _rx) = fresh_chat().await;
    h.typing(true);
    wait_sent_alone(&fake, ClientEvent::Typing).await;
    for _ in 0..5 {
        h.typing(true);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(typing_sent(&fake), [ClientEvent::Typing]);
    wait_sent_alone(&fake, ClientEvent::NotTyping).await;
    let calls = fake.timed_calls();
    let at = |ev: ClientEvent| {
        calls
            .iter()
            .find(|(_, c)| *c == Call::Send(vec![ev.clone()]))
            .map(|(t, _)| *t)
            .expect("sent")
    };
    let idle = at(ClientEvent::NotTyping) - at(ClientEvent::Typing);
    assert!(idle >= opts().typing_idle, "{idle:?}");
    // After the throttle window a continuing typist is announced again.
    h.typing(true);
    tokio::time::sleep(opts().typing_throttle).await;
    h.typing(true);
    fake.wait_calls(|c| {
        c.iter()
            .filter(|c| **c == Call::Send(vec![ClientEvent::Typing]))
            .count()
            == 3
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_message_carries_the_stop_and_typing_is_dropped_while_the_link_is_down() {
    let (fake, h, mut rx) = fresh_chat().await;
    h.typing(true);
    wait_sent_alone(&fake, ClientEvent::Typing).await;
    h.send_message("hi");
    until(&mut rx, is_sent).await;
    assert!(matches!(
        fake.calls().last(),
        Some(Call::Send(evs)) if evs.len() == 2 && evs[0] == ClientEvent::NotTyping
    ));
    // Link down: a keystroke sends nothing, now or later.
    fake.fail_poll(Failure::now(offline()));
    for _ in 0..10 {
        fake.fail_history(offline());
    }
    until(&mut rx, |e| matches!(e, SessionEvent::LinkDown { .. })).await;
    let before = typing_sent(&fake).len();
    h.typing(true);
    until(&mut rx, |e| matches!(e, SessionEvent::LinkUp)).await;
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(typing_sent(&fake).len(), before);
}

// ---- uploads, forms, disconnect, end, shutdown ---------------------------------------------------

#[tokio::test(start_paused = true)]
async fn an_upload_is_sniffed_sent_and_announced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("photo.dat");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\n1234").expect("write");
    let fake = FakeTransport::new();
    fake.answer_upload(Err(offline()));
    let (h, mut rx) = chat_started(&fake).await;
    let id = h.upload(path);
    let events = until(&mut rx, |e| matches!(e, SessionEvent::UploadDone { .. })).await;
    assert_eq!(
        events,
        vec![
            SessionEvent::UploadProgress {
                local_id: id,
                sent: 0,
                total: 12
            },
            SessionEvent::UploadProgress {
                local_id: id,
                sent: 12,
                total: 12
            },
            SessionEvent::UploadDone {
                local_id: id,
                file_id: "file2".into(),
                file_name: "photo.dat".into()
            },
        ]
    );
    let upload = Call::Upload {
        file_name: "photo.dat".into(),
        content_type: "image/png".into(),
        len: 12,
    };
    assert_eq!(fake.calls().iter().filter(|c| **c == upload).count(), 2);
    assert!(fake.sent().contains(&ClientEvent::File {
        file_id: "file2".into(),
        file_name: "photo.dat".into(),
        file_type: "image".into()
    }));
}

#[tokio::test(start_paused = true)]
async fn an_oversize_upload_fails_before_sending_anything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.bin");
    std::fs::write(&path, vec![1u8; 2048]).expect("write");
    let fake = FakeTransport::new();
    let mut o = opts();
    o.max_upload_bytes = 1024;
    let (h, mut rx) = start_with(fake.clone(), new_chat(), o);
    started(&mut rx).await;
    let id = h.upload(path);
    match next(&mut rx).await {
        SessionEvent::UploadFailed { local_id, error } => {
            assert_eq!((local_id, error.kind), (id, ErrorKind::TooLarge));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !fake
            .calls()
            .iter()
            .any(|c| matches!(c, Call::Upload { .. }))
    );
    fake.answer_upload(Ok(UploadResponse::default()));
}

#[tokio::test(start_paused = true)]
async fn forms_are_answered_with_their_request_id_unchanged() {
    let (fake, h, mut rx) = fresh_chat().await;
    let show = survey(41);
    delivers(&fake, &mut rx, &show).await;
    let data = BTreeMap::from([("rating".to_string(), "5".to_string())]);
    h.command(SessionCommand::SubmitForm {
        form_request_id: FormRequestId::Number(41),
        form_name: "MobileChatSurvey".into(),
        data: data.clone(),
        secure: false,
    });
    assert_eq!(
        next(&mut rx).await,
        SessionEvent::FormSent {
            form_request_id: FormRequestId::Number(41)
        }
    );
    h.command(SessionCommand::SubmitForm {
        form_request_id: FormRequestId::Text("s".into()),
        form_name: "Card".into(),
        data: data.clone(),
        secure: true,
    });
    h.command(SessionCommand::CancelForm {
        form_request_id: FormRequestId::Text("c".into()),
        form_name: "Other".into(),
        secure: false,
    });
    fake.wait_calls(|c| {
        c.iter()
            .any(|c| matches!(c, Call::Send(e) if e.iter().any(|e| matches!(e, ClientEvent::FormCancel { .. }))))
    })
    .await;
    let sent = fake.sent();
    assert_eq!(
        sent,
        vec![
            ClientEvent::FormData {
                form_request_id: FormRequestId::Number(41),
                form_name: "MobileChatSurvey".into(),
                data: data.clone()
            },
            ClientEvent::SecureFormData {
                form_request_id: FormRequestId::Text("s".into()),
                form_name: "Card".into(),
                data
            },
            ClientEvent::FormCancel {
                form_request_id: FormRequestId::Text("c".into()),
                form_name: "Other".into()
            },
        ]
    );
    // A failed answer says so.
    fake.fail_send(Failure::now(Error::from_status(400, None, None, None)));
    h.command(SessionCommand::SubmitForm {
        form_request_id: FormRequestId::Number(9),
        form_name: "X".into(),
        data: BTreeMap::new(),
        secure: false,
    });
    let events = until(&mut rx, |e| matches!(e, SessionEvent::FormFailed { .. })).await;
    assert!(matches!(
        events.last(),
        Some(SessionEvent::FormFailed {
            form_request_id: FormRequestId::Number(9),
            ..
        })
    ));
}

#[tokio::test(start_paused = true)]
async fn disconnect_keeps_polling_for_the_survey() {
    let (fake, h, mut rx) = fresh_chat().await;
    h.disconnect();
    wait_sent(&fake, &ClientEvent::Disconnect).await;
    let show = survey(1);
    delivers(&fake, &mut rx, &show).await;
}

#[tokio::test(start_paused = true)]
async fn end_sends_chat_session_end_and_waits_for_the_server() {
    let (fake, h, mut rx) = fresh_chat().await;
    h.end();
    wait_sent_alone(&fake, ClientEvent::End).await;
    let ended = ServerEvent::Ended(EndedEvent::default());
    delivers(&fake, &mut rx, &ended).await;
    assert_eq!(next(&mut rx).await, SessionEvent::Ended(EndReason::Ended));

    // A server that answers End with 404: the chat is over, as asked.
    let (fake, h, mut rx) = fresh_chat().await;
    fake.fail_send(Failure::now(Error::from_status(404, None, None, None)));
    h.end();
    assert_eq!(next(&mut rx).await, SessionEvent::Ended(EndReason::Ended));
}

#[tokio::test(start_paused = true)]
async fn shutdown_stops_at_once_without_telling_the_server() {
    let (fake, h, mut rx) = fresh_chat().await;
    h.send_message("queued");
    h.shutdown();
    let events = until(&mut rx, |e| matches!(e, SessionEvent::Ended(_))).await;
    assert_eq!(
        events.last(),
        Some(&SessionEvent::Ended(EndReason::Stopped))
    );
    assert!(fake.sent().is_empty());
    assert!(!h.command(SessionCommand::End), "worker gone");

    // Shutdown while the chat is still being requested.
    let fake = FakeTransport::new();
    for _ in 0..3 {
        fake.answer_chat(Err(offline()));
    }
    let (h, mut rx) = launch(&fake, new_chat());
    h.shutdown();
    assert_eq!(next(&mut rx).await, SessionEvent::Ended(EndReason::Stopped));
}

#[tokio::test(start_paused = true)]
async fn dropping_every_handle_is_a_shutdown() {
    let (_fake, h, mut rx) = fresh_chat().await;
    drop(h);
    assert_eq!(next(&mut rx).await, SessionEvent::Ended(EndReason::Stopped));
}

#[tokio::test(start_paused = true)]
async fn a_closed_event_receiver_stops_the_worker() {
    let (fake, _h, rx) = fresh_chat().await;
    drop(rx);
    while fake.clones() > 1 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let calls = fake.calls().len();
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(fake.calls().len(), calls);
}

#[tokio::test(start_paused = true)]
async fn history_echoes_of_own_events_are_not_shown_in_a_live_chat() {
    let (fake, h, mut rx) = fresh_chat().await;
    h.send_message("mine");
    h.disconnect();
    wait_sent(&fake, &ClientEvent::Disconnect).await;
    fake.fail_poll(Failure::now(offline()));
    let agent = ServerEvent::Message(MessageEvent {
        msg_id: "a9".into(),
        msg: "bye".into(),
        party_id: "agent".into(),
        timestamp: Some(Timestamp::from_secs(5)),
        ..MessageEvent::default()
    });
    fake.history_only(agent.clone());
    let events = until(&mut rx, |e| matches!(e, SessionEvent::Events(_))).await;
    assert_eq!(delivered(&events), vec![agent]);
}

#[tokio::test(start_paused = true)]
async fn a_send_in_flight_when_the_chat_ends_still_reports_its_outcome() {
    let (fake, h, mut rx) = fresh_chat().await;
    // The server ends the chat while the form answer is on its way (its answer is slow).
    fake.fail_send(Failure {
        error: Error::new(ErrorKind::Timeout, "slow"),
        delay: Duration::from_secs(2),
        takes_effect: true,
    });
    h.command(SessionCommand::SubmitForm {
        form_request_id: FormRequestId::Number(3),
        form_name: "MobileChatSurvey".into(),
        data: BTreeMap::new(),
        secure: false,
    });
    fake.wait_calls(|c| c.iter().any(|c| matches!(c, Call::Send(_))))
        .await;
    let ended = ServerEvent::Ended(EndedEvent::default());
    fake.server_event(ended.clone());
    let events = until(&mut rx, |e| matches!(e, SessionEvent::Ended(_))).await;
    assert_eq!(
        events,
        vec![
            SessionEvent::Events(vec![ended]),
            SessionEvent::FormFailed {
                form_request_id: FormRequestId::Number(3),
                error: Error::new(ErrorKind::Timeout, "slow"),
            },
            SessionEvent::Ended(EndReason::Ended),
        ]
    );

    // And a successful one is reported as sent before the end.
    let (fake, h, mut rx) = fresh_chat().await;
    h.send_message("last words");
    fake.wait_calls(|c| c.iter().any(|c| matches!(c, Call::Send(_))))
        .await;
    fake.server_event(status(ChatState::Completed));
    let events = until(&mut rx, |e| matches!(e, SessionEvent::Ended(_))).await;
    assert!(events.iter().any(is_sent), "{events:?}");
    assert_eq!(events.last(), Some(&SessionEvent::Ended(EndReason::Ended)));
}

#[tokio::test(start_paused = true)]
async fn an_empty_send_answer_is_checked_against_history() {
    let (fake, h, mut rx) = fresh_chat().await;
    // Empty but committed: sent once, no resend.
    fake.answer_send_empty(true);
    h.send_message("a");
    until(&mut rx, is_sent).await;
    assert_eq!(messages_sent(&fake).len(), 1);
    // Empty and not committed (a cut answer): sent again, same id.
    fake.answer_send_empty(false);
    h.send_message("b");
    until(&mut rx, is_sent).await;
    assert_eq!(
        messages_sent(&fake),
        [
            format!("{CHAT}:1"),
            format!("{CHAT}:2"),
            format!("{CHAT}:2")
        ]
    );
    assert_eq!(
        committed_ids(&fake),
        [format!("{CHAT}:1"), format!("{CHAT}:2")]
    );
}
