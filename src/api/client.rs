//! [`Client`]: one async method per endpoint of PROTOCOL.md, with the addressing, headers,
//! deadlines and size caps QUALITY.md asks for.
//!
//! Owns URLs (`/clientweb/api/v1/…`, v2 where the method exists only there), the
//! `Authorization`/`User-Agent`/`Cache-Control` headers, the `tenantUrl` and `nonce` query
//! parameters, and turning answers into typed values. Does not retry, poll in a loop or keep
//! chat state: that is the session worker's job ([`crate::api::session`]).
//!
//! Design notes:
//! - Every request has a total deadline (connect + headers + body): `poll_timeout` for polls,
//!   `request_timeout` for the rest, uploads scaled to their size.
//! - Bodies are read chunk by chunk and capped (`max_body_bytes` for JSON, `max_file_bytes` for
//!   files); over the cap is `BadResponse`.
//! - Redirects are followed only within the same origin: the `Authorization` header must never
//!   reach another origin.
//! - Credentials (and a proxy's) never appear in an error, a log line or `Debug` output.
//! - Certificates are checked against the bundled web roots, the system's store and
//!   `[network] ca_file`; there is no way to turn the check off.

mod config;
mod http;
mod network;
mod pacing;

use super::error::{Error, ErrorKind};
use super::types::{
    AvailabilityResponse, CaseHistoryResponse, ChatRequest, ChatResponse, ClientEvent,
    ClientEventList, EventList, ParametersResponse, ServerEvent, UploadResponse, VersionResponse,
    error_codes,
};
pub use config::{
    ClientConfig, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_FILE_BYTES, DEFAULT_POLL_TIMEOUT,
    DEFAULT_REQUEST_TIMEOUT, tenant_domain,
};
use http::{Answer, is_blank, json};
pub use network::{ProxyChoice, ProxyEnv, ProxyUrl};
use pacing::RateGate;
pub(crate) use pacing::slow_down_pause;
use reqwest::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT,
};
use reqwest::{Method, RequestBuilder};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use url::Url;

/// How long the Get Version probe may take before a chat starts on v1 anyway.
pub const VERSION_PROBE: Duration = Duration::from_secs(5);

/// The slowest upload throughput we still wait for, to scale an upload's deadline to its size.
const MIN_UPLOAD_BYTES_PER_SEC: u64 = 64 * 1024;

/// Uploads go out in chunks of this size, each counted as it is handed to the connection.
const UPLOAD_CHUNK: usize = 64 * 1024;

/// Called with the bytes of an upload sent so far.
pub type UploadProgressFn = Arc<dyn Fn(u64) + Send + Sync>;

/// A downloaded file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloaded {
    pub bytes: Vec<u8>,
    /// The `Content-Type` the server gave, if any (untrusted).
    pub content_type: Option<String>,
}

/// Which API version a path lives under.
#[derive(Clone, Copy)]
enum Api {
    V1,
    V2,
}

/// The Mobile/Web API client. Cheap to clone: clones share one connection pool (keep-alive
/// connections are reused) and one rate gate (a "slow down" from the tenant holds them all).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    cfg: Arc<ClientConfig>,
    auth: HeaderValue,
    gate: Arc<RateGate>,
    /// The proxy every request goes through, if any (chosen once: one client, one origin).
    via: Option<Arc<ProxyUrl>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("cfg", &self.cfg)
            .field("via", &self.via)
            .finish()
    }
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Result<Self, Error> {
        let mut auth = HeaderValue::from_str(&format!(
            "MOBILE-API-140-327-PLAIN appId=\"{}\", clientId=\"{}\"",
            cfg.app_id, cfg.client_id
        ))
        .map_err(|_| {
            Error::new(
                ErrorKind::InvalidSettings,
                "app id or client id has characters a header cannot carry",
            )
        })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static("MobileClient"));
        // Proxies that cached polls were a real defect in vendor SDKs (PROTOCOL.md).
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        let cannot_build =
            |what: &str| Error::new(ErrorKind::InvalidSettings, format!("cannot build {what}"));
        // Bundled web roots and the system's store (reqwest's two root features), plus ours.
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(http::redirect_policy())
            .connect_timeout(cfg.request_timeout)
            .no_proxy();
        for der in &cfg.ca_certificates {
            let certificate = reqwest::Certificate::from_der(der)
                .map_err(|_| cannot_build("a trust anchor from [network] ca_file"))?;
            builder = builder.add_root_certificate(certificate);
        }
        let via = cfg.proxy.proxy_for(&cfg.server)?;
        if let Some(proxy) = &via {
            tracing::debug!(%proxy, "requests go through a proxy");
            let route = reqwest::Proxy::all(proxy.as_url().as_str())
                .map_err(|_| cannot_build("the proxy route"))?;
            builder = builder.proxy(route);
        }
        let http = builder.build().map_err(|_| {
            if cfg.ca_certificates.is_empty() {
                cannot_build("the HTTP client")
            } else {
                // The one input of the user's that the TLS setup may refuse.
                cannot_build("the HTTP client: a certificate in [network] ca_file is unusable")
            }
        })?;
        Ok(Client {
            http,
            cfg: Arc::new(cfg),
            auth,
            gate: Arc::new(RateGate::default()),
            via: via.map(Arc::new),
        })
    }

    /// The same client speaking v2 for every method: same connections, same rate gate.
    pub fn with_v2(&self) -> Client {
        let mut cfg = (*self.cfg).clone();
        cfg.use_v2 = true;
        Client {
            cfg: Arc::new(cfg),
            ..self.clone()
        }
    }

    /// Whether `other` is a clone of this client (or its v2 twin): one connection pool and one
    /// rate gate, built together.
    pub fn shares_pool_with(&self, other: &Client) -> bool {
        Arc::ptr_eq(&self.gate, &other.gate)
    }

    pub fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    /// Check Availability.
    pub async fn check_availability(&self) -> Result<AvailabilityResponse, Error> {
        let a = self.get(Api::V1, &["availability"]).await?;
        json(&a.body)
    }

    /// Expected Parameters.
    pub async fn expected_parameters(&self) -> Result<ParametersResponse, Error> {
        let a = self.get(Api::V1, &["parameters"]).await?;
        if is_blank(&a.body) {
            return Ok(ParametersResponse::default());
        }
        json(&a.body)
    }

    /// Request Chat.
    pub async fn request_chat(&self, req: &ChatRequest) -> Result<ChatResponse, Error> {
        let body = serde_json::to_vec(req).map_err(|_| bad_request_body())?;
        let a = self.post_json(Api::V1, &["chats"], body).await?;
        json(&a.body)
    }

    /// Get Active Chat: `None` when the server has no active chat for this appId + clientId.
    pub async fn active_chat(&self) -> Result<Option<ChatResponse>, Error> {
        match self.get(Api::V1, &["chats", "active"]).await {
            Ok(a) if is_blank(&a.body) => Ok(None),
            Ok(a) => json(&a.body).map(Some),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Send Events; returns any events the server handed back (an empty body is none).
    pub async fn send_events(
        &self,
        chat_id: &str,
        events: &[ClientEvent],
    ) -> Result<Vec<ServerEvent>, Error> {
        self.send_events_answer(chat_id, events)
            .await
            .map(Option::unwrap_or_default)
    }

    /// Send Events, telling an empty 200 body (`None`) from an event list (`Some`, maybe
    /// empty). PROTOCOL.md counts an empty body as success; the session worker double-checks
    /// such an answer against history, since a proxy that cut the answer looks the same.
    pub async fn send_events_answer(
        &self,
        chat_id: &str,
        events: &[ClientEvent],
    ) -> Result<Option<Vec<ServerEvent>>, Error> {
        let list = ClientEventList {
            events: events.to_vec(),
        };
        let body = serde_json::to_vec(&list).map_err(|_| bad_request_body())?;
        let a = self
            .post_json(Api::V1, &["chats", chat_id, "events"], body)
            .await?;
        if is_blank(&a.body) {
            return Ok(None);
        }
        event_list(&a.body).map(Some)
    }

    /// Get New Chat Events (the long poll). "No events" (code 5511) is an empty list.
    pub async fn poll_events(&self, chat_id: &str) -> Result<Vec<ServerEvent>, Error> {
        let mut url = self.url(Api::V1, &["chats", chat_id, "events"]);
        url.query_pairs_mut()
            .append_pair("nonce", &now_millis().to_string());
        let req = self.request(Method::GET, url);
        // The poll never waits at the gate (it keeps its own backoff) but a 429 on it still
        // tells every other request to hold back.
        let answer = self
            .exchange(req, self.cfg.poll_timeout, self.cfg.max_body_bytes)
            .await;
        self.gate.observe(&answer);
        match answer {
            Ok(a) => event_list(&a.body),
            Err(e) if e.code == Some(error_codes::NO_EVENTS) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Get Chat History: every event of the session so far.
    pub async fn history(&self, chat_id: &str) -> Result<Vec<ServerEvent>, Error> {
        let a = self.get(Api::V1, &["chats", chat_id, "history"]).await?;
        event_list(&a.body)
    }

    /// Upload File as a multipart part named `file`, with its name and content type.
    pub async fn upload_file(
        &self,
        file_name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<UploadResponse, Error> {
        self.upload_file_with_progress(file_name, content_type, bytes, Arc::new(|_| {}))
            .await
    }

    /// [`Client::upload_file`], streaming the file in chunks and calling `progress` with the
    /// bytes handed to the connection so far (a large file shows how far along it is).
    pub async fn upload_file_with_progress(
        &self,
        file_name: &str,
        content_type: &str,
        bytes: Vec<u8>,
        progress: UploadProgressFn,
    ) -> Result<UploadResponse, Error> {
        let len = bytes.len() as u64;
        let data = bytes::Bytes::from(bytes);
        let chunks: Vec<bytes::Bytes> = (0..data.len())
            .step_by(UPLOAD_CHUNK)
            .map(|at| data.slice(at..(at + UPLOAD_CHUNK).min(data.len())))
            .collect();
        let mut sent = 0u64;
        // The connection pulls the next chunk when it has written the previous one, so the
        // count follows the transfer (to within one chunk).
        let stream = futures_util::stream::iter(chunks.into_iter().map(move |chunk| {
            sent += chunk.len() as u64;
            progress(sent);
            Ok::<_, std::io::Error>(chunk)
        }));
        let part =
            reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
                .file_name(file_name.to_string())
                .mime_str(content_type)
                .map_err(|_| Error::new(ErrorKind::LocalFile, "unusable content type"))?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let url = self.url(Api::V1, &["files"]);
        let req = self.request(Method::POST, url).multipart(form);
        let deadline =
            self.cfg.request_timeout + Duration::from_secs(len / MIN_UPLOAD_BYTES_PER_SEC);
        let a = self
            .gated(self.exchange(req, deadline, self.cfg.max_body_bytes))
            .await?;
        json(&a.body)
    }

    /// Get File: the documented path first, then the v2 SDK's `/clientweb/file/{id}` on 404.
    pub async fn get_file(&self, chat_id: &str, file_id: &str) -> Result<Downloaded, Error> {
        let url = self.url(Api::V1, &["chats", chat_id, "files", file_id]);
        match self.download(url).await {
            Err(e) if e.status == Some(404) => {
                let url = self.url_at(&["clientweb", "file", file_id]);
                self.download(url).await
            }
            other => other,
        }
    }

    /// Get Agent Profile Photo: `None` when the agent has none (404).
    pub async fn agent_photo(
        &self,
        chat_id: &str,
        party_id: &str,
    ) -> Result<Option<Downloaded>, Error> {
        let url = self.url(Api::V1, &["chats", chat_id, "profilephotos", party_id]);
        match self.download(url).await {
            Ok(d) => Ok(Some(d)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Get Version (v2).
    pub async fn version(&self) -> Result<VersionResponse, Error> {
        let a = self.get(Api::V2, &["version"]).await?;
        json(&a.body)
    }

    /// The client to run a chat with: v2 for every method when the server answers Get Version
    /// within [`VERSION_PROBE`] (v2 servers send and accept read receipts), else this one (v1).
    /// The v2 twin shares this client's pool and rate gate: the switch costs no connection.
    pub async fn negotiate_version(self) -> Client {
        match tokio::time::timeout(VERSION_PROBE, self.version()).await {
            Ok(Ok(version)) => {
                tracing::info!(version = ?version.server_version, "server speaks v2");
                self.with_v2()
            }
            Ok(Err(e)) => {
                tracing::info!(error = %e, "no v2 (Get Version failed): using v1");
                self
            }
            Err(_) => self,
        }
    }

    /// Get Case History (v2).
    pub async fn case_history(&self, chat_id: &str) -> Result<CaseHistoryResponse, Error> {
        let a = self
            .get(Api::V2, &["chats", chat_id, "casehistory"])
            .await?;
        if is_blank(&a.body) {
            return Ok(CaseHistoryResponse::default());
        }
        json(&a.body)
    }

    /// Close Case (v2), with the body the SDK sends.
    pub async fn close_case(&self, chat_id: &str) -> Result<(), Error> {
        let list = ClientEventList {
            events: vec![ClientEvent::End],
        };
        let body = serde_json::to_vec(&list).map_err(|_| bad_request_body())?;
        self.post_json(Api::V2, &["chats", chat_id, "closecase"], body)
            .await
            .map(|_| ())
    }

    // -----------------------------------------------------------------------------------------

    /// `<server>/clientweb/api/<v>/<segments…>?tenantUrl=<tenant>`; segments are percent-encoded.
    fn url(&self, api: Api, segments: &[&str]) -> Url {
        let version = match api {
            Api::V1 if !self.cfg.use_v2 => "v1",
            Api::V1 | Api::V2 => "v2",
        };
        let mut all = vec!["clientweb", "api", version];
        all.extend_from_slice(segments);
        self.url_at(&all)
    }

    fn url_at(&self, segments: &[&str]) -> Url {
        let mut url = self.cfg.server.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url.query_pairs_mut()
            .append_pair("tenantUrl", &self.cfg.tenant);
        url
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        // Method and path only: the query holds nothing secret, but logs stay minimal.
        tracing::debug!(method = %method, path = url.path(), "api request");
        self.http
            .request(method, url)
            .header(AUTHORIZATION, self.auth.clone())
    }

    async fn get(&self, api: Api, segments: &[&str]) -> Result<Answer, Error> {
        let req = self.request(Method::GET, self.url(api, segments));
        self.gated(self.exchange(req, self.cfg.request_timeout, self.cfg.max_body_bytes))
            .await
    }

    /// One exchange over this client's route (see [`http::exchange`]).
    async fn exchange(
        &self,
        req: RequestBuilder,
        deadline: Duration,
        cap: usize,
    ) -> Result<Answer, Error> {
        http::exchange(req, deadline, cap, self.via.as_deref()).await
    }

    /// Runs a request that is not the poll: after the rate gate lets it go, and telling the
    /// gate how it went.
    async fn gated<T>(
        &self,
        request: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        self.gate.wait().await;
        let answer = request.await;
        self.gate.observe(&answer);
        answer
    }

    async fn post_json(&self, api: Api, segments: &[&str], body: Vec<u8>) -> Result<Answer, Error> {
        let req = self
            .request(Method::POST, self.url(api, segments))
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=UTF-8"),
            )
            .body(body);
        self.gated(self.exchange(req, self.cfg.request_timeout, self.cfg.max_body_bytes))
            .await
    }

    async fn download(&self, url: Url) -> Result<Downloaded, Error> {
        let req = self.request(Method::GET, url);
        let a = self
            .gated(self.exchange(req, self.cfg.request_timeout, self.cfg.max_file_bytes))
            .await?;
        let content_type = a
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        tracing::debug!(status = a.status.as_u16(), len = a.body.len(), "downloaded");
        Ok(Downloaded {
            bytes: a.body,
            content_type,
        })
    }
}

/// An event list answer; an empty body is an empty list (PROTOCOL.md).
fn event_list(body: &[u8]) -> Result<Vec<ServerEvent>, Error> {
    if is_blank(body) {
        return Ok(Vec::new());
    }
    json::<EventList>(body).map(|l| l.events)
}

fn bad_request_body() -> Error {
    Error::new(ErrorKind::InvalidSettings, "cannot encode the request")
}

fn now_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
