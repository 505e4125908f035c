//! The case history view: its lines from Get Case History, and its flow through the whole app
//! (F4 before and after a case is linked, the answer, scrolling, closing).

use super::*;
use crate::api::ErrorKind;
use crate::app::test_support::*;
use crate::app::{App, Effect, Msg, View};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;
use serde_json::json;

fn history(value: serde_json::Value) -> CaseHistoryResponse {
    serde_json::from_value(value).expect("a case history")
}

/// A returning customer's earlier chat: Anna joined, a hostile message, ours, a file.
fn earlier_chat() -> CaseHistoryResponse {
    history(json!({"sessions": [
        {"chat_id": "old-1", "created_time": T0 - 86_400_000, "events": [
            {"event": "chat_session_party_joined", "party_id": "a9", "display_name": "Anna \u{1b}[31mLee",
             "type": "internal", "timestamp": T0 - 86_400_000},
            {"event": "chat_session_message", "msg_id": "m1", "party_id": "a9",
             "msg": "Your order <b>SO-1</b> \u{1b}]52;c;cm0=\u{7}ships today", "timestamp": T0 - 86_340_000},
            {"event": "chat_session_message", "msg_id": "m2", "party_id": "old-1", "msg": "Thanks!"},
            {"event": "chat_session_file", "file_id": "f1", "file_name": "label\u{1b}[2J.pdf",
             "file_type": "attachment", "party_id": "a9"}
        ]},
        {"chat_id": "old-2", "events": []}
    ]}))
}

#[test]
fn each_session_is_a_dated_heading_over_its_messages_all_sanitised() {
    let lines = lines_of(&earlier_chat().sessions, 0);
    // The same sanitiser as the live transcript: escapes become inert, visible marks.
    let anna = sanitize_line("Anna \u{1b}[31mLee");
    for line in &lines {
        let texts = match line {
            HistoryLine::Session(heading) => vec![heading],
            HistoryLine::Message { time, from, text } => vec![time, from, text],
        };
        for text in texts {
            assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        }
    }
    assert_eq!(
        lines,
        vec![
            HistoryLine::Session("Chat of 2023-11-13 22:13".into()),
            HistoryLine::Message {
                time: "22:14".into(),
                from: anna.clone(),
                text: sanitize_line("Your order SO-1 \u{1b}]52;c;cm0=\u{7}ships today"),
            },
            HistoryLine::Message {
                time: String::new(),
                from: "You".into(),
                text: "Thanks!".into(),
            },
            HistoryLine::Message {
                time: String::new(),
                from: anna.clone(),
                text: format!("sent a file: {}", sanitize_line("label\u{1b}[2J.pdf")),
            },
            HistoryLine::Session("an earlier chat".into()),
            HistoryLine::Message {
                time: String::new(),
                from: String::new(),
                text: "(no messages)".into(),
            },
        ]
    );
}

fn linked_app() -> App {
    let mut app = connected_app();
    app.update(events(vec![ev(
        json!({"event": "chat_session_case_set", "case_id": "CASE-\u{1b}[1m7"}),
    )]));
    app
}

fn top_history(app: &App) -> &HistoryView {
    match app.top_view() {
        Some(View::History(view)) => view,
        other => panic!("no case history on top: {other:?}"),
    }
}

#[test]
fn f4_before_a_case_is_linked_says_there_is_none_and_asks_nothing() {
    let mut app = connected_app();
    assert_eq!(app.update(key(KeyCode::F(4))), vec![]);
    assert!(app.top_view().is_none());
    let notice = chat(&app).notice().unwrap_or_default();
    assert_eq!(
        notice,
        "There is no case history for this chat: it is not linked to a case."
    );
}

#[test]
fn f4_fetches_the_history_once_and_shows_the_answer() {
    let mut app = linked_app();
    assert_eq!(
        app.update(key(KeyCode::F(4))),
        vec![Effect::FetchCaseHistory {
            chat_id: CHAT_ID.into()
        }]
    );
    assert_eq!(
        top_history(&app).case_id(),
        sanitize_line("CASE-\u{1b}[1m7")
    );
    assert_eq!(*top_history(&app).state(), HistoryState::Loading);
    // F4 again closes it (the same key opens and closes).
    app.update(key(KeyCode::F(4)));
    assert!(app.top_view().is_none());
    app.update(key(KeyCode::F(4)));
    app.update(Msg::CaseHistoryFetched(Ok(earlier_chat())));
    let HistoryState::Ready(lines) = top_history(&app).state() else {
        panic!("the history is shown");
    };
    assert_eq!(lines.len(), 6);
    // Scrolling stays inside the lines; Esc closes and the chat is as it was.
    for _ in 0..20 {
        app.update(key(KeyCode::Down));
    }
    assert_eq!(top_history(&app).scroll_offset(), 5);
    app.update(key(KeyCode::Home));
    assert_eq!(top_history(&app).scroll_offset(), 0);
    app.update(key(KeyCode::Esc));
    assert!(app.top_view().is_none());
    assert!(chat(&app).is_live());
}

#[test]
fn a_failure_is_a_sentence_and_a_late_answer_finds_no_view() {
    let mut app = linked_app();
    app.update(key(KeyCode::F(4)));
    app.update(Msg::CaseHistoryFetched(Err(crate::api::Error::new(
        ErrorKind::ServerError,
        "500",
    ))));
    let HistoryState::Failed(why) = top_history(&app).state() else {
        panic!("a failure is shown");
    };
    assert!(why.starts_with("Could not get the case history: "), "{why}");
    app.update(key(KeyCode::Esc));
    // An answer that arrives after the view closed changes nothing.
    let before = app.clone();
    app.update(Msg::CaseHistoryFetched(Ok(earlier_chat())));
    assert_eq!(app.top_view(), before.top_view());
}
