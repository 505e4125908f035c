//! The worker's send path: the next Send Events (a batch of the customer's events with receipts
//! riding along, receipts alone, or a typing notice), what each answer means (sent, retried
//! after a backoff, or given up), plus uploads (one at a time; a finished upload queues its
//! file in the outbox).
//!
//! A child of `worker` (it reaches the worker's private state); split off so each file stays
//! readable. Does not own the loop, commands or the receive path (`worker/mod.rs`), the queues'
//! rules (`outbox.rs`, `receipts.rs`), one send attempt and its history checks (`send.rs`), nor
//! the upload itself (`upload.rs`).
//!
//! Priorities: the customer's own events first, always; receipts ride along in the room a batch
//! leaves, or go alone at most once a second; typing goes only into an idle slot. A "slow down"
//! answer (429, or 503 with `Retry-After`) to any of them holds every send until it has passed.

use super::{Flow, Fut, InFlight, Worker};
use crate::api::error::{Error, ErrorKind};
use crate::api::session::outbox::{MAX_EVENTS_PER_SEND, OutItem, OutKind};
use crate::api::session::receipts::Receipt;
use crate::api::session::send::{Batch, Recorded, SendDone, SendJob, send_batch, send_courtesy};
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

    /// Starts the next batch of the outbox's front items.
    pub(super) fn start_batch(&mut self, fl: &mut InFlight) {
        let stop_typing = self.outbox.front().is_some_and(|i| {
            matches!(i.kind, OutKind::Message { .. }) && self.typing.before_message()
        });
        let (items, new_ids) = self
            .outbox
            .next_batch(&self.chat_id, usize::from(stop_typing));
        for msg_id in &new_ids {
            // Mark at once: an echo in a poll must not show our own message twice.
            self.dedupe.mark_message(msg_id);
        }
        let mut customer = Vec::with_capacity(items + 1);
        if stop_typing {
            customer.push((ClientEvent::NotTyping, None));
        }
        let mut check_first = false;
        for item in self.outbox.batch(items) {
            check_first |= item.maybe_committed;
            let recorded = match &item.kind {
                OutKind::Message { .. } => item.msg_id.clone().map(Recorded::Message),
                OutKind::File { file_id, .. } => Some(Recorded::File(file_id.clone())),
                OutKind::Form { .. }
                | OutKind::FormCancel { .. }
                | OutKind::Disconnect
                | OutKind::End => None,
            };
            customer.push((item.to_event(), recorded));
        }
        let room = MAX_EVENTS_PER_SEND.saturating_sub(customer.len());
        let receipts = if self.receipts_allowed() {
            self.receipts.take(room, false)
        } else {
            Vec::new()
        };
        let batch = Batch {
            items,
            customer,
            receipts,
            check_first,
        };
        fl.send = Some(Box::pin(send_batch(
            self.t.clone(),
            self.chat_id.clone(),
            batch,
        )));
    }

    /// Starts a request of receipts alone.
    pub(super) fn start_receipts(&mut self, fl: &mut InFlight) {
        let receipts = self.receipts.take(MAX_EVENTS_PER_SEND, true);
        let events = receipts.iter().map(Receipt::to_event).collect();
        fl.send = Some(Box::pin(send_courtesy(
            self.t.clone(),
            self.chat_id.clone(),
            SendJob::Receipts,
            events,
            receipts,
        )));
    }

    /// Receipts go only to a live link (a v1 server's are dropped as they are asked for).
    pub(super) fn receipts_allowed(&self) -> bool {
        !self.chat_id.is_empty() && !self.link_down && self.ending.is_none()
    }

    pub(super) fn typing_job(&self, signal: TypingSignal) -> Fut<SendDone> {
        let event = match signal {
            TypingSignal::Typing => ClientEvent::Typing,
            TypingSignal::NotTyping => ClientEvent::NotTyping,
        };
        Box::pin(send_courtesy(
            self.t.clone(),
            self.chat_id.clone(),
            SendJob::Typing(signal),
            vec![event],
            Vec::new(),
        ))
    }

    pub(super) fn on_send(&mut self, done: SendDone) -> Flow {
        if let Some(h) = done.history {
            self.apply_history(h, false)?;
        }
        if let Err(e) = &done.result {
            self.slow_down(e);
        }
        match (&done.result, done.sent) {
            (Ok(_), true) => self.receipts.settled(&done.receipts),
            (Ok(_), false) => self.receipts.give_back(done.receipts),
            (Err(e), _) if e.status.is_some() => self.receipts.refused(done.receipts),
            // It may have reached the server: dropped rather than risk a duplicate.
            (Err(_), _) => self.receipts.settled(&done.receipts),
        }
        match (done.job, done.result) {
            (SendJob::Typing(_) | SendJob::Receipts, Ok(events)) => {
                self.link_up()?;
                self.apply_live(events)
            }
            (SendJob::Typing(signal), Err(e)) => {
                // Never retried: a late typing notice is worse than none.
                tracing::debug!(?signal, kind = ?e.kind, "typing notice dropped");
                ControlFlow::Continue(())
            }
            (SendJob::Receipts, Err(e)) => {
                // A receipt is a courtesy: losing one is never worth bothering the customer.
                tracing::info!(kind = ?e.kind, "receipts not sent");
                ControlFlow::Continue(())
            }
            (SendJob::Batch { items }, Ok(events)) => {
                self.link_up()?;
                for item in self.outbox.succeeded(items) {
                    self.item_sent(item)?;
                }
                self.apply_live(events)
            }
            // The chat is over: no retry, just say that it did not go out.
            (SendJob::Batch { items }, Err(e)) if self.ending.is_some() => {
                let gone = self.outbox.refused(items, true);
                self.report_given_up(gone, &e)
            }
            (SendJob::Batch { items }, Err(e)) => self.send_failed(items, e),
        }
    }

    /// A "slow down" from the tenant: no send of any kind before the time it names (the
    /// client's rate gate holds its requests by the same rule; this keeps the slot from
    /// starting a request only to wait there).
    fn slow_down(&mut self, e: &Error) {
        if let Some(pause) = crate::api::client::slow_down_pause(e) {
            self.send_due = self.send_due.max(Instant::now() + pause);
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
            OutKind::FormCancel { .. } | OutKind::Disconnect => ControlFlow::Continue(()),
            OutKind::End => {
                self.end_requested = true;
                ControlFlow::Continue(())
            }
        }
    }

    fn send_failed(&mut self, items: usize, e: Error) -> Flow {
        let has_end = self
            .outbox
            .batch(items)
            .any(|i| matches!(i.kind, OutKind::End));
        match e.kind {
            ErrorKind::NotFound if has_end => return self.end(EndReason::Ended),
            ErrorKind::NotFound => return self.end(self.gone_reason()),
            ErrorKind::Unauthorized => return self.end(EndReason::Fatal(e)),
            _ => {}
        }
        let now = Instant::now();
        if !e.is_retryable() {
            // Refused outright: alone, the item is given up; in a batch, its items go again
            // one by one so only the one the server refuses is lost.
            let gone = self.outbox.refused(items, false);
            return self.report_given_up(gone, &e);
        }
        // Any retryable failure may have happened after the server committed the events.
        let attempts = self.outbox.failed(items, true);
        let gone = self
            .outbox
            .give_up_exhausted(items, self.opts.send_attempts);
        self.report_given_up(gone, &e)?;
        let delay = self.backoff.delay(attempts, e.retry_after);
        self.send_due = self.send_due.max(now + delay);
        self.report_link_down(e, delay)
    }

    fn report_given_up(&mut self, gone: Vec<OutItem>, error: &Error) -> Flow {
        for item in gone {
            let error = error.clone();
            let local_id = item.local_id;
            match item.kind {
                OutKind::Message { .. } => {
                    self.emit(SessionEvent::MessageFailed { local_id, error })?
                }
                OutKind::File { .. } => {
                    self.emit(SessionEvent::UploadFailed { local_id, error })?
                }
                OutKind::Form {
                    form_request_id, ..
                }
                | OutKind::FormCancel {
                    form_request_id, ..
                } => self.emit(SessionEvent::FormFailed {
                    form_request_id,
                    error,
                })?,
                OutKind::Disconnect | OutKind::End => {
                    tracing::warn!(kind = ?error.kind, "disconnect/end refused by the server");
                }
            }
        }
        ControlFlow::Continue(())
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
