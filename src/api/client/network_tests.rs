use super::*;
use pretty_assertions::assert_eq;

fn url(s: &str) -> Url {
    Url::parse(s).expect("test url")
}

fn chosen(env: &[(&str, &str)], server: &str) -> Option<String> {
    ProxyEnv::from_pairs(env.iter().copied())
        .proxy_for(&url(server))
        .expect("usable environment")
        .map(|p| p.endpoint())
}

#[test]
fn https_servers_take_https_proxy_then_all_proxy() {
    let env = [
        ("HTTPS_PROXY", "http://secure.proxy:3128"),
        ("HTTP_PROXY", "http://plain.proxy:8080"),
        ("ALL_PROXY", "http://any.proxy:1080"),
    ];
    assert_eq!(
        chosen(&env, "https://t.example.com").as_deref(),
        Some("secure.proxy:3128")
    );
    assert_eq!(
        chosen(&env, "http://t.example.com").as_deref(),
        Some("plain.proxy:8080")
    );
    let only_all = [("ALL_PROXY", "any.proxy:1080")];
    assert_eq!(
        chosen(&only_all, "https://t.example.com").as_deref(),
        Some("any.proxy:1080"),
        "a proxy without a scheme is http://"
    );
    assert_eq!(chosen(&[], "https://t.example.com"), None);
}

#[test]
fn lower_case_variables_win_and_empty_ones_are_unset() {
    let env = [
        ("https_proxy", "http://lower:1"),
        ("HTTPS_PROXY", "http://upper:2"),
    ];
    assert_eq!(
        chosen(&env, "https://t.example.com").as_deref(),
        Some("lower:1")
    );
    let env = [("https_proxy", " "), ("HTTPS_PROXY", "http://upper:2")];
    assert_eq!(
        chosen(&env, "https://t.example.com").as_deref(),
        Some("upper:2")
    );
}

#[test]
fn no_proxy_sends_the_hosts_it_names_direct() {
    // (NO_PROXY, server, goes direct)
    let cases = [
        ("*", "https://anything.example", true),
        ("example.com", "https://example.com", true),
        ("example.com", "https://chat.example.com", true),
        (".example.com", "https://chat.example.com", true),
        ("*.example.com", "https://chat.EXAMPLE.com", true),
        ("example.com", "https://notexample.com", false),
        ("chat.example.com", "https://example.com", false),
        ("localhost, 127.0.0.1", "https://127.0.0.1:8443", true),
        ("10.0.0.0/8", "https://10.20.30.40", true),
        ("10.0.0.0/8", "https://11.0.0.1", false),
        ("0.0.0.0/0", "https://11.0.0.1", true),
        ("::1", "https://[::1]:9443", true),
        ("[::1]:9443", "https://[::1]:9443", true),
        ("fd00::/8", "https://[fd12::1]", true),
        ("example.com:8443", "https://example.com:8443", true),
        ("example.com:8443", "https://example.com", false),
        ("", "https://example.com", false),
        (" , ", "https://example.com", false),
        ("10.0.0.0/99", "https://10.0.0.1", false),
    ];
    for (list, server, direct) in cases {
        assert_eq!(
            no_proxy_covers(list, &url(server)),
            direct,
            "{list:?} {server}"
        );
    }

    let env = [
        ("HTTPS_PROXY", "http://proxy:3128"),
        ("NO_PROXY", "intranet.corp,127.0.0.1"),
    ];
    assert_eq!(chosen(&env, "https://chat.intranet.corp"), None);
    assert_eq!(
        chosen(&env, "https://tenant.example.com").as_deref(),
        Some("proxy:3128")
    );
}

#[test]
fn an_unusable_proxy_variable_is_an_error_naming_the_variable_not_the_value() {
    let env = ProxyEnv::from_pairs([("HTTPS_PROXY", "socks5://user:s3cret@proxy:1080")]);
    let e = env
        .proxy_for(&url("https://t.example.com"))
        .expect_err("socks is not supported");
    assert_eq!(e.kind, ErrorKind::InvalidSettings);
    assert!(e.to_string().contains("HTTPS_PROXY"), "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");
}

#[test]
fn the_choice_overrides_or_follows_the_environment() {
    let server = url("https://t.example.com");
    let env = ProxyEnv::from_pairs([("HTTPS_PROXY", "http://env.proxy:3128")]);
    let endpoint = |choice: ProxyChoice| {
        choice
            .proxy_for(&server)
            .expect("route")
            .map(|p| p.endpoint())
    };
    assert_eq!(
        endpoint(ProxyChoice::Environment(env.clone())).as_deref(),
        Some("env.proxy:3128")
    );
    assert_eq!(endpoint(ProxyChoice::Direct), None);
    let mine = ProxyUrl::parse("http://mine:8080").expect("proxy url");
    assert_eq!(
        endpoint(ProxyChoice::Via(mine)).as_deref(),
        Some("mine:8080")
    );
}

#[test]
fn proxy_urls_are_http_with_a_host_and_nothing_else() {
    for ok in [
        "http://proxy:3128",
        "https://proxy.corp",
        "proxy.corp:8080",
        "http://u:p@proxy:1",
    ] {
        assert!(ProxyUrl::parse(ok).is_some(), "{ok}");
    }
    for bad in [
        "socks5://proxy:1080",
        "ftp://proxy",
        "http://proxy/path",
        "http://proxy?x=1",
        "http://",
        "",
    ] {
        assert!(ProxyUrl::parse(bad).is_none(), "{bad}");
    }
    let p = ProxyUrl::parse("https://proxy.corp").expect("url");
    assert_eq!(p.endpoint(), "proxy.corp:443");
}

/// Proxy credentials reach reqwest (as `Proxy-Authorization`) and nothing else: not `Debug`,
/// not `Display`, not an error, not the client's or its configuration's `Debug`.
#[test]
fn proxy_credentials_are_redacted_everywhere() {
    let secret = "s3cret-pw";
    let raw = format!("http://alice:{secret}@proxy.corp:3128");
    let proxy = ProxyUrl::parse(&raw).expect("proxy url");
    assert_eq!(
        proxy.as_url().password(),
        Some(secret),
        "kept for the client"
    );
    let env = ProxyEnv::from_pairs([("HTTPS_PROXY", raw.as_str()), ("NO_PROXY", "x")]);
    let mut cfg =
        crate::api::ClientConfig::new("https://t.example.com", "t", "a", "c").expect("config");
    cfg.proxy = ProxyChoice::Via(proxy.clone());
    let client = crate::api::Client::new(cfg.clone()).expect("client");
    let mut env_cfg = cfg.clone();
    env_cfg.proxy = ProxyChoice::Environment(env.clone());
    let unreachable = proxy_error(ProxyProblem::Unreachable, &proxy);
    let shown = [
        format!("{proxy}"),
        format!("{proxy:?}"),
        format!("{env:?}"),
        format!("{cfg:?}"),
        format!("{cfg:#?}"),
        format!("{env_cfg:?}"),
        format!("{client:?}"),
        format!("{unreachable}"),
        format!("{unreachable:?}"),
    ];
    for text in &shown {
        assert!(!text.contains(secret), "{text}");
        assert!(!text.contains("alice"), "{text}");
    }
    assert_eq!(shown[0], "http://<redacted>@proxy.corp:3128/");
    assert!(shown[7].contains("proxy.corp:3128"), "{}", shown[7]);
}
