//! What the tenant accepts from a client: JSON bodies and Send Events batches.
//!
//! Owns validation: content type and JSON syntax (400 / 5003), the client event vocabulary of
//! PROTOCOL.md (anything else is 400 / 5003), `msg_id` on messages, uploaded `file_id`s on
//! `chat_session_file` (400 / 5502). A batch is validated whole before any of it is applied, so
//! a 400 means nothing happened. It also accepts the variants real clients send (ids as numbers,
//! form values as numbers, coordinates as strings). Does not apply events (`scenario`).

use super::reply::ApiError;
use super::state::{Owner, StoredFile};
use crate::api::types::{ClientEvent, error_codes, names};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::convert::Infallible;

/// A validated client event and its JSON as it will appear in history.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Incoming {
    pub event: ClientEvent,
    pub wire: Map<String, Value>,
}

/// The client events of PROTOCOL.md; anything else in Send Events is refused.
const CLIENT_EVENTS: &[&str] = &[
    names::MESSAGE,
    names::TYPING,
    names::NOT_TYPING,
    names::FILE,
    names::FORM_DATA,
    names::FORM_CANCEL,
    names::SECURE_FORM_DATA,
    names::SECURE_FORM_CANCEL,
    names::MESSAGE_DELIVERED,
    names::MESSAGE_READ,
    names::LOCATION,
    names::DISCONNECT,
    names::END,
];

/// A request's headers and body as they came, not yet judged: a route reads the body only after
/// its own checks, so that its errors keep their order.
pub(crate) struct RequestBody {
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
}

impl<S: Send + Sync> FromRequest<S> for RequestBody {
    type Rejection = Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Infallible> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state).await;
        Ok(RequestBody { headers, bytes })
    }
}

impl RequestBody {
    /// The bytes of the body; one that could not be read (over the limit, cut) is 400 / 5003.
    pub fn bytes(&self) -> Result<&Bytes, ApiError> {
        let bytes = self.bytes.as_ref();
        bytes.map_err(|e| ApiError::invalid_json(e.body_text()))
    }

    /// The body as a JSON POST body ([`json_body`]).
    pub fn json(&self) -> Result<Value, ApiError> {
        json_body(&self.headers, self.bytes()?)
    }
}

/// A JSON POST body: labelled `application/json` and parseable, else 400 / 5003.
pub(crate) fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::invalid_json(format!(
            "expected Content-Type application/json, got {:?}",
            content_type
        )));
    }
    serde_json::from_slice(body).map_err(|e| ApiError::invalid_json(format!("invalid JSON: {e}")))
}

/// Validates a Send Events body `{"events": [...]}` against the files `owner` uploaded.
pub(crate) fn client_events(
    body: &Value,
    files: &HashMap<String, StoredFile>,
    owner: &Owner,
) -> Result<Vec<Incoming>, ApiError> {
    let list = body
        .get("events")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::invalid_json("expected {\"events\": [...]}"))?;
    list.iter()
        .enumerate()
        .map(|(i, raw)| {
            client_event(raw, files, owner).map_err(|mut e| {
                e.message = format!("events[{i}]: {}", e.message);
                e
            })
        })
        .collect()
}

fn client_event(
    raw: &Value,
    files: &HashMap<String, StoredFile>,
    owner: &Owner,
) -> Result<Incoming, ApiError> {
    let mut wire = raw
        .as_object()
        .cloned()
        .ok_or_else(|| ApiError::invalid_json("an event must be an object"))?;
    let name = wire
        .get("event")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if !CLIENT_EVENTS.contains(&name.as_str()) {
        return Err(ApiError::invalid_json(format!(
            "unknown client event type {name:?}"
        )));
    }
    for key in ["msg_id", "ref_msg_id", "file_id"] {
        stringify_number(&mut wire, key);
    }
    let text = |wire: &Map<String, Value>, key: &str| {
        wire.get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match name.as_str() {
        names::MESSAGE if text(&wire, "msg_id").trim().is_empty() => {
            return Err(ApiError::invalid_json(
                "chat_session_message needs a msg_id",
            ));
        }
        names::FILE => {
            if !text(&wire, "msg_id").is_empty() {
                return Err(ApiError::invalid_json(
                    "chat_session_file must not carry a msg_id",
                ));
            }
            let file_id = text(&wire, "file_id");
            let stored = files
                .get(&file_id)
                .filter(|f| f.owner.as_ref() == Some(owner))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        error_codes::FILE_NOT_FOUND,
                        format!("file {file_id:?} was not uploaded"),
                    )
                })?;
            if text(&wire, "file_name").is_empty() {
                wire.insert("file_name".into(), Value::String(stored.name.clone()));
            }
            if text(&wire, "file_type").is_empty() {
                let kind = if stored.content_type.starts_with("image/") {
                    "image"
                } else {
                    "attachment"
                };
                wire.insert("file_type".into(), Value::String(kind.into()));
            }
        }
        names::FORM_DATA | names::SECURE_FORM_DATA => {
            let data = match wire.remove("data") {
                Some(Value::Object(m)) => m
                    .into_iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => (k, Value::String(s)),
                        Value::Null => (k, Value::String(String::new())),
                        other => (k, Value::String(other.to_string())),
                    })
                    .collect(),
                None | Some(Value::Null) => Map::new(),
                Some(_) => return Err(ApiError::invalid_json("form data must be an object")),
            };
            wire.insert("data".into(), Value::Object(data));
            wire.entry("form_name")
                .or_insert(Value::String(String::new()));
        }
        names::FORM_CANCEL | names::SECURE_FORM_CANCEL => {
            wire.entry("form_name")
                .or_insert(Value::String(String::new()));
        }
        names::LOCATION => {
            for key in ["latitude", "longitude"] {
                numberify_string(&mut wire, key);
            }
        }
        _ => {}
    }
    let event: ClientEvent = serde_json::from_value(Value::Object(wire.clone()))
        .map_err(|e| ApiError::invalid_json(format!("{name}: {e}")))?;
    Ok(Incoming { event, wire })
}

fn stringify_number(wire: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Number(n)) = wire.get(key) {
        let s = n.to_string();
        wire.insert(key.into(), Value::String(s));
    }
}

fn numberify_string(wire: &mut Map<String, Value>, key: &str) {
    let parsed = wire
        .get(key)
        .and_then(Value::as_str)
        .and_then(|s| s.trim().parse::<f64>().ok())
        .and_then(serde_json::Number::from_f64);
    if let Some(n) = parsed {
        wire.insert(key.into(), Value::Number(n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owner() -> Owner {
        Owner {
            app_id: "SimChat".into(),
            client_id: "c".into(),
        }
    }

    fn files() -> HashMap<String, StoredFile> {
        let mut files = HashMap::new();
        files.insert(
            "f1".to_string(),
            StoredFile {
                name: "cat.png".into(),
                content_type: "image/png".into(),
                bytes: vec![1],
                owner: Some(owner()),
            },
        );
        files
    }

    fn check(events: Value) -> Result<Vec<Incoming>, ApiError> {
        client_events(&json!({ "events": events }), &files(), &owner())
    }

    #[test]
    fn every_documented_client_event_is_accepted() {
        let all = json!([
            {"event": "chat_session_message", "msg_id": "c:1", "msg": "hi"},
            {"event": "chat_session_message", "msg_id": 7, "msg": "odd id", "msg_text": "odd id"},
            {"event": "chat_session_typing"},
            {"event": "chat_session_not_typing"},
            {"event": "chat_session_file", "file_id": "f1", "file_name": "cat.png", "file_type": "image"},
            {"event": "chat_session_file", "file_id": "f1"},
            {"event": "chat_session_form_data", "form_request_id": 5, "form_name": "MobileChatSurvey", "data": {"rating": 5}},
            {"event": "chat_form_data_cancel", "form_request_id": "5", "form_name": "x"},
            {"event": "chat_session_secure_form_data", "form_request_id": 6, "form_name": "card", "data": {}},
            {"event": "chat_session_secure_form_cancel", "form_request_id": 6, "form_name": "card"},
            {"event": "chat_session_message_delivered", "ref_msg_id": "agent-1"},
            {"event": "chat_session_message_read", "ref_msg_id": "agent-1"},
            {"event": "chat_session_location", "url": "https://maps.test/x", "latitude": "51.5", "longitude": -0.12},
            {"event": "chat_session_disconnect"},
            {"event": "chat_session_end"}
        ]);
        let accepted = check(all).expect("all accepted");
        assert_eq!(accepted.len(), 15);
        assert_eq!(
            accepted[5].event,
            ClientEvent::File {
                file_id: "f1".into(),
                file_name: "cat.png".into(),
                file_type: "image".into()
            }
        );
    }

    #[test]
    fn strict_rejections() {
        let code = |events: Value| check(events).err().and_then(|e| e.code);
        assert_eq!(code(json!([{"event": "chat_session_dance"}])), Some(5003));
        assert_eq!(code(json!([{"msg": "no type"}])), Some(5003));
        assert_eq!(
            code(json!([{"event": "chat_session_message", "msg": "x"}])),
            Some(5003)
        );
        assert_eq!(
            code(
                json!([{"event": "chat_session_file", "file_id": "nope", "file_name": "a", "file_type": "image"}])
            ),
            Some(5502)
        );
        assert_eq!(
            code(json!([{"event": "chat_session_file", "file_id": "f1", "msg_id": "c:2"}])),
            Some(5003)
        );
        assert_eq!(
            client_events(&json!({"nope": []}), &files(), &owner())
                .err()
                .and_then(|e| e.code),
            Some(5003)
        );
    }

    #[test]
    fn another_clients_upload_is_not_found() {
        let stranger = Owner {
            app_id: "SimChat".into(),
            client_id: "someone-else".into(),
        };
        let body = json!({"events": [{"event": "chat_session_file", "file_id": "f1"}]});
        assert_eq!(
            client_events(&body, &files(), &stranger)
                .err()
                .and_then(|e| e.code),
            Some(5502)
        );
    }

    #[test]
    fn json_body_needs_the_json_content_type() {
        let mut headers = HeaderMap::new();
        assert!(json_body(&headers, b"{}").is_err());
        headers.insert(
            header::CONTENT_TYPE,
            "application/json; charset=UTF-8".parse().expect("header"),
        );
        assert_eq!(json_body(&headers, b"{}"), Ok(json!({})));
        assert_eq!(
            json_body(&headers, b"{nope").err().and_then(|e| e.code),
            Some(5003)
        );
    }
}
