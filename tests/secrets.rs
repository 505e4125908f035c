//! No secret in any error, log line or debug output: the appId and clientId (the customer's
//! credentials) never appear in an `api::Error` (Display or Debug), in what the library logs
//! while a session lives through faults, or in the `Debug` of the client's config.

mod common;

use common::{DEADLINE, wait_event};
use sp_chat::api::types::ChatRequest;
use sp_chat::api::{BackoffPolicy, Client, ClientConfig, SessionEvent, SessionOptions};
use sp_chat::sim::{Fault, Route, SimConfig, SimServer};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CLIENT_ID: &str = "c1a55ec7-5ec2-4e7a-9d1b-0000deadbeef";
const WRONG_APP_ID: &str = "HiddenEntryPoint7f3e";

fn client(sim: &SimServer, app_id: &str) -> Client {
    let mut cfg = ClientConfig::new(&sim.base_url(), "sim.sp-chat.test", app_id, CLIENT_ID)
        .expect("client config");
    cfg.poll_timeout = Duration::from_secs(3);
    cfg.request_timeout = Duration::from_millis(500);
    let shown = format!("{cfg:?}");
    assert!(
        !shown.contains(CLIENT_ID) && !shown.contains(app_id),
        "{shown}"
    );
    Client::new(cfg).expect("client")
}

fn assert_no_secret(text: &str, what: &str) {
    for secret in [CLIENT_ID, WRONG_APP_ID, "SimChat"] {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn errors_never_carry_credentials() {
    let mut sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let ctl = sim.control();
    let good = client(&sim, "SimChat");
    let mut errors = Vec::new();
    // Refused credentials (401 with the server's own words).
    errors.push(
        client(&sim, WRONG_APP_ID)
            .check_availability()
            .await
            .expect_err("unknown appId"),
    );
    for fault in [
        Fault::Status {
            status: 500,
            error_code: Some(5500),
            retry_after: None,
        },
        Fault::Status {
            status: 503,
            error_code: None,
            retry_after: Some(1),
        },
        Fault::Garbage,
        Fault::Hang,
        Fault::DropMidBody,
    ] {
        ctl.inject(Route::Any, fault, 1);
        errors.push(
            good.request_chat(&ChatRequest::default())
                .await
                .expect_err("fault"),
        );
    }
    errors.push(good.poll_events("no-such-chat").await.expect_err("404"));
    sim.go_down().await;
    errors.push(good.check_availability().await.expect_err("refused"));
    assert_eq!(errors.len(), 8);
    for e in &errors {
        assert_no_secret(&e.to_string(), "error Display");
        assert_no_secret(&format!("{e:?}"), "error Debug");
        assert_no_secret(
            &sp_chat::app::sentences::error_sentence(e),
            "error sentence",
        );
    }
}

#[test]
fn session_logs_never_carry_credentials() {
    let buf = Captured::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("sp_chat::api=trace")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    tracing::subscriber::with_default(subscriber, || {
        rt.block_on(async {
            let sim = common::quiet_sim().await;
            let ctl = sim.control();
            let options = SessionOptions {
                backoff: BackoffPolicy {
                    base: Duration::from_millis(10),
                    cap: Duration::from_millis(50),
                    max_retry_after: Duration::from_secs(1),
                },
                send_attempts: 50,
                ..SessionOptions::default()
            };
            let common::Started {
                h,
                mut rx,
                mut log,
                chat_id,
            } = common::start_chat(client(&sim, "SimChat"), options).await;
            ctl.inject(
                Route::Any,
                Fault::Status {
                    status: 500,
                    error_code: None,
                    retry_after: None,
                },
                2,
            );
            ctl.inject(Route::Any, Fault::Garbage, 1);
            ctl.inject(Route::SendEvents, Fault::DropMidBody, 1);
            h.send_message("hello");
            ctl.agent_say(&chat_id, "hi");
            tokio::time::timeout(DEADLINE, async {
                wait_event(&mut rx, &mut log, |e| {
                    matches!(e, SessionEvent::MessageSent { .. })
                })
                .await
            })
            .await
            .expect("sent");
            for e in &log {
                assert_no_secret(&format!("{e:?}"), "session event");
            }
            h.shutdown();
        });
    });
    let logged = String::from_utf8(buf.0.lock().expect("log buffer").clone()).expect("utf-8");
    assert!(
        logged.contains("link down"),
        "the faults were logged: {logged}"
    );
    assert_no_secret(&logged, "log output");
}
