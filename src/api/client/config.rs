//! [`ClientConfig`]: where and as whom the client talks, built from the settings (the tenant,
//! the ids, deadlines and caps, the extra certificate authorities, the proxy).
//!
//! A child of `client`: `Client::new` takes one. Its `Debug` redacts the credentials.

use super::network::{ProxyChoice, ProxyEnv, ProxyUrl};
use crate::api::error::{Error, ErrorKind};
use crate::config::{Field, FieldError, Settings};
use rustls_pki_types::CertificateDer;
use std::fmt;
use std::time::Duration;
use url::Url;

/// Default total deadline of an ordinary request.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Default total deadline of a long poll: servers hold a poll 5–15 s (PROTOCOL.md).
pub const DEFAULT_POLL_TIMEOUT: Duration = Duration::from_secs(25);
/// Default cap of a JSON answer.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Default cap of a downloaded file: the 25 MB upload limit plus slack.
pub const DEFAULT_MAX_FILE_BYTES: usize = 26 * 1024 * 1024;
/// Where and as whom the client talks. `Debug` redacts the credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// `client_web_server_url`: scheme, host, port (and an optional path prefix).
    pub server: Url,
    /// The tenant's domain (`tenantUrl=`), without scheme or path.
    pub tenant: String,
    pub app_id: String,
    pub client_id: String,
    pub request_timeout: Duration,
    pub poll_timeout: Duration,
    /// Cap of a JSON answer.
    pub max_body_bytes: usize,
    /// Cap of a downloaded file (Get File, profile photo).
    pub max_file_bytes: usize,
    /// Speak v2 for every method (v2 has all of v1's): the server answered Get Version, so it
    /// knows v2, and only chats opened under v2 get read receipts.
    pub use_v2: bool,
    /// Certificate authorities trusted on top of the bundled roots and the system's store.
    pub ca_certificates: Vec<CertificateDer<'static>>,
    /// How requests reach the server (the environment's proxy settings by default).
    pub proxy: ProxyChoice,
}

impl ClientConfig {
    /// A configuration with default deadlines and caps, no extra certificate authority and the
    /// proxy settings of this process's environment (read now). `server` must be an http(s) URL;
    /// `tenant` may be typed as a URL (scheme, path and trailing slash are stripped).
    pub fn new(server: &str, tenant: &str, app_id: &str, client_id: &str) -> Result<Self, Error> {
        let server = Url::parse(server.trim())
            .map_err(|_| Error::new(ErrorKind::InvalidSettings, "server URL is not a URL"))?;
        if !matches!(server.scheme(), "http" | "https") || server.host_str().is_none() {
            return Err(Error::new(
                ErrorKind::InvalidSettings,
                "server URL must be http(s)://host",
            ));
        }
        let tenant = tenant_domain(tenant);
        if tenant.is_empty() {
            return Err(Error::new(ErrorKind::InvalidSettings, "tenant is empty"));
        }
        Ok(ClientConfig {
            server,
            tenant,
            app_id: app_id.trim().to_string(),
            client_id: client_id.trim().to_string(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            poll_timeout: DEFAULT_POLL_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            use_v2: false,
            ca_certificates: Vec::new(),
            proxy: ProxyChoice::Environment(ProxyEnv::from_process()),
        })
    }
}

impl ClientConfig {
    /// The client configuration the settings describe, with this process's environment for
    /// the proxy (see [`ClientConfig::from_settings_in`]).
    pub fn from_settings(s: &Settings) -> Result<Self, Error> {
        ClientConfig::from_settings_in(s, ProxyEnv::from_process())
    }

    /// The client configuration the settings describe. The settings that address the server
    /// (tenant, server URL, app id, client id, timeouts, CA file, proxy) must be valid; the
    /// error names the first problem in the settings' own words, never a value. `[network]
    /// proxy` decides the route: empty follows `env`, `"none"` goes direct, a URL overrides.
    /// The CA file is read now: one that gives no certificate is an error naming it.
    pub fn from_settings_in(s: &Settings, env: ProxyEnv) -> Result<Self, Error> {
        for field in [
            Field::TenantUrl,
            Field::ClientWebServerUrl,
            Field::AppId,
            Field::ClientId,
            Field::PollTimeoutSecs,
            Field::RequestTimeoutSecs,
            Field::CaFile,
            Field::Proxy,
        ] {
            if let Some(problem) = s.validate_field(field) {
                let e = FieldError { field, problem };
                return Err(Error::new(ErrorKind::InvalidSettings, e.to_string()));
            }
        }
        // `api_base` also accepts a URL pasted with `/clientweb/api/v1` on the end; our paths
        // add that part themselves, so take it off again.
        let base = s
            .api_base()
            .map_err(|e| Error::new(ErrorKind::InvalidSettings, e.to_string()))?;
        let mut server = base.clone();
        let path = base.path();
        let prefix = path
            .strip_suffix("clientweb/api/v1/")
            .unwrap_or(path)
            .to_string();
        server.set_path(&prefix);
        let mut cfg =
            ClientConfig::new(server.as_str(), &s.tenant_domain(), &s.app_id, &s.client_id)?;
        cfg.tenant = s.tenant_domain();
        cfg.poll_timeout = s.network.poll_timeout();
        cfg.request_timeout = s.network.request_timeout();
        cfg.ca_certificates = s
            .network
            .ca_certificates()
            .map_err(|e| Error::new(ErrorKind::InvalidSettings, e.to_string()))?;
        cfg.proxy = if s.network.proxy_off() {
            ProxyChoice::Direct
        } else {
            match s.network.proxy.0.trim() {
                "" => ProxyChoice::Environment(env),
                url => ProxyChoice::Via(ProxyUrl::parse(url).ok_or_else(|| {
                    Error::new(ErrorKind::InvalidSettings, "the proxy is not a proxy URL")
                })?),
            }
        };
        Ok(cfg)
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("server", &self.server.as_str())
            .field("tenant", &self.tenant)
            .field("app_id", &"<redacted>")
            .field("client_id", &"<redacted>")
            .field("request_timeout", &self.request_timeout)
            .field("poll_timeout", &self.poll_timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_file_bytes", &self.max_file_bytes)
            .field("ca_certificates", &self.ca_certificates.len())
            .field("proxy", &self.proxy)
            .finish()
    }
}

/// The tenant's domain as `tenantUrl=` wants it: no scheme, path, query or trailing slash.
pub fn tenant_domain(raw: &str) -> String {
    let s = raw.trim();
    let s = match s.find("://") {
        Some(i) => &s[i + 3..],
        None => s,
    };
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    s[..end].trim().to_string()
}
