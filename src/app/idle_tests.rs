//! The idle property, without a clock: an app with nothing in progress asks for no wake-up and a
//! tick changes nothing on screen; the spinner and the typing indicator ask for the clock only
//! while they are shown; the status line's "Anna Lee wrote N min ago" wakes the app at most once a
//! minute, then once an hour. (The measured figure is in `benches/process.rs`.)

use super::test_support::*;
use super::*;

#[test]
fn a_connected_chat_with_nothing_in_progress_never_wakes_up() {
    let mut app = connected_app();
    assert_eq!(app.next_wakeup_ms(), None);
    for s in 1..=10 {
        app.update(Msg::Tick {
            now_ms: T0 + s * 1000,
        });
        assert!(!app.is_dirty(), "a tick at {s} s asked for a redraw");
        assert_eq!(app.next_wakeup_ms(), None);
    }
}

#[test]
fn a_fresh_home_and_settings_never_wake_up() {
    let mut app = home_app();
    assert_eq!(app.next_wakeup_ms(), None);
    app.update(Msg::Tick {
        now_ms: T0 + 60_000,
    });
    assert!(!app.is_dirty());
    let (app, _) = App::new(init(valid_settings()));
    assert_eq!(app.next_wakeup_ms(), None);
}

#[test]
fn the_typing_indicator_wakes_the_app_once_to_go_away() {
    let mut app = connected_app();
    app.update(events(vec![typing()]));
    app.clear_dirty();
    let until = app.next_wakeup_ms().expect("the indicator expires");
    app.update(Msg::Tick { now_ms: until });
    assert!(app.is_dirty(), "the indicator is gone from the screen");
    app.clear_dirty();
    assert_eq!(app.next_wakeup_ms(), None);
}

#[test]
fn the_spinner_runs_only_while_something_is_in_progress() {
    let mut app = chat_app();
    // Queued: the spinner is shown, so frames are asked for.
    assert!(app.next_wakeup_ms().is_some());
    app.update(events(vec![status("connected"), joined()]));
    app.clear_dirty();
    assert_eq!(app.next_wakeup_ms(), None);
}

/// Follows the wake-ups an idle app asks for up to `until` (each must redraw); returns them.
fn wakeups(app: &mut App, until: i64) -> Vec<i64> {
    let mut seen = Vec::new();
    while let Some(at) = app.next_wakeup_ms().filter(|&at| at <= until) {
        assert!(at > app.now_ms(), "a wake-up in the past: {at}");
        seen.push(at);
        app.update(Msg::Tick { now_ms: at });
        assert!(
            app.is_dirty(),
            "a wake-up at {at} changed nothing on screen"
        );
        app.clear_dirty();
    }
    seen
}

#[test]
fn the_last_message_label_wakes_the_app_once_a_minute_then_once_an_hour() {
    let mut app = connected_app();
    // `agent_says` stamps the message at T0 + 60 s.
    app.update(Msg::Tick {
        now_ms: T0 + 60_000,
    });
    app.update(events(vec![agent_says("a1", "hello")]));
    app.clear_dirty();
    let first_hour = wakeups(&mut app, T0 + 60_000 + 3_600_000);
    // 1 min ago ... 59 min ago, then 1 h ago: 60 wake-ups, one a minute apart.
    assert_eq!(first_hour.len(), 60);
    assert!(first_hour.windows(2).all(|w| w[1] - w[0] == 60_000));
    let next_hours = wakeups(&mut app, T0 + 60_000 + 5 * 3_600_000);
    assert_eq!(next_hours.len(), 4, "2 h, 3 h, 4 h, 5 h ago");
    assert!(next_hours.windows(2).all(|w| w[1] - w[0] == 3_600_000));
}
