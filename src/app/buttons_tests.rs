//! Quick replies through the whole app: an agent's `/buttons` message becomes a set of buttons,
//! and Alt-digit or Tab, ←/→ and Enter send the chosen label once, as an ordinary message.

use super::test_support::*;
use super::transcript::{ButtonLayout, EntryKind, QuickReplies, Sender};
use super::{Effect, Msg};
use crate::api::session::{EndReason, SessionCommand, SessionEvent};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;

/// The messages these effects send, as text.
fn sent_texts(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Session(SessionCommand::SendMessage { text, .. }) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Alt-`digit`: the messages it sends.
fn press_alt(app: &mut super::App, digit: char) -> Vec<String> {
    sent_texts(&app.update(alt(KeyCode::Char(digit))))
}

/// The button chosen in the set just before the newest entry (the customer's answer).
fn chosen_before_last(app: &super::App) -> Option<usize> {
    let entries = chat(app).transcript().entries();
    match &entries[entries.len() - 2].kind {
        EntryKind::Buttons { chosen, .. } => *chosen,
        other => panic!("not a set of buttons: {other:?}"),
    }
}

fn last_kind(app: &super::App) -> EntryKind {
    let entries = chat(app).transcript().entries();
    entries.last().expect("an entry").kind.clone()
}

/// The agent says `text` (as message `msg_id`).
fn say(app: &mut super::App, msg_id: &str, text: &str) {
    app.update(events(vec![agent_says(msg_id, text)]));
}

fn offered() -> super::App {
    let mut app = connected_app();
    say(&mut app, "m1", "/buttons [Yes, please] [No] [Not sure]");
    app
}

#[test]
fn an_agent_directive_becomes_a_set_of_buttons() {
    let app = offered();
    assert_eq!(
        last_kind(&app),
        EntryKind::Buttons {
            sender: Sender::Agent("Anna Lee".into()),
            replies: Box::new(QuickReplies {
                intro: None,
                layout: ButtonLayout::Row,
                labels: vec!["Yes, please".into(), "No".into(), "Not sure".into()],
            }),
            chosen: None,
        }
    );
}

#[test]
fn alt_2_sends_no_once_and_a_second_alt_2_sends_nothing() {
    let mut app = offered();
    assert_eq!(press_alt(&mut app, '2'), ["No"]);
    assert_eq!(chosen_before_last(&app), Some(1));
    assert!(matches!(&last_kind(&app), EntryKind::Message { text, .. } if text == "No"));
    assert_eq!(press_alt(&mut app, '2'), Vec::<String>::new());
}

#[test]
fn a_digit_past_the_last_button_sends_nothing_and_keeps_the_set_open() {
    let mut app = offered();
    assert_eq!(press_alt(&mut app, '4'), Vec::<String>::new());
    assert_eq!(
        chat(&app).transcript().open_buttons(),
        Some(chat(&app).transcript().entries().len() - 1)
    );
}

#[test]
fn tab_right_and_enter_choose_the_highlighted_button() {
    let mut app = offered();
    // Right past the last button stays on it.
    for code in [KeyCode::Tab, KeyCode::Right, KeyCode::Right, KeyCode::Right] {
        app.update(key(code));
    }
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(sent_texts(&effects), ["Not sure"]);
    assert_eq!(chat(&app).transcript().open_buttons(), None);
}

#[test]
fn alt_digit_answers_the_newest_open_set() {
    let mut app = offered();
    say(&mut app, "m2", "Colour? /buttons-column [Red] [Blue]");
    assert_eq!(press_alt(&mut app, '2'), ["Blue"]);
    // The older set is still open: the next Alt-digit answers it.
    assert_eq!(press_alt(&mut app, '1'), ["Yes, please"]);
    assert_eq!(press_alt(&mut app, '1'), Vec::<String>::new());
}

#[test]
fn a_directive_that_does_not_parse_stays_text() {
    let mut app = connected_app();
    say(&mut app, "m1", "/buttons and no brackets");
    assert!(
        matches!(&last_kind(&app), EntryKind::Message { text, .. } if text == "/buttons and no brackets")
    );
    assert_eq!(press_alt(&mut app, '1'), Vec::<String>::new());
}

#[test]
fn an_html_directive_with_entities_becomes_buttons() {
    let mut app = connected_app();
    say(
        &mut app,
        "m1",
        "<p>Pick: /buttons [Fish &amp; chips] [No]</p>",
    );
    let EntryKind::Buttons { replies, .. } = last_kind(&app) else {
        panic!("not buttons: {:?}", last_kind(&app));
    };
    assert_eq!(replies.intro.as_deref(), Some("Pick:"));
    assert_eq!(replies.labels, ["Fish & chips", "No"]);
}

#[test]
fn an_ended_chat_sends_no_choice() {
    let mut app = offered();
    app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    assert_eq!(press_alt(&mut app, '1'), Vec::<String>::new());
}

#[test]
fn enter_on_an_ordinary_message_still_sends_the_draft() {
    let mut app = connected_app();
    say(&mut app, "m1", "Hello");
    typed(&mut app, "a draft");
    app.update(key(KeyCode::Tab));
    assert_eq!(sent_texts(&app.update(key(KeyCode::Enter))), ["a draft"]);
}

#[test]
fn a_rejoined_chat_shows_the_choice_its_history_holds() {
    let mut app = connected_app();
    app.update(events(vec![
        agent_says("m1", "Did that help? /buttons [Yes] [No]"),
        own_echo("chat-1:9", "No"),
    ]));
    assert_eq!(chosen_before_last(&app), Some(1));
    assert_eq!(press_alt(&mut app, '1'), Vec::<String>::new());
}
