//! The idle property, without a clock: an app with nothing in progress asks for no wake-up and a
//! tick changes nothing on screen; the spinner and the typing indicator ask for the clock only
//! while they are shown. (The measured figure is in `benches/process.rs`.)

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
fn home_and_settings_never_wake_up() {
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
