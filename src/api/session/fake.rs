//! A scripted, recording [`ChatTransport`] for the worker's unit tests.
//!
//! It behaves like a tiny server: agent events go into the history and a pending queue that the
//! next poll takes (a poll with nothing pending is held, then answers empty); successful sends
//! are committed to the history as the customer's events. Failures are scripted per call kind
//! and may still take effect (a poll whose events are lost, a send the server committed before
//! the connection broke). Every call is recorded with its (virtual) time.

use super::prepared_file::PreparedFile;
use super::transport::ChatTransport;
use crate::api::client::UploadProgressFn;
use crate::api::error::Error;
use crate::api::types::{
    ChatRequest, ChatResponse, ChatState, ClientEvent, EndedEvent, FileEvent, FormDataEvent,
    MessageEvent, ServerEvent, UploadResponse,
};
use crate::api::wire::Timestamp;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

pub const CHAT: &str = "chat1";

#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    RequestChat,
    Send(Vec<ClientEvent>),
    Poll,
    History,
    Upload {
        file_name: String,
        content_type: String,
        len: usize,
    },
}

/// A scripted failure. `takes_effect`: for a poll, the pending events are taken (lost to the
/// poll path); for a send, the server commits the events anyway.
#[derive(Clone, Debug)]
pub struct Failure {
    pub error: Error,
    pub delay: Duration,
    pub takes_effect: bool,
}

impl Failure {
    pub fn now(error: Error) -> Self {
        Failure {
            error,
            delay: Duration::ZERO,
            takes_effect: false,
        }
    }

    pub fn after_effect(error: Error) -> Self {
        Failure {
            error,
            delay: Duration::ZERO,
            takes_effect: true,
        }
    }
}

#[derive(Default)]
struct State {
    calls: Vec<(Instant, Call)>,
    chat_answers: VecDeque<Result<ChatResponse, Error>>,
    poll_failures: VecDeque<Failure>,
    send_failures: VecDeque<Failure>,
    history_failures: VecDeque<Error>,
    upload_answers: VecDeque<Result<UploadResponse, Error>>,
    send_answers: VecDeque<Vec<ServerEvent>>,
    /// Empty-body answers to come: whether the server really committed the events.
    empty_answers: VecDeque<bool>,
    pending: Vec<ServerEvent>,
    history: Vec<ServerEvent>,
    polls_in_flight: usize,
    max_polls_in_flight: usize,
    sends_in_flight: usize,
    max_sends_in_flight: usize,
    clock: i64,
    uploads: usize,
    /// How long each Send Events takes to be answered (a round trip).
    send_latency: Duration,
    /// A v1 server: no receipts.
    v1: bool,
}

#[derive(Clone)]
pub struct FakeTransport {
    state: Arc<Mutex<State>>,
    changed: Arc<Notify>,
    hold: Duration,
}

impl FakeTransport {
    pub fn new() -> Self {
        FakeTransport {
            state: Arc::new(Mutex::new(State {
                clock: 1_700_000_000,
                ..State::default()
            })),
            changed: Arc::new(Notify::new()),
            hold: Duration::from_secs(10),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock means another test assertion already failed.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn changed(&self) {
        self.changed.notify_waiters();
    }

    /// How many clones (the worker's included) are alive: 1 means the worker is gone.
    pub fn clones(&self) -> usize {
        Arc::strong_count(&self.state)
    }

    /// The server produces `event`: recorded in history, delivered by the next poll.
    pub fn server_event(&self, event: ServerEvent) {
        {
            let mut s = self.lock();
            s.history.push(event.clone());
            s.pending.push(event);
        }
        self.changed();
    }

    /// A message from the agent, with a fresh timestamp.
    pub fn agent_says(&self, msg_id: &str, text: &str) -> ServerEvent {
        let timestamp = self.tick();
        let e = ServerEvent::Message(MessageEvent {
            msg_id: msg_id.into(),
            msg: text.into(),
            msg_text: None,
            party_id: "agent".into(),
            timestamp: Some(timestamp),
        });
        self.server_event(e.clone());
        e
    }

    /// Puts an event into history only (as if it had happened before we looked).
    pub fn history_only(&self, event: ServerEvent) {
        self.lock().history.push(event);
    }

    pub fn tick(&self) -> Timestamp {
        let mut s = self.lock();
        s.clock += 1;
        Timestamp::from_secs(s.clock)
    }

    pub fn answer_chat(&self, r: Result<ChatResponse, Error>) {
        self.lock().chat_answers.push_back(r);
    }
    pub fn fail_poll(&self, f: Failure) {
        self.lock().poll_failures.push_back(f);
    }
    pub fn fail_send(&self, f: Failure) {
        self.lock().send_failures.push_back(f);
    }
    pub fn fail_history(&self, e: Error) {
        self.lock().history_failures.push_back(e);
    }
    pub fn answer_upload(&self, r: Result<UploadResponse, Error>) {
        self.lock().upload_answers.push_back(r);
    }
    /// The next successful send hands these events back in its answer.
    pub fn answer_send_with(&self, events: Vec<ServerEvent>) {
        self.lock().send_answers.push_back(events);
    }

    /// The next send is answered with an empty body; `committed`: whether it took effect.
    /// Speak as a v1 server, which takes no receipts.
    pub fn set_v1(&self) {
        self.lock().v1 = true;
    }

    /// Every Send Events from now on takes `latency` to be answered.
    pub fn set_send_latency(&self, latency: Duration) {
        self.lock().send_latency = latency;
    }

    pub fn answer_send_empty(&self, committed: bool) {
        self.lock().empty_answers.push_back(committed);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.iter().map(|(_, c)| c.clone()).collect()
    }
    pub fn timed_calls(&self) -> Vec<(Instant, Call)> {
        self.lock().calls.clone()
    }
    pub fn history(&self) -> Vec<ServerEvent> {
        self.lock().history.clone()
    }
    /// Every client event sent (each attempt), in order.
    pub fn sent(&self) -> Vec<ClientEvent> {
        self.calls()
            .into_iter()
            .flat_map(|c| match c {
                Call::Send(events) => events,
                _ => Vec::new(),
            })
            .collect()
    }
    /// The customer's messages the server committed: (msg_id, msg).
    pub fn committed_messages(&self) -> Vec<(String, String)> {
        self.history()
            .into_iter()
            .filter_map(|e| match e {
                ServerEvent::Message(m) if m.party_id == CHAT => Some((m.msg_id, m.msg)),
                _ => None,
            })
            .collect()
    }
    pub fn max_polls_in_flight(&self) -> usize {
        self.lock().max_polls_in_flight
    }
    pub fn max_sends_in_flight(&self) -> usize {
        self.lock().max_sends_in_flight
    }

    /// Waits until `pred` holds for the recorded calls (fails the test after an hour of
    /// virtual time).
    pub async fn wait_calls(&self, pred: impl Fn(&[Call]) -> bool) {
        let wait = async {
            loop {
                let notified = self.changed.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                if pred(&self.calls()) {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(3600), wait)
            .await
            .expect("condition on calls never held");
    }

    fn record(&self, call: Call) {
        self.lock().calls.push((Instant::now(), call));
        self.changed();
    }

    fn commit(&self, events: &[ClientEvent]) {
        for e in events {
            let timestamp = Some(self.tick());
            let recorded = match e.clone() {
                ClientEvent::Message {
                    msg_id,
                    msg,
                    msg_text,
                } => Some(ServerEvent::Message(MessageEvent {
                    msg_id,
                    msg,
                    msg_text,
                    party_id: CHAT.into(),
                    timestamp,
                })),
                ClientEvent::File {
                    file_id,
                    file_name,
                    file_type,
                } => Some(ServerEvent::File(FileEvent {
                    file_id,
                    file_name,
                    file_type,
                    party_id: CHAT.into(),
                    timestamp,
                })),
                ClientEvent::FormData {
                    form_request_id,
                    form_name,
                    ..
                } => Some(ServerEvent::FormData(FormDataEvent {
                    form_request_id,
                    form_name,
                    timestamp,
                    ..Default::default()
                })),
                ClientEvent::Disconnect => {
                    Some(ServerEvent::Disconnected(EndedEvent { timestamp }))
                }
                ClientEvent::End => Some(ServerEvent::EndRequested(EndedEvent { timestamp })),
                _ => None,
            };
            if let Some(r) = recorded {
                self.lock().history.push(r);
            }
        }
    }
}

/// Counts a request in flight for as long as it lives (a dropped future counts as finished).
struct InFlight<'a> {
    fake: &'a FakeTransport,
    poll: bool,
}

impl<'a> InFlight<'a> {
    fn enter(fake: &'a FakeTransport, poll: bool) -> Self {
        let mut s = fake.lock();
        if poll {
            s.polls_in_flight += 1;
            s.max_polls_in_flight = s.max_polls_in_flight.max(s.polls_in_flight);
        } else {
            s.sends_in_flight += 1;
            s.max_sends_in_flight = s.max_sends_in_flight.max(s.sends_in_flight);
        }
        drop(s);
        InFlight { fake, poll }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut s = self.fake.lock();
        if self.poll {
            s.polls_in_flight -= 1;
        } else {
            s.sends_in_flight -= 1;
        }
    }
}

impl ChatTransport for FakeTransport {
    fn accepts_receipts(&self) -> bool {
        !self.lock().v1
    }

    async fn request_chat(&self, _req: &ChatRequest) -> Result<ChatResponse, Error> {
        self.record(Call::RequestChat);
        let answer = self.lock().chat_answers.pop_front();
        answer.unwrap_or_else(|| {
            Ok(ChatResponse {
                chat_id: CHAT.into(),
                state: Some(ChatState::Queued),
                ewt: Some(30),
                is_new_chat: Some(true),
                phone_number: None,
                created_time: None,
            })
        })
    }

    async fn send_events(
        &self,
        _chat_id: &str,
        events: &[ClientEvent],
    ) -> Result<Option<Vec<ServerEvent>>, Error> {
        self.record(Call::Send(events.to_vec()));
        let _in_flight = InFlight::enter(self, false);
        let (latency, empty, failure) = {
            let mut s = self.lock();
            let empty = s.empty_answers.pop_front();
            let failure = if empty.is_none() {
                s.send_failures.pop_front()
            } else {
                None
            };
            (s.send_latency, empty, failure)
        };
        tokio::time::sleep(latency).await;
        if let Some(committed) = empty {
            if committed {
                self.commit(events);
            }
            return Ok(None);
        }
        if let Some(f) = failure {
            tokio::time::sleep(f.delay).await;
            if f.takes_effect {
                self.commit(events);
            }
            return Err(f.error);
        }
        self.commit(events);
        let answer = self.lock().send_answers.pop_front();
        Ok(Some(answer.unwrap_or_default()))
    }

    async fn poll_events(&self, _chat_id: &str) -> Result<Vec<ServerEvent>, Error> {
        self.record(Call::Poll);
        let _in_flight = InFlight::enter(self, true);
        let failure = self.lock().poll_failures.pop_front();
        if let Some(f) = failure {
            tokio::time::sleep(f.delay).await;
            if f.takes_effect {
                self.lock().pending.clear();
            }
            return Err(f.error);
        }
        let deadline = Instant::now() + self.hold;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.lock();
                if !s.pending.is_empty() {
                    return Ok(std::mem::take(&mut s.pending));
                }
            }
            tokio::select! {
                _ = notified => {}
                _ = tokio::time::sleep_until(deadline) => return Ok(Vec::new()),
            }
        }
    }

    async fn history(&self, _chat_id: &str) -> Result<Vec<ServerEvent>, Error> {
        self.record(Call::History);
        let failure = self.lock().history_failures.pop_front();
        match failure {
            Some(e) => Err(e),
            None => Ok(self.history()),
        }
    }

    /// Records the upload; the fake transfers at once, so there is no progress to tell.
    async fn upload_file(
        &self,
        file: &PreparedFile,
        _progress: UploadProgressFn,
    ) -> Result<UploadResponse, Error> {
        self.record(Call::Upload {
            file_name: file.file_name.clone(),
            content_type: file.content_type.into(),
            len: file.bytes.len(),
        });
        let mut s = self.lock();
        s.uploads += 1;
        let n = s.uploads;
        s.upload_answers.pop_front().unwrap_or_else(|| {
            Ok(UploadResponse {
                file_id: format!("file{n}"),
                file_name: None,
            })
        })
    }
}
