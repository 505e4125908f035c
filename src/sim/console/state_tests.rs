//! The console's state machine: keys to actions, typing on/off, selection, prompts, sanitising.

use super::*;
use crate::api::types::ServerEvent;
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_text(state: &mut ConsoleState, text: &str) -> Vec<ConsoleAction> {
    text.chars()
        .flat_map(|c| state.key(key(KeyCode::Char(c))))
        .collect()
}

fn chat(id: &str, customer: &str, history: Vec<serde_json::Value>, ended: bool) -> ChatSnapshot {
    ChatSnapshot {
        chat_id: id.to_string(),
        customer: customer.to_string(),
        history: history.into_iter().map(ServerEvent::from_value).collect(),
        ended,
    }
}

fn say(party: &str, text: &str) -> serde_json::Value {
    json!({"event": "chat_session_message", "msg_id": "1", "msg": text, "party_id": party, "timestamp": "1700000000"})
}

fn with_chat() -> ConsoleState {
    let mut state = ConsoleState::new(vec!["tenant_url = \"x\"".to_string()]);
    state.sync(vec![chat("c1", "Ada", vec![say("c1", "hello")], false)]);
    state
}

#[test]
fn typing_sends_typing_once_then_enter_sends_the_message() {
    let mut state = with_chat();
    let actions = type_text(&mut state, "hi there");
    assert_eq!(
        actions,
        vec![ConsoleAction::Typing {
            chat_id: "c1".into(),
            on: true
        }]
    );
    assert_eq!(
        state.key(key(KeyCode::Enter)),
        vec![ConsoleAction::Say {
            chat_id: "c1".into(),
            text: "hi there".into()
        }]
    );
    assert_eq!(state.composer(), "");
    // The next keystroke starts "typing" again.
    assert_eq!(type_text(&mut state, "x").len(), 1);
}

#[test]
fn erasing_the_draft_takes_typing_back() {
    let mut state = with_chat();
    type_text(&mut state, "a");
    assert_eq!(
        state.key(key(KeyCode::Backspace)),
        vec![ConsoleAction::Typing {
            chat_id: "c1".into(),
            on: false
        }]
    );
    assert_eq!(state.key(key(KeyCode::Enter)), vec![]);
}

#[test]
fn file_prompt_pushes_the_typed_path_and_esc_cancels() {
    let mut state = with_chat();
    assert_eq!(state.key(ctrl('f')), vec![]);
    assert_eq!(state.input(), &Input::FilePath(String::new()));
    type_text(&mut state, "/tmp/a.png");
    assert_eq!(
        state.key(key(KeyCode::Enter)),
        vec![ConsoleAction::SendFile {
            chat_id: "c1".into(),
            path: "/tmp/a.png".into()
        }]
    );
    assert_eq!(state.input(), &Input::Composer);
    state.key(ctrl('f'));
    type_text(&mut state, "x");
    assert_eq!(state.key(key(KeyCode::Esc)), vec![]);
    assert_eq!(state.input(), &Input::Composer);
    assert_eq!(state.composer(), "");
}

#[test]
fn survey_and_end_go_to_the_selected_chat() {
    let mut state = with_chat();
    assert_eq!(
        state.key(ctrl('s')),
        vec![ConsoleAction::ShowSurvey {
            chat_id: "c1".into()
        }]
    );
    type_text(&mut state, "bye");
    assert_eq!(
        state.key(ctrl('e')),
        vec![
            ConsoleAction::Typing {
                chat_id: "c1".into(),
                on: false
            },
            ConsoleAction::EndChat {
                chat_id: "c1".into()
            }
        ]
    );
}

#[test]
fn without_a_live_chat_keys_do_nothing_and_say_why() {
    let mut state = ConsoleState::new(Vec::new());
    assert_eq!(state.key(ctrl('s')), vec![]);
    assert_eq!(
        state.notice(),
        Some("No live chat selected: wait for a customer.")
    );
    state.sync(vec![chat("c1", "", vec![], true)]);
    assert_eq!(state.selected().map(|c| c.chat_id.as_str()), Some("c1"));
    type_text(&mut state, "late");
    assert_eq!(state.key(key(KeyCode::Enter)), vec![]);
    assert_eq!(state.key(ctrl('e')), vec![]);
}

#[test]
fn a_new_live_chat_is_selected_and_tab_cycles() {
    let mut state = ConsoleState::new(Vec::new());
    state.sync(vec![chat("c1", "Ada", vec![], true)]);
    state.sync(vec![
        chat("c1", "Ada", vec![], true),
        chat("c2", "Bob", vec![], false),
    ]);
    assert_eq!(state.selected().map(|c| c.chat_id.as_str()), Some("c2"));
    state.key(key(KeyCode::Tab));
    assert_eq!(state.selected().map(|c| c.chat_id.as_str()), Some("c1"));
    state.key(key(KeyCode::BackTab));
    assert_eq!(state.selected().map(|c| c.chat_id.as_str()), Some("c2"));
    // A third chat opening does not steal the selection from a live one.
    state.sync(vec![
        chat("c1", "Ada", vec![], true),
        chat("c2", "Bob", vec![], false),
        chat("c3", "Cy", vec![], false),
    ]);
    assert_eq!(state.selected().map(|c| c.chat_id.as_str()), Some("c2"));
}

#[test]
fn history_becomes_sanitised_lines_with_the_customer_typing() {
    let mut state = ConsoleState::new(Vec::new());
    state.sync(vec![chat(
        "c1",
        "Eve\u{1b}[2J",
        vec![
            json!({"event": "chat_session_party_joined", "party_id": "a1", "first_name": "Anna", "last_name": "Lee", "type": "internal"}),
            say("c1", "x\u{1b}]52;c;cm0gLXJmIH4K\u{7}y"),
            say("a1", "<b>Hi</b> &amp; welcome"),
            json!({"event": "chat_session_file", "file_id": "f", "file_name": "invoice\u{202E}fdp.exe", "file_type": "attachment", "party_id": "c1"}),
            json!({"event": "chat_session_typing", "party_id": "c1"}),
        ],
        false,
    )]);
    let chat = state.selected().cloned().expect("a chat");
    assert!(chat.customer_typing);
    assert!(!chat.customer.contains('\u{1b}'));
    let texts: Vec<(Who, String)> = chat.lines.into_iter().map(|l| (l.who, l.text)).collect();
    assert_eq!(
        texts[0],
        (Who::System, "Anna Lee joined (agent)".to_string())
    );
    assert_eq!(texts[2], (Who::Agent, "Hi & welcome".to_string()));
    for (_, text) in &texts {
        assert!(
            !text
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202E}'),
            "{text:?}"
        );
    }
    assert_eq!(texts.len(), 4);
}

#[test]
fn ctrl_c_quits_and_takes_typing_back() {
    let mut state = with_chat();
    type_text(&mut state, "a");
    assert_eq!(
        state.key(ctrl('c')),
        vec![ConsoleAction::Typing {
            chat_id: "c1".into(),
            on: false
        }]
    );
    assert!(state.should_quit());
}

#[test]
fn every_footer_key_is_handled() {
    // Each row of CONSOLE_KEYS maps to a key press that changes state or yields an action.
    for (keys, _) in CONSOLE_KEYS {
        let mut state = ConsoleState::new(Vec::new());
        state.sync(vec![
            chat("c1", "Ada", vec![], false),
            chat("c2", "Bob", vec![], false),
        ]);
        type_text(&mut state, "draft");
        let before = state.clone();
        let events: Vec<KeyEvent> = match *keys {
            "Enter" => vec![key(KeyCode::Enter)],
            "Tab/S-Tab" => vec![key(KeyCode::Tab), key(KeyCode::BackTab)],
            "^F" => vec![ctrl('f')],
            "^S" => vec![ctrl('s')],
            "^E" => vec![ctrl('e')],
            "^C" => vec![ctrl('c')],
            other => panic!("footer key {other} has no test"),
        };
        for event in events {
            let mut probe = before.clone();
            let actions = probe.key(event);
            assert!(!actions.is_empty() || probe != before, "{keys} did nothing");
        }
    }
}
