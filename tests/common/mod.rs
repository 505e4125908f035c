//! Shared helpers of the API integration tests: a client for a simulated tenant, short session
//! options, and waiting on conditions with a deadline (never sleep-then-assert).

#![allow(dead_code)]

use sp_chat::api::types::ChatRequest;
use sp_chat::api::{
    BackoffPolicy, Client, ClientConfig, ServerEvent, SessionEvent, SessionHandle, SessionOptions,
    Start,
};
use sp_chat::sim::{Fault, SimConfig, SimServer};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// The longest any condition may take.
pub const DEADLINE: Duration = Duration::from_secs(10);

pub fn client_for(sim: &SimServer, app_id: &str) -> Client {
    let mut cfg = ClientConfig::new(
        &sim.base_url(),
        "sim.sp-chat.test",
        app_id,
        &uuid::Uuid::new_v4().to_string(),
    )
    .expect("client config");
    // The fast sim holds an empty poll 2 s.
    cfg.poll_timeout = Duration::from_secs(3);
    cfg.request_timeout = Duration::from_secs(1);
    Client::new(cfg).expect("client")
}

pub fn client(sim: &SimServer) -> Client {
    client_for(sim, "SimChat")
}

/// Short delays so fault tests stay fast.
pub fn fast_options() -> SessionOptions {
    SessionOptions {
        backoff: BackoffPolicy {
            base: Duration::from_millis(20),
            cap: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(2),
        },
        busy_poll_delay: Duration::from_millis(50),
        send_attempts: 30,
        typing_idle: Duration::from_millis(300),
        ..SessionOptions::default()
    }
}

/// A fast simulator whose agent only speaks when a test makes it.
pub async fn quiet_sim() -> SimServer {
    let mut config = SimConfig::fast();
    config.agent.autopilot = false;
    SimServer::start(config).await.expect("sim")
}

/// Receives events until a batch holds a server event that `pick` takes; answers what it took.
pub async fn wait_server_event<T>(
    rx: &mut UnboundedReceiver<SessionEvent>,
    log: &mut Vec<SessionEvent>,
    pick: impl Fn(&ServerEvent) -> Option<T>,
) -> T {
    let holds = |e: &SessionEvent| matches!(e, SessionEvent::Events(v) if v.iter().any(|e| pick(e).is_some()));
    match wait_event(rx, log, holds).await {
        SessionEvent::Events(events) => events.iter().find_map(pick).expect("picked"),
        _ => unreachable!("wait_event answers the event that matched"),
    }
}

/// Receives events until message `local` is reported sent (see [`wait_event`]).
pub async fn wait_sent(
    rx: &mut UnboundedReceiver<SessionEvent>,
    log: &mut Vec<SessionEvent>,
    local: u64,
) -> SessionEvent {
    let sent = |e: &SessionEvent| matches!(e, SessionEvent::MessageSent { local_id, .. } if *local_id == local);
    wait_event(rx, log, sent).await
}

/// Receives events until one matches `pred`; every event received is appended to `log`.
pub async fn wait_event(
    rx: &mut UnboundedReceiver<SessionEvent>,
    log: &mut Vec<SessionEvent>,
    pred: impl Fn(&SessionEvent) -> bool,
) -> SessionEvent {
    let found = tokio::time::timeout(DEADLINE, async {
        while let Some(e) = rx.recv().await {
            log.push(e.clone());
            if pred(&e) {
                return Some(e);
            }
        }
        None
    })
    .await;
    match found {
        Ok(Some(e)) => e,
        Ok(None) => panic!("worker stopped; events so far: {log:#?}"),
        Err(_) => panic!("condition not met in {DEADLINE:?}; events so far: {log:#?}"),
    }
}

/// Polls `cond` every 10 ms until it holds; fails after [`DEADLINE`].
pub async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let started = tokio::time::Instant::now();
    while !cond() {
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Every server event the app was given, in order.
pub fn delivered(log: &[SessionEvent]) -> Vec<ServerEvent> {
    log.iter()
        .flat_map(|e| match e {
            SessionEvent::Events(v) => v.clone(),
            _ => Vec::new(),
        })
        .collect()
}

/// What both the app and the server history must agree on: everything but typing (stale once
/// history is involved) and the customer's own echoes (the app shows those from its commands).
pub fn comparable(events: &[ServerEvent], chat_id: &str) -> Vec<ServerEvent> {
    events
        .iter()
        .filter(|e| match e {
            ServerEvent::Typing(_) | ServerEvent::NotTyping(_) => false,
            ServerEvent::Message(m) => m.party_id != chat_id,
            ServerEvent::File(f) => f.party_id != chat_id,
            ServerEvent::FormData(_)
            | ServerEvent::FormCancel(_)
            | ServerEvent::Disconnected(_)
            | ServerEvent::EndRequested(_) => false,
            _ => true,
        })
        .cloned()
        .collect()
}

pub fn agent_texts(events: &[ServerEvent], chat_id: &str) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            ServerEvent::Message(m) if m.party_id != chat_id => {
                Some(m.msg_text.clone().unwrap_or_else(|| m.msg.clone()))
            }
            _ => None,
        })
        .collect()
}

/// A started chat: the worker's handle, its events, what it said so far, and the chat id.
pub struct Started {
    pub h: SessionHandle,
    pub rx: UnboundedReceiver<SessionEvent>,
    pub log: Vec<SessionEvent>,
    pub chat_id: String,
}

/// Starts a new chat with `client` and waits for `Started`.
pub async fn start_chat(client: Client, options: SessionOptions) -> Started {
    let (h, mut rx) = sp_chat::api::start(client, Start::New(ChatRequest::default()), options);
    let mut log = Vec::new();
    let chat_id = match wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Started { .. })
    })
    .await
    {
        SessionEvent::Started { chat_id, .. } => chat_id,
        other => panic!("expected Started, got {other:?}"),
    };
    Started {
        h,
        rx,
        log,
        chat_id,
    }
}

/// A session on a quiet simulated tenant (autopilot off: the agent joins and then only does what
/// the test tells it), with the agent already joined.
pub struct QuietChat {
    pub sim: SimServer,
    pub h: SessionHandle,
    pub rx: UnboundedReceiver<SessionEvent>,
    pub log: Vec<SessionEvent>,
    pub chat_id: String,
}

pub async fn quiet_chat_with_agent(options: SessionOptions) -> QuietChat {
    let mut cfg = SimConfig::fast();
    cfg.agent.autopilot = false;
    let sim = SimServer::start(cfg).await.expect("sim");
    let Started {
        h,
        mut rx,
        mut log,
        chat_id,
    } = start_chat(client(&sim), options).await;
    while !delivered(&log)
        .iter()
        .any(|e| matches!(e, ServerEvent::PartyJoined(_)))
    {
        wait_event(&mut rx, &mut log, |_| true).await;
    }
    QuietChat {
        sim,
        h,
        rx,
        log,
        chat_id,
    }
}

/// An HTTP error answer with no error code, optionally with `Retry-After` seconds.
pub fn status_fault(status: u16, retry_after: Option<u64>) -> Fault {
    Fault::Status {
        status,
        error_code: None,
        retry_after,
    }
}

/// A key press as the terminal reports it, for tests that drive the app.
pub fn key_with(
    code: ratatui::crossterm::event::KeyCode,
    modifiers: ratatui::crossterm::event::KeyModifiers,
) -> sp_chat::app::Msg {
    use ratatui::crossterm::event::{KeyEvent, KeyEventKind, KeyEventState};
    sp_chat::app::Msg::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// A plain key press.
pub fn key(code: ratatui::crossterm::event::KeyCode) -> sp_chat::app::Msg {
    key_with(code, ratatui::crossterm::event::KeyModifiers::NONE)
}

/// What the runtime tells a fresh app about an 80×24 terminal without colours, for `settings`.
pub fn app_init(settings: &sp_chat::config::Settings, now_ms: i64) -> sp_chat::app::AppInit {
    sp_chat::app::AppInit {
        settings: settings.clone(),
        config_path: std::path::PathBuf::from("/nonexistent/config.toml"),
        demo: false,
        now_ms,
        size: (80, 24),
        log_path: None,
        utc_offset_secs: 0,
        no_color: true,
        transcripts_dir: None,
        keymap: Default::default(),
    }
}
