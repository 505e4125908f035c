//! The HTTP face of the simulated tenant: the router and one handler per endpoint of
//! PROTOCOL.md, under `/clientweb/api/v1/` and `/clientweb/api/v2/` (v2 adds version, case
//! history and close case), plus the v2 SDK's `GET /clientweb/file/{file_id}`.
//!
//! Owns request parsing and answers. Every handler first checks the caller (`auth::Caller`:
//! tenantUrl, then Authorization), then the chat (404 / 5005 for an unknown chat or another
//! client's). Does not own chat logic (`scenario`), validation of events (`intake`) or faults
//! (`faults`, the outermost layer).

use super::agent;
use super::assets::AGENT_PHOTO_PNG;
use super::auth::Caller;
use super::faults::apply_faults;
use super::intake::{self, RequestBody};
use super::reply::{self, ApiError};
use super::state::{ApiVersion, Chat, Shared, StoredFile};
use super::traffic::{self, EventCount};
use crate::api::types::{ChatRequest, ChatState, ParametersResponse, error_codes};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Extension, Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::mpsc;

/// More chat parameters than this is "too many parameters" (400 / 5603).
const MAX_PARAMETERS: usize = 100;

/// What Get Version answers.
const SERVER_VERSION: &str = "5.8.2 (sp-chat simulated tenant)";

type Answer = Result<Response, ApiError>;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .nest("/clientweb/api/v1", api(ApiVersion::V1))
        .nest("/clientweb/api/v2", api(ApiVersion::V2))
        .route("/clientweb/file/{file_id}", get(get_file_direct))
        .fallback(unknown_path)
        .layer(middleware::from_fn_with_state(shared.clone(), apply_faults))
        // Added last, so outermost: a request the limiter refuses meets no fault.
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            traffic::observe,
        ))
        .with_state(shared)
}

fn api(version: ApiVersion) -> Router<Arc<Shared>> {
    let common = Router::new()
        .route("/availability", get(availability))
        .route("/parameters", get(parameters))
        .route("/chats", post(request_chat))
        .route("/chats/active", get(active_chat))
        .route("/chats/{chat_id}/events", post(send_events).get(poll))
        .route("/chats/{chat_id}/history", get(history))
        // The upload limit is enforced by the handler with the documented error code.
        .route("/files", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/chats/{chat_id}/files/{file_id}", get(get_file))
        .route(
            "/chats/{chat_id}/profilephotos/{party_id}",
            get(profile_photo),
        );
    let routes = match version {
        ApiVersion::V1 => common,
        ApiVersion::V2 => common
            .route("/version", get(server_version))
            .route("/chats/{chat_id}/casehistory", get(case_history))
            .route("/chats/{chat_id}/closecase", post(close_case)),
    };
    routes.layer(Extension(version))
}

async fn unknown_path() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: None,
        message: "no such endpoint".to_string(),
        retry_after: None,
    }
}

async fn availability(
    Caller(_): Caller,
    State(shared): State<Arc<Shared>>,
    Extension(version): Extension<ApiVersion>,
) -> Answer {
    let available = shared.available_now();
    let chat = if available {
        "available"
    } else {
        "notAvailable"
    };
    let mut body = json!({ "chat": chat });
    if version == ApiVersion::V2 && available {
        body["ewt"] = json!(shared.config.ewt());
    }
    Ok(Json(body).into_response())
}

async fn parameters(Caller(_): Caller, State(shared): State<Arc<Shared>>) -> Answer {
    let answer = ParametersResponse {
        parameters: shared.config.parameters.clone(),
    };
    Ok(Json(answer).into_response())
}

/// Reads a Request Chat body: every field optional, values that are not strings made strings.
fn chat_request(value: &Value) -> Result<ChatRequest, ApiError> {
    let object = value
        .as_object()
        .ok_or_else(|| ApiError::invalid_json("expected a JSON object"))?;
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let parameters: BTreeMap<String, String> = match object.get("parameters") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), text(Some(v)))).collect(),
        Some(_) => return Err(ApiError::invalid_json("parameters must be an object")),
    };
    if parameters.len() > MAX_PARAMETERS {
        return Err(ApiError::bad_request(
            error_codes::TOO_MANY_PARAMETERS,
            "too many parameters",
        ));
    }
    Ok(ChatRequest {
        phone_number: text(object.get("phone_number")),
        from: text(object.get("from")),
        parameters,
    })
}

fn chat_answer(chat: &Chat, ewt: u64, is_new_chat: Option<bool>) -> Json<Value> {
    let mut body = Map::new();
    body.insert("chat_id".into(), json!(chat.id));
    body.insert("state".into(), json!(chat.state.as_str()));
    if chat.state == ChatState::Queued {
        body.insert("ewt".into(), json!(ewt));
    }
    if let Some(is_new) = is_new_chat {
        body.insert("is_new_chat".into(), json!(is_new));
    }
    if !chat.request.phone_number.is_empty() {
        body.insert("phone_number".into(), json!(chat.request.phone_number));
    }
    Json(Value::Object(body))
}

async fn request_chat(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Extension(version): Extension<ApiVersion>,
    body: RequestBody,
) -> Answer {
    let request = chat_request(&body.json()?)?;
    if !shared.config.available {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            error_codes::SERVER_NOT_AVAILABLE,
            "chat is not available now",
        ));
    }
    let ewt = shared.config.ewt();
    let (tx, rx) = mpsc::unbounded_channel();
    let (answer, chat_id) = {
        let mut state = shared.lock();
        if let Some(id) = state.live_chat_id(&owner) {
            let chat = state.chat_of(&owner, &id)?;
            return Ok(chat_answer(chat, ewt, Some(false)).into_response());
        }
        let id = uuid::Uuid::new_v4().to_string();
        let mut chat = Chat::new(id.clone(), owner, request, version);
        chat.set_status(ChatState::Queued, Some(ewt));
        chat.agent_tx = Some(tx);
        let answer = chat_answer(&chat, ewt, Some(true)).into_response();
        state.insert_chat(chat);
        (answer, id)
    };
    agent::spawn(&shared, &chat_id, rx);
    Ok(answer)
}

async fn active_chat(Caller(owner): Caller, State(shared): State<Arc<Shared>>) -> Answer {
    let ewt = shared.config.ewt();
    let mut state = shared.lock();
    let id = state
        .live_chat_id(&owner)
        .ok_or_else(|| ApiError::not_found(error_codes::CHAT_NOT_FOUND, "no active chat"))?;
    let chat = state.chat_of(&owner, &id)?;
    let Json(mut body) = chat_answer(chat, ewt, None);
    // Not in the documented answer; a liberal client reads it (PROTOCOL-NOTES.md) to say when
    // the chat it offers to rejoin started.
    body["created_time"] = json!(chat.created.millis());
    Ok(Json(body).into_response())
}

fn chat_over() -> ApiError {
    ApiError::not_found(error_codes::CHAT_NOT_FOUND, "chat session is over")
}

/// Send Events; the answer carries how many events the body held (for the request log),
/// whatever the answer.
async fn send_events(
    caller: Caller,
    State(shared): State<Arc<Shared>>,
    Path(chat_id): Path<String>,
    body: RequestBody,
) -> Response {
    let mut count = 0;
    let answer = apply_send_events(caller, &shared, &chat_id, &body, &mut count);
    let mut response = answer.into_response();
    response.extensions_mut().insert(EventCount(count));
    response
}

fn apply_send_events(
    Caller(owner): Caller,
    shared: &Shared,
    chat_id: &str,
    body: &RequestBody,
    count: &mut usize,
) -> Answer {
    if shared.lock().chat_of(&owner, chat_id)?.ended {
        return Err(chat_over());
    }
    let value = body.json()?;
    *count = value
        .get("events")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let echo = shared.config.echo_customer_messages;
    let mut state = shared.lock();
    let incoming = intake::client_events(&value, &state.files, &owner)?;
    let form_id = state.next_form_id();
    let chat = state.chat_of(&owner, chat_id)?;
    if chat.ended {
        return Err(chat_over());
    }
    for event in incoming {
        chat.apply_client(event, echo, form_id);
    }
    let answer = if shared.config.events_in_send_answer {
        chat.take_pending(shared.config.max_events_per_answer)
    } else {
        Vec::new()
    };
    Ok(reply::events(answer))
}

/// Lowers a chat's count of polls in flight when a poll ends, however it ends (answered,
/// cut by a fault, or dropped because the connection went away).
struct PollGuard {
    shared: Arc<Shared>,
    chat_id: String,
}

impl Drop for PollGuard {
    fn drop(&mut self) {
        if let Some(chat) = self.shared.lock().chats.get_mut(&self.chat_id) {
            chat.polls_in_flight = chat.polls_in_flight.saturating_sub(1);
        }
    }
}

async fn poll(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path(chat_id): Path<String>,
) -> Answer {
    let notify = {
        let mut state = shared.lock();
        let chat = state.chat_of(&owner, &chat_id)?;
        chat.polls_in_flight += 1;
        let in_flight = chat.polls_in_flight;
        if in_flight > 1 {
            chat.polls_in_flight -= 1;
        }
        let notify = chat.notify.clone();
        let stats = &mut state.stats;
        stats.polls += 1;
        stats.max_concurrent_polls = stats.max_concurrent_polls.max(in_flight);
        if in_flight > 1 {
            stats.rejected_concurrent_polls += 1;
            return Err(ApiError::bad_request(
                error_codes::TOO_MANY_POLLS,
                "too many poll requests",
            ));
        }
        notify
    };
    let _guard = PollGuard {
        shared: shared.clone(),
        chat_id: chat_id.clone(),
    };
    let deadline = tokio::time::Instant::now() + shared.config.poll_hold;
    loop {
        {
            let mut state = shared.lock();
            let chat = state.chat_of(&owner, &chat_id)?;
            if chat.has_pending() {
                let max = shared.config.max_events_per_answer;
                return Ok(reply::events(chat.take_pending(max)));
            }
            if chat.ended {
                return Err(chat_over());
            }
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(reply::events(Vec::new()));
        }
        tokio::select! {
            _ = notify.notified() => {}
            _ = tokio::time::sleep_until(deadline) => {}
        }
    }
}

async fn history(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path(chat_id): Path<String>,
) -> Answer {
    let mut state = shared.lock();
    let chat = state.chat_of(&owner, &chat_id)?;
    Ok(reply::events(chat.history()))
}

fn file_error(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(error_codes::FILE_ERROR, message)
}

async fn upload(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Answer {
    let mut multipart = multipart.map_err(|e| file_error(e.body_text()))?;
    let max = usize::try_from(shared.config.max_upload_bytes).unwrap_or(usize::MAX);
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| file_error(e.body_text()))?
    {
        if !matches!(field.name(), Some("file" | "file-upload-input")) {
            continue;
        }
        let name = field
            .file_name()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("file")
            .to_string();
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.chunk().await.map_err(|e| file_error(e.body_text()))? {
            if too_large || bytes.len() + chunk.len() > max {
                // Keep reading (and dropping) so the client gets this answer instead of a
                // reset while it is still sending.
                too_large = true;
                bytes.clear();
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        if too_large {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                error_codes::UPLOAD_TOO_LARGE,
                "upload size limit exceeded",
            ));
        }
        let file_id = shared.lock().store_file(StoredFile {
            name: name.clone(),
            content_type,
            bytes,
            owner: Some(owner),
        });
        return Ok(Json(json!({ "file_id": file_id, "file_name": name })).into_response());
    }
    Err(file_error("no part named \"file\" in the upload"))
}

/// The file `file_id` if this caller may read it (its own upload, or a file an agent sent).
fn file_answer(shared: &Shared, owner: &super::state::Owner, file_id: &str) -> Answer {
    let state = shared.lock();
    let file = state
        .files
        .get(file_id)
        .filter(|f| f.owner.as_ref().is_none_or(|o| o == owner))
        .ok_or_else(|| ApiError::not_found(error_codes::FILE_NOT_FOUND, "file not found"))?;
    let content_type = HeaderValue::from_str(&file.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok(([(header::CONTENT_TYPE, content_type)], file.bytes.clone()).into_response())
}

async fn get_file(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path((chat_id, file_id)): Path<(String, String)>,
) -> Answer {
    shared.lock().chat_of(&owner, &chat_id)?;
    file_answer(&shared, &owner, &file_id)
}

async fn get_file_direct(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path(file_id): Path<String>,
) -> Answer {
    file_answer(&shared, &owner, &file_id)
}

async fn profile_photo(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path((chat_id, party_id)): Path<(String, String)>,
) -> Answer {
    let mut state = shared.lock();
    let chat = state.chat_of(&owner, &chat_id)?;
    if !chat.agent_joined || chat.agent_party_id != party_id {
        return Err(ApiError::not_found(
            error_codes::FILE_NOT_FOUND,
            "no profile photo",
        ));
    }
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static("image/png"))],
        AGENT_PHOTO_PNG,
    )
        .into_response())
}

async fn server_version(Caller(_): Caller) -> Answer {
    Ok(Json(json!({ "server_version": SERVER_VERSION })).into_response())
}

/// Earlier, finished chats of the same customer stand in for the CRM case's sessions.
async fn case_history(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path(chat_id): Path<String>,
) -> Answer {
    let mut state = shared.lock();
    // As a real tenant: no case linked to this chat, no case to look up (400 / 5601).
    if !state.chat_of(&owner, &chat_id)?.has_case() {
        return Err(ApiError::bad_request(
            error_codes::CASE_NOT_SPECIFIED,
            "case not specified",
        ));
    }
    let sessions: Vec<Value> = state
        .order
        .iter()
        .filter_map(|id| state.chats.get(id))
        .filter(|c| c.owner == owner && c.id != chat_id && c.ended)
        .map(|c| {
            json!({
                "chat_id": c.id,
                "created_time": c.created.millis(),
                "events": c.history(),
            })
        })
        .collect();
    Ok(Json(json!({ "sessions": sessions })).into_response())
}

/// Close Case ends the chat (the SDK sends `chat_session_end` in it); an empty body is fine.
async fn close_case(
    Caller(owner): Caller,
    State(shared): State<Arc<Shared>>,
    Path(chat_id): Path<String>,
    body: RequestBody,
) -> Answer {
    shared.lock().chat_of(&owner, &chat_id)?;
    if !body.bytes()?.iter().all(u8::is_ascii_whitespace) {
        body.json()?;
    }
    shared.lock().chat_of(&owner, &chat_id)?.finish();
    Ok(Json(json!({})).into_response())
}
