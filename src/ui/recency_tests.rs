//! Snapshots of the chat's status line with its time label: the last message's age, the
//! selected entry's time, and the narrowest screen (where the label gives way to the status).

use super::draw;
use crate::api::session::SessionEvent;
use crate::app::test_support::*;
use crate::app::{App, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const MIN: i64 = 60_000;

fn snap_at(name: &str, app: &mut App, sizes: &[(u16, u16)]) {
    for &(w, h) in sizes {
        app.update(Msg::Resize {
            width: w,
            height: h,
        });
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        terminal.draw(|f| draw(app, f)).expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

/// The customer asked at T0, the agent answered at T0 + 1 min (`agent_says`), and the
/// customer stepped away.
fn waiting_app() -> App {
    let mut app = connected_app();
    sent(&mut app, "Where is my order SO-12345678?");
    app.update(events(vec![agent_says(
        "a1",
        "It left our warehouse yesterday; tracking follows by email.",
    )]));
    app
}

#[test]
fn chat_status_says_how_long_ago_the_agent_wrote() {
    let mut app = waiting_app();
    app.update(Msg::Tick {
        now_ms: T0 + MIN + 3 * MIN + 20_000,
    });
    snap_at(
        "chat_last_message_ago",
        &mut app,
        &[(80, 24), (200, 60), (48, 12), (40, 12)],
    );
}

#[test]
fn chat_selected_message_shows_its_time_and_age() {
    let mut app = waiting_app();
    app.update(Msg::Tick {
        now_ms: T0 + MIN + 12 * MIN,
    });
    app.update(key(KeyCode::Tab));
    snap_at("chat_selected_time", &mut app, &[(80, 24)]);
}

#[test]
fn home_says_when_the_last_chat_ended() {
    let mut app = home_app();
    app.update(key(KeyCode::Enter));
    app.update(started());
    app.update(events(vec![status("connected"), joined()]));
    app.update(Msg::Session(SessionEvent::Ended(
        crate::api::session::EndReason::Ended,
    )));
    app.update(key(KeyCode::Enter));
    app.update(Msg::Tick {
        now_ms: T0 + 5 * MIN,
    });
    snap_at("home_last_chat_ended", &mut app, &[(80, 24)]);
}
