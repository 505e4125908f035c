//! One attempt at sending the outbox's front item: the history checks around Send Events.
//!
//! Owns the rules that keep a message from being lost or doubled across failures: before a
//! resend, history is checked for the item (a previous attempt may have been committed before
//! the connection broke); after an empty 200 answer, history must show the item (an empty body
//! is also what a cut answer looks like). Does not retry or back off: the worker does.

use super::transport::ChatTransport;
use super::typing::TypingSignal;
use crate::api::error::{Error, ErrorKind};
use crate::api::types::{ClientEvent, ServerEvent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SendJob {
    /// The outbox's front item.
    Item,
    Typing(TypingSignal),
}

pub(super) struct SendDone {
    pub job: SendJob,
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

/// One attempt at the outbox's front item.
/// - `check_first`: a previous attempt may have been committed: skip the send if history has it.
/// - `verify`: an empty 200 answer is success only if history shows the item (an empty body is
///   also what a cut answer looks like).
pub(super) async fn send_item<T: ChatTransport>(
    t: T,
    chat_id: String,
    events: Vec<ClientEvent>,
    check_first: Option<String>,
    verify: Option<Recorded>,
) -> SendDone {
    let done = |result, history| SendDone {
        job: SendJob::Item,
        result,
        history,
    };
    let mut history = None;
    if let Some(msg_id) = check_first {
        match t.history(&chat_id).await {
            Ok(h) if Recorded::Message(msg_id).is_in(&h) => return done(Ok(Vec::new()), Some(h)),
            Ok(h) => history = Some(h),
            Err(e) => return done(Err(e), None),
        }
    }
    match t.send_events(&chat_id, &events).await {
        Ok(Some(answer)) => done(Ok(answer), history),
        Ok(None) => match verify {
            None => done(Ok(Vec::new()), history),
            Some(what) => match t.history(&chat_id).await {
                Ok(h) if what.is_in(&h) => done(Ok(Vec::new()), Some(h)),
                Ok(h) => {
                    let e = Error::new(ErrorKind::BadResponse, "empty answer; not recorded");
                    done(Err(e), Some(h))
                }
                Err(e) => done(Err(e), history),
            },
        },
        Err(e) => done(Err(e), history),
    }
}
