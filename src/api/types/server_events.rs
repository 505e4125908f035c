//! Server → client events: each event PROTOCOL.md names, decoded liberally (an unknown one is
//! kept as `Unknown`), and their wire names.

use super::*;

// The bodies of the events, by what they carry: participants, content, the state of the
// session, forms, then the rest.
wire_structs! {
    derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize);

    pub struct PartyJoined {
        pub party_id: String,
        pub first_name: String,
        pub last_name: String,
        pub display_name: String,
        #[serde(rename = "type")]
        pub party_type: PartyType,
        pub timestamp: Option<Timestamp>,
    }

    /// An event that names only a participant: party left, typing, not typing.
    pub struct PartyEvent {
        pub party_id: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct MessageEvent {
        pub msg_id: String,
        /// The message as HTML (PROTOCOL.md: "Message text is HTML").
        pub msg: String,
        /// A plain-text rendering that newer servers add; preferred when present.
        pub msg_text: Option<String>,
        pub party_id: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct LocationEvent {
        pub latitude: Option<Value>,
        pub longitude: Option<Value>,
        pub url: String,
        pub party_id: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct NavigationEvent {
        pub msg_id: String,
        pub title: String,
        pub page: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct FileEvent {
        pub file_id: String,
        pub file_name: String,
        /// `image`, or something else (`attachment`).
        pub file_type: String,
        pub party_id: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct StatusEvent {
        required pub state: ChatState,
        pub ewt: Option<u64>,
        pub timestamp: Option<Timestamp>,
    }

    pub struct EndedEvent {
        pub timestamp: Option<Timestamp>,
    }

    pub struct FormShow {
        pub form_request_id: FormRequestId,
        pub form_name: String,
        /// Seconds (PROTOCOL.md lists the unit as probable).
        pub form_timeout: Option<u64>,
        pub channel: Option<String>,
        pub timestamp: Option<Timestamp>,
    }

    /// Answers to a form (also seen in history, where the customer's own events come back).
    pub struct FormDataEvent {
        pub form_request_id: FormRequestId,
        pub form_name: String,
        pub data: BTreeMap<String, Value>,
        pub timestamp: Option<Timestamp>,
    }

    pub struct ReceiptEvent {
        pub ref_msg_id: String,
        pub party_id: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct InfoEvent {
        pub service_name: String,
    }

    /// A timeout warning or an inactivity end: a text to show prominently.
    pub struct NoticeEvent {
        pub msg: String,
        pub timestamp: Option<Timestamp>,
    }

    pub struct CaseSetEvent {
        pub case_id: String,
        pub timestamp: Option<Timestamp>,
    }
}

impl Default for ChatState {
    fn default() -> Self {
        ChatState::Other(String::new())
    }
}

impl PartyJoined {
    /// PROTOCOL.md: prefer `display_name`, else first + last; sanitised for display.
    pub fn name(&self) -> String {
        crate::text::sanitize_line(&self.raw_name())
    }

    /// The name as sent, unsanitised.
    pub fn raw_name(&self) -> String {
        let display = self.display_name.trim();
        if !display.is_empty() {
            return display.to_string();
        }
        let full = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        full.trim().to_string()
    }
}

impl MessageEvent {
    /// The text to show: `msg_text` when the server sent one, else `msg` with HTML stripped and
    /// entities decoded; sanitised either way (PROTOCOL.md, "Message text is HTML").
    pub fn display_text(&self) -> String {
        match self.msg_text.as_deref() {
            Some(plain) if !plain.is_empty() => crate::text::sanitize(plain),
            _ => crate::text::sanitize(&crate::text::html_to_text(&self.msg)),
        }
    }
}

impl FileEvent {
    pub fn is_image(&self) -> bool {
        self.file_type.eq_ignore_ascii_case("image")
    }
}

/// An event from the server: from a poll, a Send Events answer, or history (where the customer's
/// own client events come back too, recognisable by `party_id == chat_id`).
#[derive(Clone, Debug, PartialEq)]
pub enum ServerEvent {
    Status(StatusEvent),
    PartyJoined(PartyJoined),
    PartyLeft(PartyEvent),
    Message(MessageEvent),
    Typing(PartyEvent),
    NotTyping(PartyEvent),
    File(FileEvent),
    FormShow(FormShow),
    SecureFormShow(FormShow),
    TimeoutWarning(NoticeEvent),
    InactivityTimeout(NoticeEvent),
    Ended(EndedEvent),
    MessageDelivered(ReceiptEvent),
    MessageRead(ReceiptEvent),
    CaseSet(CaseSetEvent),
    Location(LocationEvent),
    Navigation(NavigationEvent),
    Info(InfoEvent),
    /// `chat_session_form_data` / `chat_session_secure_form_data` echoed in history.
    FormData(FormDataEvent),
    /// `chat_form_data_cancel` / `chat_session_secure_form_cancel` echoed in history.
    FormCancel(FormDataEvent),
    /// `chat_session_disconnect` echoed in history: the customer left.
    Disconnected(EndedEvent),
    /// `chat_session_end` echoed in history: the customer ended the chat.
    EndRequested(EndedEvent),
    /// Audio/video signalling and co-browsing: known, but not something a terminal can do.
    Unsupported {
        event: String,
        raw: Value,
    },
    /// An event type this client does not know (or a known one too malformed to read), kept whole.
    Unknown {
        event: String,
        raw: Value,
    },
}

/// Wire names of the server events, in one place so parsing and serialising cannot disagree.
pub mod names {
    pub const STATUS: &str = "chat_session_status";
    pub const PARTY_JOINED: &str = "chat_session_party_joined";
    pub const PARTY_LEFT: &str = "chat_session_party_left";
    pub const MESSAGE: &str = "chat_session_message";
    pub const TYPING: &str = "chat_session_typing";
    pub const NOT_TYPING: &str = "chat_session_not_typing";
    pub const FILE: &str = "chat_session_file";
    pub const FORM_SHOW: &str = "chat_session_form_show";
    pub const SECURE_FORM_SHOW: &str = "chat_session_secure_form_show";
    pub const TIMEOUT_WARNING: &str = "chat_session_timeout_warning";
    pub const INACTIVITY_TIMEOUT: &str = "chat_session_inactivity_timeout";
    pub const ENDED: &str = "chat_session_ended";
    pub const MESSAGE_DELIVERED: &str = "chat_session_message_delivered";
    pub const MESSAGE_READ: &str = "chat_session_message_read";
    pub const CASE_SET: &str = "chat_session_case_set";
    pub const LOCATION: &str = "chat_session_location";
    pub const NAVIGATION: &str = "chat_session_navigation";
    pub const INFO: &str = "chat_session_info";
    pub const FORM_DATA: &str = "chat_session_form_data";
    pub const SECURE_FORM_DATA: &str = "chat_session_secure_form_data";
    pub const FORM_CANCEL: &str = "chat_form_data_cancel";
    pub const SECURE_FORM_CANCEL: &str = "chat_session_secure_form_cancel";
    pub const DISCONNECT: &str = "chat_session_disconnect";
    pub const END: &str = "chat_session_end";
    pub const SIGNALING: &str = "chat_session_signaling";
    pub const COBROWSING_PREFIX: &str = "chat_session_cobrowsing";
}

impl ServerEvent {
    /// The wire name of this event (`"event"` field).
    pub fn name(&self) -> &str {
        use names::*;
        match self {
            ServerEvent::Status(_) => STATUS,
            ServerEvent::PartyJoined(_) => PARTY_JOINED,
            ServerEvent::PartyLeft(_) => PARTY_LEFT,
            ServerEvent::Message(_) => MESSAGE,
            ServerEvent::Typing(_) => TYPING,
            ServerEvent::NotTyping(_) => NOT_TYPING,
            ServerEvent::File(_) => FILE,
            ServerEvent::FormShow(_) => FORM_SHOW,
            ServerEvent::SecureFormShow(_) => SECURE_FORM_SHOW,
            ServerEvent::TimeoutWarning(_) => TIMEOUT_WARNING,
            ServerEvent::InactivityTimeout(_) => INACTIVITY_TIMEOUT,
            ServerEvent::Ended(_) => ENDED,
            ServerEvent::MessageDelivered(_) => MESSAGE_DELIVERED,
            ServerEvent::MessageRead(_) => MESSAGE_READ,
            ServerEvent::CaseSet(_) => CASE_SET,
            ServerEvent::Location(_) => LOCATION,
            ServerEvent::Navigation(_) => NAVIGATION,
            ServerEvent::Info(_) => INFO,
            ServerEvent::FormData(_) => FORM_DATA,
            ServerEvent::FormCancel(_) => FORM_CANCEL,
            ServerEvent::Disconnected(_) => DISCONNECT,
            ServerEvent::EndRequested(_) => END,
            ServerEvent::Unsupported { event, .. } | ServerEvent::Unknown { event, .. } => event,
        }
    }

    /// The event's time, when it carries one.
    pub fn timestamp(&self) -> Option<Timestamp> {
        match self {
            ServerEvent::Status(e) => e.timestamp,
            ServerEvent::PartyJoined(e) => e.timestamp,
            ServerEvent::PartyLeft(e) | ServerEvent::Typing(e) | ServerEvent::NotTyping(e) => {
                e.timestamp
            }
            ServerEvent::Message(e) => e.timestamp,
            ServerEvent::File(e) => e.timestamp,
            ServerEvent::FormShow(e) | ServerEvent::SecureFormShow(e) => e.timestamp,
            ServerEvent::TimeoutWarning(e) | ServerEvent::InactivityTimeout(e) => e.timestamp,
            ServerEvent::Ended(e) | ServerEvent::Disconnected(e) | ServerEvent::EndRequested(e) => {
                e.timestamp
            }
            ServerEvent::MessageDelivered(e) | ServerEvent::MessageRead(e) => e.timestamp,
            ServerEvent::CaseSet(e) => e.timestamp,
            ServerEvent::Location(e) => e.timestamp,
            ServerEvent::Navigation(e) => e.timestamp,
            ServerEvent::FormData(e) | ServerEvent::FormCancel(e) => e.timestamp,
            ServerEvent::Info(_) => None,
            ServerEvent::Unsupported { raw, .. } | ServerEvent::Unknown { raw, .. } => {
                raw.get("timestamp").and_then(Timestamp::from_value)
            }
        }
    }

    /// The participant the event is from, when it names one.
    pub fn party_id(&self) -> Option<&str> {
        match self {
            ServerEvent::PartyJoined(e) => Some(&e.party_id),
            ServerEvent::PartyLeft(e) | ServerEvent::Typing(e) | ServerEvent::NotTyping(e) => {
                Some(&e.party_id)
            }
            ServerEvent::Message(e) => Some(&e.party_id),
            ServerEvent::File(e) => Some(&e.party_id),
            ServerEvent::MessageDelivered(e) | ServerEvent::MessageRead(e) => Some(&e.party_id),
            ServerEvent::Location(e) => Some(&e.party_id),
            _ => None,
        }
        .map(String::as_str)
        .filter(|p| !p.is_empty())
    }

    /// Decodes one event object. Never fails: an unknown type, or a known type whose fields
    /// cannot be read, comes back as [`ServerEvent::Unknown`] with the raw JSON.
    pub fn from_value(raw: Value) -> ServerEvent {
        use names::*;
        let event = raw
            .get("event")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        fn typed<T: serde::de::DeserializeOwned>(raw: &Value) -> Option<T> {
            serde_json::from_value(raw.clone()).ok()
        }
        let parsed = match event.as_str() {
            STATUS => typed(&raw).map(ServerEvent::Status),
            PARTY_JOINED => typed(&raw).map(ServerEvent::PartyJoined),
            PARTY_LEFT => typed(&raw).map(ServerEvent::PartyLeft),
            MESSAGE => typed(&raw).map(ServerEvent::Message),
            TYPING => typed(&raw).map(ServerEvent::Typing),
            NOT_TYPING => typed(&raw).map(ServerEvent::NotTyping),
            FILE => typed(&raw).map(ServerEvent::File),
            FORM_SHOW => typed(&raw).map(ServerEvent::FormShow),
            SECURE_FORM_SHOW => typed(&raw).map(ServerEvent::SecureFormShow),
            TIMEOUT_WARNING => typed(&raw).map(ServerEvent::TimeoutWarning),
            INACTIVITY_TIMEOUT => typed(&raw).map(ServerEvent::InactivityTimeout),
            ENDED => typed(&raw).map(ServerEvent::Ended),
            MESSAGE_DELIVERED => typed(&raw).map(ServerEvent::MessageDelivered),
            MESSAGE_READ => typed(&raw).map(ServerEvent::MessageRead),
            CASE_SET => typed(&raw).map(ServerEvent::CaseSet),
            LOCATION => typed(&raw).map(ServerEvent::Location),
            NAVIGATION => typed(&raw).map(ServerEvent::Navigation),
            INFO => typed(&raw).map(ServerEvent::Info),
            FORM_DATA | SECURE_FORM_DATA => typed(&raw).map(ServerEvent::FormData),
            FORM_CANCEL | SECURE_FORM_CANCEL => typed(&raw).map(ServerEvent::FormCancel),
            DISCONNECT => typed(&raw).map(ServerEvent::Disconnected),
            END => typed(&raw).map(ServerEvent::EndRequested),
            SIGNALING => Some(ServerEvent::Unsupported {
                event: event.clone(),
                raw: raw.clone(),
            }),
            name if name.starts_with(COBROWSING_PREFIX) => Some(ServerEvent::Unsupported {
                event: event.clone(),
                raw: raw.clone(),
            }),
            _ => None,
        };
        parsed.unwrap_or(ServerEvent::Unknown { event, raw })
    }

    /// The documented wire form of this event (used by the simulated tenant).
    pub fn to_value(&self) -> Value {
        fn tagged<T: Serialize>(name: &str, body: &T) -> Value {
            let mut map = match serde_json::to_value(body) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            map.insert("event".into(), Value::String(name.to_string()));
            Value::Object(map)
        }
        let name = self.name();
        match self {
            ServerEvent::Status(e) => tagged(name, e),
            ServerEvent::PartyJoined(e) => tagged(name, e),
            ServerEvent::PartyLeft(e) | ServerEvent::Typing(e) | ServerEvent::NotTyping(e) => {
                tagged(name, e)
            }
            ServerEvent::Message(e) => tagged(name, e),
            ServerEvent::File(e) => tagged(name, e),
            ServerEvent::FormShow(e) | ServerEvent::SecureFormShow(e) => tagged(name, e),
            ServerEvent::TimeoutWarning(e) | ServerEvent::InactivityTimeout(e) => tagged(name, e),
            ServerEvent::Ended(e) | ServerEvent::Disconnected(e) | ServerEvent::EndRequested(e) => {
                tagged(name, e)
            }
            ServerEvent::MessageDelivered(e) | ServerEvent::MessageRead(e) => tagged(name, e),
            ServerEvent::CaseSet(e) => tagged(name, e),
            ServerEvent::Location(e) => tagged(name, e),
            ServerEvent::Navigation(e) => tagged(name, e),
            ServerEvent::Info(e) => tagged(name, e),
            ServerEvent::FormData(e) | ServerEvent::FormCancel(e) => tagged(name, e),
            ServerEvent::Unsupported { raw, .. } | ServerEvent::Unknown { raw, .. } => raw.clone(),
        }
    }
}

impl Serialize for ServerEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for ServerEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ServerEvent::from_value(Value::deserialize(d)?))
    }
}

/// `{"events": [...]}`: the answer of Get New Chat Events, Send Events and Get Chat History.
/// A missing or null list is an empty one; each element is decoded on its own, so one odd event
/// never sinks the batch.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventList {
    pub events: Vec<ServerEvent>,
}

impl<'de> Deserialize<'de> for EventList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let events = match v.get("events") {
            Some(Value::Array(items)) => {
                items.iter().cloned().map(ServerEvent::from_value).collect()
            }
            _ => Vec::new(),
        };
        Ok(EventList { events })
    }
}
