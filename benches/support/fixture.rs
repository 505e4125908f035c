//! Bench fixtures: a real `App` in a connected chat, filled with messages through the same
//! `Msg::Session(SessionEvent::Events(..))` batches the session worker sends, and the timing
//! helpers the benches share. Not a test helper: nothing here asserts.

#![allow(dead_code)]

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use serde_json::json;
use sp_chat::api::session::SessionEvent;
use sp_chat::api::types::{Availability, AvailabilityResponse, ServerEvent};
use sp_chat::app::{App, AppInit, Msg};
use sp_chat::config::{CustomerSettings, Settings};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// 2023-11-14 22:13:20 UTC.
pub const T0: i64 = 1_700_000_000_000;
pub const CHAT_ID: &str = "chat-1";
pub const AGENT: &str = "agent-7";
/// Messages per batch when filling a transcript (a long history arrives in a few big polls).
pub const BATCH: usize = 10_000;

/// Mixed-width bodies: ASCII of several lengths, CJK, emoji (with a ZWJ family), combining marks.
const BODIES: [&str; 8] = [
    "Thanks, I can see your order now.",
    "Your parcel left the warehouse this morning and should arrive on Thursday; the tracking link is in the email we sent you a minute ago, and it updates every hour or so.",
    "ご注文の商品は明日発送されます。追跡番号はメールでお送りします。ほかにご質問はありますか？",
    "Great 👍 see you 👨\u{200d}👩\u{200d}👧 soon 🎉🎉",
    "Cafe\u{301} au lait, nai\u{308}ve re\u{301}sume\u{301}: combining marks stay on their letters.",
    "ok",
    "订单号 A-20231114-0042 已经确认，退款将在三到五个工作日内退回到您的原支付方式。",
    "Could you also check whether the second item (the blue one, size M) is back in stock? I would like to add it if the shipping is the same.",
];

fn settings() -> Settings {
    Settings {
        tenant_url: "example.brightpattern.com".to_string(),
        client_web_server_url: "https://example.brightpattern.com".to_string(),
        app_id: "SimChat".to_string(),
        client_id: "123e4567-e89b-12d3-a456-426614174000".to_string(),
        customer: CustomerSettings {
            first_name: "Sam".to_string(),
            last_name: "Carter".to_string(),
            ..Default::default()
        },
        ..Settings::default()
    }
}

pub fn key(code: KeyCode, modifiers: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// An app of `width`×`height` in a chat with an agent connected, nothing in the transcript yet
/// but the join line.
pub fn connected_app(width: u16, height: u16) -> App {
    let (mut app, _) = App::new(AppInit {
        settings: settings(),
        config_path: PathBuf::from("/nonexistent/sp-chat/config.toml"),
        demo: false,
        now_ms: T0,
        size: (width, height),
        log_path: None,
        utc_offset_secs: 0,
        no_color: false,
        transcripts_dir: None,
        keymap: Default::default(),
    });
    app.update(Msg::SettingsSaved(Ok(Box::new(settings()))));
    app.update(Msg::AvailabilityChecked(Ok(AvailabilityResponse {
        chat: Availability::Available,
        ewt: None,
    })));
    app.update(key(KeyCode::Enter, KeyModifiers::NONE));
    app.update(Msg::Session(SessionEvent::Started {
        chat_id: CHAT_ID.to_string(),
        state: Some(sp_chat::api::ChatState::Connected),
        ewt: None,
        resumed: false,
    }));
    app.update(Msg::Session(SessionEvent::Events(vec![
        ServerEvent::from_value(json!({"event": "chat_session_status", "state": "connected"})),
        ServerEvent::from_value(json!({
            "event": "chat_session_party_joined", "party_id": AGENT, "first_name": "Anna",
            "last_name": "Lee", "display_name": "Anna Lee", "type": "internal",
            "timestamp": (T0 / 1000).to_string()
        })),
    ])));
    app
}

/// Message `n` of a conversation as the server sends it: agent and customer (history echoes
/// of our own messages) alternate, bodies cycle through [`BODIES`]. Counted from a multiple of
/// 24 below `n`'s end of the conversation is not needed: callers that compare transcripts of
/// different lengths end them on the same kind of message (see [`app_with`]).
pub fn message(n: usize) -> ServerEvent {
    let party = if n % 3 == 2 { CHAT_ID } else { AGENT };
    ServerEvent::from_value(json!({
        "event": "chat_session_message",
        "msg_id": format!("m{n}"),
        "msg": BODIES[n % BODIES.len()],
        "party_id": party,
        "timestamp": (T0 / 1000 + n as i64).to_string(),
    }))
}

/// The events `from..to` as one poll's batch.
pub fn batch(from: usize, to: usize) -> Msg {
    Msg::Session(SessionEvent::Events((from..to).map(message).collect()))
}

/// A connected app holding `n` messages, applied in batches of [`BATCH`]. The numbering ends on
/// a multiple of 24 (the period of senders × bodies), so that transcripts of any length end with
/// the same messages and their bottom screens are the same picture.
pub fn app_with(n: usize, width: u16, height: u16) -> App {
    let mut app = connected_app(width, height);
    let first = n.div_ceil(24) * 24 - n;
    let n = first + n;
    let mut from = first;
    while from < n {
        let to = (from + BATCH).min(n);
        app.update(batch(from, to));
        from = to;
    }
    app.clear_dirty();
    app
}

/// The median of some durations (zero when there are none).
pub fn median(mut v: Vec<Duration>) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[v.len() / 2]
}

/// A duration for people: "312 µs", "4.21 ms", "1.30 s".
pub fn human(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// CPU time of the calling thread so far (Linux `schedstat`; zero elsewhere). Unlike wall time it
/// does not count the time other processes of a busy machine hold the cores.
pub fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// CPU time of every thread of process `pid` so far (Linux `schedstat`; zero elsewhere).
pub fn process_cpu(pid: u32) -> Duration {
    let mut ns = 0;
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            if let Ok(s) = std::fs::read_to_string(task.path().join("schedstat")) {
                ns += s
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
    }
    Duration::from_nanos(ns)
}

/// Per-iteration times of each case, from every criterion sample, for the ratio table.
#[derive(Default)]
pub struct Samples(RefCell<BTreeMap<&'static str, Vec<Duration>>>);

impl Samples {
    /// Times `iters` runs of `f`, records the mean of this sample, and returns the total.
    pub fn time(&self, name: &'static str, iters: u64, mut f: impl FnMut()) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        let total = start.elapsed();
        self.0
            .borrow_mut()
            .entry(name)
            .or_default()
            .push(total / u32::try_from(iters.max(1)).unwrap_or(u32::MAX));
        total
    }

    pub fn median(&self, name: &str) -> Option<Duration> {
        self.0.borrow().get(name).map(|v| median(v.clone()))
    }
}
