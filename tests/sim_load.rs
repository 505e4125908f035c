//! The simulated tenant's load-facing API as a test outside the crate uses it: a rate limit in
//! the config, the counters, the request log (and how to check from it that nothing but polls
//! went out inside a Retry-After window), and a burst read back in one poll.

use serde_json::{Value, json};
use sp_chat::sim::{LoggedRequest, RateLimit, Route, SimConfig, SimServer};
use std::time::Duration;

struct Wire {
    sim: SimServer,
    http: reqwest::Client,
    auth: String,
    tenant: String,
}

impl Wire {
    async fn start(config: SimConfig) -> Wire {
        let tenant = config.tenant.clone();
        let auth = format!(
            "MOBILE-API-140-327-PLAIN appId=\"{}\", clientId=\"{}\"",
            config.app_id,
            uuid::Uuid::new_v4()
        );
        let sim = SimServer::start(config).await.expect("sim starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("http client");
        Wire {
            sim,
            http,
            auth,
            tenant,
        }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/clientweb/api/v2/{path}?tenantUrl={}",
            self.sim.base_url(),
            self.tenant
        )
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Option<String>, Value) {
        let response = request
            .header("Authorization", &self.auth)
            .send()
            .await
            .expect("answered");
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.json().await.unwrap_or(Value::Null);
        (status, retry_after, body)
    }
}

/// Non-poll requests logged inside a Retry-After window an earlier answer gave (one client).
fn non_polls_inside_retry_after(log: &[LoggedRequest]) -> usize {
    log.iter()
        .filter(|e| e.route != Some(Route::Poll))
        .filter(|e| {
            log.iter().any(|given| {
                given.retry_after_secs.is_some_and(|secs| {
                    e.at > given.at && e.at < given.at + Duration::from_secs(secs)
                })
            })
        })
        .count()
}

#[tokio::test]
async fn limit_counters_log_and_burst_from_outside_the_crate() {
    let mut config = SimConfig::fast();
    config.poll_hold = Duration::from_millis(300);
    config.agent.queue_time = Duration::from_secs(600);
    config.rate_limit = Some(RateLimit {
        max_requests: 2,
        per: Duration::from_secs(600),
        retry_after_secs: 60,
    });
    let w = Wire::start(config).await;
    let control = w.sim.control();

    let (status, _, body) = w.send(w.http.post(w.url("chats")).json(&json!({}))).await;
    assert_eq!(status, 200, "{body}");
    let chat_id = body["chat_id"].as_str().expect("chat_id").to_string();
    let poll = || w.send(w.http.get(w.url(&format!("chats/{chat_id}/events"))));
    assert_eq!(poll().await.0, 200); // the opening status

    let ids = control.agent_burst_n(&chat_id, 40);
    let (status, _, body) = poll().await;
    assert_eq!(status, 200);
    let got: Vec<&str> = body["events"]
        .as_array()
        .map(|events| events.iter().filter_map(|e| e["msg_id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(got, ids);

    assert_eq!(w.send(w.http.get(w.url("availability"))).await.0, 200);
    let (status, retry_after, _) = w.send(w.http.get(w.url("availability"))).await;
    assert_eq!((status, retry_after.as_deref()), (429, Some("60")));
    assert_eq!(poll().await.0, 200, "the poll is exempt");
    assert_eq!(
        non_polls_inside_retry_after(&control.request_log()),
        0,
        "only polls so far"
    );
    let (status, _, _) = w.send(w.http.get(w.url("parameters"))).await;
    assert_eq!(status, 429);
    assert_eq!(non_polls_inside_retry_after(&control.request_log()), 1);

    let stats = control.stats();
    assert_eq!(stats.connections, 1);
    assert_eq!(stats.rate_limited, 2);
    assert_eq!(stats.during_retry_after, 1);
    assert_eq!(stats.send_events, 0);
    control.reset_stats();
    assert_eq!(control.stats().requests, 0);
    assert!(control.request_log().is_empty());
}
