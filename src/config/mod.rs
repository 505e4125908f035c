//! Settings: what they are, where they live, how they are loaded, validated and saved.
//!
//! Owns:
//! - [`Settings`] and its tables, with the defaults (the settings of the original plugin's
//!   `SP_mobileSettings` plus our own), and a `Debug` that redacts credentials and contact data;
//! - where the file is ([`default_config_path`], [`resolve_config_path`]);
//! - [`load`] / [`load_or_init`] / [`save`] (in `file.rs`): TOML, atomic, mode 0600 in a 0700
//!   directory, comments of an existing file preserved, errors that name file, line and key but
//!   never a value;
//! - [`Settings::validate`] (in `validate.rs`): per-field problems in words, for the settings
//!   screen and for the CLI;
//! - the `[keys]` table ([`Settings::keys`], kept as written; the keymap it makes, checked
//!   before the app starts, is `app::keymap::from_config`'s).
//!
//! Does not own: the settings screen (`app::settings` / `ui::settings`), the CLI flags (`main.rs`
//! passes `--config` to [`resolve_config_path`]), the `NO_COLOR` convention (the UI reads it), or
//! building HTTP requests (`api` uses [`Settings::api_base`] and [`Settings::tenant_domain`]).

mod error;
mod file;
mod validate;

pub use error::ConfigError;
pub use file::{closest as closest_name, load, load_or_init, save};
pub use validate::{Field, FieldError, FieldKind, FieldValue, phone_problem};

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable naming the config file when `--config` is not given.
pub const CONFIG_ENV: &str = "SP_CHAT_CONFIG";

/// The path segment every API call goes under (PROTOCOL.md, "Addressing").
const API_PATH: &str = "clientweb/api/v1/";

/// All settings. The four top-level strings are the plugin's `SP_mobileSettings`.
///
/// `Default` is the documented defaults (each table's own `Default`), with the four required
/// settings empty: the settings screen asks for them.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The tenant's domain (`example.brightpattern.com`); a URL is accepted and reduced to its
    /// domain by [`Settings::tenant_domain`].
    pub tenant_url: String,
    /// Where the chat API is served, e.g. `https://example.brightpattern.com`.
    pub client_web_server_url: String,
    /// The Messaging/Chat scenario entry: a credential of the `Authorization` header.
    pub app_id: String,
    /// This device's UUID, generated on first use and kept: the other credential.
    pub client_id: String,
    /// Allow `http://` to a non-loopback server (for a lab; never for a real tenant).
    pub allow_insecure_http: bool,
    pub customer: CustomerSettings,
    pub files: FileSettings,
    pub notifications: NotificationSettings,
    pub ui: UiSettings,
    pub network: NetworkSettings,
    pub log: LogSettings,
    /// `[keys]`: action name → key spec (`end_chat = "ctrl-q"`), as written. Only checked to be
    /// text when loading; `app::keymap::from_config` reads the names and keys (they are the
    /// keymap's).
    pub keys: BTreeMap<String, String>,
}

/// Who the customer is: sent as chat parameters and as `from`. All optional.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerSettings {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileSettings {
    /// Where agent-sent files are saved; empty means the default (see
    /// [`Settings::resolved_download_dir`]). A leading `~/` is the home directory.
    pub download_dir: String,
    /// Largest file the customer may upload, in MB (the server's own limit is 25).
    pub max_upload_mb: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationSettings {
    /// Ring the terminal bell on an agent message while the terminal is not focused.
    pub bell: bool,
    /// Also raise a desktop notification.
    pub desktop: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiSettings {
    /// `"default"` or `"high-contrast"`. A string rather than an enum so that a typo is a
    /// validation problem shown on the settings screen, not a file that refuses to load.
    pub theme: String,
    /// Inline previews of pictures in the transcript.
    pub show_images: bool,
    /// How pictures are drawn: `"auto"` asks the terminal (kitty, sixel, iTerm2, else
    /// half-blocks); the others force one. Read at start.
    pub image_protocol: String,
    /// Links in messages are terminal hyperlinks (OSC 8); never when `TERM=dumb`.
    pub hyperlinks: bool,
    /// How `y` / `Y` copy: `"osc52"` (the terminal's clipboard, works over SSH) or `"off"`.
    pub clipboard: String,
    /// The front end: `"tui"` (full screen) or `"line"` (plain lines, for screen readers and
    /// scripts). `--line` and `SP_CHAT_LINE` win over it.
    pub mode: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkSettings {
    /// Total deadline of one long poll, in seconds.
    pub poll_timeout_secs: u32,
    /// Total deadline of any other request, in seconds.
    pub request_timeout_secs: u32,
    /// A PEM file of certificate authorities trusted on top of the bundled roots and the
    /// system's store (a company's own CA); empty: none. A leading `~/` is the home directory.
    /// Read by [`NetworkSettings::ca_certificates`].
    pub ca_file: String,
    /// How requests reach the tenant: empty follows the environment (`HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`), [`PROXY_NONE`] goes direct, and an
    /// `http://host:port` URL sends every request through that proxy.
    pub proxy: ProxySetting,
}

/// The `[network] proxy` value that turns proxies off, whatever the environment says.
pub const PROXY_NONE: &str = "none";

/// `[network] proxy` as written in the file. Its `Debug` hides the credentials a proxy URL
/// may carry (`http://user:password@host:port`).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProxySetting(pub String);

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&without_credentials(&self.0), f)
    }
}

/// `raw` with whatever comes before the last `@` (after any `scheme://`) replaced by
/// `<redacted>`: `http://user:password@proxy:3128` → `http://<redacted>@proxy:3128`. Works on
/// text that is not a valid URL too (a password may hold characters a URL may not).
pub fn without_credentials(raw: &str) -> String {
    let raw = raw.trim();
    let (scheme, rest) = match raw.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), raw),
    };
    match rest.rfind('@') {
        Some(at) => format!("{scheme}<redacted>{}", &rest[at..]),
        None => raw.to_owned(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// `error`, `warn`, `info`, `debug`, `trace` or `off`.
    pub level: String,
}

/// The theme names [`UiSettings::theme`] accepts.
pub const THEMES: [&str; 2] = ["default", "high-contrast"];
/// The values [`UiSettings::image_protocol`] accepts.
pub const IMAGE_PROTOCOLS: [&str; 5] = ["auto", "kitty", "sixel", "iterm2", "halfblocks"];
/// The values [`UiSettings::clipboard`] accepts.
pub const CLIPBOARD_MODES: [&str; 2] = ["osc52", "off"];
/// The values [`UiSettings::mode`] accepts.
pub const UI_MODES: [&str; 2] = ["tui", "line"];
/// The level names [`LogSettings::level`] accepts (case-insensitive).
pub const LOG_LEVELS: [&str; 6] = ["error", "warn", "info", "debug", "trace", "off"];

impl Default for FileSettings {
    fn default() -> Self {
        FileSettings {
            download_dir: String::new(),
            max_upload_mb: 25,
        }
    }
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            bell: true,
            desktop: false,
        }
    }
}

impl UiSettings {
    /// Copying to the clipboard is on.
    pub fn copies(&self) -> bool {
        self.clipboard == CLIPBOARD_MODES[0]
    }
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            theme: THEMES[0].to_owned(),
            show_images: true,
            image_protocol: IMAGE_PROTOCOLS[0].to_owned(),
            hyperlinks: true,
            clipboard: CLIPBOARD_MODES[0].to_owned(),
            mode: UI_MODES[0].to_owned(),
        }
    }
}

impl Default for NetworkSettings {
    fn default() -> Self {
        NetworkSettings {
            poll_timeout_secs: 20,
            request_timeout_secs: 15,
            ca_file: String::new(),
            proxy: ProxySetting::default(),
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            level: "info".to_owned(),
        }
    }
}

/// Shows that a secret is set without showing it; an empty one is shown as empty, which is
/// what one needs to know when debugging a "settings incomplete" report.
struct Redacted<'a>(&'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("<redacted>")
        }
    }
}

/// `app_id` and `client_id` are the credentials of the `Authorization` header: a `{:?}` in a log
/// line must not leak them.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("tenant_url", &self.tenant_url)
            .field("client_web_server_url", &self.client_web_server_url)
            .field("app_id", &Redacted(&self.app_id))
            .field("client_id", &Redacted(&self.client_id))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("customer", &self.customer)
            .field("files", &self.files)
            .field("notifications", &self.notifications)
            .field("ui", &self.ui)
            .field("network", &self.network)
            .field("log", &self.log)
            .field("keys", &self.keys)
            .finish()
    }
}

/// Contact data is personal: redacted like the credentials.
impl fmt::Debug for CustomerSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomerSettings")
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("email", &Redacted(&self.email))
            .field("phone", &Redacted(&self.phone))
            .finish()
    }
}

impl Settings {
    /// The `tenantUrl` query parameter: a domain, not a URL (PROTOCOL.md, "Addressing"). Strips a
    /// scheme, user info, path, query and fragment; keeps a port; lowercases.
    /// `"https://Example.brightpattern.com/"` → `"example.brightpattern.com"`.
    pub fn tenant_domain(&self) -> String {
        let t = self.tenant_url.trim();
        let rest = t.split_once("://").map_or(t, |(_, rest)| rest);
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        host.trim_end_matches('.').to_ascii_lowercase()
    }

    /// `<client_web_server_url>/clientweb/api/v1/`, joined with exactly one slash. A URL that
    /// already ends in `/clientweb/api/v1` (pasted from documentation) is not doubled. Fails with
    /// the same problem [`Settings::validate_field`] reports for the URL.
    pub fn api_base(&self) -> Result<url::Url, FieldError> {
        let field = Field::ClientWebServerUrl;
        if let Some(problem) = self.validate_field(field) {
            return Err(FieldError { field, problem });
        }
        let mut url =
            url::Url::parse(self.client_web_server_url.trim()).map_err(|_| FieldError {
                field,
                problem: validate::NOT_A_URL.to_owned(),
            })?;
        let path = url.path().trim_end_matches('/');
        let path = path
            .strip_suffix(API_PATH.trim_end_matches('/'))
            .unwrap_or(path)
            .trim_end_matches('/');
        let joined = format!("{path}/{API_PATH}");
        url.set_path(&joined);
        Ok(url)
    }

    /// `"First Last"`, trimmed; empty when neither is set.
    pub fn customer_display_name(&self) -> String {
        let first = self.customer.first_name.trim();
        let last = self.customer.last_name.trim();
        format!("{first} {last}").trim().to_owned()
    }

    /// Where downloads go: `files.download_dir` (with `~/` expanded) if set, else the user's
    /// download directory, else `<data dir>/downloads`. `None` only when no home directory is
    /// known and no directory is configured.
    pub fn resolved_download_dir(&self) -> Option<PathBuf> {
        let configured = self.files.download_dir.trim();
        if !configured.is_empty() {
            return validate::expand_home(configured);
        }
        directories::UserDirs::new()
            .and_then(|dirs| dirs.download_dir().map(Path::to_path_buf))
            .or_else(|| project_dirs().map(|dirs| dirs.data_dir().join("downloads")))
    }

    /// Whether `[ui] mode` asks for the line front end.
    pub fn wants_line_mode(&self) -> bool {
        self.ui.mode.trim().eq_ignore_ascii_case("line")
    }

    /// Whether the high-contrast theme is selected.
    pub fn high_contrast(&self) -> bool {
        self.ui.theme.trim().eq_ignore_ascii_case("high-contrast")
    }
}

impl NetworkSettings {
    /// [`NetworkSettings::poll_timeout_secs`] as a `Duration`.
    pub fn poll_timeout(&self) -> Duration {
        Duration::from_secs(u64::from(self.poll_timeout_secs))
    }

    /// [`NetworkSettings::request_timeout_secs`] as a `Duration`.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(u64::from(self.request_timeout_secs))
    }

    /// The certificates of [`NetworkSettings::ca_file`] (none when it is empty). A file that
    /// is missing, unreadable, not PEM or holds no certificate is an error naming the file.
    pub fn ca_certificates(&self) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
        let configured = self.ca_file.trim();
        if configured.is_empty() {
            return Ok(Vec::new());
        }
        let path = validate::expand_home(configured).unwrap_or_else(|| PathBuf::from(configured));
        let failed = |problem: String| ConfigError::CaFile {
            path: path.clone(),
            problem,
        };
        let pem = std::fs::read(&path).map_err(|e| failed(format!("cannot be read ({e})")))?;
        let certificates = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| failed("is not a PEM file".to_owned()))?;
        if certificates.is_empty() {
            return Err(failed(
                "holds no certificate (a -----BEGIN CERTIFICATE----- block)".to_owned(),
            ));
        }
        Ok(certificates)
    }

    /// Whether [`NetworkSettings::proxy`] says to go direct, whatever the environment says.
    pub fn proxy_off(&self) -> bool {
        self.proxy.0.trim().eq_ignore_ascii_case(PROXY_NONE)
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("com", "sp-chat", "sp-chat")
}

/// `<config dir>/config.toml`, e.g. `~/.config/sp-chat/config.toml` on Linux.
pub fn default_config_path() -> Result<PathBuf, ConfigError> {
    project_dirs()
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .ok_or(ConfigError::NoConfigDir)
}

/// The config file to use: `--config PATH` if given, else `$SP_CHAT_CONFIG` if set and not
/// empty, else [`default_config_path`].
pub fn resolve_config_path(cli: Option<&Path>) -> Result<PathBuf, ConfigError> {
    resolve_config_path_with(cli, std::env::var_os(CONFIG_ENV))
}

/// [`resolve_config_path`] with the environment value passed in, so tests need not mutate the
/// process environment (tests run in parallel).
fn resolve_config_path_with(
    cli: Option<&Path>,
    env: Option<OsString>,
) -> Result<PathBuf, ConfigError> {
    if let Some(path) = cli {
        return Ok(path.to_path_buf());
    }
    match env {
        Some(value) if !value.is_empty() => Ok(PathBuf::from(value)),
        _ => default_config_path(),
    }
}

#[cfg(test)]
mod tests;
