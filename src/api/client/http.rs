//! The HTTP mechanics under [`super::Client`]: one exchange with a total deadline, a size-capped
//! body, error classification, `Retry-After`, and the same-origin redirect policy.
//!
//! Owns how a request goes over the wire and how a failure becomes an [`Error`]. It does not know
//! the API's paths or payloads (the client does) and never logs or reports credentials: errors
//! carry fixed phrases plus the server's own sanitised `error_message`, never a header or a URL.

use super::network::{ProxyUrl, classify_connect};
use crate::api::error::{Error, ErrorKind};
use crate::api::types::ErrorBody;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{RequestBuilder, Response, StatusCode, redirect};
use std::time::{Duration, SystemTime};
use url::Url;

/// Redirects followed at most (same origin only).
const MAX_REDIRECTS: usize = 5;
/// How much of an error body we read to find `error_code`: error bodies are small.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// What a successful (2xx) exchange produced.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// The redirect policy: follow a redirect only to the same origin (scheme, host, port), at most
/// [`MAX_REDIRECTS`] times. Our requests carry the `Authorization` header; following a redirect
/// to another origin could hand the appId/clientId to a third party, so it is refused outright.
pub(crate) fn redirect_policy() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| same_origin(first, attempt.url()));
        if !same {
            attempt.error(RedirectRefused("redirect to another origin refused"))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(RedirectRefused("too many redirects"))
        } else {
            attempt.follow()
        }
    })
}

pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Why a redirect was not followed.
#[derive(Debug)]
struct RedirectRefused(&'static str);
impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
impl std::error::Error for RedirectRefused {}

/// Sends `req` and reads the whole answer within `deadline` (connect, headers and body: a server
/// that drips bytes or holds the socket is abandoned), reading at most `cap` body bytes.
/// A non-2xx answer becomes an [`Error`] classified from its status, error body and `Retry-After`;
/// a failure to connect through `via` (the proxy, if any) says it was the proxy's.
pub(crate) async fn exchange(
    req: RequestBuilder,
    deadline: Duration,
    cap: usize,
    via: Option<&ProxyUrl>,
) -> Result<Answer, Error> {
    // reqwest's own timeout covers the exchange too; the tokio timeout is what we rely on, since
    // it also bounds our chunk loop and works under a paused test clock.
    let req = req.timeout(deadline);
    let work = async {
        let mut resp = req.send().await.map_err(|e| map_reqwest(e, via))?;
        let status = resp.status();
        if status.is_success() {
            let body = read_capped(&mut resp, cap).await?;
            Ok(Answer {
                status,
                headers: resp.headers().clone(),
                body,
            })
        } else {
            Err(error_answer(resp).await)
        }
    };
    match tokio::time::timeout(deadline, work).await {
        Ok(result) => result,
        Err(_) => Err(Error::new(ErrorKind::Timeout, "no complete answer in time")),
    }
}

/// Reads the body chunk by chunk, refusing more than `cap` bytes.
async fn read_capped(resp: &mut Response, cap: usize) -> Result<Vec<u8>, Error> {
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| map_reqwest(e, None))? {
        if body.len() + chunk.len() > cap {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn too_big() -> Error {
    Error::new(ErrorKind::BadResponse, "answer larger than allowed")
}

/// Builds the error for a non-2xx answer. The body is read best-effort (capped): a missing or
/// unreadable error body still yields an error classified by status.
async fn error_answer(mut resp: Response) -> Error {
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let body = read_capped(&mut resp, MAX_ERROR_BODY)
        .await
        .unwrap_or_default();
    let parsed: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
    Error::from_status(
        status,
        parsed.error_code,
        parsed.error_message.as_deref(),
        retry_after,
    )
}

/// `Retry-After` as delay-seconds or an HTTP-date (a date in the past means "now").
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Classifies a transport failure. The detail is a fixed phrase: reqwest's own text names the
/// URL (and may name the proxy with its credentials), and we keep request details out of
/// anything a user or a log may see. A connect failure is first asked whether it was the
/// certificate's or the proxy's (`via`) doing.
pub(crate) fn map_reqwest(e: reqwest::Error, via: Option<&ProxyUrl>) -> Error {
    let link_problem = || e.is_connect().then(|| classify_connect(&e, via)).flatten();
    if e.is_timeout() {
        Error::new(ErrorKind::Timeout, "no complete answer in time")
    } else if e.is_redirect() {
        Error::new(
            ErrorKind::InvalidSettings,
            "the server redirects elsewhere (refused)",
        )
    } else if let Some(problem) = link_problem() {
        problem
    } else if e.is_connect() {
        Error::new(ErrorKind::Offline, "connection failed")
    } else if e.is_body() || e.is_decode() {
        Error::new(ErrorKind::BadResponse, "answer cut off")
    } else if e.is_builder() {
        Error::new(ErrorKind::InvalidSettings, "cannot form the request")
    } else {
        Error::new(ErrorKind::Offline, "connection lost")
    }
}

/// Parses a JSON body, mapping failure to `BadResponse`.
pub(crate) fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body)
        .map_err(|_| Error::new(ErrorKind::BadResponse, "answer is not the expected JSON"))
}

/// Whether a 2xx body is empty (or only whitespace): PROTOCOL.md allows that where no body is
/// needed.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let u = |s: &str| Url::parse(s).expect("test url");
        assert!(same_origin(
            &u("https://a.test/x"),
            &u("https://a.test:443/y")
        ));
        assert!(!same_origin(&u("https://a.test/"), &u("http://a.test/")));
        assert!(!same_origin(&u("http://a.test:1/"), &u("http://a.test:2/")));
        assert!(!same_origin(&u("http://a.test/"), &u("http://b.test/")));
    }

    #[test]
    fn blank_bodies() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \r\n"));
        assert!(!is_blank(b"{}"));
    }
}
