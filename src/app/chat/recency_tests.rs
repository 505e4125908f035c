//! The status line's time label through the app: when it shows, what it says, that a Tick a
//! minute later changes it, and which wake-ups it asks for (explicit instants, no clock).

use super::TimeLabel;
use crate::app::test_support::*;
use crate::app::{App, Msg, Screen};
use ratatui::crossterm::event::KeyCode;

const MIN: i64 = 60_000;
/// `agent_says` stamps its messages a minute after T0.
const SAID: i64 = T0 + MIN;

fn label(app: &App) -> Option<String> {
    match app.screen() {
        Screen::Chat(chat) => chat
            .time_label(app.now_ms(), app.utc_offset_secs())
            .map(|l| l.text),
        Screen::Settings(_) | Screen::Home(_) => None,
    }
}

fn tick(app: &mut App, now_ms: i64) {
    app.update(Msg::Tick { now_ms });
}

/// A connected chat whose agent said something at [`SAID`], seen at that instant.
fn answered_app() -> App {
    let mut app = connected_app();
    tick(&mut app, SAID);
    app.update(events(vec![agent_says("a1", "How can I help?")]));
    app.clear_dirty();
    app
}

#[test]
fn no_label_under_a_minute_then_minutes_after_each_tick() {
    let mut app = answered_app();
    assert_eq!(label(&app), None);
    // The label appears exactly a minute after the message: one wake-up for it.
    assert_eq!(app.next_wakeup_ms(), Some(SAID + MIN));
    tick(&mut app, SAID + MIN - 1);
    assert!(!app.is_dirty(), "nothing changed on screen yet");
    tick(&mut app, SAID + MIN);
    assert!(app.is_dirty());
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 1 min ago"));
    app.clear_dirty();
    assert_eq!(app.next_wakeup_ms(), Some(SAID + 2 * MIN));
    tick(&mut app, SAID + 2 * MIN);
    assert!(app.is_dirty());
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 2 min ago"));
}

#[test]
fn hour_labels_wake_the_app_once_an_hour() {
    let mut app = answered_app();
    tick(&mut app, SAID + 61 * MIN);
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 1 h ago"));
    assert_eq!(app.next_wakeup_ms(), Some(SAID + 120 * MIN));
}

#[test]
fn the_agents_message_wins_over_the_customers_later_one() {
    let mut app = answered_app();
    tick(&mut app, SAID + 2 * MIN);
    typed(&mut app, "thanks");
    app.update(key(KeyCode::Enter));
    tick(&mut app, SAID + 5 * MIN);
    // The customer wrote 3 minutes ago; the agent, whom they are waiting for, 5.
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 5 min ago"));
}

#[test]
fn with_no_agent_message_the_customers_own_counts_and_notices_do_not() {
    let mut app = connected_app();
    // Only the join notice: nothing to label, nothing to wake up for.
    tick(&mut app, T0 + 10 * MIN);
    assert_eq!(label(&app), None);
    assert_eq!(app.next_wakeup_ms(), None);
    typed(&mut app, "hello?");
    app.update(key(KeyCode::Enter));
    tick(&mut app, T0 + 13 * MIN);
    assert_eq!(label(&app).as_deref(), Some("last message 3 min ago"));
}

#[test]
fn hidden_while_the_agent_types_and_back_after() {
    let mut app = answered_app();
    tick(&mut app, SAID + 3 * MIN);
    app.update(events(vec![typing()]));
    assert_eq!(label(&app), None, "the typing line is news enough");
    // Only the indicator's expiry is asked for.
    assert_eq!(app.next_wakeup_ms(), Some(SAID + 3 * MIN + 30_000));
    tick(&mut app, SAID + 3 * MIN + 30_000);
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 3 min ago"));
}

#[test]
fn the_selected_entry_shows_its_time_and_age() {
    let mut app = answered_app();
    tick(&mut app, SAID + 12 * MIN);
    app.update(key(KeyCode::Tab));
    // SAID is 22:14:20 UTC.
    assert_eq!(label(&app).as_deref(), Some("22:14 · 12 min ago"));
    app.update(key(KeyCode::Esc));
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 12 min ago"));
}

#[test]
fn a_freshly_selected_entry_reads_just_now() {
    let mut app = answered_app();
    app.update(key(KeyCode::Tab));
    let chat = match app.screen() {
        Screen::Chat(chat) => chat,
        Screen::Settings(_) | Screen::Home(_) => panic!("not in the chat"),
    };
    assert_eq!(
        chat.time_label(SAID, 0),
        Some(TimeLabel {
            text: "22:14 · just now".to_string(),
            short: "just now".to_string(),
        })
    );
    assert_eq!(app.next_wakeup_ms(), Some(SAID + MIN));
}

#[test]
fn an_ended_chat_keeps_its_label() {
    let mut app = answered_app();
    app.update(Msg::Session(crate::api::session::SessionEvent::Ended(
        crate::api::session::EndReason::Ended,
    )));
    tick(&mut app, SAID + 7 * MIN);
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 7 min ago"));
}

#[test]
fn settings_and_home_never_wake_up_whatever_the_time() {
    let (mut app, _) = App::new(init(valid_settings()));
    tick(&mut app, T0 + 90 * MIN);
    assert_eq!(app.next_wakeup_ms(), None);
    let mut app = home_app();
    tick(&mut app, T0 + 90 * MIN);
    assert_eq!(app.next_wakeup_ms(), None);
}

#[test]
fn hidden_for_a_minute_after_the_customer_writes() {
    let mut app = answered_app();
    tick(&mut app, SAID + 10 * MIN);
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 10 min ago"));
    typed(&mut app, "still there?");
    app.update(key(KeyCode::Enter));
    // "wrote 10 min ago" right under a line sent this second would read as if nothing happened.
    assert_eq!(label(&app), None);
    assert_eq!(app.next_wakeup_ms(), Some(SAID + 11 * MIN));
    tick(&mut app, SAID + 11 * MIN);
    assert_eq!(label(&app).as_deref(), Some("Anna Lee wrote 11 min ago"));
}

#[test]
fn a_long_agent_name_gives_way_to_last_message() {
    let mut app = chat_app();
    app.update(events(vec![
        status("connected"),
        ev(
            serde_json::json!({"event": "chat_session_party_joined", "party_id": AGENT,
            "display_name": "Maximiliana Theodora Featherstonehaugh", "type": "internal"}),
        ),
    ]));
    tick(&mut app, SAID);
    app.update(events(vec![agent_says("a1", "Hello")]));
    tick(&mut app, SAID + 2 * MIN);
    assert_eq!(label(&app).as_deref(), Some("last message 2 min ago"));
}
