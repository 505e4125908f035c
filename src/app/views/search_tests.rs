//! The search line through the App: keys in, the chat's view and the line's count out.

use crate::app::App;
use crate::app::test_support::{agent_says, chat, connected_app, ctrl, events, key, typed};
use crate::app::transcript::Scroll;
use crate::app::views::View;
use ratatui::crossterm::event::KeyCode;

/// A connected chat of `n` agent messages, `special` (0-based among them) saying `word`.
fn long_chat(n: usize, special: usize, word: &str) -> App {
    let mut app = connected_app();
    let batch = (0..n)
        .map(|i| {
            let text = if i == special {
                format!("message {i}: the {word} is here")
            } else {
                format!("message {i}: nothing to see")
            };
            agent_says(&format!("m{i}"), &text)
        })
        .collect();
    app.update(events(batch));
    app
}

fn search(app: &App) -> &crate::app::views::SearchView {
    match app.top_view() {
        Some(View::Search(search)) => search,
        other => panic!("no search line: {other:?}"),
    }
}

/// The transcript entries with a row on screen (80×24, as the fixtures' terminal).
fn on_screen(app: &App) -> Vec<usize> {
    let t = chat(app).transcript();
    let mut entries: Vec<usize> = t
        .visible_rows(79, 10)
        .into_iter()
        .map(|(entry, _)| entry)
        .collect();
    entries.dedup();
    entries
}

#[test]
fn a_word_only_in_an_early_message_is_brought_on_screen_with_a_count() {
    let mut app = long_chat(2_000, 39, "Pangolin");
    let message_40 = chat(&app)
        .transcript()
        .entries()
        .iter()
        .position(|e| e.kind.plain_text().contains("Pangolin"))
        .expect("message 40 is in the transcript");
    assert_eq!(chat(&app).transcript().scroll(), Scroll::Bottom);
    app.update(ctrl('f'));
    assert_eq!(search(&app).position(), "type to search");
    typed(&mut app, "pangolín");
    assert!(
        on_screen(&app).contains(&message_40),
        "{:?}",
        on_screen(&app)
    );
    assert_eq!(search(&app).position(), "1/1");
    assert_eq!(search(&app).current_entry(), Some(message_40));
    app.update(key(KeyCode::Esc));
    assert!(app.top_view().is_none(), "Esc closes the search");
    assert_eq!(
        chat(&app).transcript().scroll(),
        Scroll::Bottom,
        "back to the newest message"
    );
}

#[test]
fn enter_goes_to_older_matches_and_ctrl_p_to_newer_ones_wrapping_around() {
    let mut app = connected_app();
    let batch = (0..30)
        .map(|i| {
            let text = if i % 10 == 0 {
                "a Parcel".to_string()
            } else {
                format!("filler {i}")
            };
            agent_says(&format!("m{i}"), &text)
        })
        .collect();
    app.update(events(batch));
    app.update(ctrl('f'));
    typed(&mut app, "PARCEL");
    let matches = chat(&app).transcript().search("parcel");
    assert_eq!(matches.len(), 3);
    assert_eq!(search(&app).position(), "1/3", "the newest match first");
    assert_eq!(search(&app).current_entry(), Some(matches[2]));
    app.update(key(KeyCode::Enter));
    assert_eq!(search(&app).position(), "2/3");
    assert_eq!(search(&app).current_entry(), Some(matches[1]));
    assert!(on_screen(&app).contains(&matches[1]));
    app.update(ctrl('n'));
    app.update(ctrl('n'));
    assert_eq!(
        search(&app).position(),
        "1/3",
        "past the oldest: the newest again"
    );
    app.update(ctrl('p'));
    assert_eq!(
        search(&app).position(),
        "3/3",
        "past the newest: the oldest again"
    );
    // Typing more keeps the nearest match at or above the view.
    typed(&mut app, "x");
    assert_eq!(search(&app).position(), "no match");
    app.update(key(KeyCode::Backspace));
    assert_eq!(search(&app).current_entry(), Some(matches[0]));
}

#[test]
fn esc_returns_a_reader_who_had_scrolled_up_to_where_they_were() {
    let mut app = long_chat(300, 10, "needle");
    app.update(key(KeyCode::PageUp));
    let before = chat(&app).transcript().scroll();
    assert!(matches!(before, Scroll::At { .. }));
    app.update(ctrl('f'));
    typed(&mut app, "needle");
    assert_ne!(chat(&app).transcript().scroll(), before);
    app.update(key(KeyCode::Esc));
    assert_eq!(chat(&app).transcript().scroll(), before);
}

#[test]
fn slash_searches_from_the_transcript_and_the_match_becomes_the_selection() {
    let mut app = long_chat(50, 5, "needle");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char('/')));
    typed(&mut app, "needle");
    let found = search(&app).current_entry().expect("a match");
    match chat(&app).focus() {
        crate::app::chat::ChatFocus::Transcript { selected, .. } => assert_eq!(*selected, found),
        other => panic!("the transcript lost the focus: {other:?}"),
    }
    // The composer got none of the typed letters.
    assert_eq!(chat(&app).composer().text(), "");
    // Esc puts the selection back on the message selected before the search.
    let newest = chat(&app).transcript().entries().len() - 1;
    app.update(key(KeyCode::Esc));
    match chat(&app).focus() {
        crate::app::chat::ChatFocus::Transcript { selected, .. } => assert_eq!(*selected, newest),
        other => panic!("the transcript lost the focus: {other:?}"),
    }
    assert_eq!(chat(&app).transcript().scroll(), Scroll::Bottom);
}
