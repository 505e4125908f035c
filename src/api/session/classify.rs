//! What server events mean to the worker: which end the chat, which are stale or the
//! customer's own echoes, and where a resumed chat stands.

use super::EndReason;
use crate::api::types::{ChatState, ServerEvent};

/// Why an event ends the chat, if it does.
pub(super) fn end_reason(e: &ServerEvent) -> Option<EndReason> {
    match e {
        ServerEvent::Ended(_) => Some(EndReason::Ended),
        ServerEvent::InactivityTimeout(_) => Some(EndReason::Inactivity),
        ServerEvent::Status(s) => match s.state {
            ChatState::Failed => Some(EndReason::Gone),
            ChatState::Completed => Some(EndReason::Ended),
            ChatState::Queued
            | ChatState::Connecting
            | ChatState::Connected
            | ChatState::Ivr
            | ChatState::Other(_) => None,
        },
        _ => None,
    }
}

pub(super) fn is_typing(e: &ServerEvent) -> bool {
    matches!(e, ServerEvent::Typing(_) | ServerEvent::NotTyping(_))
}

/// The customer's own events as history echoes them.
pub(super) fn is_own_echo(e: &ServerEvent, chat_id: &str) -> bool {
    match e {
        ServerEvent::Message(m) => m.party_id == chat_id,
        ServerEvent::File(f) => f.party_id == chat_id,
        ServerEvent::FormData(_)
        | ServerEvent::FormCancel(_)
        | ServerEvent::Disconnected(_)
        | ServerEvent::EndRequested(_) => true,
        _ => false,
    }
}

/// The state and wait of the last status in a history (for `Started` when resuming).
pub(super) fn last_status(history: &[ServerEvent]) -> (Option<ChatState>, Option<u64>) {
    history
        .iter()
        .rev()
        .find_map(|e| match e {
            ServerEvent::Status(s) => Some((Some(s.state.clone()), s.ewt)),
            _ => None,
        })
        .unwrap_or((None, None))
}
