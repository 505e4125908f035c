//! Serde types for every request, response, server event and client event of PROTOCOL.md.
//!
//! Owns the wire shapes and their liberal decoding: unknown fields are ignored, unknown event
//! types are kept (never a parse error), and every variant PROTOCOL.md lists is accepted. It does
//! not interpret events (the session worker and the app do) and does not sanitise text: message
//! bodies stay raw HTML here; `text::html_to_text` + `text::sanitize` turn them into display text.
//!
//! Here: the shared vocabulary (chat state, party type); children by direction:
//! `server_events.rs` (server → client), `client_events.rs` (client → server), `requests.rs`
//! (requests, responses, error bodies and codes).

use super::wire::{
    FormRequestId, Timestamp, lenient_string, opt_i64, opt_lenient_string, opt_timestamp, opt_u64,
};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Where a chat stands (`state` of Request Chat and of `chat_session_status`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChatState {
    Queued,
    Connecting,
    Connected,
    Ivr,
    Failed,
    Completed,
    /// A state this client does not know, kept as sent.
    Other(String),
}

impl ChatState {
    pub fn as_str(&self) -> &str {
        match self {
            ChatState::Queued => "queued",
            ChatState::Connecting => "connecting",
            ChatState::Connected => "connected",
            ChatState::Ivr => "ivr",
            ChatState::Failed => "failed",
            ChatState::Completed => "completed",
            ChatState::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "queued" => ChatState::Queued,
            "connecting" => ChatState::Connecting,
            "connected" => ChatState::Connected,
            "ivr" => ChatState::Ivr,
            "failed" => ChatState::Failed,
            "completed" => ChatState::Completed,
            _ => ChatState::Other(s.to_string()),
        }
    }

    /// `failed` and `completed` mean the session is over: stop polling.
    pub fn is_final(&self) -> bool {
        matches!(self, ChatState::Failed | ChatState::Completed)
    }
}

impl Serialize for ChatState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ChatState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = lenient_string(d)?;
        Ok(ChatState::parse(&s))
    }
}

/// Who a joined party is (`type` of `chat_session_party_joined`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum PartyType {
    /// An agent of the contact center.
    #[default]
    Internal,
    /// The scenario itself (a bot or IVR).
    Scenario,
    /// An outside party.
    External,
    Other(String),
}

impl PartyType {
    pub fn as_str(&self) -> &str {
        match self {
            PartyType::Internal => "internal",
            PartyType::Scenario => "scenario",
            PartyType::External => "external",
            PartyType::Other(s) => s,
        }
    }
}

impl Serialize for PartyType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PartyType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = lenient_string(d)?;
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "internal" | "" => PartyType::Internal,
            "scenario" => PartyType::Scenario,
            "external" => PartyType::External,
            _ => PartyType::Other(s),
        })
    }
}

mod client_events;
mod requests;
mod server_events;
pub use client_events::*;
pub use requests::*;
pub use server_events::*;

#[cfg(test)]
mod tests;
