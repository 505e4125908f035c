//! The rejoin question offered at start says when the chat started (Get Active Chat's optional
//! `created_time`, local time), and stays generic without it.

use super::test_support::*;
use super::{App, Confirm, Msg};
use crate::api::types::ChatResponse;
use crate::api::wire::Timestamp;
use crate::config::Settings;
use pretty_assertions::assert_eq;

fn question(app: &App) -> String {
    match app.top_view().and_then(super::View::question) {
        Some(q) => q.question(),
        None => panic!("no question open"),
    }
}

fn found(created_time: Option<Timestamp>) -> Msg {
    Msg::ActiveChatFound(Ok(Some(ChatResponse {
        chat_id: "chat-9".into(),
        created_time,
        ..ChatResponse::default()
    })))
}

#[test]
fn the_rejoin_question_says_when_the_chat_started_in_local_time() {
    // T0 is 22:13:20 UTC; six hours west it is 16:13:20, and the chat started at 14:05.
    let mut init = init(Settings::default());
    init.utc_offset_secs = -6 * 3600;
    let (mut app, _) = App::new(init);
    app.update(found(Some(Timestamp(T0 - 7_700_000))));
    assert_eq!(question(&app), "Rejoin the chat you started at 14:05?");
    let Some(super::View::Confirm(view)) = app.top_view() else {
        panic!("no question")
    };
    assert_eq!(
        view.question(),
        &Confirm::Rejoin {
            chat_id: "chat-9".into(),
            started: Some("at 14:05".into()),
        }
    );
}

#[test]
fn without_a_start_time_the_rejoin_question_stays_generic() {
    let (mut app, _) = App::new(init(Settings::default()));
    app.update(found(None));
    assert_eq!(question(&app), "You have a chat in progress — rejoin?");
}

#[test]
fn a_chat_started_on_an_earlier_day_names_the_day() {
    use super::views::started_when;
    const HOUR: i64 = 3_600_000;
    // T0 is 22:13 UTC: 23:50 the day before, and three days before.
    assert_eq!(
        started_when(T0 - 22 * HOUR - 23 * 60_000, T0, 0),
        "yesterday at 23:50"
    );
    assert_eq!(started_when(T0 - 72 * HOUR, T0, 0), "on 2023-11-11 22:13");
    // Just after midnight, a chat from before midnight was yesterday's, not "at".
    assert_eq!(started_when(T0, T0 + 2 * HOUR, 0), "yesterday at 22:13");
    // A start ahead of our clock is still "at" its time; a hostile one does not panic.
    assert_eq!(started_when(T0 + 60_000, T0, 0), "at 22:14");
    started_when(i64::MIN, i64::MAX, i32::MAX);
    started_when(i64::MAX, i64::MIN, i32::MIN);
}
