//! The worker's send path: starting the outbox's front item, typing notices, and what each
//! answer means (sent, retried after a backoff, or given up), plus uploads (one at a time; a
//! finished upload queues its file in the outbox).
//!
//! A child of `worker` (it reaches the worker's private state); split off so each file stays
//! readable. Does not own the loop, commands or the receive path (`worker.rs`), the queue's
//! rules (`outbox.rs`), one send attempt and its history checks (`send.rs`), nor the upload
//! itself (`upload.rs`).

use super::{Flow, Fut, InFlight, Worker};
use crate::api::error::{Error, ErrorKind};
use crate::api::session::outbox::{OutItem, OutKind};
use crate::api::session::send::{Recorded, SendDone, SendJob, send_item};
use crate::api::session::transport::ChatTransport;
use crate::api::session::typing::TypingSignal;
use crate::api::session::upload::{self, UploadDone};
use crate::api::session::{EndReason, SessionEvent};
use crate::api::types::ClientEvent;
use std::ops::ControlFlow;
use std::path::PathBuf;
use tokio::time::Instant;

impl<T: ChatTransport> Worker<T> {
    // ---- send path ---------------------------------------------------------------------------

    pub(super) fn start_send(&mut self, fl: &mut InFlight) -> Flow {
        if let Some(msg_id) = self.outbox.assign_msg_id(&self.chat_id) {
            // Mark at once: an echo in a poll must not show our own message twice.
            self.dedupe.mark_message(&msg_id);
        }
        let Some(item) = self.outbox.front() else {
            return ControlFlow::Continue(());
        };
        let is_message = matches!(item.kind, OutKind::Message { .. });
        let check_msg_id = item.msg_id.clone().filter(|_| item.maybe_committed);
        let verify = match &item.kind {
            OutKind::Message { .. } => item.msg_id.clone().map(Recorded::Message),
            OutKind::File { file_id, .. } => Some(Recorded::File(file_id.clone())),
            OutKind::Form { .. }
            | OutKind::FormCancel { .. }
            | OutKind::Receipt { .. }
            | OutKind::Disconnect
            | OutKind::End => None,
        };
        let mut events = Vec::with_capacity(2);
        if is_message && self.typing.before_message() {
            events.push(ClientEvent::NotTyping);
        }
        events.push(item.to_event());
        let t = self.t.clone();
        let chat_id = self.chat_id.clone();
        fl.send = Some(Box::pin(send_item(
            t,
            chat_id,
            events,
            check_msg_id,
            verify,
        )));
        ControlFlow::Continue(())
    }

    pub(super) fn typing_job(&self, signal: TypingSignal) -> Fut<SendDone> {
        let t = self.t.clone();
        let chat_id = self.chat_id.clone();
        let event = match signal {
            TypingSignal::Typing => ClientEvent::Typing,
            TypingSignal::NotTyping => ClientEvent::NotTyping,
        };
        Box::pin(async move {
            let result = t
                .send_events(&chat_id, &[event])
                .await
                .map(Option::unwrap_or_default);
            SendDone {
                job: SendJob::Typing(signal),
                result,
                history: None,
            }
        })
    }

    pub(super) fn on_send(&mut self, done: SendDone) -> Flow {
        if let Some(h) = done.history {
            self.apply_history(h, false)?;
        }
        match (done.job, done.result) {
            (SendJob::Typing(_), Ok(events)) => {
                self.link_up()?;
                self.apply_live(events)
            }
            (SendJob::Typing(signal), Err(e)) => {
                // Never retried: a late typing notice is worse than none.
                tracing::debug!(?signal, kind = ?e.kind, "typing notice dropped");
                ControlFlow::Continue(())
            }
            (SendJob::Item, Ok(events)) => {
                self.link_up()?;
                self.send_due = Instant::now();
                if let Some(item) = self.outbox.succeeded() {
                    self.item_sent(item)?;
                }
                self.apply_live(events)
            }
            // The chat is over: no retry, just say that it did not go out.
            (SendJob::Item, Err(e)) if self.ending.is_some() => self.give_up(e),
            (SendJob::Item, Err(e)) => self.send_failed(e),
        }
    }

    fn item_sent(&mut self, item: OutItem) -> Flow {
        match item.kind {
            OutKind::Message { .. } => self.emit(SessionEvent::MessageSent {
                local_id: item.local_id,
                msg_id: item.msg_id.unwrap_or_default(),
            }),
            OutKind::File {
                file_id, file_name, ..
            } => self.emit(SessionEvent::UploadDone {
                local_id: item.local_id,
                file_id,
                file_name,
            }),
            OutKind::Form {
                form_request_id, ..
            } => self.emit(SessionEvent::FormSent { form_request_id }),
            OutKind::FormCancel { .. } | OutKind::Receipt { .. } | OutKind::Disconnect => {
                ControlFlow::Continue(())
            }
            OutKind::End => {
                self.end_requested = true;
                ControlFlow::Continue(())
            }
        }
    }

    fn send_failed(&mut self, e: Error) -> Flow {
        let front_is_end = self
            .outbox
            .front()
            .is_some_and(|i| matches!(i.kind, OutKind::End));
        match e.kind {
            ErrorKind::NotFound if front_is_end => return self.end(EndReason::Ended),
            ErrorKind::NotFound => return self.end(self.gone_reason()),
            ErrorKind::Unauthorized => return self.end(EndReason::Fatal(e)),
            _ => {}
        }
        let now = Instant::now();
        if !e.is_retryable() {
            self.send_due = now;
            return self.give_up(e);
        }
        // Any retryable failure may have happened after the server committed the event.
        let attempts = self.outbox.failed(true);
        let bounded = self.outbox.front().is_some_and(OutItem::is_bounded);
        if bounded && attempts >= self.opts.send_attempts {
            self.send_due = now;
            return self.give_up(e);
        }
        let delay = self.backoff.delay(attempts, e.retry_after);
        self.send_due = now + delay;
        self.report_link_down(e, delay)
    }

    fn give_up(&mut self, error: Error) -> Flow {
        let Some(item) = self.outbox.give_up() else {
            return ControlFlow::Continue(());
        };
        let local_id = item.local_id;
        match item.kind {
            OutKind::Message { .. } => self.emit(SessionEvent::MessageFailed { local_id, error }),
            OutKind::File { .. } => self.emit(SessionEvent::UploadFailed { local_id, error }),
            OutKind::Form {
                form_request_id, ..
            }
            | OutKind::FormCancel {
                form_request_id, ..
            } => self.emit(SessionEvent::FormFailed {
                form_request_id,
                error,
            }),
            OutKind::Receipt { .. } => {
                // A receipt is a courtesy: dropping one is never worth bothering the customer.
                tracing::info!(kind = ?error.kind, "receipt not sent");
                ControlFlow::Continue(())
            }
            OutKind::Disconnect | OutKind::End => {
                tracing::warn!(kind = ?error.kind, "disconnect/end refused by the server");
                ControlFlow::Continue(())
            }
        }
    }

    // ---- uploads -----------------------------------------------------------------------------

    pub(super) fn upload_job(&self, local_id: u64, path: PathBuf) -> Fut<UploadDone> {
        let seed = self.opts.jitter_seed.unwrap_or_else(rand::random) ^ local_id;
        Box::pin(upload::upload(
            self.t.clone(),
            self.events.clone(),
            local_id,
            path,
            self.opts.clone(),
            seed,
        ))
    }

    pub(super) fn on_upload(&mut self, done: UploadDone) -> Flow {
        match done.result {
            Ok((file_id, file_name, file_type)) => {
                self.dedupe.mark_file(&file_id);
                self.outbox.push(OutItem::new(
                    done.local_id,
                    OutKind::File {
                        file_id,
                        file_name,
                        file_type,
                    },
                ));
                ControlFlow::Continue(())
            }
            Err(error) => self.emit(SessionEvent::UploadFailed {
                local_id: done.local_id,
                error,
            }),
        }
    }
}
