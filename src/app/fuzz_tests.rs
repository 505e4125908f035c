//! Property tests of event parsing and of the state machine, with bounded case counts so CI
//! stays fast.
//!
//! - Any JSON value at all, as a server event: `ServerEvent::from_value` never panics.
//! - Sequences of event batches (valid, duplicated, out of order, unknown, malformed, hostile)
//!   applied to a live chat: no panic, every agent message id shown exactly once, no forbidden
//!   character in any transcript entry, and every frame draws.
//! - Random sequences of everything the app can be told (keys, pastes, resizes, ticks, focus,
//!   session events): no panic, and every frame draws at whatever size the terminal has.

use super::test_support::*;
use super::transcript::{EntryKind, Sender};
use super::{App, Msg, Screen};
use crate::api::session::{EndReason, SessionEvent};
use crate::api::types::ServerEvent;
use crate::api::{Error, ErrorKind};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;

/// Cases per property: enough to find the shapes that break, small enough for CI.
const CASES: u32 = 256;

/// Hostile payloads small enough to use many times per case.
fn hostile() -> Vec<String> {
    crate::ui::hostile_tests::payloads()
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| p.len() < 20_000)
        .collect()
}

/// Text for any field: hostile, arbitrary (no braces, which mark message ids), or ordinary.
fn junk() -> impl Strategy<Value = String> {
    let table = hostile();
    prop_oneof![
        (0..table.len()).prop_map(move |i| table[i].clone()),
        "[^{}]{0,40}",
        Just(String::new()),
        Just("<b>hi</b> &amp; &#27;[2J".to_string()),
    ]
}

fn party() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(AGENT.to_string()),
        Just(CHAT_ID.to_string()),
        Just("p2".to_string()),
        Just(String::new()),
    ]
}

/// Timestamps in every form seen, and some never seen.
fn timestamp() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1_600_000_000i64..1_800_000_000).prop_map(|s| json!(s.to_string())),
        (1_600_000_000_000i64..1_800_000_000_000).prop_map(|ms| json!(ms)),
        Just(json!("not a time")),
        Just(json!(-1)),
        Just(json!(1e300)),
        Just(Value::Null),
    ]
}

/// An agent (or echo) message whose shown text carries `{{m<id>}}`, so it can be counted.
fn message() -> impl Strategy<Value = Value> {
    (0u8..8, party(), junk(), any::<bool>(), timestamp()).prop_map(
        |(id, party, text, plain, ts)| {
            let marked = format!("{{{{m{id}}}}} {text}");
            let mut v = json!({"event": "chat_session_message", "msg_id": format!("m{id}"),
                               "msg": marked, "party_id": party, "timestamp": ts});
            if plain {
                v["msg_text"] = json!(marked);
            }
            v
        },
    )
}

fn other_event() -> impl Strategy<Value = Value> {
    let named = prop_oneof![
        Just("chat_session_status"),
        Just("chat_session_party_joined"),
        Just("chat_session_party_left"),
        Just("chat_session_typing"),
        Just("chat_session_not_typing"),
        Just("chat_session_file"),
        Just("chat_session_form_show"),
        Just("chat_session_secure_form_show"),
        Just("chat_session_timeout_warning"),
        Just("chat_session_inactivity_timeout"),
        Just("chat_session_ended"),
        Just("chat_session_message_delivered"),
        Just("chat_session_message_read"),
        Just("chat_session_case_set"),
        Just("chat_session_location"),
        Just("chat_session_navigation"),
        Just("chat_session_info"),
        Just("chat_session_signaling"),
        Just("chat_session_cobrowsing_start"),
        Just("chat_session_form_data"),
        Just("chat_session_disconnect"),
        Just("chat_session_end"),
        Just("something_new"),
    ];
    let state = prop_oneof![
        Just(json!("queued")),
        Just(json!("connected")),
        Just(json!("failed")),
        Just(json!("completed")),
        Just(json!("ivr")),
        Just(json!(7)),
        Just(json!("weird")),
    ];
    (
        named,
        party(),
        junk(),
        junk(),
        state,
        timestamp(),
        0u8..8,
        any::<bool>(),
    )
        .prop_map(|(event, party, a, b, state, ts, n, flag)| {
            let id = format!("m{n}");
            json!({
                "event": event, "party_id": party, "timestamp": ts, "state": state,
                "ewt": if flag { json!(n) } else { json!(a.clone()) },
                "display_name": a, "first_name": b, "type": if flag { "internal" } else { "scenario" },
                "file_id": format!("f{n}"), "file_name": b, "file_type": if flag { "image" } else { "x" },
                "form_request_id": if flag { json!(n) } else { json!(id) },
                "form_name": a, "form_timeout": n, "msg": b, "ref_msg_id": format!("m{n}"),
                "url": a, "latitude": "north", "service_name": b, "case_id": n,
            })
        })
}

/// Shapes no server should send.
fn malformed() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(|n| json!(n)),
        "[^{}]{0,20}".prop_map(|s| json!(s)),
        Just(json!([1, "two", null])),
        Just(json!({})),
        Just(json!({"event": null})),
        Just(json!({"event": 42, "msg_id": "m1"})),
        Just(json!({"event": "chat_session_message", "msg_id": 3, "msg": {"a": 1}})),
        Just(json!({"event": "chat_session_message", "msg": "no id", "party_id": AGENT})),
        Just(json!({"event": "chat_session_file", "file_id": ["x"]})),
        Just(json!({"event": "chat_session_status"})),
        Just(json!({"event": "chat_session_form_show", "form_request_id": {"deep": [1]}})),
    ]
}

fn any_event() -> impl Strategy<Value = Value> {
    prop_oneof![4 => message(), 4 => other_event(), 2 => malformed()]
}

/// Any JSON at all, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
        Just(json!("chat_session_message")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("event".to_string()),
                    Just("msg_id".to_string()),
                    Just("msg".to_string()),
                    Just("timestamp".to_string()),
                    Just("party_id".to_string()),
                    Just("form_request_id".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Characters that must never be in anything the transcript shows.
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{E0000}'..='\u{E007F}')
}

fn entry_texts(kind: &EntryKind) -> Vec<&str> {
    match kind {
        EntryKind::Message { sender, text, .. } => vec![sender_name(sender), text],
        EntryKind::File { sender, name, .. } => vec![sender_name(sender), name],
        EntryKind::Upload { name, .. } => vec![name],
        EntryKind::Buttons {
            sender, replies, ..
        } => std::iter::once(sender_name(sender))
            .chain(replies.intro.as_deref())
            .chain(replies.labels.iter().map(String::as_str))
            .collect(),
        EntryKind::System(t) | EntryKind::Warning(t) | EntryKind::Error(t) => vec![t],
    }
}

fn sender_name(s: &Sender) -> &str {
    s.name()
}

fn draws(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    terminal.draw(|f| crate::ui::draw(app, f)).expect("draw");
}

/// The ids of well-formed messages (a `msg_id` of ours) among the batches.
fn message_ids(batches: &[Vec<Value>]) -> BTreeSet<String> {
    batches
        .iter()
        .flatten()
        .filter_map(|v| match ServerEvent::from_value(v.clone()) {
            ServerEvent::Message(m) if m.msg_id.starts_with('m') => Some(m.msg_id),
            _ => None,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn any_json_parses_without_panicking(v in any_json()) {
        let e = ServerEvent::from_value(v.clone());
        // Parsing is total and stable: the same value gives the same event.
        prop_assert_eq!(e, ServerEvent::from_value(v));
    }

    #[test]
    fn event_batches_keep_the_transcript_whole_and_clean(
        batches in prop::collection::vec(prop::collection::vec(any_event(), 0..10), 1..6),
        repeat in any::<bool>(),
    ) {
        let mut app = connected_app();
        let mut fed = batches.clone();
        if repeat {
            // The same batches again, newest first: duplicates and reordering.
            fed.extend(batches.iter().rev().cloned());
        }
        for batch in &fed {
            let list: Vec<ServerEvent> = batch.iter().cloned().map(ServerEvent::from_value).collect();
            app.update(events(list));
            draws(&app, 80, 24);
        }
        let Screen::Chat(chat) = app.screen() else {
            return Err(TestCaseError::fail("left the chat screen on events alone"));
        };
        let entries = chat.transcript().entries();
        for entry in entries {
            for text in entry_texts(&entry.kind) {
                prop_assert!(!text.chars().any(forbidden), "forbidden char in {:?}", text);
            }
        }
        for id in message_ids(&batches) {
            let marker = format!("{{{{{id}}}}}");
            let shown = entries
                .iter()
                .filter(|e| matches!(&e.kind, EntryKind::Message { text, .. } if text.contains(&marker)))
                .count();
            prop_assert_eq!(shown, 1, "message {} shown {} times", id, shown);
        }
        draws(&app, 200, 60);
    }

    #[test]
    fn any_sequence_of_messages_never_panics(msgs in prop::collection::vec(any_msg(), 1..60)) {
        let mut app = home_app();
        let mut now = T0;
        for msg in msgs {
            let msg = match msg {
                Msg::Tick { now_ms } => {
                    now += now_ms;
                    Msg::Tick { now_ms: now }
                }
                other => other,
            };
            app.update(msg);
            let (w, h) = app.size();
            draws(&app, w.min(250), h.min(80));
        }
    }
}

fn any_key() -> impl Strategy<Value = Msg> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec!['a', 'y', 'n', 'r', 's', 'x', 'o', '5', '?', ' '])
            .prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Esc),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::F(1)),
        Just(KeyCode::F(2)),
    ];
    let mods = prop_oneof![
        4 => Just(KeyModifiers::NONE),
        2 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::SHIFT),
    ];
    (code, mods).prop_map(|(c, m)| key_with(c, m))
}

fn any_session_event() -> impl Strategy<Value = SessionEvent> {
    let error = prop_oneof![
        Just(ErrorKind::Offline),
        Just(ErrorKind::Unauthorized),
        Just(ErrorKind::NotFound),
        Just(ErrorKind::BadRequest),
        Just(ErrorKind::TooLarge),
    ]
    .prop_flat_map(|kind| junk().prop_map(move |d| Error::new(kind, d)));
    prop_oneof![
        Just(SessionEvent::Started {
            chat_id: CHAT_ID.to_string(),
            state: None,
            ewt: Some(30),
            resumed: false,
        }),
        error.clone().prop_map(SessionEvent::StartFailed),
        prop::collection::vec(any_event(), 0..6).prop_map(|v| SessionEvent::Events(
            v.into_iter().map(ServerEvent::from_value).collect()
        )),
        (error.clone(), 0u64..100).prop_map(|(error, s)| SessionEvent::LinkDown {
            error,
            retry_in: Duration::from_secs(s),
        }),
        Just(SessionEvent::LinkUp),
        (0u64..6, 0u8..8).prop_map(|(local_id, n)| SessionEvent::MessageSent {
            local_id,
            msg_id: format!("m{n}"),
        }),
        (0u64..6, error.clone())
            .prop_map(|(local_id, error)| SessionEvent::MessageFailed { local_id, error }),
        (0u64..6, any::<u64>(), any::<u64>()).prop_map(|(local_id, sent, total)| {
            SessionEvent::UploadProgress {
                local_id,
                sent,
                total,
            }
        }),
        (0u64..6, junk()).prop_map(|(local_id, file_name)| SessionEvent::UploadDone {
            local_id,
            file_id: "f1".to_string(),
            file_name,
        }),
        (0u64..6, error.clone())
            .prop_map(|(local_id, error)| SessionEvent::UploadFailed { local_id, error }),
        prop_oneof![
            Just(EndReason::Ended),
            Just(EndReason::Inactivity),
            Just(EndReason::Gone),
            Just(EndReason::Stopped),
            error.prop_map(EndReason::Fatal),
        ]
        .prop_map(SessionEvent::Ended),
    ]
}

fn any_msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        8 => any_key(),
        1 => junk().prop_map(Msg::Paste),
        1 => (0u16..300, 0u16..120).prop_map(|(width, height)| Msg::Resize { width, height }),
        // A Tick carries the time step here; the runner turns it into a monotonic clock.
        1 => (0i64..120_000).prop_map(|now_ms| Msg::Tick { now_ms }),
        1 => any::<bool>().prop_map(Msg::FocusChanged),
        4 => any_session_event().prop_map(Msg::Session),
    ]
}
