//! What arrives on the wire: the outermost layer of the router, which counts every request,
//! keeps a bounded log of them and applies the rate limiter before anything else runs.
//!
//! Owns [`LoggedRequest`], the log (the latest [`MAX_LOGGED`] answered requests), the refusal
//! the limiter's verdict becomes (429 on v2 paths, 503 on v1 ones, both with `Retry-After`, as
//! PROTOCOL.md says each version answers), and how a request names its client for the limiter
//! (the clientId of its Authorization header). It sits outside fault injection so that a refused
//! request consumes no planned fault and a faulted answer is still logged. Does not own the
//! limit's arithmetic (`limiter`) or the connection count (`server`).

use super::faults::Route;
use super::limiter::{Limiter, RateLimit, Verdict};
use super::reply::ApiError;
use super::state::Shared;
use crate::api::types::error_codes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::time::Instant;

/// The log keeps this many requests; older ones are dropped first.
pub(crate) const MAX_LOGGED: usize = 10_000;

/// One answered request, as `SimControl::request_log` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// When the request arrived (tokio time; a held poll is logged when answered, with the
    /// time it arrived).
    pub at: Instant,
    /// The endpoint; `None` for paths outside the API.
    pub route: Option<Route>,
    pub status: u16,
    /// How many events the body of a Send Events request held, once the handler read it (0 for
    /// other routes, and for a Send Events refused before its body was read: by the limiter,
    /// a fault, or a body that is not JSON).
    pub events: usize,
    /// The answer's `Retry-After` in seconds (the limiter's, or an injected fault's), so a test
    /// can check from the log alone that only polls were sent inside the window.
    pub retry_after_secs: Option<u64>,
}

/// Attached by the Send Events handler to its answer: how many events the body held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EventCount(pub usize);

/// The limiter and the log, kept in the tenant's state.
#[derive(Debug)]
pub(crate) struct Traffic {
    pub limiter: Limiter,
    log: VecDeque<LoggedRequest>,
}

impl Traffic {
    pub fn new(limit: Option<RateLimit>) -> Traffic {
        Traffic {
            limiter: Limiter::new(limit),
            log: VecDeque::new(),
        }
    }

    pub fn record(&mut self, entry: LoggedRequest) {
        if self.log.len() >= MAX_LOGGED {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    pub fn log(&self) -> Vec<LoggedRequest> {
        self.log.iter().cloned().collect()
    }

    pub fn clear_log(&mut self) {
        self.log.clear();
    }
}

/// The outermost layer: counts, limits, logs.
pub(crate) async fn observe(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let arrived = Instant::now();
    let route = Route::classify(request.method(), request.uri().path());
    let v1 = request.uri().path().starts_with("/clientweb/api/v1");
    let refusal = {
        let mut state = shared.lock();
        state.stats.requests += 1;
        if route == Some(Route::SendEvents) {
            state.stats.send_events += 1;
        }
        if route == Some(Route::Poll) {
            // Exempt: a held poll is how a well-behaved client waits out a Retry-After.
            None
        } else {
            let client = client_key(request.headers());
            let decision = state.traffic.limiter.check(&client, arrived);
            if decision.during_retry_after {
                state.stats.during_retry_after += 1;
            }
            match decision.verdict {
                Verdict::Pass => None,
                Verdict::Refuse { retry_after_secs } => {
                    state.stats.rate_limited += 1;
                    Some(retry_after_secs)
                }
            }
        }
    };
    let response = match refusal {
        Some(secs) => too_many_requests(v1, secs),
        None => next.run(request).await,
    };
    let events = response
        .extensions()
        .get::<EventCount>()
        .map_or(0, |count| count.0);
    let retry_after_secs = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let mut state = shared.lock();
    state.stats.events_received += u64::try_from(events).unwrap_or(u64::MAX);
    state.traffic.record(LoggedRequest {
        at: arrived,
        route,
        status: response.status().as_u16(),
        events,
        retry_after_secs,
    });
    response
}

/// The limiter's refusal: v2 has 429 for it; v1 documents no 429, so a v1 path gets 503
/// "server not available" (5001), the answer v1 clients already back off from.
fn too_many_requests(v1: bool, retry_after_secs: u64) -> Response {
    let error = if v1 {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            error_codes::SERVER_NOT_AVAILABLE,
            "server not available: too many requests",
        )
    } else {
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: None,
            message: "too many requests".to_string(),
            retry_after: None,
        }
    };
    ApiError {
        retry_after: Some(retry_after_secs),
        ..error
    }
    .into_response()
}

/// The clientId a request names, for the limiter; requests without a readable one share the
/// empty key (they are refused by authentication anyway, once they get that far).
fn client_key(headers: &HeaderMap) -> String {
    let Some(text) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return String::new();
    };
    let rest = text
        .trim()
        .split_once(char::is_whitespace)
        .map_or("", |(_, rest)| rest);
    super::auth::parse_params(rest)
        .and_then(|params| {
            params
                .into_iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("clientId"))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::test_support::authorization as auth;

    #[test]
    fn the_client_is_named_by_its_client_id() {
        assert_eq!(
            client_key(&auth(
                r#"MOBILE-API-140-327-PLAIN appId="SimChat", clientId="c-1""#
            )),
            "c-1"
        );
        assert_eq!(
            client_key(&auth("MOBILE-API-140-327-PLAIN clientid=c-2,appId=x")),
            "c-2"
        );
        assert_eq!(client_key(&auth("MOBILE-API-140-327-PLAIN appId=x")), "");
        assert_eq!(client_key(&auth("garbage")), "");
        assert_eq!(client_key(&HeaderMap::new()), "");
    }

    #[tokio::test(start_paused = true)]
    async fn the_log_keeps_the_latest_entries() {
        let mut traffic = Traffic::new(None);
        let at = Instant::now();
        for status in 0..(MAX_LOGGED + 5) {
            traffic.record(LoggedRequest {
                at,
                route: Some(Route::Poll),
                status: u16::try_from(status % 600).unwrap_or(0),
                events: status,
                retry_after_secs: None,
            });
        }
        let log = traffic.log();
        assert_eq!(log.len(), MAX_LOGGED);
        assert_eq!(log.first().map(|e| e.events), Some(5), "oldest dropped");
        assert_eq!(log.last().map(|e| e.events), Some(MAX_LOGGED + 4));
        traffic.clear_log();
        assert!(traffic.log().is_empty());
    }

    #[test]
    fn refusals_follow_the_api_version() {
        let v2 = too_many_requests(false, 7);
        assert_eq!(v2.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(v2.headers()[header::RETRY_AFTER], "7");
        let v1 = too_many_requests(true, 3);
        assert_eq!(v1.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(v1.headers()[header::RETRY_AFTER], "3");
    }
}
