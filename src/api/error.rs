//! The one error type of the API layer, with kinds the UI can act on.
//!
//! Owns classification (HTTP status + PROTOCOL.md error code → [`ErrorKind`]) and the
//! server-provided detail (sanitised, length-capped). It does not phrase errors for customers:
//! the UI turns a kind into a sentence.

use super::types::error_codes as code;
use std::fmt;
use std::time::Duration;

/// What went wrong, in terms the UI can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The server could not be reached (refused, DNS, reset, TLS): retry later.
    Offline,
    /// The request's total deadline passed (including a server that drips or stalls).
    Timeout,
    /// 401/403 or an auth error code: the settings (appId, clientId, tenant) are wrong.
    Unauthorized,
    /// 404 or "chat session not found": the chat is over (or the file is gone).
    NotFound,
    /// A file over the upload limit (checked locally or refused by the server).
    TooLarge,
    /// 429 or "too many poll requests".
    RateLimited,
    /// 400: the server refused the request as malformed.
    BadRequest,
    /// 5xx or a server-side error code: retry later.
    ServerError,
    /// The answer could not be read: not JSON, wrong shape, cut off, or over the size cap.
    BadResponse,
    /// The settings cannot form a request (bad URL).
    InvalidSettings,
    /// A local file could not be read.
    LocalFile,
    /// The certificate presented for the tenant was not accepted (by the bundled roots, the
    /// system's store or `[network] ca_file`): nothing was sent.
    Certificate(CertificateProblem),
    /// The proxy on the way to the tenant could not be reached or would not connect us
    /// (the tenant itself was not reached).
    Proxy(ProxyProblem),
}

/// What is wrong with a certificate, each with what the customer can do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertificateProblem {
    /// Signed by an authority this machine does not trust (a company CA, a TLS-inspecting
    /// proxy, a self-signed server).
    UnknownIssuer,
    Expired,
    NotYetValid,
    /// Made out to another host name than the server URL's.
    WrongHost,
    Revoked,
    /// Not usable for another reason (bad signature, wrong purpose, unsupported algorithm).
    Invalid,
    /// The secure connection could not be set up at all (no TLS at that address, no common
    /// protocol version, the server refused the handshake).
    Handshake,
}

/// What went wrong with the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProxyProblem {
    /// No connection to the proxy (refused, unknown host, unreachable network).
    Unreachable,
    /// The proxy answered but would not open the way to the tenant.
    Refused,
    /// The proxy wants a user name and password (407).
    AuthRequired,
}

impl CertificateProblem {
    /// What is wrong, in a few words.
    pub fn what(self) -> &'static str {
        match self {
            CertificateProblem::UnknownIssuer => {
                "the tenant's certificate is signed by an authority this computer does not trust"
            }
            CertificateProblem::Expired => "the tenant's certificate has expired",
            CertificateProblem::NotYetValid => "the tenant's certificate is not valid yet",
            CertificateProblem::WrongHost => {
                "the tenant's certificate is made out to another host name"
            }
            CertificateProblem::Revoked => "the tenant's certificate has been revoked",
            CertificateProblem::Invalid => "the tenant's certificate is not valid",
            CertificateProblem::Handshake => "no secure connection could be set up",
        }
    }

    /// What is wrong and what to do, as one sentence without a full stop.
    pub fn sentence(self) -> &'static str {
        match self {
            CertificateProblem::UnknownIssuer => {
                "the tenant's certificate is signed by an authority this computer does not \
                 trust — if your company uses its own, install it in the system's certificate \
                 store or name its PEM file in [network] ca_file"
            }
            CertificateProblem::Expired => {
                "the tenant's certificate has expired — check this computer's date and time; \
                 if they are right, the contact center must renew its certificate"
            }
            CertificateProblem::NotYetValid => {
                "the tenant's certificate is not valid yet — check this computer's date and time"
            }
            CertificateProblem::WrongHost => {
                "the tenant's certificate is made out to another host name — check the server \
                 URL; a proxy that inspects traffic needs its authority in the system's store \
                 or in [network] ca_file"
            }
            CertificateProblem::Revoked => {
                "the tenant's certificate has been revoked — do not connect; tell the contact \
                 center"
            }
            CertificateProblem::Invalid => {
                "the tenant's certificate is not valid — tell the contact center"
            }
            CertificateProblem::Handshake => {
                "no secure connection could be set up — check that the server URL is the \
                 tenant's https:// address"
            }
        }
    }
}

impl ProxyProblem {
    /// What is wrong, in a few words.
    pub fn what(self) -> &'static str {
        match self {
            ProxyProblem::Unreachable => "cannot reach the proxy",
            ProxyProblem::Refused => "the proxy refused to connect to the tenant",
            ProxyProblem::AuthRequired => "the proxy asks for a user name and password",
        }
    }

    /// What is wrong and what to do, as one sentence without a full stop.
    pub fn sentence(self) -> &'static str {
        match self {
            ProxyProblem::Unreachable => {
                "cannot reach the proxy (the tenant was not contacted) — check [network] proxy \
                 or HTTPS_PROXY, or set proxy = \"none\" if this network needs none"
            }
            ProxyProblem::Refused => {
                "the proxy refused to connect to the tenant — check the server URL, or ask \
                 whoever runs the proxy to allow it"
            }
            ProxyProblem::AuthRequired => {
                "the proxy asks for a user name and password — put them in the proxy URL: \
                 http://user:password@host:port"
            }
        }
    }
}

/// An API failure: its kind plus what the server said, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The HTTP status, when there was a response.
    pub status: Option<u16>,
    /// The PROTOCOL.md `error_code`, when the body had one.
    pub code: Option<i64>,
    /// A short description: the server's `error_message` (sanitised) or ours.
    pub detail: String,
    /// How long the server asked us to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
}

/// The longest server-provided detail we keep: error bodies are untrusted and shown to people.
const MAX_DETAIL_CHARS: usize = 200;

impl Error {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Error {
            kind,
            status: None,
            code: None,
            detail: clean_detail(&detail.into()),
            retry_after: None,
        }
    }

    /// Classifies an HTTP error answer from its status and the error body's code.
    pub fn from_status(
        status: u16,
        error_code: Option<i64>,
        message: Option<&str>,
        retry_after: Option<Duration>,
    ) -> Self {
        let kind = classify(status, error_code);
        let detail = match message {
            Some(m) if !m.trim().is_empty() => clean_detail(m),
            _ => format!("HTTP {status}"),
        };
        Error {
            kind,
            status: Some(status),
            code: error_code,
            detail,
            retry_after,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether trying the same request again later can succeed.
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            ErrorKind::Offline
            | ErrorKind::Timeout
            | ErrorKind::RateLimited
            | ErrorKind::ServerError
            | ErrorKind::BadResponse
            // A network that inspects TLS, or a proxy, can come and go (a laptop moving from
            // one network to another): a live chat waits for the way to open again.
            | ErrorKind::Certificate(_)
            | ErrorKind::Proxy(_) => true,
            ErrorKind::Unauthorized
            | ErrorKind::NotFound
            | ErrorKind::TooLarge
            | ErrorKind::BadRequest
            | ErrorKind::InvalidSettings
            | ErrorKind::LocalFile => false,
        }
    }

    /// A 404 / 5005 on a chat: the chat is over.
    pub fn is_chat_over(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }

    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

/// Maps a status and an error code to a kind. The code wins where it is specific, since servers
/// disagree on statuses (PROTOCOL.md lists "which status goes with each code" as open).
fn classify(status: u16, error_code: Option<i64>) -> ErrorKind {
    match error_code {
        Some(
            code::BAD_TENANT_URL
            | code::NO_AUTHORIZATION
            | code::AUTHORIZATION_MALFORMED
            | code::WRONG_AUTH_SCHEME
            | code::APP_ID_MISSING
            | code::CLIENT_ID_MISSING
            | code::UNKNOWN_APP_ID
            | code::SCENARIO_ENTRY_NOT_FOUND,
        ) => return ErrorKind::Unauthorized,
        Some(code::CHAT_NOT_FOUND | code::FILE_NOT_FOUND) => return ErrorKind::NotFound,
        Some(code::UPLOAD_TOO_LARGE) => return ErrorKind::TooLarge,
        Some(code::TOO_MANY_POLLS) => return ErrorKind::RateLimited,
        Some(
            code::SERVER_TIMEOUT
            | code::SERVER_NOT_AVAILABLE
            | code::SERVER_DISCONNECTED
            | code::INTERNAL
            | code::UNSPECIFIED,
        ) if status >= 500 || status == 200 => return ErrorKind::ServerError,
        _ => {}
    }
    match status {
        401 | 403 => ErrorKind::Unauthorized,
        // From a proxy forwarding plain http:// requests (https ones fail at the CONNECT).
        407 => ErrorKind::Proxy(ProxyProblem::AuthRequired),
        404 | 410 => ErrorKind::NotFound,
        413 => ErrorKind::TooLarge,
        429 => ErrorKind::RateLimited,
        408 | 504 => ErrorKind::Timeout,
        400..=499 => ErrorKind::BadRequest,
        _ => ErrorKind::ServerError,
    }
}

/// Server text is untrusted: one line, no control characters, bounded length.
fn clean_detail(s: &str) -> String {
    let line = crate::text::sanitize_line(s);
    let mut out: String = line.chars().take(MAX_DETAIL_CHARS).collect();
    if line.chars().count() > MAX_DETAIL_CHARS {
        out.push('…');
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::Offline => "cannot reach the server",
            ErrorKind::Timeout => "the server took too long to answer",
            ErrorKind::Unauthorized => "the server refused our credentials",
            ErrorKind::NotFound => "not found",
            ErrorKind::TooLarge => "too large",
            ErrorKind::RateLimited => "too many requests",
            ErrorKind::BadRequest => "the server refused the request",
            ErrorKind::ServerError => "server error",
            ErrorKind::BadResponse => "unreadable answer from the server",
            ErrorKind::InvalidSettings => "invalid settings",
            ErrorKind::LocalFile => "cannot read the file",
            ErrorKind::Certificate(_) => "certificate not accepted",
            ErrorKind::Proxy(_) => "proxy problem",
        };
        write!(f, "{what}")?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_win_over_statuses() {
        assert_eq!(classify(400, Some(5005)), ErrorKind::NotFound);
        assert_eq!(classify(400, Some(5509)), ErrorKind::RateLimited);
        assert_eq!(classify(400, Some(3000)), ErrorKind::Unauthorized);
        assert_eq!(classify(400, Some(5501)), ErrorKind::TooLarge);
        assert_eq!(classify(400, None), ErrorKind::BadRequest);
    }

    #[test]
    fn statuses_classify_without_a_code() {
        assert_eq!(classify(401, None), ErrorKind::Unauthorized);
        assert_eq!(classify(403, None), ErrorKind::Unauthorized);
        assert_eq!(classify(404, None), ErrorKind::NotFound);
        assert_eq!(classify(429, None), ErrorKind::RateLimited);
        assert_eq!(
            classify(407, None),
            ErrorKind::Proxy(ProxyProblem::AuthRequired)
        );
        assert_eq!(classify(500, None), ErrorKind::ServerError);
        assert_eq!(classify(503, Some(5001)), ErrorKind::ServerError);
    }

    #[test]
    fn retryable_kinds() {
        let e = Error::from_status(503, None, None, Some(Duration::from_secs(3)));
        assert!(e.is_retryable());
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        assert!(!Error::from_status(401, None, None, None).is_retryable());
        assert!(Error::from_status(404, None, None, None).is_chat_over());
    }

    /// Each certificate and proxy problem says what is wrong, then what to do about it.
    #[test]
    fn link_problems_say_what_is_wrong_and_what_to_do() {
        use CertificateProblem as C;
        use ProxyProblem as P;
        let certificate = [
            C::UnknownIssuer,
            C::Expired,
            C::NotYetValid,
            C::WrongHost,
            C::Revoked,
            C::Invalid,
            C::Handshake,
        ]
        .map(|p| (p.what(), p.sentence(), ErrorKind::Certificate(p)));
        let proxy = [P::Unreachable, P::Refused, P::AuthRequired]
            .map(|p| (p.what(), p.sentence(), ErrorKind::Proxy(p)));
        for (what, sentence, kind) in certificate.into_iter().chain(proxy) {
            let (said, to_do) = sentence.split_once(" — ").unwrap_or_default();
            assert!(said.starts_with(what), "{kind:?}: {sentence}");
            assert!(!to_do.is_empty(), "{kind:?}: {sentence}");
            assert!(Error::new(kind, what).is_retryable(), "{kind:?}");
        }
    }

    #[test]
    fn server_detail_is_sanitised_and_capped() {
        let e = Error::from_status(500, None, Some("boom\x1b[2J\nline2"), None);
        assert!(!e.detail.contains('\x1b'));
        assert!(!e.detail.contains('\n'));
        let long = "x".repeat(10_000);
        let e = Error::from_status(500, None, Some(&long), None);
        assert!(e.detail.chars().count() <= MAX_DETAIL_CHARS + 1);
        assert_eq!(Error::from_status(502, None, None, None).detail, "HTTP 502");
    }
}
