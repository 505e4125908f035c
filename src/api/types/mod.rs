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
    FormRequestId, Lenient, Timestamp, lenient_string, optional_lenient, plain_lenient,
};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Declares wire structs whose fields are all read liberally, each by its type ([`Lenient`]): a
/// field marked `required` must be on the wire, any other takes its default when missing, and an
/// absent optional value is left out when serialised. The block opens with the derives its
/// structs share; field attributes (`rename`) pass through.
macro_rules! wire_structs {
    ($derive:meta; $(
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(required $(#[$rmeta:meta])* pub $required:ident: $rty:ty,)?
            $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)*
        }
    )*) => {$(
        $(#[$meta])*
        #[$derive]
        pub struct $name {
            $(
                $(#[$rmeta])*
                #[serde(deserialize_with = "Lenient::decode")]
                pub $required: $rty,
            )?
            $(
                $(#[$fmeta])*
                #[serde(default, deserialize_with = "Lenient::decode")]
                #[serde(skip_serializing_if = "Lenient::is_absent")]
                pub $field: $ty,
            )*
        }
    )*};
}

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

    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "internal" | "" => PartyType::Internal,
            "scenario" => PartyType::Scenario,
            "external" => PartyType::External,
            _ => PartyType::Other(s.to_string()),
        }
    }
}

/// The protocol's string-valued enums go on the wire as their `as_str` and are read back, from a
/// string or a number, through `parse`.
macro_rules! serde_as_str {
    ($($ty:ty),+) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Self::parse(&lenient_string(d)?))
            }
        }
    )+};
}

serde_as_str!(ChatState, PartyType, Availability);
plain_lenient!(ChatState, PartyType, Availability, BTreeMap<String, Value>);
optional_lenient!(ChatState => Option::deserialize, bool => Option::deserialize);

mod client_events;
mod requests;
mod server_events;
pub use client_events::*;
pub use requests::*;
pub use server_events::*;

#[cfg(test)]
mod tests;
