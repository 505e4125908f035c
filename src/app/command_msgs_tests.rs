//! The messages that drive the app without keys (`Msg::Action`, `Msg::SetText`,
//! `Msg::SelectEntry`): the same outcome as the keys they stand for.

use super::test_support::*;
use super::{Action, Effect, Msg, Screen};
use crate::api::session::SessionCommand;
use crate::app::chat::ChatFocus;
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;

#[test]
fn set_text_and_send_are_typing_and_enter_without_the_typing_report() {
    let mut by_keys = connected_app();
    typed(&mut by_keys, "Hello");
    let key_effects = by_keys.update(key(KeyCode::Enter));

    let mut by_msgs = connected_app();
    let set = by_msgs.update(Msg::SetText("Hello".into()));
    assert!(
        !set.iter()
            .any(|e| matches!(e, Effect::Session(SessionCommand::Typing(_)))),
        "a whole line is not typing: {set:?}"
    );
    let msg_effects = by_msgs.update(Msg::Action(Action::Send));
    let sends = |effects: &[Effect]| -> Vec<Effect> {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Session(SessionCommand::SendMessage { .. })))
            .cloned()
            .collect()
    };
    assert_eq!(sends(&msg_effects), sends(&key_effects));
    assert_eq!(
        chat(&by_msgs).transcript().entries(),
        chat(&by_keys).transcript().entries()
    );
}

#[test]
fn set_text_replaces_the_focused_field_within_its_limit() {
    let (mut app, _) = super::App::new(init(crate::config::Settings::default()));
    app.update(Msg::SetText("first".into()));
    app.update(Msg::SetText("tenant.example.com".into()));
    let (field, value) = settings_screen(&app).fields().next().expect("a field");
    assert_eq!(field, crate::config::Field::TenantUrl);
    assert_eq!(value.text(), "tenant.example.com");
    let huge = "x".repeat(crate::app::composer::MAX_BYTES * 2);
    app.update(Msg::SetText(huge));
    let (_, value) = settings_screen(&app).fields().next().expect("a field");
    assert!(value.text().len() <= crate::app::composer::MAX_BYTES);
}

#[test]
fn an_action_goes_where_its_key_would_whatever_the_key() {
    let mut app = connected_app();
    app.update(Msg::Action(Action::EndChat));
    assert_eq!(
        overlay(&app),
        Some(Overlay::Confirm(super::Confirm::EndChat))
    );
    let effects = app.update(Msg::Action(Action::Yes));
    assert!(effects.contains(&Effect::Session(SessionCommand::Disconnect)));
    assert!(chat(&app).is_leaving());
}

#[test]
fn select_entry_selects_it_as_tab_would_and_is_clamped() {
    let mut app = connected_app();
    app.update(events(vec![
        agent_says("m1", "one"),
        agent_says("m2", "two"),
    ]));
    let last = chat(&app).transcript().entries().len() - 1;
    app.update(Msg::SelectEntry(1));
    assert!(matches!(
        chat(&app).focus(),
        ChatFocus::Transcript { selected: 1, .. }
    ));
    app.update(Msg::SelectEntry(usize::MAX));
    assert!(matches!(
        chat(&app).focus(),
        ChatFocus::Transcript { selected, .. } if *selected == last
    ));
    // Nothing to select on Home: nothing happens.
    let mut home = home_app();
    home.update(Msg::SelectEntry(0));
    assert!(matches!(home.screen(), Screen::Home(_)));
}

#[test]
fn home_knows_when_its_form_is_known_and_the_app_when_the_rejoin_lookup_answered() {
    let (mut app, effects) = super::App::new(init(valid_settings()));
    assert!(effects.contains(&Effect::LookForActiveChat));
    assert!(app.looking_for_active_chat());
    app.update(Msg::ActiveChatFound(Ok(None)));
    assert!(!app.looking_for_active_chat());
    app.update(Msg::Action(Action::LeaveSettings));
    assert!(!home(&app).form_known());
    app.update(Msg::ParametersFetched(Err(crate::api::Error::new(
        crate::api::ErrorKind::ServerError,
        "down",
    ))));
    assert!(home(&app).form_known(), "a failure is an answer too");
}
