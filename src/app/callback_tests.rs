//! Home's callback number: prefilled from `[customer] phone`, checked, sent as Request Chat's
//! `phone_number`, answering a PHONE pre-chat parameter, promised on the chat's status line.

use super::home::HomeFocus;
use super::test_support::*;
use super::{App, Effect, Msg, Screen};
use crate::api::session::SessionEvent;
use crate::api::types::ChatRequest;
use crate::api::{Error, ErrorKind};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;
use std::collections::BTreeMap;

fn home_with_phone(phone: &str) -> App {
    let mut settings = valid_settings();
    settings.customer.phone = phone.to_string();
    home_app_with(settings)
}

/// From the message box to the callback number, its text replaced by `number`.
fn type_callback(app: &mut App, number: &str) {
    app.update(key(KeyCode::Tab));
    assert_eq!(home(app).focus(), HomeFocus::Callback);
    for _ in 0..40 {
        app.update(key(KeyCode::Backspace));
    }
    typed(app, number);
}

/// Back from the callback number to the message, where Enter is *Help me*.
fn press_help_me(app: &mut App) -> Vec<Effect> {
    app.update(key(KeyCode::BackTab));
    assert_eq!(home(app).focus(), HomeFocus::Message);
    app.update(key(KeyCode::Enter))
}

fn requested(effects: &[Effect]) -> ChatRequest {
    match effects.first() {
        Some(Effect::StartChat { request }) => request.clone(),
        _ => panic!("no chat started: {effects:?}"),
    }
}

fn status_text(app: &App) -> String {
    chat(app).status(app.now_ms()).text
}

#[test]
fn the_callback_number_is_prefilled_from_the_settings_and_sent_as_phone_number() {
    let mut app = home_with_phone(" +1 555 0100 ");
    assert_eq!(home(&app).callback().text(), "+1 555 0100");
    let request = requested(&app.update(key(KeyCode::Enter)));
    assert_eq!(request.phone_number, "+1 555 0100");
}

#[test]
fn a_typed_callback_number_goes_out_as_phone_number_instead_of_the_settings_one() {
    let mut app = home_with_phone("+1 555 0100");
    type_callback(&mut app, "+44 20 7946 0958");
    let request = requested(&press_help_me(&mut app));
    assert_eq!(
        request,
        ChatRequest {
            phone_number: "+44 20 7946 0958".to_string(),
            from: "Sam Carter".to_string(),
            parameters: BTreeMap::from([
                ("email".to_string(), "sam@example.com".to_string()),
                ("first_name".to_string(), "Sam".to_string()),
                ("last_name".to_string(), "Carter".to_string()),
            ]),
        }
    );
}

#[test]
fn an_emptied_callback_number_sends_no_number() {
    let mut app = home_with_phone("+1 555 0100");
    type_callback(&mut app, "");
    assert_eq!(requested(&press_help_me(&mut app)).phone_number, "");
    assert_eq!(status_text(&app), "Requesting chat…");
}

#[test]
fn an_invalid_callback_number_keeps_help_me_from_starting_and_says_why() {
    for (number, why) in [
        (
            "call me",
            "Callback number may contain only digits, spaces and + - ( ) .",
        ),
        ("12", "Callback number must have between 3 and 20 digits"),
        (
            "+1 555 0100 \u{1b}[2J",
            "Callback number may contain only digits, spaces and + - ( ) .",
        ),
    ] {
        let mut app = home_with_phone("");
        type_callback(&mut app, number);
        assert_eq!(press_help_me(&mut app), vec![], "{number:?}");
        assert!(matches!(app.screen(), Screen::Home(_)));
        assert_eq!(home(&app).notice(), Some(why));
    }
}

#[test]
fn a_phone_pre_chat_parameter_is_answered_by_the_callback_number_not_a_second_field() {
    let mut app = home_with_phone("+1 555 0100");
    app.update(expected(&[
        ("first_name", "FIRST_NAME"),
        ("cb_phone", "PHONE"),
    ]));
    let names: Vec<&str> = home(&app)
        .params()
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["first_name"]);
    type_callback(&mut app, "(555) 010-0199");
    let request = requested(&press_help_me(&mut app));
    assert_eq!(request.phone_number, "(555) 010-0199");
    let sent: Vec<(&str, &str)> = request
        .parameters
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        sent,
        [("cb_phone", "(555) 010-0199"), ("first_name", "Sam")]
    );
}

#[test]
fn the_status_promises_the_call_while_waiting_and_not_once_chatting() {
    let mut app = home_with_phone("+1 555 0100");
    app.update(key(KeyCode::Enter));
    assert_eq!(
        status_text(&app),
        "Requesting chat… · We will call you at +1 555 0100"
    );
    app.update(started());
    assert_eq!(
        status_text(&app),
        "In queue — about 2 min · We will call you at +1 555 0100"
    );
    app.update(events(vec![status("connected"), joined()]));
    assert_eq!(status_text(&app), "Chatting with Anna Lee");
}

#[test]
fn a_chat_that_cannot_start_gives_the_number_back_as_typed() {
    for (typed_number, back) in [("+44 20 7946 0958", "+44 20 7946 0958"), ("", "")] {
        let mut app = home_with_phone("+1 555 0100");
        type_callback(&mut app, typed_number);
        press_help_me(&mut app);
        app.update(Msg::Session(SessionEvent::StartFailed(Error::new(
            ErrorKind::Offline,
            "connection refused",
        ))));
        assert_eq!(
            home(&app).callback().text(),
            back,
            "not the settings' number"
        );
    }
}

#[test]
fn without_a_number_the_status_promises_nothing() {
    let mut app = home_with_phone("");
    app.update(key(KeyCode::Enter));
    app.update(started());
    assert!(
        !status_text(&app).contains("call you"),
        "{}",
        status_text(&app)
    );
}
