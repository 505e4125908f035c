//! Client → server events: what the customer's client sends with Send Events.

use super::*;

/// An event the customer's client sends with Send Events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event")]
pub enum ClientEvent {
    /// `msg` is HTML-escaped with newlines as `<br>`; `msg_text` the plain text.
    #[serde(rename = "chat_session_message")]
    Message {
        msg_id: String,
        msg: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        msg_text: Option<String>,
    },
    #[serde(rename = "chat_session_typing")]
    Typing,
    #[serde(rename = "chat_session_not_typing")]
    NotTyping,
    /// Puts an uploaded file into the chat. No `msg_id` (a working client notes it must be absent).
    #[serde(rename = "chat_session_file")]
    File {
        file_id: String,
        file_name: String,
        file_type: String,
    },
    #[serde(rename = "chat_session_form_data")]
    FormData {
        form_request_id: FormRequestId,
        form_name: String,
        data: BTreeMap<String, String>,
    },
    /// Spelled without `session`, as the vendor's API does.
    #[serde(rename = "chat_form_data_cancel")]
    FormCancel {
        form_request_id: FormRequestId,
        form_name: String,
    },
    #[serde(rename = "chat_session_secure_form_data")]
    SecureFormData {
        form_request_id: FormRequestId,
        form_name: String,
        data: BTreeMap<String, String>,
    },
    #[serde(rename = "chat_session_secure_form_cancel")]
    SecureFormCancel {
        form_request_id: FormRequestId,
        form_name: String,
    },
    #[serde(rename = "chat_session_message_delivered")]
    MessageDelivered { ref_msg_id: String },
    #[serde(rename = "chat_session_message_read")]
    MessageRead { ref_msg_id: String },
    #[serde(rename = "chat_session_location")]
    Location {
        url: String,
        latitude: f64,
        longitude: f64,
    },
    /// Leave the conversation but keep the session open so a survey can follow.
    #[serde(rename = "chat_session_disconnect")]
    Disconnect,
    /// End the chat session entirely.
    #[serde(rename = "chat_session_end")]
    End,
}

impl ClientEvent {
    /// For a receipt: the message it acknowledges, and whether it says "read" (else "delivered").
    pub fn receipt(&self) -> Option<(&str, bool)> {
        match self {
            ClientEvent::MessageRead { ref_msg_id } => Some((ref_msg_id, true)),
            ClientEvent::MessageDelivered { ref_msg_id } => Some((ref_msg_id, false)),
            _ => None,
        }
    }
}

/// The body of Send Events.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientEventList {
    pub events: Vec<ClientEvent>,
}
