//! One attempt at a Send Events: the history checks around a batch of the customer's events.
//!
//! Owns the rules that keep a message from being lost or doubled across failures: before a
//! resend, history is checked for the batch's messages and files (a previous attempt may have
//! been committed before the connection broke); after an empty 200 answer, history must show
//! them (an empty body is also what a cut answer looks like). Does not retry or back off: the
//! worker does.
//!
//! A batch is one request, which a server takes whole: when history shows every message and
//! file of a retried batch, the whole batch (its form answers and end included) counts as
//! committed and nothing is resent; when it shows some, only those are left out.

use super::receipts::Receipt;
use super::transport::ChatTransport;
use super::typing::TypingSignal;
use crate::api::error::{Error, ErrorKind};
use crate::api::types::{ClientEvent, ServerEvent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SendJob {
    /// The outbox's first `items` items (receipts may ride along after them).
    Batch {
        items: usize,
    },
    /// Receipts alone.
    Receipts,
    Typing(TypingSignal),
}

pub(super) struct SendDone {
    pub job: SendJob,
    /// The receipts the request carried (or would have carried).
    pub receipts: Vec<Receipt>,
    /// Whether the request went out at all (a batch found committed in history does not).
    pub sent: bool,
    pub result: Result<Vec<ServerEvent>, Error>,
    /// History fetched to check whether a retried message had already arrived.
    pub history: Option<Vec<ServerEvent>>,
}

/// What identifies an outbox item in history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Recorded {
    Message(String),
    File(String),
}

impl Recorded {
    fn is_in(&self, history: &[ServerEvent]) -> bool {
        history.iter().any(|e| match (self, e) {
            (Recorded::Message(id), ServerEvent::Message(m)) => m.msg_id == *id,
            (Recorded::File(id), ServerEvent::File(f)) => f.file_id == *id,
            _ => false,
        })
    }
}

/// A batch to send: the customer's events (each with what identifies it in history, if
/// anything does), then the receipts riding along.
pub(super) struct Batch {
    pub items: usize,
    pub customer: Vec<(ClientEvent, Option<Recorded>)>,
    pub receipts: Vec<Receipt>,
    /// A previous attempt may have been committed: check history first.
    pub check_first: bool,
}

/// One attempt at a batch of the outbox's front items.
pub(super) async fn send_batch<T: ChatTransport>(t: T, chat_id: String, batch: Batch) -> SendDone {
    let Batch {
        items,
        mut customer,
        receipts,
        check_first,
    } = batch;
    let job = SendJob::Batch { items };
    let done = |receipts, sent, result, history| SendDone {
        job,
        receipts,
        sent,
        result,
        history,
    };
    let mut history = None;
    if check_first && customer.iter().any(|(_, r)| r.is_some()) {
        match t.history(&chat_id).await {
            Ok(h) => {
                let in_history = |r: &Option<Recorded>| r.as_ref().is_some_and(|r| r.is_in(&h));
                if customer.iter().all(|(_, r)| r.is_none() || in_history(r)) {
                    return done(receipts, false, Ok(Vec::new()), Some(h));
                }
                customer.retain(|(_, r)| !in_history(r));
                history = Some(h);
            }
            Err(e) => return done(receipts, false, Err(e), None),
        }
    }
    let verify: Vec<Recorded> = customer.iter().filter_map(|(_, r)| r.clone()).collect();
    let events: Vec<ClientEvent> = customer
        .into_iter()
        .map(|(e, _)| e)
        .chain(receipts.iter().map(Receipt::to_event))
        .collect();
    match t.send_events(&chat_id, &events).await {
        Ok(Some(answer)) => done(receipts, true, Ok(answer), history),
        Ok(None) if verify.is_empty() => done(receipts, true, Ok(Vec::new()), history),
        Ok(None) => match t.history(&chat_id).await {
            Ok(h) if verify.iter().all(|r| r.is_in(&h)) => {
                done(receipts, true, Ok(Vec::new()), Some(h))
            }
            Ok(h) => {
                let e = Error::new(ErrorKind::BadResponse, "empty answer; not recorded");
                done(receipts, true, Err(e), Some(h))
            }
            Err(e) => done(receipts, true, Err(e), history),
        },
        Err(e) => done(receipts, true, Err(e), history),
    }
}

/// One courtesy request (receipts, or a typing notice): sent once, never checked or retried.
pub(super) async fn send_courtesy<T: ChatTransport>(
    t: T,
    chat_id: String,
    job: SendJob,
    events: Vec<ClientEvent>,
    receipts: Vec<Receipt>,
) -> SendDone {
    let result = t
        .send_events(&chat_id, &events)
        .await
        .map(Option::unwrap_or_default);
    SendDone {
        job,
        receipts,
        sent: true,
        result,
        history: None,
    }
}
