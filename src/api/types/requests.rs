//! Requests and responses of the other endpoints, and the error body with its codes.

use super::*;

/// Check Availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    Available,
    NotAvailable,
}

impl Availability {
    pub fn as_str(&self) -> &str {
        match self {
            Availability::Available => "available",
            Availability::NotAvailable => "notAvailable",
        }
    }

    /// `available`; the docs' `notAvailable` and the SDK's `unavailable` (and anything else) are
    /// "no".
    pub fn parse(s: &str) -> Self {
        if s.trim().eq_ignore_ascii_case("available") {
            Availability::Available
        } else {
            Availability::NotAvailable
        }
    }
}

/// The type of an expected chat parameter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ParameterType {
    Phone,
    Text,
    Email,
    FirstName,
    LastName,
    Account,
    Company,
    Other(String),
}

impl ParameterType {
    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_uppercase().as_str() {
            "PHONE" => ParameterType::Phone,
            "TEXT" => ParameterType::Text,
            "EMAIL" => ParameterType::Email,
            "FIRST_NAME" => ParameterType::FirstName,
            "LAST_NAME" => ParameterType::LastName,
            "ACCOUNT" => ParameterType::Account,
            "COMPANY" => ParameterType::Company,
            _ => ParameterType::Other(s.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            ParameterType::Phone => "PHONE",
            ParameterType::Text => "TEXT",
            ParameterType::Email => "EMAIL",
            ParameterType::FirstName => "FIRST_NAME",
            ParameterType::LastName => "LAST_NAME",
            ParameterType::Account => "ACCOUNT",
            ParameterType::Company => "COMPANY",
            ParameterType::Other(s) => s,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedParameter {
    pub name: String,
    pub kind: ParameterType,
}

/// Expected Parameters: `{"parameters": [{"<name>": "<TYPE>"}, ...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParametersResponse {
    pub parameters: Vec<ExpectedParameter>,
}

impl Serialize for ParametersResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let list: Vec<Value> = self
            .parameters
            .iter()
            .map(|p| {
                let mut m = Map::new();
                m.insert(p.name.clone(), Value::String(p.kind.as_str().to_string()));
                Value::Object(m)
            })
            .collect();
        let mut m = Map::new();
        m.insert("parameters".into(), Value::Array(list));
        Value::Object(m).serialize(s)
    }
}

impl<'de> Deserialize<'de> for ParametersResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let mut parameters = Vec::new();
        if let Some(Value::Array(items)) = v.get("parameters") {
            for item in items {
                if let Value::Object(m) = item {
                    for (name, kind) in m {
                        let kind = kind.as_str().unwrap_or("TEXT");
                        parameters.push(ExpectedParameter {
                            name: name.clone(),
                            kind: ParameterType::parse(kind),
                        });
                    }
                }
            }
        }
        Ok(ParametersResponse { parameters })
    }
}

/// Request Chat. Every field is optional; `initial_message` is deliberately not used
/// (PROTOCOL.md: older servers ignore it; the first message goes out as a normal event).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRequest {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone_number: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
}

wire_structs! {
    derive(Clone, Debug, PartialEq, Serialize, Deserialize);

    #[derive(Eq)]
    pub struct AvailabilityResponse {
        required pub chat: Availability,
        /// v2: estimated wait in seconds.
        pub ewt: Option<u64>,
    }

    /// The answer of Request Chat and of Get Active Chat.
    #[derive(Default)]
    pub struct ChatResponse {
        required pub chat_id: String,
        pub state: Option<ChatState>,
        pub ewt: Option<u64>,
        pub is_new_chat: Option<bool>,
        pub phone_number: Option<String>,
        /// When the chat started. Not in the documented answer: read liberally when a server
        /// sends it (PROTOCOL-NOTES.md), for the rejoin question.
        pub created_time: Option<Timestamp>,
    }

    /// Upload File.
    #[derive(Default, Eq)]
    pub struct UploadResponse {
        required pub file_id: String,
        pub file_name: Option<String>,
    }

    /// Get Version (v2).
    #[derive(Default, Eq)]
    pub struct VersionResponse {
        pub server_version: String,
    }

    /// Get Case History (v2).
    #[derive(Default)]
    pub struct CaseHistoryResponse {
        pub sessions: Vec<CaseSession>,
    }

    #[derive(Default)]
    pub struct CaseSession {
        pub chat_id: String,
        pub created_time: Option<Timestamp>,
        pub events: Vec<ServerEvent>,
    }

    /// The error body most failures carry: `{"error_code": <code>, "error_message": "<text>"}`.
    #[derive(Default, Eq)]
    pub struct ErrorBody {
        pub error_code: Option<i64>,
        pub error_message: Option<String>,
    }
}

plain_lenient!(Vec<CaseSession>);

/// A history's events, each decoded on its own (an odd one is kept as `Unknown`); a missing or
/// null list is an empty one.
impl Lenient for Vec<ServerEvent> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Option::<Value>::deserialize(d)?;
        Ok(match v {
            Some(Value::Array(items)) => items.into_iter().map(ServerEvent::from_value).collect(),
            _ => Vec::new(),
        })
    }
}

/// Error codes of PROTOCOL.md that the client acts on.
pub mod error_codes {
    pub const BAD_TENANT_URL: i64 = 1000;
    pub const NO_AUTHORIZATION: i64 = 2000;
    pub const AUTHORIZATION_MALFORMED: i64 = 2001;
    pub const WRONG_AUTH_SCHEME: i64 = 2002;
    pub const APP_ID_MISSING: i64 = 2003;
    pub const CLIENT_ID_MISSING: i64 = 2004;
    pub const UNKNOWN_APP_ID: i64 = 3000;
    pub const SERVER_TIMEOUT: i64 = 5000;
    pub const SERVER_NOT_AVAILABLE: i64 = 5001;
    pub const INVALID_JSON: i64 = 5003;
    pub const SERVER_DISCONNECTED: i64 = 5004;
    pub const CHAT_NOT_FOUND: i64 = 5005;
    pub const SCENARIO_ENTRY_NOT_FOUND: i64 = 5006;
    pub const INTERNAL: i64 = 5500;
    pub const UPLOAD_TOO_LARGE: i64 = 5501;
    pub const FILE_NOT_FOUND: i64 = 5502;
    pub const TOO_MANY_POLLS: i64 = 5509;
    pub const NO_EVENTS: i64 = 5511;
    pub const FILE_ERROR: i64 = 5558;
    pub const CASE_NOT_SPECIFIED: i64 = 5601;
    pub const CRM_ERROR: i64 = 5602;
    pub const TOO_MANY_PARAMETERS: i64 = 5603;
    pub const UNSPECIFIED: i64 = 5955;
}
