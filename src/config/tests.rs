use super::*;
use pretty_assertions::assert_eq;

const UUID: &str = "123e4567-e89b-12d3-a456-426614174000";

/// Settings that pass validation.
fn valid() -> Settings {
    Settings {
        tenant_url: "example.brightpattern.com".to_owned(),
        client_web_server_url: "https://example.brightpattern.com".to_owned(),
        app_id: "MyChatEntry".to_owned(),
        client_id: UUID.to_owned(),
        ..Settings::default()
    }
}

fn problem(s: &Settings, field: Field) -> Option<String> {
    s.validate_field(field)
}

/// [`valid`] settings with one text setting changed.
fn with_text(field: Field, text: &str) -> Settings {
    let mut s = valid();
    assert!(s.set_value(field, FieldValue::Text(text)), "{field:?}");
    s
}

/// Each value of `field` passes validation.
fn assert_accepts(field: Field, values: &[&str]) {
    for value in values {
        assert_eq!(problem(&with_text(field, value), field), None, "{value:?}");
    }
}

/// Each value of `field` is a problem.
fn assert_refuses(field: Field, values: &[&str]) {
    for value in values {
        assert!(
            problem(&with_text(field, value), field).is_some(),
            "{value:?}"
        );
    }
}

// ---- defaults and Field -----------------------------------------------------------------------

#[test]
fn defaults_match_the_documented_ones() {
    let d = Settings::default();
    assert_eq!(d.tenant_url, "");
    assert_eq!(d.client_id, "");
    assert!(!d.allow_insecure_http);
    assert_eq!(d.files.max_upload_mb, 25);
    assert!(d.notifications.bell);
    assert!(!d.notifications.desktop);
    assert_eq!(d.ui.theme, "default");
    assert!(d.ui.show_images);
    assert_eq!(d.network.poll_timeout(), Duration::from_secs(20));
    assert_eq!(d.network.request_timeout(), Duration::from_secs(15));
    assert_eq!(d.log.level, "info");
}

/// `Field::ALL` drives the loader and the saver; it must list exactly the serde fields, with
/// the right kinds, in file order.
#[test]
fn field_list_matches_the_serialized_settings() {
    let Ok(toml::Value::Table(root)) = toml::Value::try_from(Settings::default()) else {
        panic!("settings serialize to a table");
    };
    let mut serialized = Vec::new();
    for (key, value) in &root {
        match value {
            toml::Value::Table(table) => {
                for (name, value) in table {
                    serialized.push((format!("{key}.{name}"), value.clone()));
                }
            }
            other => serialized.push((key.clone(), other.clone())),
        }
    }
    // toml's map is sorted, so compare as sorted lists; the file order is checked against
    // config.example.toml in file_tests.
    let mut keys: Vec<&str> = serialized.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    let mut expected: Vec<&str> = Field::ALL.iter().map(Field::key).collect();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    for (key, value) in &serialized {
        let field = Field::from_key(key).unwrap_or_else(|| panic!("{key} is a Field"));
        let kind = match value {
            toml::Value::String(_) => FieldKind::Text,
            toml::Value::Boolean(_) => FieldKind::Bool,
            toml::Value::Integer(_) => FieldKind::Number,
            other => panic!("{key}: unexpected {other:?}"),
        };
        assert_eq!(field.kind(), kind, "{key}");
    }
}

#[test]
fn field_names_and_tables_split_the_key() {
    assert_eq!(Field::CustomerEmail.key(), "customer.email");
    assert_eq!(Field::CustomerEmail.table(), Some("customer"));
    assert_eq!(Field::CustomerEmail.name(), "email");
    assert_eq!(Field::TenantUrl.table(), None);
    assert_eq!(Field::TenantUrl.name(), "tenant_url");
    assert_eq!(Field::TenantUrl.label(), "Tenant URL");
    assert_eq!(Field::from_key("log.level"), Some(Field::LogLevel));
    assert_eq!(Field::from_key("level"), None);
}

#[test]
fn value_and_set_value_cover_every_field() {
    let mut s = Settings::default();
    for field in Field::ALL {
        let changed = match field.kind() {
            FieldKind::Text => s.set_value(field, FieldValue::Text("x")),
            FieldKind::Bool => {
                let FieldValue::Bool(b) = s.value(field) else {
                    panic!("{field:?} is a bool");
                };
                s.set_value(field, FieldValue::Bool(!b))
            }
            FieldKind::Number => s.set_value(field, FieldValue::Number(7)),
        };
        assert!(changed, "{field:?}");
        assert_ne!(
            s.value(field),
            Settings::default().value(field),
            "{field:?}"
        );
        // The wrong kind is refused and changes nothing.
        let before = s.clone();
        let wrong = match field.kind() {
            FieldKind::Text => FieldValue::Number(1),
            FieldKind::Bool | FieldKind::Number => FieldValue::Text("y"),
        };
        assert!(!s.set_value(field, wrong), "{field:?}");
        assert_eq!(s, before);
    }
}

// ---- Debug redaction -------------------------------------------------------------------------

#[test]
fn debug_redacts_credentials_and_contact_data() {
    let mut s = valid();
    s.app_id = "SecretEntry-42".to_owned();
    s.customer.email = "jane@example.com".to_owned();
    s.customer.phone = "+1 555 0100".to_owned();
    s.customer.first_name = "Jane".to_owned();
    for shown in [format!("{s:?}"), format!("{s:#?}")] {
        assert!(!shown.contains("SecretEntry-42"), "{shown}");
        assert!(!shown.contains(UUID), "{shown}");
        assert!(!shown.contains("jane@example.com"), "{shown}");
        assert!(!shown.contains("555"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
        assert!(shown.contains("example.brightpattern.com"), "{shown}");
    }
    // An empty secret shows as empty, which is what one wants to know when debugging.
    let empty = format!("{:?}", Settings::default());
    assert!(empty.contains("app_id: \"\""), "{empty}");
    assert!(!empty.contains("<redacted>"), "{empty}");
}

// ---- validation ------------------------------------------------------------------------------

#[test]
fn valid_settings_have_no_problems() {
    assert_eq!(valid().validate(), Vec::new());
}

#[test]
fn default_settings_report_the_four_required_fields() {
    let problems = Settings::default().validate();
    let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        vec![
            Field::TenantUrl,
            Field::ClientWebServerUrl,
            Field::AppId,
            Field::ClientId
        ]
    );
    assert!(problems.iter().all(|p| p.problem == "is required"));
    assert_eq!(problems[0].to_string(), "Tenant URL is required");
}

#[test]
fn tenant_url_accepts_a_domain_or_a_url() {
    assert_accepts(
        Field::TenantUrl,
        &[
            "example.brightpattern.com",
            "example.brightpattern.com/",
            "https://example.brightpattern.com/",
            "http://localhost:8080",
            "tenant.example.com:9443",
            " example.com ",
        ],
    );
    assert_refuses(
        Field::TenantUrl,
        &[
            "exa mple.com",
            "ftp://example.com",
            "https://",
            "a\u{1b}b",
            "::::",
        ],
    );
}

#[test]
fn tenant_domain_strips_scheme_path_and_slash_but_keeps_the_port() {
    for (input, domain) in [
        ("example.brightpattern.com", "example.brightpattern.com"),
        (
            "https://example.brightpattern.com/",
            "example.brightpattern.com",
        ),
        (
            "http://Example.BrightPattern.com/path?q#f",
            "example.brightpattern.com",
        ),
        (
            "https://tenant.example.com:9443/",
            "tenant.example.com:9443",
        ),
        ("tenant.example.com:9443", "tenant.example.com:9443"),
        ("  https://user@example.com  ", "example.com"),
        ("", ""),
    ] {
        let s = Settings {
            tenant_url: input.to_owned(),
            ..Settings::default()
        };
        assert_eq!(s.tenant_domain(), domain, "{input}");
    }
}

#[test]
fn server_url_must_be_absolute_https_or_loopback_http() {
    let https_msg = problem(
        &Settings {
            client_web_server_url: "http://example.com".to_owned(),
            ..valid()
        },
        Field::ClientWebServerUrl,
    );
    assert_eq!(
        https_msg.as_deref(),
        Some(
            "must start with https:// (plain http is only allowed for a loopback host like \
             127.0.0.1, or with allow_insecure_http = true)"
        )
    );
    assert_accepts(
        Field::ClientWebServerUrl,
        &[
            "https://example.com",
            "https://example.com:9443/prefix/",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:98",
            "http://localhost:3000",
            "http://LOCALHOST",
        ],
    );
    assert_refuses(
        Field::ClientWebServerUrl,
        &[
            "example.com",
            "http://example.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://example.com",
            "https://user:pw@example.com",
            "https://example.com/?x=1",
            "https:// example.com",
            "https://exa mple.com",
        ],
    );
}

#[test]
fn allow_insecure_http_permits_plain_http_anywhere() {
    let s = Settings {
        client_web_server_url: "http://lab.example.com:98".to_owned(),
        allow_insecure_http: true,
        ..valid()
    };
    assert_eq!(s.validate(), Vec::new());
}

#[test]
fn problems_never_echo_the_value() {
    let secret = "hunter2-SECRET";
    let mut s = valid();
    s.tenant_url = format!("{secret} x");
    s.client_web_server_url = format!("http://{secret}.example.com");
    s.app_id = format!("{secret},\"");
    s.client_id = secret.to_owned();
    s.customer.email = secret.to_owned();
    s.customer.phone = secret.to_owned();
    s.files.download_dir = secret.to_owned();
    s.ui.theme = secret.to_owned();
    s.log.level = secret.to_owned();
    let problems = s.validate();
    assert_eq!(problems.len(), 9, "{problems:?}");
    for p in problems {
        assert!(!p.to_string().contains("hunter2"), "{p}");
    }
}

#[test]
fn app_id_rejects_what_would_break_the_header() {
    assert_refuses(
        Field::AppId,
        &[
            "a\"b", "a,b", "a\\b", "a\nb", "a\u{7f}", " lead", "trail ", "Web Chat", "a\u{a0}b",
        ],
    );
    let comma = Settings {
        app_id: "a,b".to_owned(),
        ..valid()
    };
    assert!(
        problem(&comma, Field::AppId).is_some_and(|p| p.contains("Authorization header")),
        "the problem says why"
    );
    for ok in ["MyChatEntry", "chat-entry_2", "Запрос"] {
        let s = Settings {
            app_id: ok.to_owned(),
            ..valid()
        };
        assert_eq!(problem(&s, Field::AppId), None, "{ok}");
    }
}

#[test]
fn client_id_must_be_a_hyphenated_uuid() {
    for bad in [
        "not-a-uuid",
        "123e4567e89b12d3a456426614174000",
        "{123e4567-e89b-12d3-a456-426614174000}",
        "WebChat",
    ] {
        let s = Settings {
            client_id: bad.to_owned(),
            ..valid()
        };
        assert_eq!(
            problem(&s, Field::ClientId).as_deref(),
            Some("must be a UUID like 123e4567-e89b-12d3-a456-426614174000"),
            "{bad}"
        );
    }
    let upper = Settings {
        client_id: UUID.to_uppercase(),
        ..valid()
    };
    assert_eq!(problem(&upper, Field::ClientId), None);
}

#[test]
fn customer_fields_are_optional_but_checked_when_given() {
    let mut s = valid();
    s.customer.email = "jane@example.com".to_owned();
    s.customer.phone = "+1 (555) 010-0100".to_owned();
    s.customer.first_name = "Zoë".to_owned();
    assert_eq!(s.validate(), Vec::new());
    assert_refuses(
        Field::CustomerEmail,
        &[
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "ja ne@example.com",
            "a@b@c.com",
            "jane@example..com",
        ],
    );
    assert_refuses(Field::CustomerPhone, &["call me", "12", "+1-555-CALL"]);
    s.customer.last_name = "Doe\u{1b}[2J".to_owned();
    assert!(problem(&s, Field::CustomerLastName).is_some());
    s.customer.last_name = "x".repeat(101);
    assert!(problem(&s, Field::CustomerLastName).is_some());
}

#[test]
fn numbers_are_range_checked() {
    let mut s = valid();
    for (mb, ok) in [(0, false), (1, true), (25, true), (26, false)] {
        s.files.max_upload_mb = mb;
        assert_eq!(problem(&s, Field::MaxUploadMb).is_none(), ok, "{mb}");
    }
    for (secs, ok) in [(0, false), (1, true), (300, true), (301, false)] {
        s.network.poll_timeout_secs = secs;
        s.network.request_timeout_secs = secs;
        assert_eq!(problem(&s, Field::PollTimeoutSecs).is_none(), ok, "{secs}");
        assert_eq!(
            problem(&s, Field::RequestTimeoutSecs).is_none(),
            ok,
            "{secs}"
        );
    }
}

#[test]
fn theme_log_level_and_download_dir_are_checked() {
    let mut s = valid();
    s.ui.theme = "high-contrast".to_owned();
    s.log.level = "DEBUG".to_owned();
    s.files.download_dir = "/tmp/downloads".to_owned();
    assert_eq!(s.validate(), Vec::new());
    assert!(s.high_contrast());
    s.ui.theme = "neon".to_owned();
    assert_eq!(
        problem(&s, Field::UiTheme).as_deref(),
        Some("must be one of \"default\", \"high-contrast\"")
    );
    s.log.level = "loud".to_owned();
    assert!(problem(&s, Field::LogLevel).is_some());
    s.files.download_dir = "relative/dir".to_owned();
    assert!(problem(&s, Field::DownloadDir).is_some());
}

#[test]
fn resolved_download_dir_expands_home_and_uses_the_configured_dir() {
    let mut s = valid();
    s.files.download_dir = "/srv/dl".to_owned();
    assert_eq!(s.resolved_download_dir(), Some(PathBuf::from("/srv/dl")));
    if let Some(base) = directories::BaseDirs::new() {
        s.files.download_dir = "~/dl".to_owned();
        assert_eq!(s.resolved_download_dir(), Some(base.home_dir().join("dl")));
        s.files.download_dir = String::new();
        assert!(s.resolved_download_dir().is_some());
    }
}

// ---- api_base and display name ---------------------------------------------------------------

#[test]
fn api_base_joins_with_exactly_one_slash() {
    for (server, base) in [
        (
            "https://example.com",
            "https://example.com/clientweb/api/v1/",
        ),
        (
            "https://example.com/",
            "https://example.com/clientweb/api/v1/",
        ),
        (
            "https://example.com:9443//",
            "https://example.com:9443/clientweb/api/v1/",
        ),
        (
            "https://example.com/prefix",
            "https://example.com/prefix/clientweb/api/v1/",
        ),
        (
            "https://example.com/prefix/",
            "https://example.com/prefix/clientweb/api/v1/",
        ),
        (
            "https://example.com/clientweb/api/v1/",
            "https://example.com/clientweb/api/v1/",
        ),
        (
            "https://example.com/clientweb/api/v1",
            "https://example.com/clientweb/api/v1/",
        ),
        (
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/clientweb/api/v1/",
        ),
    ] {
        let s = Settings {
            client_web_server_url: server.to_owned(),
            ..valid()
        };
        let url = s.api_base().map(|u| u.to_string());
        assert_eq!(url.as_deref(), Ok(base), "{server}");
    }
}

#[test]
fn api_base_fails_with_the_validation_problem() {
    let s = Settings {
        client_web_server_url: "http://example.com".to_owned(),
        ..valid()
    };
    let err = s.api_base().err();
    assert_eq!(
        err.as_ref().map(|e| e.field),
        Some(Field::ClientWebServerUrl)
    );
    assert_eq!(
        err.map(|e| e.problem),
        s.validate_field(Field::ClientWebServerUrl)
    );
}

#[test]
fn customer_display_name_joins_and_trims() {
    let mut s = Settings::default();
    assert_eq!(s.customer_display_name(), "");
    s.customer.first_name = " Jane ".to_owned();
    assert_eq!(s.customer_display_name(), "Jane");
    s.customer.last_name = "Doe".to_owned();
    assert_eq!(s.customer_display_name(), "Jane Doe");
    s.customer.first_name = String::new();
    assert_eq!(s.customer_display_name(), "Doe");
}

// ---- paths -----------------------------------------------------------------------------------

#[test]
fn config_path_prefers_cli_then_env_then_default() {
    let cli = Path::new("/from/cli.toml");
    let env = Some(OsString::from("/from/env.toml"));
    assert_eq!(
        resolve_config_path_with(Some(cli), env.clone()).ok(),
        Some(PathBuf::from("/from/cli.toml"))
    );
    assert_eq!(
        resolve_config_path_with(None, env).ok(),
        Some(PathBuf::from("/from/env.toml"))
    );
    let default = default_config_path().ok();
    assert_eq!(resolve_config_path_with(None, None).ok(), default);
    // An empty variable is "not set" (a common way to unset one in a shell script).
    assert_eq!(
        resolve_config_path_with(None, Some(OsString::new())).ok(),
        default
    );
}

#[test]
fn default_config_path_is_config_toml_in_the_app_config_dir() {
    if let Ok(path) = default_config_path() {
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("config.toml")
        );
        assert!(path.to_string_lossy().contains("sp-chat"), "{path:?}");
    }
}

// ---- errors ----------------------------------------------------------------------------------

#[test]
fn config_error_display_names_path_line_and_key() {
    let parse = ConfigError::Parse {
        path: PathBuf::from("/home/u/.config/sp-chat/config.toml"),
        line: Some(3),
        column: Some(1),
        key: Some("tenat_url".to_owned()),
        message: "unknown key; did you mean `tenant_url`?".to_owned(),
    };
    assert_eq!(
        parse.to_string(),
        "/home/u/.config/sp-chat/config.toml, line 3, column 1, key `tenat_url`: \
         unknown key; did you mean `tenant_url`?"
    );
    let invalid = ConfigError::invalid(
        Some(Path::new("c.toml")),
        &FieldError {
            field: Field::TenantUrl,
            problem: "is required".to_owned(),
        },
    );
    assert_eq!(
        invalid.to_string(),
        "c.toml, key `tenant_url`: Tenant URL is required"
    );
    let io = ConfigError::Io {
        path: PathBuf::from("/x/config.toml"),
        source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
    };
    assert!(io.to_string().starts_with("/x/config.toml: "), "{io}");
    assert!(ConfigError::NoConfigDir.to_string().contains("--config"));
}

#[test]
fn config_error_display_sanitizes_paths() {
    let err = ConfigError::Io {
        path: PathBuf::from("/tmp/\u{1b}]0;pwned\u{7}.toml"),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    };
    let shown = err.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
}

// ---- [network] ca_file and proxy -------------------------------------------------------------

#[test]
fn proxy_is_empty_none_or_an_http_proxy_url() {
    assert_accepts(
        Field::Proxy,
        &[
            "",
            "none",
            "NONE",
            "http://proxy.corp:3128",
            "https://proxy.corp",
            "http://u:p@proxy:1/",
        ],
    );
    assert_refuses(
        Field::Proxy,
        &[
            "proxy.corp:3128",
            "socks5://proxy:1080",
            "http://proxy/path",
            "http://proxy?x",
            "http:// proxy",
        ],
    );
    let mut s = with_text(Field::Proxy, "http://proxy.corp:3128");
    assert!(!s.network.proxy_off());
    s.network.proxy = ProxySetting(" None ".to_owned());
    assert!(s.network.proxy_off());
    s.network.proxy = ProxySetting("socks5://alice:hunter2@proxy:1080".to_owned());
    let said = problem(&s, Field::Proxy).unwrap_or_default();
    assert!(!said.contains("hunter2"), "{said}");
}

#[test]
fn ca_file_is_a_path_checked_when_read() {
    let mut s = valid();
    s.network.ca_file = "relative/ca.pem".to_owned();
    assert!(problem(&s, Field::CaFile).is_some());
    s.network.ca_file = "/etc/ssl/corp-ca.pem".to_owned();
    assert_eq!(problem(&s, Field::CaFile), None);
    s.network.ca_file = String::new();
    assert_eq!(s.network.ca_certificates().map(|c| c.len()).ok(), Some(0));
}

#[test]
fn debug_and_the_redaction_helper_hide_proxy_credentials() {
    let mut s = valid();
    s.network.proxy = ProxySetting("http://alice:hunter2@proxy.corp:3128".to_owned());
    for shown in [format!("{s:?}"), format!("{:?}", s.network)] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("alice"), "{shown}");
        assert!(shown.contains("proxy.corp:3128"), "{shown}");
    }
    for (raw, shown) in [
        ("http://a:b@h:1", "http://<redacted>@h:1"),
        ("a:b/c@h:1", "<redacted>@h:1"),
        ("http://h:1", "http://h:1"),
    ] {
        assert_eq!(without_credentials(raw), shown, "{raw}");
    }
}

#[test]
fn ui_mode_is_tui_or_line_and_chooses_the_front_end() {
    let mut s = valid();
    assert_eq!(s.ui.mode, "tui");
    assert!(!s.wants_line_mode());
    s.ui.mode = " Line ".to_owned();
    assert_eq!(problem(&s, Field::UiMode), None);
    assert!(s.wants_line_mode());
    s.ui.mode = "braille".to_owned();
    assert_eq!(
        problem(&s, Field::UiMode).as_deref(),
        Some("must be one of \"tui\", \"line\"")
    );
    assert_eq!(Field::UiMode.key(), "ui.mode");
}
