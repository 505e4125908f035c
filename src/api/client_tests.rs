//! Client tests against a tiny scripted HTTP server on 127.0.0.1:0: it records every request and
//! answers from a queue (default: `{"events": []}`).

use super::*;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderMap as AxHeaders;
use axum::response::Response;
use bytes::Bytes;
use futures_util::stream;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Mutex;

#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    query: String,
    headers: AxHeaders,
    body: Bytes,
}

enum Reply {
    Json(u16, Value),
    Raw {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// One byte every `interval`, `total` bytes.
    Drip {
        total: usize,
        interval: Duration,
    },
    /// Announces `announced` bytes, sends `sent`, then aborts the connection.
    Cut {
        announced: usize,
        sent: usize,
    },
}

/// A plain answer: `status`, no headers, `body`.
fn raw(status: u16, body: &[u8]) -> Reply {
    Reply::Raw {
        status,
        headers: vec![],
        body: body.to_vec(),
    }
}

#[derive(Clone, Default)]
struct Script {
    seen: Arc<Mutex<Vec<Seen>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
}

impl Script {
    fn push(&self, r: Reply) {
        self.replies.lock().expect("lock").push_back(r);
    }
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

async fn handle(State(s): State<Script>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    s.seen.lock().expect("lock").push(Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        headers: parts.headers.clone(),
        body,
    });
    let reply = s.replies.lock().expect("lock").pop_front();
    let reply = reply.unwrap_or(Reply::Json(200, json!({"events": []})));
    let mut b = Response::builder();
    match reply {
        Reply::Json(status, v) => b
            .status(status)
            .header("content-type", "application/json")
            .body(Body::from(v.to_string())),
        Reply::Raw {
            status,
            headers,
            body,
        } => {
            for (k, v) in headers {
                b = b.header(k, v);
            }
            b.status(status).body(Body::from(body))
        }
        Reply::Drip { total, interval } => {
            let chunks = stream::unfold(0usize, move |n| async move {
                if n >= total {
                    return None;
                }
                tokio::time::sleep(interval).await;
                Some((Ok::<_, std::io::Error>(Bytes::from_static(b" ")), n + 1))
            });
            b.status(200).body(Body::from_stream(chunks))
        }
        Reply::Cut { announced, sent } => {
            let parts: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from(vec![b'{'; sent])),
                Err(std::io::Error::other("cut")),
            ];
            b.status(200)
                .header("content-length", announced.to_string())
                .body(Body::from_stream(stream::iter(parts)))
        }
    }
    .unwrap_or_else(|_| Response::new(Body::empty()))
}

async fn serve(script: Script) -> SocketAddr {
    let app = Router::new().fallback(handle).with_state(script);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

const APP: &str = "SecretApp";
const CLIENT: &str = "0000-secret-client";

fn config(addr: SocketAddr) -> ClientConfig {
    ClientConfig::new(
        &format!("http://{addr}"),
        "https://tenant.example.com/",
        APP,
        CLIENT,
    )
    .expect("config")
}

async fn setup() -> (Script, Client) {
    let script = Script::default();
    let addr = serve(script.clone()).await;
    let client = Client::new(config(addr)).expect("client");
    (script, client)
}

fn header(s: &Seen, name: &str) -> String {
    s.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn tenant_domain_strips_scheme_path_and_slash() {
    assert_eq!(tenant_domain("https://a.example.com/"), "a.example.com");
    assert_eq!(tenant_domain(" a.example.com "), "a.example.com");
    assert_eq!(
        tenant_domain("http://a.example.com/x/y?q#f"),
        "a.example.com"
    );
    assert_eq!(tenant_domain("a.example.com:8443/"), "a.example.com:8443");
}

#[test]
fn config_rejects_unusable_urls() {
    for bad in ["", "ftp://x.test", "not a url", "http://"] {
        let e = ClientConfig::new(bad, "t", "a", "c").expect_err(bad);
        assert_eq!(e.kind, ErrorKind::InvalidSettings);
    }
    let e = ClientConfig::new("https://x.test", " / ", "a", "c").expect_err("empty tenant");
    assert_eq!(e.kind, ErrorKind::InvalidSettings);
}

#[test]
fn debug_output_redacts_credentials() {
    let cfg = ClientConfig::new("https://x.test", "t.test", APP, CLIENT).expect("cfg");
    let client = Client::new(cfg.clone()).expect("client");
    for text in [format!("{cfg:?}"), format!("{client:?}")] {
        assert!(!text.contains(APP), "{text}");
        assert!(!text.contains(CLIENT), "{text}");
        assert!(text.contains("t.test"));
    }
}

#[test]
fn credentials_a_header_cannot_carry_are_invalid_settings() {
    let cfg = ClientConfig::new("https://x.test", "t", "a\nb", "c").expect("cfg");
    let e = Client::new(cfg).expect_err("newline in app id");
    assert_eq!(e.kind, ErrorKind::InvalidSettings);
    assert!(!e.to_string().contains("a\nb"));
}

#[tokio::test]
async fn every_call_carries_tenant_auth_and_fixed_headers() {
    let (script, client) = setup().await;
    script.push(Reply::Json(200, json!({"chat": "available", "ewt": "12"})));
    let a = client.check_availability().await.expect("availability");
    assert_eq!(a.ewt, Some(12));
    let seen = script.seen();
    let s = &seen[0];
    assert_eq!(s.method, "GET");
    assert_eq!(s.path, "/clientweb/api/v1/availability");
    assert_eq!(s.query, "tenantUrl=tenant.example.com");
    assert_eq!(
        header(s, "authorization"),
        format!("MOBILE-API-140-327-PLAIN appId=\"{APP}\", clientId=\"{CLIENT}\"")
    );
    assert_eq!(header(s, "user-agent"), "MobileClient");
    assert_eq!(header(s, "cache-control"), "no-cache");
}

#[tokio::test]
async fn poll_adds_a_nonce_and_treats_5511_and_empty_bodies_as_no_events() {
    let (script, client) = setup().await;
    script.push(Reply::Json(
        400,
        json!({"error_code": "5511", "error_message": "no events"}),
    ));
    script.push(raw(200, b""));
    script.push(Reply::Json(
        200,
        json!({"events": [{"event": "chat_session_message", "msg_id": "a1", "msg": "hi", "party_id": "agent"}]}),
    ));
    assert_eq!(client.poll_events("c/1").await.expect("5511"), vec![]);
    assert_eq!(client.poll_events("c/1").await.expect("empty"), vec![]);
    let events = client.poll_events("c/1").await.expect("events");
    assert_eq!(events.len(), 1);
    let seen = script.seen();
    assert_eq!(seen[0].path, "/clientweb/api/v1/chats/c%2F1/events");
    assert!(
        seen[0]
            .query
            .starts_with("tenantUrl=tenant.example.com&nonce=")
    );
    assert!(seen.iter().all(|s| s.query.contains("&nonce=")));
}

#[tokio::test]
async fn send_events_posts_json_and_accepts_an_empty_answer() {
    let (script, client) = setup().await;
    script.push(raw(200, b""));
    let events = [ClientEvent::Message {
        msg_id: "c1:1".into(),
        msg: "a&amp;b".into(),
        msg_text: Some("a&b".into()),
    }];
    let back = client.send_events("c1", &events).await.expect("send");
    assert_eq!(back, vec![]);
    let seen = script.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/clientweb/api/v1/chats/c1/events");
    assert_eq!(
        header(&seen[0], "content-type"),
        "application/json; charset=UTF-8"
    );
    let body: Value = serde_json::from_slice(&seen[0].body).expect("json body");
    assert_eq!(
        body,
        json!({"events": [{"event": "chat_session_message", "msg_id": "c1:1", "msg": "a&amp;b", "msg_text": "a&b"}]})
    );
}

#[tokio::test]
async fn request_chat_and_active_chat() {
    let (script, client) = setup().await;
    script.push(Reply::Json(
        200,
        json!({"chat_id": "abc", "state": "queued", "ewt": "30", "is_new_chat": true}),
    ));
    script.push(Reply::Json(404, json!({"error_code": 5005})));
    let req = ChatRequest {
        from: "Ann".into(),
        ..Default::default()
    };
    let r = client.request_chat(&req).await.expect("chat");
    assert_eq!(r.chat_id, "abc");
    assert_eq!(r.ewt, Some(30));
    assert_eq!(client.active_chat().await.expect("active"), None);
    let seen = script.seen();
    assert_eq!(seen[0].path, "/clientweb/api/v1/chats");
    assert_eq!(seen[1].path, "/clientweb/api/v1/chats/active");
    let body: Value = serde_json::from_slice(&seen[0].body).expect("json");
    assert_eq!(body, json!({"from": "Ann"}));
}

#[tokio::test]
async fn error_answers_are_classified_with_code_and_retry_after() {
    let (script, client) = setup().await;
    script.push(Reply::Json(
        404,
        json!({"error_code": 5005, "error_message": "chat session not found"}),
    ));
    script.push(Reply::Raw {
        status: 503,
        headers: vec![("retry-after", "7".into())],
        body: b"<html>busy</html>".to_vec(),
    });
    script.push(Reply::Json(401, json!({"error_code": 3000})));
    script.push(raw(429, b""));
    let e = client.history("c").await.expect_err("404");
    assert_eq!(
        (e.kind, e.status, e.code),
        (ErrorKind::NotFound, Some(404), Some(5005))
    );
    let e = client.history("c").await.expect_err("503");
    assert_eq!(e.kind, ErrorKind::ServerError);
    assert_eq!(e.retry_after, Some(Duration::from_secs(7)));
    let e = client.history("c").await.expect_err("401");
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert!(!e.to_string().contains(APP));
    let e = client.history("c").await.expect_err("429");
    assert_eq!(e.kind, ErrorKind::RateLimited);
}

#[tokio::test]
async fn unreadable_success_bodies_are_bad_responses() {
    let (script, client) = setup().await;
    script.push(raw(200, b"{\"events\": ["));
    script.push(raw(200, b"<html>"));
    let e = client.poll_events("c").await.expect_err("truncated JSON");
    assert_eq!(e.kind, ErrorKind::BadResponse);
    let e = client.version().await.expect_err("html");
    assert_eq!(e.kind, ErrorKind::BadResponse);
}

#[tokio::test]
async fn refused_connections_are_offline() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::new(config(addr)).expect("client");
    let e = client.poll_events("c").await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Offline);
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_dripping_server_is_abandoned_at_the_deadline() {
    let script = Script::default();
    let addr = serve(script.clone()).await;
    let mut cfg = config(addr);
    cfg.poll_timeout = Duration::from_millis(300);
    let client = Client::new(cfg).expect("client");
    script.push(Reply::Drip {
        total: 1000,
        interval: Duration::from_millis(20),
    });
    let started = std::time::Instant::now();
    let e = client.poll_events("c").await.expect_err("drip");
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused() {
    let script = Script::default();
    let addr = serve(script.clone()).await;
    let mut cfg = config(addr);
    cfg.max_body_bytes = 1024;
    let client = Client::new(cfg).expect("client");
    // Announced length over the cap.
    script.push(raw(200, &[b' '; 4096]));
    // No length announced: counted while reading.
    script.push(Reply::Drip {
        total: 2048,
        interval: Duration::ZERO,
    });
    for what in ["announced", "streamed"] {
        let e = client.poll_events("c").await.expect_err(what);
        assert_eq!(e.kind, ErrorKind::BadResponse, "{what}");
    }
}

#[tokio::test]
async fn a_body_cut_midway_is_a_retryable_failure() {
    let (script, client) = setup().await;
    script.push(Reply::Cut {
        announced: 1000,
        sent: 10,
    });
    let e = client.poll_events("c").await.expect_err("cut");
    assert!(e.is_retryable(), "{e:?}");
    assert!(matches!(
        e.kind,
        ErrorKind::BadResponse | ErrorKind::Offline
    ));
}

#[tokio::test]
async fn same_origin_redirects_are_followed() {
    let (script, client) = setup().await;
    script.push(Reply::Raw {
        status: 302,
        headers: vec![("location", "/moved/version?tenantUrl=x".into())],
        body: vec![],
    });
    script.push(Reply::Json(200, json!({"server_version": "5.8"})));
    let v = client.version().await.expect("version");
    assert_eq!(v.server_version, "5.8");
    let seen = script.seen();
    assert_eq!(seen[1].path, "/moved/version");
}

#[tokio::test]
async fn redirects_to_another_origin_are_refused_and_never_carry_credentials() {
    let other = Script::default();
    let other_addr = serve(other.clone()).await;
    let (script, client) = setup().await;
    script.push(Reply::Raw {
        status: 307,
        headers: vec![(
            "location",
            format!("http://{other_addr}/clientweb/api/v1/availability"),
        )],
        body: vec![],
    });
    let e = client.check_availability().await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::InvalidSettings);
    assert!(
        other
            .seen()
            .iter()
            .all(|s| s.headers.get("authorization").is_none()),
        "credentials reached another origin"
    );
    assert!(other.seen().is_empty());
}

#[tokio::test]
async fn get_file_falls_back_to_the_sdk_path_on_404() {
    let (script, client) = setup().await;
    script.push(Reply::Json(404, json!({"error_code": 5502})));
    script.push(Reply::Raw {
        status: 200,
        headers: vec![("content-type", "image/png".into())],
        body: b"\x89PNG".to_vec(),
    });
    let d = client.get_file("c1", "f9").await.expect("file");
    assert_eq!(d.bytes, b"\x89PNG");
    assert_eq!(d.content_type.as_deref(), Some("image/png"));
    let seen = script.seen();
    assert_eq!(seen[0].path, "/clientweb/api/v1/chats/c1/files/f9");
    assert_eq!(seen[1].path, "/clientweb/file/f9");
    assert_eq!(seen[1].query, "tenantUrl=tenant.example.com");
}

#[tokio::test]
async fn agent_photo_is_none_on_404() {
    let (script, client) = setup().await;
    script.push(raw(404, b""));
    assert_eq!(client.agent_photo("c1", "p1").await.expect("photo"), None);
    assert_eq!(
        script.seen()[0].path,
        "/clientweb/api/v1/chats/c1/profilephotos/p1"
    );
}

#[tokio::test]
async fn upload_sends_one_multipart_part_named_file() {
    let (script, client) = setup().await;
    script.push(Reply::Json(
        200,
        json!({"file_id": 42, "file_name": "a.png"}),
    ));
    let r = client
        .upload_file("a.png", "image/png", b"\x89PNGdata".to_vec())
        .await
        .expect("upload");
    assert_eq!(r.file_id, "42");
    let seen = script.seen();
    assert_eq!(seen[0].path, "/clientweb/api/v1/files");
    assert!(header(&seen[0], "content-type").starts_with("multipart/form-data; boundary="));
    let body = String::from_utf8_lossy(&seen[0].body);
    assert!(body.contains("name=\"file\"; filename=\"a.png\""), "{body}");
    assert!(body.contains("Content-Type: image/png"), "{body}");
    assert!(body.contains("PNGdata"));
}

#[tokio::test]
async fn v2_methods_use_v2_paths() {
    let (script, client) = setup().await;
    script.push(Reply::Json(200, json!({"server_version": "5.3.1"})));
    script.push(Reply::Json(
        200,
        json!({"sessions": [{"chat_id": "old", "created_time": 1700000000000_i64, "events": []}]}),
    ));
    script.push(raw(200, b""));
    assert_eq!(client.version().await.expect("v").server_version, "5.3.1");
    let h = client.case_history("c1").await.expect("case history");
    assert_eq!(h.sessions[0].chat_id, "old");
    client.close_case("c1").await.expect("close case");
    let seen = script.seen();
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/clientweb/api/v2/version",
            "/clientweb/api/v2/chats/c1/casehistory",
            "/clientweb/api/v2/chats/c1/closecase"
        ]
    );
    let body: Value = serde_json::from_slice(&seen[2].body).expect("json");
    assert_eq!(body, json!({"events": [{"event": "chat_session_end"}]}));
}

#[tokio::test]
async fn expected_parameters_are_read() {
    let (script, client) = setup().await;
    script.push(Reply::Json(
        200,
        json!({"parameters": [{"first_name": "FIRST_NAME"}, {"email": "EMAIL"}]}),
    ));
    let p = client.expected_parameters().await.expect("params");
    assert_eq!(p.parameters.len(), 2);
    assert_eq!(p.parameters[1].name, "email");
}

fn settings(server: &str) -> crate::config::Settings {
    let mut s = crate::config::Settings {
        tenant_url: "https://Tenant.Example.com/".into(),
        client_web_server_url: server.into(),
        app_id: APP.into(),
        client_id: "123e4567-e89b-12d3-a456-426614174000".into(),
        ..Default::default()
    };
    s.network.poll_timeout_secs = 21;
    s.network.request_timeout_secs = 9;
    s
}

#[test]
fn config_from_settings_takes_addressing_and_timeouts() {
    let cfg = ClientConfig::from_settings(&settings("https://chat.example.com")).expect("cfg");
    assert_eq!(cfg.server.as_str(), "https://chat.example.com/");
    assert_eq!(cfg.tenant, "tenant.example.com");
    assert_eq!(cfg.app_id, APP);
    assert_eq!(cfg.poll_timeout, Duration::from_secs(21));
    assert_eq!(cfg.request_timeout, Duration::from_secs(9));
    // A URL pasted with the API path is not doubled.
    let cfg = ClientConfig::from_settings(&settings("https://chat.example.com/x/clientweb/api/v1"))
        .expect("cfg");
    assert_eq!(cfg.server.as_str(), "https://chat.example.com/x/");
}

#[test]
fn config_from_invalid_settings_names_the_problem_not_the_value() {
    let mut s = settings("http://chat.example.com");
    let e = ClientConfig::from_settings(&s).expect_err("plain http to a remote host");
    assert_eq!(e.kind, ErrorKind::InvalidSettings);
    s.client_web_server_url = "https://chat.example.com".into();
    s.client_id = "secret-but-not-a-uuid".into();
    let e = ClientConfig::from_settings(&s).expect_err("bad client id");
    assert_eq!(e.kind, ErrorKind::InvalidSettings);
    assert!(!e.to_string().contains("secret-but-not-a-uuid"), "{e}");
}
