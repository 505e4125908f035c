//! Test harness for the simulated tenant over real HTTP: a server on 127.0.0.1:0 and a raw
//! reqwest client that speaks PROTOCOL.md by hand (no `api::client`, so the two are tested
//! against each other only in the integration tests).

use super::{SimConfig, SimControl, SimServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

pub(crate) const DEADLINE: Duration = Duration::from_secs(10);

pub(crate) struct Harness {
    pub server: SimServer,
    pub control: SimControl,
    pub http: reqwest::Client,
    pub client_id: String,
    pub tenant: String,
    pub app_id: String,
}

impl Harness {
    pub async fn start(config: SimConfig) -> Harness {
        let tenant = config.tenant.clone();
        let app_id = config.app_id.clone();
        let server = SimServer::start(config).await.expect("sim starts");
        let control = server.control();
        let http = reqwest::Client::builder()
            .timeout(DEADLINE)
            .build()
            .expect("http client");
        Harness {
            server,
            control,
            http,
            client_id: uuid::Uuid::new_v4().to_string(),
            tenant,
            app_id,
        }
    }

    /// A fast tenant whose polls are held `hold`.
    pub async fn fast(hold: Duration) -> Harness {
        let mut config = SimConfig::fast();
        config.poll_hold = hold;
        Harness::start(config).await
    }

    pub fn url_in(&self, version: &str, path: &str) -> String {
        format!(
            "{}/clientweb/api/{version}/{path}?tenantUrl={}&nonce=1",
            self.server.base_url(),
            self.tenant
        )
    }

    pub fn url(&self, path: &str) -> String {
        self.url_in("v1", path)
    }

    pub fn auth(&self) -> String {
        self.auth_as(&self.client_id)
    }

    pub fn auth_as(&self, client_id: &str) -> String {
        format!(
            "MOBILE-API-140-327-PLAIN appId=\"{}\", clientId=\"{client_id}\"",
            self.app_id
        )
    }

    /// Sends a request with our Authorization; answers the status and the body as JSON
    /// (`Null` when the body is empty or not JSON).
    pub async fn call(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let response = request
            .header("Authorization", self.auth())
            .header("User-Agent", "MobileClient")
            .send()
            .await
            .expect("request answered");
        let status = response.status();
        let bytes = response.bytes().await.expect("body read");
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// A GET of `url` with the given Authorization and nothing else, answered as it comes:
    /// for the tests that look at headers, a cut body or a refused connection.
    pub async fn try_get_with(
        &self,
        url: &str,
        authorization: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let request = self.http.get(url).header("Authorization", authorization);
        request.send().await
    }

    /// [`Harness::try_get_with`], which must be answered.
    pub async fn raw_get_with(&self, url: &str, authorization: &str) -> reqwest::Response {
        let response = self.try_get_with(url, authorization).await;
        response.expect("answered")
    }

    /// [`Harness::raw_get_with`] under our Authorization.
    pub async fn raw_get(&self, url: &str) -> reqwest::Response {
        self.raw_get_with(url, &self.auth()).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(self.http.get(self.url(path))).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(self.http.post(self.url(path)).json(&body)).await
    }

    pub async fn request_chat(&self) -> String {
        let (status, body) = self
            .post(
                "chats",
                json!({"from": "Jo Tester", "parameters": {"first_name": "Jo"}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["chat_id"].as_str().expect("chat_id").to_string()
    }

    pub async fn send(&self, chat_id: &str, events: Value) -> (StatusCode, Value) {
        self.post(
            &format!("chats/{chat_id}/events"),
            json!({ "events": events }),
        )
        .await
    }

    pub async fn poll(&self, chat_id: &str) -> (StatusCode, Value) {
        self.get(&format!("chats/{chat_id}/events")).await
    }

    /// Polls until `done` holds for everything received so far; answers all of it.
    pub async fn poll_until(&self, chat_id: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        self.poll_until_in("v1", chat_id, done).await
    }

    /// Polls until an event named `name` has come; answers all that came.
    pub async fn poll_until_event(&self, chat_id: &str, name: &str) -> Vec<Value> {
        self.poll_until(chat_id, |s| has(s, name)).await
    }

    /// [`Harness::poll_until`] under the given API version.
    pub async fn poll_until_in(
        &self,
        version: &str,
        chat_id: &str,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let start = Instant::now();
        let mut seen = Vec::new();
        let url = self.url_in(version, &format!("chats/{chat_id}/events"));
        while !done(&seen) {
            assert!(start.elapsed() < DEADLINE, "gave up waiting; got {seen:#?}");
            let (status, body) = self.call(self.http.get(&url)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            seen.extend(body["events"].as_array().cloned().unwrap_or_default());
        }
        seen
    }
}

/// The `event` names of a list of events.
pub(crate) fn names(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["event"].as_str().unwrap_or(""))
        .collect()
}

pub(crate) fn has(events: &[Value], name: &str) -> bool {
    names(events).contains(&name)
}

/// Request headers that carry `value` as the Authorization.
pub(crate) fn authorization(value: &str) -> axum::http::HeaderMap {
    let mut headers = axum::http::HeaderMap::new();
    let value = axum::http::HeaderValue::from_str(value).expect("valid header");
    headers.insert(axum::http::header::AUTHORIZATION, value);
    headers
}

/// Waits (checking every 10 ms) until `condition` holds; fails after the deadline.
pub(crate) async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
