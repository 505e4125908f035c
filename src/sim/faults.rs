//! Fault injection: which requests get a fault (the plan) and what a fault does to the answer.
//!
//! Owns [`Route`] (naming endpoints), [`Fault`], the plan's matching rule (the first injected
//! entry whose route matches, in injection order, is used and counted down), and the middleware
//! that applies it. Faults that replace the answer (`Status`, `Garbage`, `EmptyBody`, and `Hang`,
//! which holds the socket silently) never run the handler, so nothing is consumed; `Delay` runs it
//! late; `DropMidBody` and `Drip` run it and mangle the transfer of its real body (events in it
//! count as delivered).

use super::reply::ApiError;
use super::state::Shared;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use std::sync::Arc;
use std::time::Duration;

/// An endpoint of PROTOCOL.md, as fault injection names it (v1 and v2 alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// Every request.
    Any,
    Availability,
    Parameters,
    RequestChat,
    ActiveChat,
    SendEvents,
    Poll,
    History,
    Upload,
    /// Both Get File paths (`/chats/{id}/files/{file_id}` and `/clientweb/file/{file_id}`).
    GetFile,
    ProfilePhoto,
    Version,
    CaseHistory,
    CloseCase,
}

/// What to do to a matching request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait, then answer normally.
    Delay(Duration),
    /// Answer this status with an error body (`error_code` only when given) and `Retry-After`
    /// when given. The handler does not run.
    Status {
        status: u16,
        error_code: Option<i64>,
        retry_after: Option<u64>,
    },
    /// Send the headers (with the full `Content-Length`) and about half of the real body, then
    /// abort the connection.
    DropMidBody,
    /// Send the real body `chunk` bytes at a time, one chunk every `interval`.
    Drip { chunk: usize, interval: Duration },
    /// 200 with a body that is not JSON (though labelled as JSON). The handler does not run.
    Garbage,
    /// 200 with an empty body. The handler does not run.
    EmptyBody,
    /// Accept the request and never answer: the socket is held silently until the client gives
    /// up (its deadline) or the server stops. The handler does not run, so nothing is consumed.
    Hang,
}

/// One injection: `fault` for the next `remaining` requests matching `route`.
#[derive(Clone, Debug)]
pub(crate) struct FaultEntry {
    pub route: Route,
    pub fault: Fault,
    pub remaining: usize,
}

impl Route {
    /// Names the endpoint a request is for; `None` for paths outside the API.
    pub(crate) fn classify(method: &Method, path: &str) -> Option<Route> {
        if let Some(file_id) = path.strip_prefix("/clientweb/file/") {
            return (method == Method::GET && !file_id.is_empty() && !file_id.contains('/'))
                .then_some(Route::GetFile);
        }
        let rest = path
            .strip_prefix("/clientweb/api/v1")
            .or_else(|| path.strip_prefix("/clientweb/api/v2"))?;
        let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
        let get = method == Method::GET;
        let post = method == Method::POST;
        let route = match segments.as_slice() {
            ["availability"] if get => Route::Availability,
            ["parameters"] if get => Route::Parameters,
            ["version"] if get => Route::Version,
            ["files"] if post => Route::Upload,
            ["chats"] if post => Route::RequestChat,
            ["chats", "active"] if get => Route::ActiveChat,
            ["chats", _, "events"] if post => Route::SendEvents,
            ["chats", _, "events"] if get => Route::Poll,
            ["chats", _, "history"] if get => Route::History,
            ["chats", _, "files", _] if get => Route::GetFile,
            ["chats", _, "profilephotos", _] if get => Route::ProfilePhoto,
            ["chats", _, "casehistory"] if get => Route::CaseHistory,
            ["chats", _, "closecase"] if post => Route::CloseCase,
            _ => return None,
        };
        Some(route)
    }

    fn matches(self, request: Option<Route>) -> bool {
        match self {
            Route::Any => true,
            Route::Availability
            | Route::Parameters
            | Route::RequestChat
            | Route::ActiveChat
            | Route::SendEvents
            | Route::Poll
            | Route::History
            | Route::Upload
            | Route::GetFile
            | Route::ProfilePhoto
            | Route::Version
            | Route::CaseHistory
            | Route::CloseCase => request == Some(self),
        }
    }
}

impl Shared {
    /// Takes the fault for a request on `route`, counting its entry down.
    pub(crate) fn take_fault(&self, route: Option<Route>) -> Option<Fault> {
        let mut state = self.lock();
        let index = state
            .faults
            .iter()
            .position(|e| e.remaining > 0 && e.route.matches(route))?;
        let entry = &mut state.faults[index];
        entry.remaining -= 1;
        let fault = entry.fault.clone();
        if entry.remaining == 0 {
            state.faults.remove(index);
        }
        Some(fault)
    }
}

/// The layer inside `traffic::observe` (which counts and limits): logs the request to tracing
/// and applies any planned fault.
pub(crate) async fn apply_faults(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let route = Route::classify(request.method(), request.uri().path());
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let fault = shared.take_fault(route);
    let response = match fault.clone() {
        None => next.run(request).await,
        Some(Fault::Delay(wait)) => {
            tokio::time::sleep(wait).await;
            next.run(request).await
        }
        Some(Fault::Status {
            status,
            error_code,
            retry_after,
        }) => status_response(status, error_code, retry_after),
        Some(Fault::Garbage) => garbage_response(),
        Some(Fault::EmptyBody) => empty_response(),
        Some(Fault::Hang) => std::future::pending().await,
        Some(Fault::DropMidBody) => drop_mid_body(next.run(request).await).await,
        Some(Fault::Drip { chunk, interval }) => {
            drip(next.run(request).await, chunk, interval).await
        }
    };
    tracing::debug!(%method, %path, ?route, ?fault, status = response.status().as_u16(), "sim request");
    response
}

fn status_response(status: u16, error_code: Option<i64>, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    ApiError {
        status,
        code: error_code,
        message: format!(
            "injected fault: {}",
            status.canonical_reason().unwrap_or("error")
        ),
        retry_after,
    }
    .into_response()
}

fn garbage_response() -> Response {
    let mut response = (
        StatusCode::OK,
        "<html><body><h1>502 Bad Gateway</h1>\x00\u{1b}[2J not json {\"events\": [</body></html>",
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn empty_response() -> Response {
    StatusCode::OK.into_response()
}

/// Splits a response into its head and its whole body.
async fn collect(response: Response) -> (axum::http::response::Parts, Bytes) {
    let (parts, body) = response.into_parts();
    // The sim's own bodies are finite and small; a failure here is a bug, answered as empty.
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    (parts, bytes)
}

/// Sends the head and the first half of the body, pauses so both reach the wire, then errors the
/// body, which makes the HTTP server abort the connection.
async fn drop_mid_body(response: Response) -> Response {
    let (mut parts, bytes) = collect(response).await;
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let chunks = stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                1 => {
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    Some((
                        Err(std::io::Error::new(
                            std::io::ErrorKind::ConnectionAborted,
                            "injected fault: connection dropped mid-body",
                        )),
                        2,
                    ))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// Sends the real body `chunk` bytes at a time, the first at once, then one per `interval`.
async fn drip(response: Response, chunk: usize, interval: Duration) -> Response {
    let (mut parts, bytes) = collect(response).await;
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let chunk = chunk.max(1);
    let chunks = stream::unfold((bytes, true), move |(rest, first)| async move {
        if rest.is_empty() {
            return None;
        }
        if !first {
            tokio::time::sleep(interval).await;
        }
        let take = chunk.min(rest.len());
        let piece = rest.slice(..take);
        let rest = rest.slice(take..);
        Some((Ok::<Bytes, std::io::Error>(piece), (rest, false)))
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_names_every_endpoint_under_both_versions() {
        let cases = [
            (Method::GET, "availability", Route::Availability),
            (Method::GET, "parameters", Route::Parameters),
            (Method::POST, "chats", Route::RequestChat),
            (Method::GET, "chats/active", Route::ActiveChat),
            (Method::POST, "chats/c1/events", Route::SendEvents),
            (Method::GET, "chats/c1/events", Route::Poll),
            (Method::GET, "chats/c1/history", Route::History),
            (Method::POST, "files", Route::Upload),
            (Method::GET, "chats/c1/files/f1", Route::GetFile),
            (
                Method::GET,
                "chats/c1/profilephotos/p1",
                Route::ProfilePhoto,
            ),
            (Method::GET, "version", Route::Version),
            (Method::GET, "chats/c1/casehistory", Route::CaseHistory),
            (Method::POST, "chats/c1/closecase", Route::CloseCase),
        ];
        for version in ["v1", "v2"] {
            for (method, path, route) in &cases {
                let full = format!("/clientweb/api/{version}/{path}");
                assert_eq!(Route::classify(method, &full), Some(*route), "{full}");
            }
        }
        assert_eq!(
            Route::classify(&Method::GET, "/clientweb/file/f1"),
            Some(Route::GetFile)
        );
        assert_eq!(Route::classify(&Method::GET, "/elsewhere"), None);
        assert_eq!(
            Route::classify(&Method::DELETE, "/clientweb/api/v1/chats"),
            None
        );
    }

    #[test]
    fn plan_is_used_in_injection_order_and_counted_down() {
        let shared = Shared::new(super::super::SimConfig::fast());
        {
            let mut state = shared.lock();
            state.faults.push_back(FaultEntry {
                route: Route::Poll,
                fault: Fault::Garbage,
                remaining: 2,
            });
            state.faults.push_back(FaultEntry {
                route: Route::Any,
                fault: Fault::EmptyBody,
                remaining: 1,
            });
        }
        assert_eq!(shared.take_fault(Some(Route::Poll)), Some(Fault::Garbage));
        assert_eq!(
            shared.take_fault(Some(Route::History)),
            Some(Fault::EmptyBody)
        );
        assert_eq!(shared.take_fault(Some(Route::History)), None);
        assert_eq!(shared.take_fault(Some(Route::Poll)), Some(Fault::Garbage));
        assert_eq!(shared.take_fault(Some(Route::Poll)), None);
    }
}
