//! The session worker: one tokio task per chat, driving the receive path, the send path, typing
//! and uploads from one `select!` loop.
//!
//! Owns the chat's live state (chat id, link state, dedupe memory, outbox, timers) and every
//! decision about retrying, ending and what the app sees. Does not do HTTP itself (a
//! [`ChatTransport`] does) and does not interpret events beyond what ends a chat.
//!
//! The loop, top-down:
//! - `pump` starts whatever is due and allowed: the receive request (one at a time: a poll, or
//!   the history fetch that fills a gap), one Send Events at a time (a batch of the outbox's
//!   front items with receipts riding along, else receipts alone, else the idle "stopped
//!   typing"), the next upload.
//! - `select!` waits for the first of: the app closing its receiver (stop), a command, the
//!   receive/send/upload result, or the earliest timer (backoff end, typing idle).
//! - Results are applied: events are de-duplicated and passed on in order; failures back off.
//!
//! The send path (outbox, typing notices, uploads) is the child `send_path.rs`.
//!
//! Decisions (see also `outbox.rs`, `dedupe.rs`, `typing.rs`):
//! - After any failed poll (refused, timeout, cut body, garbage) the next receive request is a
//!   history fetch, and only events not seen yet reach the app: nothing lost, nothing doubled.
//!   In a live chat the customer's own echoes in that history (their messages, files, form
//!   answers, disconnect/end) are dropped, since the app shows them from its own commands; when
//!   resuming, history is the transcript and is passed on whole. Typing events from history
//!   are always dropped (stale).
//! - A "concurrent poll" refusal (code 5509, or a 400 on the poll) waits `busy_poll_delay` and
//!   polls again without a history fetch: the held poll still owns the undelivered events.
//! - `LinkDown` is emitted at each retryable failure of a poll or a send (with the delay until
//!   the next try); `LinkUp` at the first success after it.
//! - Before re-sending a message after a failure, history is checked for its `msg_id`: if the
//!   server committed it before the connection broke, it is not sent again.
//! - 404 / 5005 ends the chat (`Gone`, or `Ended` when the customer had asked to end it);
//!   401/403 is `Fatal`; other non-retryable failures of the receive path are `Fatal`.
//! - Before re-sending after a failure, and after an empty 200 answer to a message or file
//!   (which a cut answer also looks like), history is consulted (`send.rs`).
//! - When the server ends the chat while a Send Events is in flight, its outcome
//!   (`MessageSent`, `FormSent`, or the failure) is still reported before `Ended`; nothing new
//!   starts meanwhile.
//! - Upload progress is reported at the start, every 256 KiB sent, and at the end.

use super::backoff::Backoff;
use super::classify::{end_reason, is_own_echo, is_typing, last_status};
use super::dedupe::{Dedupe, Source};
use super::outbox::{OutItem, OutKind, Outbox};
use super::receipts::{Receipt, Receipts};
use super::send::SendDone;
use super::transport::ChatTransport;
use super::typing::Typing;
use super::upload::UploadDone;
use super::{EndReason, SessionCommand, SessionEvent, SessionOptions, Start};
use crate::api::error::{Error, ErrorKind};
use crate::api::types::{ServerEvent, error_codes};
use crate::text::clean_outgoing;
use std::collections::VecDeque;
use std::future::Future;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::pin::Pin;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::Instant;

mod send_path;

type Fut<T> = Pin<Box<dyn Future<Output = T> + Send>>;
/// `Break` means the worker is done (it has already said why, or nobody is listening).
type Flow = ControlFlow<()>;

/// What the receive path does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecvStep {
    Poll,
    /// Fetch history; `resume`: it is the transcript of a resumed chat (pass it on whole).
    History {
        resume: bool,
    },
}

struct RecvDone {
    step: RecvStep,
    result: Result<Vec<ServerEvent>, Error>,
}

/// The requests in flight, at most one per path.
#[derive(Default)]
struct InFlight {
    recv: Option<Fut<RecvDone>>,
    send: Option<Fut<SendDone>>,
    upload: Option<Fut<UploadDone>>,
}

struct Worker<T> {
    t: T,
    opts: SessionOptions,
    events: UnboundedSender<SessionEvent>,
    backoff: Backoff,
    chat_id: String,
    dedupe: Dedupe,
    outbox: Outbox,
    /// Read/delivered receipts waiting for a request (they ride along or go alone, bounded).
    receipts: Receipts,
    typing: Typing,
    uploads: VecDeque<(u64, PathBuf)>,
    link_down: bool,
    recv_step: RecvStep,
    recv_due: Instant,
    recv_failures: u32,
    send_due: Instant,
    end_requested: bool,
    /// The server ended the chat; `Ended` follows once the send in flight (if any) is answered,
    /// so its `MessageSent` / `FormSent` is not lost.
    ending: Option<EndReason>,
}

/// The worker task: start, then loop until the chat ends or the app stops it.
pub(super) async fn run<T: ChatTransport>(
    t: T,
    start: Start,
    opts: SessionOptions,
    mut cmds: UnboundedReceiver<SessionCommand>,
    events: UnboundedSender<SessionEvent>,
) {
    let mut w = Worker::new(t, opts, events.clone());
    // Commands typed while the chat is being requested wait for it (Shutdown excepted).
    let mut early = Vec::new();
    let started = {
        let fut = w.start(start);
        tokio::pin!(fut);
        loop {
            tokio::select! {
                biased;
                _ = events.closed() => return,
                cmd = cmds.recv() => match cmd {
                    None | Some(SessionCommand::Shutdown) => {
                        let _ = events.send(SessionEvent::Ended(EndReason::Stopped));
                        return;
                    }
                    Some(c) => early.push(c),
                },
                flow = &mut fut => break flow,
            }
        }
    };
    if started.is_break() {
        return;
    }
    let mut fl = InFlight::default();
    for cmd in early {
        if w.on_command(cmd, &mut fl).is_break() {
            return;
        }
    }
    w.run_loop(cmds, fl).await;
}

impl<T: ChatTransport> Worker<T> {
    fn new(t: T, opts: SessionOptions, events: UnboundedSender<SessionEvent>) -> Self {
        let now = Instant::now();
        Worker {
            t,
            backoff: Backoff::new(opts.backoff, opts.jitter_seed),
            typing: Typing::new(opts.typing_throttle, opts.typing_idle),
            opts,
            events,
            chat_id: String::new(),
            dedupe: Dedupe::default(),
            outbox: Outbox::default(),
            receipts: Receipts::default(),
            uploads: VecDeque::new(),
            link_down: false,
            recv_step: RecvStep::Poll,
            recv_due: now,
            recv_failures: 0,
            send_due: now,
            end_requested: false,
            ending: None,
        }
    }

    fn emit(&self, event: SessionEvent) -> Flow {
        match self.events.send(event) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    }

    fn end(&self, reason: EndReason) -> Flow {
        tracing::debug!(?reason, "session over");
        let _ = self.emit(SessionEvent::Ended(reason));
        ControlFlow::Break(())
    }

    // ---- start -------------------------------------------------------------------------------

    async fn start(&mut self, start: Start) -> Flow {
        match start {
            Start::New(req) => {
                let t = self.t.clone();
                let resp = match self.with_start_retries(|| t.request_chat(&req)).await {
                    Ok(r) if !r.chat_id.is_empty() => r,
                    Ok(_) => {
                        let e = Error::new(ErrorKind::BadResponse, "no chat id in the answer");
                        return self.start_failed(e);
                    }
                    Err(e) => return self.start_failed(e),
                };
                self.chat_id = resp.chat_id.clone();
                let resumed = resp.is_new_chat == Some(false);
                if resumed {
                    // The server handed back the customer's live chat: show its transcript.
                    self.recv_step = RecvStep::History { resume: true };
                }
                self.emit(SessionEvent::Started {
                    chat_id: resp.chat_id,
                    state: resp.state,
                    ewt: resp.ewt,
                    resumed,
                })
            }
            Start::Resume { chat_id } => {
                self.chat_id = chat_id.clone();
                let t = self.t.clone();
                let history = match self.with_start_retries(|| t.history(&chat_id)).await {
                    Ok(h) => h,
                    Err(e) => return self.start_failed(e),
                };
                let (state, ewt) = last_status(&history);
                self.emit(SessionEvent::Started {
                    chat_id,
                    state,
                    ewt,
                    resumed: true,
                })?;
                self.apply_history(history, true)
            }
        }
    }

    async fn with_start_retries<R, F, Fu>(&mut self, mut call: F) -> Result<R, Error>
    where
        F: FnMut() -> Fu,
        Fu: Future<Output = Result<R, Error>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match call().await {
                Ok(r) => return Ok(r),
                Err(e) if e.is_retryable() && attempt < self.opts.start_attempts => {
                    let delay = self.backoff.delay(attempt, e.retry_after);
                    tracing::debug!(?delay, kind = ?e.kind, "start failed, retrying");
                    tokio::time::sleep(delay).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn start_failed(&self, e: Error) -> Flow {
        let _ = self.emit(SessionEvent::StartFailed(e));
        ControlFlow::Break(())
    }

    // ---- the loop ----------------------------------------------------------------------------

    async fn run_loop(mut self, mut cmds: UnboundedReceiver<SessionCommand>, mut fl: InFlight) {
        let closed = self.events.clone();
        loop {
            if let Some(reason) = self.ending.clone() {
                if fl.send.is_none() {
                    let _ = self.end(reason);
                    return;
                }
            } else if self.pump(&mut fl).is_break() {
                return;
            }
            let wake = self.next_wake(&fl);
            let flow = tokio::select! {
                biased;
                _ = closed.closed() => ControlFlow::Break(()),
                cmd = cmds.recv() => {
                    // Every handle dropped: the app is gone, as if it said Shutdown.
                    let flow = self.on_command(cmd.unwrap_or(SessionCommand::Shutdown), &mut fl);
                    // Take every command already waiting before starting anything: a burst of
                    // receipts, or a receipt and a message, then share one request.
                    self.drain_commands(&mut cmds, &mut fl, flow)
                }
                done = run_opt(&mut fl.recv) => {
                    fl.recv = None;
                    self.on_recv(done)
                }
                done = run_opt(&mut fl.send) => {
                    fl.send = None;
                    self.on_send(done)
                }
                done = run_opt(&mut fl.upload) => {
                    fl.upload = None;
                    self.on_upload(done)
                }
                _ = sleep_opt(wake) => ControlFlow::Continue(()),
            };
            if flow.is_break() {
                return;
            }
        }
    }

    /// Starts what is due. The customer's events first (receipts ride along in the room left),
    /// then receipts alone (at most once per flush interval), then typing into an idle slot; a
    /// message carries the "stopped typing" itself.
    fn pump(&mut self, fl: &mut InFlight) -> Flow {
        let now = Instant::now();
        if fl.recv.is_none() && now >= self.recv_due {
            fl.recv = Some(self.recv_job());
        }
        if fl.send.is_none() && now >= self.send_due {
            if !self.outbox.is_empty() {
                self.start_batch(fl);
            } else if self.receipts_allowed()
                && self.receipts.flush_at(now).is_some_and(|t| now >= t)
            {
                self.start_receipts(fl);
            }
        }
        if self.typing.deadline().is_some_and(|d| now >= d) {
            let can = self.can_send_typing(fl);
            if let Some(signal) = self.typing.on_tick(now, can) {
                fl.send = Some(self.typing_job(signal));
            }
        }
        if fl.upload.is_none()
            && let Some((local_id, path)) = self.uploads.pop_front()
        {
            fl.upload = Some(self.upload_job(local_id, path));
        }
        ControlFlow::Continue(())
    }

    fn next_wake(&self, fl: &InFlight) -> Option<Instant> {
        if self.ending.is_some() {
            // Only the send in flight is awaited now.
            return None;
        }
        let recv = fl.recv.is_none().then_some(self.recv_due);
        let send = (fl.send.is_none() && !self.outbox.is_empty()).then_some(self.send_due);
        let receipts = self
            .receipts
            .flush_at(Instant::now())
            .filter(|_| fl.send.is_none() && self.receipts_allowed())
            .map(|t| t.max(self.send_due));
        [recv, send, receipts, self.typing.deadline()]
            .into_iter()
            .flatten()
            .min()
    }

    // ---- commands ----------------------------------------------------------------------------

    /// Applies the commands already queued, without waiting for more.
    fn drain_commands(
        &mut self,
        cmds: &mut UnboundedReceiver<SessionCommand>,
        fl: &mut InFlight,
        mut flow: Flow,
    ) -> Flow {
        while flow.is_continue() {
            match cmds.try_recv() {
                Ok(cmd) => flow = self.on_command(cmd, fl),
                Err(_) => break,
            }
        }
        flow
    }

    fn on_command(&mut self, cmd: SessionCommand, fl: &mut InFlight) -> Flow {
        match cmd {
            SessionCommand::SendMessage { local_id, text } => {
                let text = clean_outgoing(&text);
                if text.trim().is_empty() {
                    let error = Error::new(ErrorKind::BadRequest, "nothing to send");
                    return self.emit(SessionEvent::MessageFailed { local_id, error });
                }
                self.outbox
                    .push(OutItem::new(local_id, OutKind::Message { text }));
            }
            SessionCommand::RetryMessage { local_id } => {
                if !self.outbox.retry(local_id) {
                    tracing::debug!(local_id, "retry of a message that is not set aside");
                }
            }
            SessionCommand::Typing(on) => {
                let can = self.can_send_typing(fl);
                if let Some(signal) = self.typing.on_input(on, Instant::now(), can) {
                    fl.send = Some(self.typing_job(signal));
                }
            }
            SessionCommand::UploadFile { local_id, path } => {
                self.uploads.push_back((local_id, path))
            }
            SessionCommand::SubmitForm {
                form_request_id,
                form_name,
                data,
                secure,
            } => self.outbox.push(OutItem::new(
                0,
                OutKind::Form {
                    form_request_id,
                    form_name,
                    data,
                    secure,
                },
            )),
            SessionCommand::CancelForm {
                form_request_id,
                form_name,
                secure,
            } => self.outbox.push(OutItem::new(
                0,
                OutKind::FormCancel {
                    form_request_id,
                    form_name,
                    secure,
                },
            )),
            // Receipts are v2 events: for a v1 server they are dropped here, not refused there.
            SessionCommand::Receipt { ref_msg_id, read } if self.t.accepts_receipts() => {
                self.receipts.push(Receipt::new(ref_msg_id, read))
            }
            SessionCommand::Receipt { .. } => {}
            SessionCommand::Disconnect => self.outbox.push(OutItem::new(0, OutKind::Disconnect)),
            SessionCommand::End => self.outbox.push(OutItem::new(0, OutKind::End)),
            SessionCommand::Shutdown => return self.end(EndReason::Stopped),
        }
        ControlFlow::Continue(())
    }

    /// Typing goes out only into an idle link and an empty send path, never during a "slow
    /// down" pause: never queued.
    fn can_send_typing(&self, fl: &InFlight) -> bool {
        !self.chat_id.is_empty()
            && !self.link_down
            && fl.send.is_none()
            && self.outbox.is_empty()
            && Instant::now() >= self.send_due
    }

    // ---- receive path ------------------------------------------------------------------------

    fn recv_job(&self) -> Fut<RecvDone> {
        let t = self.t.clone();
        let chat_id = self.chat_id.clone();
        let step = self.recv_step;
        Box::pin(async move {
            let result = match step {
                RecvStep::Poll => t.poll_events(&chat_id).await,
                RecvStep::History { .. } => t.history(&chat_id).await,
            };
            RecvDone { step, result }
        })
    }

    fn on_recv(&mut self, done: RecvDone) -> Flow {
        if self.ending.is_some() {
            return ControlFlow::Continue(());
        }
        let now = Instant::now();
        match done.result {
            Ok(events) => {
                self.recv_failures = 0;
                self.recv_due = now;
                self.recv_step = RecvStep::Poll;
                self.link_up()?;
                match done.step {
                    RecvStep::Poll => self.apply_live(events),
                    RecvStep::History { resume } => self.apply_history(events, resume),
                }
            }
            Err(e) => self.recv_failed(done.step, e, now),
        }
    }

    fn recv_failed(&mut self, step: RecvStep, e: Error, now: Instant) -> Flow {
        match e.kind {
            ErrorKind::NotFound => return self.end(self.gone_reason()),
            ErrorKind::Unauthorized => return self.end(EndReason::Fatal(e)),
            _ => {}
        }
        self.recv_failures += 1;
        let busy = step == RecvStep::Poll
            && (e.code == Some(error_codes::TOO_MANY_POLLS) || e.status == Some(400));
        if busy {
            // Our previous poll is still held by the server: wait, then poll again.
            let delay = self
                .opts
                .busy_poll_delay
                .max(self.backoff.delay(self.recv_failures, e.retry_after));
            self.recv_due = now + delay;
            return ControlFlow::Continue(());
        }
        if !e.is_retryable() {
            return self.end(EndReason::Fatal(e));
        }
        let delay = self.backoff.delay(self.recv_failures, e.retry_after);
        self.recv_due = now + delay;
        if step == RecvStep::Poll {
            // A gap: whatever that poll may have carried is fetched from history next.
            self.recv_step = RecvStep::History { resume: false };
        }
        self.report_link_down(e, delay)
    }

    fn gone_reason(&self) -> EndReason {
        if self.end_requested {
            EndReason::Ended
        } else {
            EndReason::Gone
        }
    }

    fn report_link_down(&mut self, error: Error, retry_in: std::time::Duration) -> Flow {
        tracing::debug!(kind = ?error.kind, ?retry_in, "link down");
        self.link_down = true;
        self.emit(SessionEvent::LinkDown { error, retry_in })
    }

    fn link_up(&mut self) -> Flow {
        if std::mem::take(&mut self.link_down) {
            return self.emit(SessionEvent::LinkUp);
        }
        ControlFlow::Continue(())
    }

    fn apply_live(&mut self, events: Vec<ServerEvent>) -> Flow {
        let new = self.dedupe.filter(events, Source::Live);
        self.deliver(new)
    }

    fn apply_history(&mut self, history: Vec<ServerEvent>, resume: bool) -> Flow {
        self.outbox.note_history(&self.chat_id, &history);
        let chat_id = self.chat_id.clone();
        let kept: Vec<ServerEvent> = history
            .into_iter()
            .filter(|e| !is_typing(e) && (resume || !is_own_echo(e, &chat_id)))
            .collect();
        let new = self.dedupe.filter(kept, Source::History);
        self.deliver(new)
    }

    /// Passes new events on as one batch; if one of them ends the chat, nothing new starts and
    /// the loop ends after the send in flight.
    fn deliver(&mut self, new: Vec<ServerEvent>) -> Flow {
        if new.is_empty() {
            return ControlFlow::Continue(());
        }
        if self.ending.is_none() {
            self.ending = new.iter().find_map(end_reason);
        }
        self.emit(SessionEvent::Events(new))
    }
}

async fn run_opt<T>(f: &mut Option<Fut<T>>) -> T {
    match f {
        Some(f) => f.await,
        None => std::future::pending().await,
    }
}

async fn sleep_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
