//! The agent console's server side: a real customer session (the library over HTTP) against a
//! tenant with the autopilot off, while the test drives the console's state machine with keys
//! and executes its actions exactly as `sp-chat sim --agent-console` does. The customer must
//! see the agent's typing, message, file, survey and the end; the console must see the
//! customer's message and typing.

mod common;

use common::{DEADLINE, client, delivered, fast_options, wait_event, wait_server_event};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sp_chat::api::types::{ChatRequest, ServerEvent};
use sp_chat::api::{SessionEvent, Start};
use sp_chat::sim::console::state::{ConsoleAction, Who};
use sp_chat::sim::console::{ConsoleState, apply, snapshot};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses keys on the console and executes what they ask, as the runner does.
fn press(console: &mut ConsoleState, ctl: &sp_chat::sim::SimControl, keys: Vec<KeyEvent>) {
    for k in keys {
        for action in console.key(k) {
            if let Err(e) = apply(ctl, action) {
                panic!("console action failed: {e}");
            }
        }
    }
    console.sync(snapshot(ctl));
}

/// Re-reads the tenant on every change (as the runner does) until `pred` holds.
async fn console_until(
    console: &mut ConsoleState,
    ctl: &sp_chat::sim::SimControl,
    changes: &mut tokio::sync::watch::Receiver<u64>,
    pred: impl Fn(&ConsoleState) -> bool,
) {
    loop {
        changes.borrow_and_update();
        console.sync(snapshot(ctl));
        if pred(console) {
            return;
        }
        tokio::time::timeout(DEADLINE, changes.changed())
            .await
            .expect("the console condition in time")
            .expect("sender alive");
    }
}

fn typed(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

#[tokio::test]
async fn a_person_at_the_console_talks_with_a_customer() {
    let sim = common::quiet_sim().await;
    let ctl = sim.control();
    let mut changes = ctl.subscribe();
    let mut console = ConsoleState::new(sim.settings_toml().lines().map(str::to_string).collect());

    let request = ChatRequest {
        from: "Ada Customer".into(),
        ..ChatRequest::default()
    };
    let (h, mut rx) = sp_chat::api::start(client(&sim), Start::New(request), fast_options());
    let mut log = Vec::new();
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Started { .. })
    })
    .await;
    // The agent joins by itself; nothing else comes without the console.
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Events(v) if v.iter().any(|e| matches!(e, ServerEvent::PartyJoined(_))))
    })
    .await;

    // The console is woken by the change counter and shows the chat with the customer's name.
    tokio::time::timeout(DEADLINE, changes.changed())
        .await
        .expect("a change")
        .expect("sender alive");
    console.sync(snapshot(&ctl));
    assert_eq!(
        console.selected().map(|c| c.customer.as_str()),
        Some("Ada Customer")
    );

    // The customer types and writes; the console shows both.
    h.typing(true);
    console_until(&mut console, &ctl, &mut changes, |c| {
        c.selected().is_some_and(|c| c.customer_typing)
    })
    .await;
    h.send_message("Where is my order?");
    console_until(&mut console, &ctl, &mut changes, |c| {
        c.selected().is_some_and(|c| {
            c.lines
                .iter()
                .any(|l| l.who == Who::Customer && l.text == "Where is my order?")
        })
    })
    .await;

    // The agent types an answer: the customer sees "typing", then the message.
    let mut keys = typed("It ships today <b>");
    keys.push(key(KeyCode::Enter));
    press(&mut console, &ctl, keys);
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Events(v) if v.iter().any(|e| matches!(e, ServerEvent::Message(m) if m.msg_text.as_deref() == Some("It ships today <b>"))))
    })
    .await;
    assert!(
        delivered(&log)
            .iter()
            .any(|e| matches!(e, ServerEvent::Typing(p) if p.party_id != console.selected().map(|c| c.chat_id.clone()).unwrap_or_default())),
        "the customer saw the agent typing"
    );

    // Push a file through the path prompt.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("label.png");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRlabel").expect("write");
    let mut keys = vec![KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)];
    keys.extend(typed(&path.display().to_string()));
    keys.push(key(KeyCode::Enter));
    press(&mut console, &ctl, keys);
    assert_eq!(console.notice(), None);
    let file = wait_server_event(&mut rx, &mut log, |e| match e {
        ServerEvent::File(f) => Some(f.clone()),
        _ => None,
    })
    .await;
    assert_eq!(
        (file.file_name.as_str(), file.file_type.as_str()),
        ("label.png", "image")
    );
    let (_, content_type, _) = ctl.uploaded_file(&file.file_id).expect("stored");
    assert_eq!(content_type, "image/png");

    // A missing file is a notice, not a failure.
    let chat_id = console.selected().map(|c| c.chat_id.clone()).expect("chat");
    let missing = apply(
        &ctl,
        ConsoleAction::SendFile {
            chat_id: chat_id.clone(),
            path: dir.path().join("nope.png").display().to_string(),
        },
    );
    assert!(missing.is_err());

    // The survey, then the end.
    press(
        &mut console,
        &ctl,
        vec![KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)],
    );
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Events(v) if v.iter().any(|e| matches!(e, ServerEvent::FormShow(f) if f.form_name == "MobileChatSurvey")))
    })
    .await;
    press(
        &mut console,
        &ctl,
        vec![KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)],
    );
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Ended { .. })
    })
    .await;
    assert!(console.selected().is_some_and(|c| c.ended));
    assert!(ctl.is_ended(&chat_id));
}
