//! The search line and the list of links as drawn: snapshots at 80×24, the highlight on the
//! matching cells, the cursor in the search line, and small terminals.

use super::draw;
use crate::app::test_support::*;
use crate::app::{App, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

/// A chat where the agent said `texts`, links not written as hyperlinks (so the snapshots
/// hold no escapes).
fn chat_saying(texts: &[&str]) -> App {
    let mut settings = valid_settings();
    settings.ui.hyperlinks = false;
    crate::app::test_support::chat_saying(settings, texts)
}

fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| draw(app, f)).expect("draw");
    terminal
}

#[test]
fn the_search_line_shows_the_count_and_the_matches_are_highlighted() {
    let mut app = chat_saying(&[
        "Your Parcel left the warehouse.",
        "Nothing here.",
        "The parcel arrives Thursday; parcels are tracked.",
    ]);
    app.update(ctrl('f'));
    typed(&mut app, "PARCEL");
    let mut terminal = render(&mut app, 80, 24);
    insta::assert_snapshot!("search_line_80x24", terminal.backend());
    let buf = terminal.backend().buffer().clone();
    let highlighted: Vec<String> = (0..24)
        .map(|y| {
            (0..80)
                .filter(|x| buf[(*x, y)].bg == Color::Yellow)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .filter(|row| !row.is_empty())
        .collect();
    assert_eq!(highlighted, ["Parcel", "parcelparcel"]);
    // The cursor is in the search line, after the query.
    let cursor = terminal.get_cursor_position().expect("cursor");
    let row: String = (0..80)
        .map(|x| buf[(x, cursor.y)].symbol().to_string())
        .collect();
    assert!(row.starts_with(" Search: PARCEL"), "{row:?}");
    assert!(row.trim_end().ends_with("1/2"), "{row:?}");
    assert_eq!(cursor.x, " Search: PARCEL".len() as u16);
}

#[test]
fn no_match_is_said_and_nothing_is_highlighted() {
    let mut app = chat_saying(&["Your parcel left the warehouse."]);
    app.update(ctrl('f'));
    typed(&mut app, "pangolin");
    let terminal = render(&mut app, 80, 24);
    let buf = terminal.backend().buffer();
    assert!(buf.content().iter().all(|c| c.bg != Color::Yellow));
    let text: String = buf
        .content()
        .iter()
        .map(|c| c.symbol().to_string())
        .collect();
    assert!(text.contains("no match"));
}

#[test]
fn the_list_of_links_numbers_them() {
    let mut app = chat_saying(&[
        "Track it at https://example.com/track/SP-1042?lang=en or write to mailto:help@example.com",
    ]);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char('u')));
    let terminal = render(&mut app, 80, 24);
    insta::assert_snapshot!("links_list_80x24", terminal.backend());
}

#[test]
fn small_terminals_draw_the_search_and_the_links_without_panicking() {
    let mut app = chat_saying(&["see https://example.com/a and https://example.com/b"]);
    app.update(ctrl('f'));
    typed(&mut app, "example");
    for (w, h) in [(40, 12), (1, 1), (0, 0)] {
        render(&mut app, w, h);
    }
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char('u')));
    for (w, h) in [(40, 12), (12, 5), (0, 0)] {
        render(&mut app, w, h);
    }
}
