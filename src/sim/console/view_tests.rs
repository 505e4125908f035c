//! The console's view: snapshots of an empty console and of a conversation, and the too-small
//! notice.

use super::state::{ChatSnapshot, ConsoleState};
use super::view::draw;
use crate::api::types::ServerEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

fn settings() -> Vec<String> {
    vec![
        "tenant_url = \"sim.sp-chat.test\"".to_string(),
        "client_web_server_url = \"http://127.0.0.1:8098\"".to_string(),
        "app_id = \"SimChat\"".to_string(),
        "client_id = \"00000000-0000-4000-8000-000000000000\"".to_string(),
    ]
}

fn render(state: &ConsoleState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| draw(state, f)).expect("draw");
    terminal
}

#[test]
fn console_waiting_for_a_customer() {
    let state = ConsoleState::new(settings());
    insta::assert_snapshot!(render(&state, 80, 24).backend());
}

#[test]
fn console_in_a_conversation() {
    let mut state = ConsoleState::new(settings());
    let history = vec![
        json!({"event": "chat_session_party_joined", "party_id": "a1", "first_name": "Anna", "last_name": "Lee", "type": "internal"}),
        json!({"event": "chat_session_message", "msg_id": "1", "msg": "My order never arrived, can you check it please? It was order 4411.", "party_id": "c1"}),
        json!({"event": "chat_session_message", "msg_id": "a-1", "msg": "Of course, one moment.", "party_id": "a1"}),
        json!({"event": "chat_session_file", "file_id": "f1", "file_name": "receipt.png", "file_type": "image", "party_id": "c1"}),
        json!({"event": "chat_session_typing", "party_id": "c1"}),
    ];
    state.sync(vec![
        ChatSnapshot {
            chat_id: "c0".into(),
            customer: "Bob Old".into(),
            history: vec![],
            ended: true,
        },
        ChatSnapshot {
            chat_id: "c1".into(),
            customer: "Ada Customer".into(),
            history: history.into_iter().map(ServerEvent::from_value).collect(),
            ended: false,
        },
    ]);
    for c in "Found it".chars() {
        state.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    insta::assert_snapshot!(render(&state, 80, 24).backend());
}

#[test]
fn console_too_small() {
    let state = ConsoleState::new(settings());
    insta::assert_snapshot!(render(&state, 30, 10).backend());
    // A zero-sized area must not panic.
    render(&state, 0, 0);
}
