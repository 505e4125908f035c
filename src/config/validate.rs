//! Which settings exist ([`Field`]), what each may hold, and the problems [`Settings::validate`]
//! reports. Problems are phrased to follow the field's label ("Tenant URL is required") and never
//! repeat the value: a value may be a credential, and the reader typed it anyway.
//!
//! [`Field::ALL`] is the single list of settings: the loader's unknown-key and type checks and
//! the saver walk it, and a test keeps it in step with the serde structs.

use super::{CLIPBOARD_MODES, IMAGE_PROTOCOLS, LOG_LEVELS, Settings, THEMES, UI_MODES};
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

/// Every setting, one variant each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    TenantUrl,
    ClientWebServerUrl,
    AppId,
    ClientId,
    AllowInsecureHttp,
    CustomerFirstName,
    CustomerLastName,
    CustomerEmail,
    CustomerPhone,
    DownloadDir,
    MaxUploadMb,
    NotificationsBell,
    NotificationsDesktop,
    UiTheme,
    UiShowImages,
    UiImageProtocol,
    UiHyperlinks,
    UiClipboard,
    UiMode,
    PollTimeoutSecs,
    RequestTimeoutSecs,
    CaFile,
    Proxy,
    LogLevel,
}

/// What kind of TOML value a setting holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Bool,
    /// A whole number from 0 to `u32::MAX` (validation narrows it further).
    Number,
}

/// A setting's place in [`Settings`], to write it.
enum Slot<'a> {
    Text(&'a mut String),
    Bool(&'a mut bool),
    Number(&'a mut u32),
}

/// A setting's value, borrowed from [`Settings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(&'a str),
    Bool(bool),
    Number(u32),
}

/// One problem with one setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    /// Reads after the label: "is required", "must be a UUID like …". Never contains the value.
    pub problem: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field.label(), self.problem)
    }
}

impl std::error::Error for FieldError {}

impl Field {
    /// In the order of the file and of the settings screen.
    pub const ALL: [Field; 24] = [
        Field::TenantUrl,
        Field::ClientWebServerUrl,
        Field::AppId,
        Field::ClientId,
        Field::AllowInsecureHttp,
        Field::CustomerFirstName,
        Field::CustomerLastName,
        Field::CustomerEmail,
        Field::CustomerPhone,
        Field::DownloadDir,
        Field::MaxUploadMb,
        Field::NotificationsBell,
        Field::NotificationsDesktop,
        Field::UiTheme,
        Field::UiShowImages,
        Field::UiImageProtocol,
        Field::UiHyperlinks,
        Field::UiClipboard,
        Field::UiMode,
        Field::PollTimeoutSecs,
        Field::RequestTimeoutSecs,
        Field::CaFile,
        Field::Proxy,
        Field::LogLevel,
    ];

    /// The TOML key, dotted for keys inside a table: `"tenant_url"`, `"customer.email"`.
    pub fn key(&self) -> &'static str {
        match self {
            Field::TenantUrl => "tenant_url",
            Field::ClientWebServerUrl => "client_web_server_url",
            Field::AppId => "app_id",
            Field::ClientId => "client_id",
            Field::AllowInsecureHttp => "allow_insecure_http",
            Field::CustomerFirstName => "customer.first_name",
            Field::CustomerLastName => "customer.last_name",
            Field::CustomerEmail => "customer.email",
            Field::CustomerPhone => "customer.phone",
            Field::DownloadDir => "files.download_dir",
            Field::MaxUploadMb => "files.max_upload_mb",
            Field::NotificationsBell => "notifications.bell",
            Field::NotificationsDesktop => "notifications.desktop",
            Field::UiTheme => "ui.theme",
            Field::UiShowImages => "ui.show_images",
            Field::UiImageProtocol => "ui.image_protocol",
            Field::UiHyperlinks => "ui.hyperlinks",
            Field::UiClipboard => "ui.clipboard",
            Field::UiMode => "ui.mode",
            Field::PollTimeoutSecs => "network.poll_timeout_secs",
            Field::RequestTimeoutSecs => "network.request_timeout_secs",
            Field::CaFile => "network.ca_file",
            Field::Proxy => "network.proxy",
            Field::LogLevel => "log.level",
        }
    }

    /// What a person calls it, for the settings screen and messages.
    pub fn label(&self) -> &'static str {
        match self {
            Field::TenantUrl => "Tenant URL",
            Field::ClientWebServerUrl => "Client web server URL",
            Field::AppId => "App ID",
            Field::ClientId => "Client ID",
            Field::AllowInsecureHttp => "Allow plain HTTP",
            Field::CustomerFirstName => "First name",
            Field::CustomerLastName => "Last name",
            Field::CustomerEmail => "Email",
            Field::CustomerPhone => "Phone",
            Field::DownloadDir => "Download folder",
            Field::MaxUploadMb => "Upload limit (MB)",
            Field::NotificationsBell => "Terminal bell",
            Field::NotificationsDesktop => "Desktop notifications",
            Field::UiTheme => "Theme",
            Field::UiShowImages => "Show images",
            Field::UiImageProtocol => "Image protocol",
            Field::UiHyperlinks => "Hyperlinks",
            Field::UiClipboard => "Clipboard",
            Field::UiMode => "Front end",
            Field::PollTimeoutSecs => "Poll timeout (seconds)",
            Field::RequestTimeoutSecs => "Request timeout (seconds)",
            Field::CaFile => "CA certificates file",
            Field::Proxy => "Proxy",
            Field::LogLevel => "Log level",
        }
    }

    pub fn kind(&self) -> FieldKind {
        match self {
            Field::TenantUrl
            | Field::ClientWebServerUrl
            | Field::AppId
            | Field::ClientId
            | Field::CustomerFirstName
            | Field::CustomerLastName
            | Field::CustomerEmail
            | Field::CustomerPhone
            | Field::DownloadDir
            | Field::UiTheme
            | Field::UiImageProtocol
            | Field::UiClipboard
            | Field::UiMode
            | Field::CaFile
            | Field::Proxy
            | Field::LogLevel => FieldKind::Text,
            Field::AllowInsecureHttp
            | Field::NotificationsBell
            | Field::NotificationsDesktop
            | Field::UiShowImages
            | Field::UiHyperlinks => FieldKind::Bool,
            Field::MaxUploadMb | Field::PollTimeoutSecs | Field::RequestTimeoutSecs => {
                FieldKind::Number
            }
        }
    }

    /// The field whose [`Field::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The table a key lives in (`Some("customer")`), `None` at the top level.
    pub fn table(&self) -> Option<&'static str> {
        self.key().split_once('.').map(|(table, _)| table)
    }

    /// The key inside its table (`"email"` for `customer.email`).
    pub fn name(&self) -> &'static str {
        self.key()
            .split_once('.')
            .map_or(self.key(), |(_, name)| name)
    }
}

impl Settings {
    /// A setting by [`Field`], for generic code (the settings screen, the saver).
    pub fn value(&self, field: Field) -> FieldValue<'_> {
        match field {
            Field::TenantUrl => FieldValue::Text(&self.tenant_url),
            Field::ClientWebServerUrl => FieldValue::Text(&self.client_web_server_url),
            Field::AppId => FieldValue::Text(&self.app_id),
            Field::ClientId => FieldValue::Text(&self.client_id),
            Field::AllowInsecureHttp => FieldValue::Bool(self.allow_insecure_http),
            Field::CustomerFirstName => FieldValue::Text(&self.customer.first_name),
            Field::CustomerLastName => FieldValue::Text(&self.customer.last_name),
            Field::CustomerEmail => FieldValue::Text(&self.customer.email),
            Field::CustomerPhone => FieldValue::Text(&self.customer.phone),
            Field::DownloadDir => FieldValue::Text(&self.files.download_dir),
            Field::MaxUploadMb => FieldValue::Number(self.files.max_upload_mb),
            Field::NotificationsBell => FieldValue::Bool(self.notifications.bell),
            Field::NotificationsDesktop => FieldValue::Bool(self.notifications.desktop),
            Field::UiTheme => FieldValue::Text(&self.ui.theme),
            Field::UiShowImages => FieldValue::Bool(self.ui.show_images),
            Field::UiImageProtocol => FieldValue::Text(&self.ui.image_protocol),
            Field::UiHyperlinks => FieldValue::Bool(self.ui.hyperlinks),
            Field::UiClipboard => FieldValue::Text(&self.ui.clipboard),
            Field::UiMode => FieldValue::Text(&self.ui.mode),
            Field::PollTimeoutSecs => FieldValue::Number(self.network.poll_timeout_secs),
            Field::RequestTimeoutSecs => FieldValue::Number(self.network.request_timeout_secs),
            Field::CaFile => FieldValue::Text(&self.network.ca_file),
            Field::Proxy => FieldValue::Text(&self.network.proxy.0),
            Field::LogLevel => FieldValue::Text(&self.log.level),
        }
    }

    /// Sets a setting by [`Field`]. Returns `false` (and changes nothing) when the value's kind
    /// is not the field's [`Field::kind`].
    pub fn set_value(&mut self, field: Field, value: FieldValue<'_>) -> bool {
        match (self.slot_mut(field), value) {
            (Slot::Text(slot), FieldValue::Text(text)) => text.clone_into(slot),
            (Slot::Bool(slot), FieldValue::Bool(b)) => *slot = b,
            (Slot::Number(slot), FieldValue::Number(n)) => *slot = n,
            (Slot::Text(_) | Slot::Bool(_) | Slot::Number(_), _) => return false,
        }
        true
    }

    /// Where a setting lives, typed by its kind.
    fn slot_mut(&mut self, field: Field) -> Slot<'_> {
        match field {
            Field::TenantUrl => Slot::Text(&mut self.tenant_url),
            Field::ClientWebServerUrl => Slot::Text(&mut self.client_web_server_url),
            Field::AppId => Slot::Text(&mut self.app_id),
            Field::ClientId => Slot::Text(&mut self.client_id),
            Field::AllowInsecureHttp => Slot::Bool(&mut self.allow_insecure_http),
            Field::CustomerFirstName => Slot::Text(&mut self.customer.first_name),
            Field::CustomerLastName => Slot::Text(&mut self.customer.last_name),
            Field::CustomerEmail => Slot::Text(&mut self.customer.email),
            Field::CustomerPhone => Slot::Text(&mut self.customer.phone),
            Field::DownloadDir => Slot::Text(&mut self.files.download_dir),
            Field::MaxUploadMb => Slot::Number(&mut self.files.max_upload_mb),
            Field::NotificationsBell => Slot::Bool(&mut self.notifications.bell),
            Field::NotificationsDesktop => Slot::Bool(&mut self.notifications.desktop),
            Field::UiTheme => Slot::Text(&mut self.ui.theme),
            Field::UiShowImages => Slot::Bool(&mut self.ui.show_images),
            Field::UiImageProtocol => Slot::Text(&mut self.ui.image_protocol),
            Field::UiHyperlinks => Slot::Bool(&mut self.ui.hyperlinks),
            Field::UiClipboard => Slot::Text(&mut self.ui.clipboard),
            Field::UiMode => Slot::Text(&mut self.ui.mode),
            Field::PollTimeoutSecs => Slot::Number(&mut self.network.poll_timeout_secs),
            Field::RequestTimeoutSecs => Slot::Number(&mut self.network.request_timeout_secs),
            Field::CaFile => Slot::Text(&mut self.network.ca_file),
            Field::Proxy => Slot::Text(&mut self.network.proxy.0),
            Field::LogLevel => Slot::Text(&mut self.log.level),
        }
    }

    /// Every problem, in [`Field::ALL`] order; empty means the settings are usable.
    pub fn validate(&self) -> Vec<FieldError> {
        Field::ALL
            .into_iter()
            .filter_map(|field| {
                self.validate_field(field)
                    .map(|problem| FieldError { field, problem })
            })
            .collect()
    }

    /// The problem with one setting, if any (see [`FieldError::problem`]).
    pub fn validate_field(&self, field: Field) -> Option<String> {
        match field {
            Field::TenantUrl => check_tenant(&self.tenant_url),
            Field::ClientWebServerUrl => {
                check_server_url(&self.client_web_server_url, self.allow_insecure_http)
            }
            Field::AppId => check_app_id(&self.app_id),
            Field::ClientId => check_client_id(&self.client_id),
            Field::CustomerFirstName => check_name(&self.customer.first_name),
            Field::CustomerLastName => check_name(&self.customer.last_name),
            Field::CustomerEmail => check_email(&self.customer.email),
            Field::CustomerPhone => phone_problem(&self.customer.phone),
            Field::DownloadDir => check_path(&self.files.download_dir),
            Field::CaFile => check_path(&self.network.ca_file),
            Field::Proxy => check_proxy(&self.network.proxy.0),
            Field::MaxUploadMb => check_range(self.files.max_upload_mb, 1, MAX_UPLOAD_MB)
                .map(|p| format!("{p} (the server's limit is {MAX_UPLOAD_MB} MB)")),
            Field::PollTimeoutSecs => {
                check_range(self.network.poll_timeout_secs, 1, MAX_TIMEOUT_SECS)
            }
            Field::RequestTimeoutSecs => {
                check_range(self.network.request_timeout_secs, 1, MAX_TIMEOUT_SECS)
            }
            Field::UiTheme => check_one_of(&self.ui.theme, &THEMES),
            Field::UiImageProtocol => check_one_of(&self.ui.image_protocol, &IMAGE_PROTOCOLS),
            Field::UiClipboard => check_one_of(&self.ui.clipboard, &CLIPBOARD_MODES),
            Field::UiMode => check_one_of(&self.ui.mode, &UI_MODES),
            Field::LogLevel => check_one_of(&self.log.level, &LOG_LEVELS),
            // Any boolean is fine.
            Field::AllowInsecureHttp
            | Field::NotificationsBell
            | Field::NotificationsDesktop
            | Field::UiShowImages
            | Field::UiHyperlinks => None,
        }
    }
}

const MAX_UPLOAD_MB: u32 = 25;
const MAX_TIMEOUT_SECS: u32 = 300;
const MAX_NAME_CHARS: usize = 100;

const REQUIRED: &str = "is required";
pub(super) const NOT_A_URL: &str = "is not a valid URL";
const HTTPS_REQUIRED: &str = "must start with https:// (plain http is only allowed for a loopback \
     host like 127.0.0.1, or with allow_insecure_http = true)";
const NO_SPACES: &str = "must not contain spaces or control characters";

fn has_space_or_control(s: &str) -> bool {
    s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn check_tenant(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Some(REQUIRED.to_owned());
    }
    if has_space_or_control(t) {
        return Some(NO_SPACES.to_owned());
    }
    let url = if t.contains("://") {
        url::Url::parse(t).ok()
    } else {
        url::Url::parse(&format!("https://{t}")).ok()
    };
    match url {
        Some(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => None,
        _ => Some(
            "must be a domain like example.brightpattern.com (or a URL starting with https://)"
                .to_owned(),
        ),
    }
}

fn check_server_url(raw: &str, allow_insecure_http: bool) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Some(REQUIRED.to_owned());
    }
    if has_space_or_control(t) {
        return Some(NO_SPACES.to_owned());
    }
    let url = match url::Url::parse(t) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Some(
                "must be a full URL starting with https://, like https://example.brightpattern.com"
                    .to_owned(),
            );
        }
        Err(_) => return Some(NOT_A_URL.to_owned()),
    };
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        _ => return Some(HTTPS_REQUIRED.to_owned()),
    }
    if url.host().is_none() {
        return Some(format!("{NOT_A_URL} (it has no host name)"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Some("must not contain a user name or password".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Some("must not contain a ?query or #fragment".to_owned());
    }
    None
}

/// 127.0.0.0/8, ::1 and `localhost`: traffic that never leaves the machine, where plain HTTP
/// (the simulator, a local proxy) exposes nothing.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

/// The app id goes into the `Authorization` header as `appId="…"`, or unquoted as the Android
/// SDK sends it (PROTOCOL.md): a space would end an unquoted parameter, a quote, comma or
/// backslash a quoted one, and controls are not allowed in headers at all.
fn check_app_id(raw: &str) -> Option<String> {
    if raw.trim().is_empty() {
        return Some(REQUIRED.to_owned());
    }
    if raw.chars().any(|c| c.is_control()) {
        return Some(
            "must not contain control characters (it is sent in an HTTP header)".to_owned(),
        );
    }
    if raw
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | ',' | '\\'))
    {
        return Some(
            "must not contain spaces, quotes, commas or backslashes (they would break the \
             Authorization header it is sent in)"
                .to_owned(),
        );
    }
    None
}

fn check_client_id(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Some(REQUIRED.to_owned());
    }
    // Only the canonical hyphenated form: it is what we generate and what the server has seen.
    if t.len() != 36 || uuid::Uuid::try_parse(t).is_err() {
        return Some("must be a UUID like 123e4567-e89b-12d3-a456-426614174000".to_owned());
    }
    None
}

fn check_name(raw: &str) -> Option<String> {
    if raw.chars().any(char::is_control) {
        return Some("must not contain control characters".to_owned());
    }
    if raw.trim().chars().count() > MAX_NAME_CHARS {
        return Some(format!("must be at most {MAX_NAME_CHARS} characters"));
    }
    None
}

fn check_email(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() || looks_like_email(t) {
        None
    } else {
        Some("must look like an email address, like name@example.com".to_owned())
    }
}

/// Deliberately loose: one `@`, something before it, a dotted domain after it, nothing that
/// cannot appear in an ordinary address. The server is the judge of anything finer.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '@' | '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"' | '[' | ']' | '\\'
            )
    };
    s.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(forbidden)
        && !domain.chars().any(forbidden)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

/// What is wrong with a phone number, phrased to follow its label ("may contain only digits…");
/// `None` for an empty one or one that looks dialable. The one rule for every phone number the
/// app takes: `[customer] phone` here, Home's callback number and a PHONE pre-chat parameter
/// (`app::home::prechat`).
pub fn phone_problem(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.');
    if !t.chars().all(allowed) {
        return Some("may contain only digits, spaces and + - ( ) .".to_owned());
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if !(3..=20).contains(&digits) {
        return Some("must have between 3 and 20 digits".to_owned());
    }
    None
}

/// A path to a file or folder: absolute, or from the home directory (`~/`).
fn check_path(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if t.chars().any(char::is_control) {
        return Some("must not contain control characters".to_owned());
    }
    match expand_home(t) {
        Some(path) if path.is_absolute() => None,
        Some(_) => Some("must be an absolute path (or start with ~/)".to_owned()),
        None => Some("starts with ~ but the home directory is unknown".to_owned()),
    }
}

/// Expands a leading `~` or `~/`; `None` when that needs a home directory nobody knows.
pub(super) fn expand_home(path: &str) -> Option<PathBuf> {
    let rest = if path == "~" {
        ""
    } else if let Some(rest) = path.strip_prefix("~/") {
        rest
    } else {
        return Some(PathBuf::from(path));
    };
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(rest))
}

/// `[network] proxy`: empty (the environment decides), `none`, or an `http://` or `https://`
/// URL of a proxy: a host, an optional port and optional credentials, nothing else.
fn check_proxy(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() || t.eq_ignore_ascii_case(super::PROXY_NONE) {
        return None;
    }
    if has_space_or_control(t) {
        return Some(NO_SPACES.to_owned());
    }
    let shape = "must be \"none\" or a proxy URL like http://proxy.example.com:3128";
    let Ok(url) = url::Url::parse(t) else {
        return Some(shape.to_owned());
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Some(format!(
            "{shape} (only http:// and https:// proxies are supported)"
        ));
    }
    if url.host().is_none() || !matches!(url.path(), "" | "/") || url.query().is_some() {
        return Some(shape.to_owned());
    }
    None
}

fn check_range(value: u32, min: u32, max: u32) -> Option<String> {
    (!(min..=max).contains(&value)).then(|| format!("must be between {min} and {max}"))
}

fn check_one_of(raw: &str, allowed: &[&str]) -> Option<String> {
    let t = raw.trim();
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(t)) {
        return None;
    }
    let list: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
    Some(format!("must be one of {}", list.join(", ")))
}
