use super::*;
use crate::app::test_support::*;
use crate::app::transcript::Row;
use crate::app::{App, Msg};
use crate::ui::hostile_tests::{assert_only_drawing_sequences, render_bytes};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

fn row(pieces: &[(Tone, &str)]) -> Row {
    Row(pieces.iter().map(|(t, s)| (*t, s.to_string())).collect())
}

#[test]
fn a_wrapped_link_is_found_whole_from_any_of_its_pieces() {
    let rows = vec![
        row(&[(Tone::Body, "  see "), (Tone::Link, "https://example.com/")]),
        row(&[(Tone::Body, "  "), (Tone::LinkMore, "track/42")]),
        row(&[
            (Tone::Body, "  "),
            (Tone::LinkMore, "?x=1"),
            (Tone::Body, " ok"),
        ]),
        row(&[(Tone::Body, "  "), (Tone::Link, "https://b.example")]),
    ];
    let whole = "https://example.com/track/42?x=1";
    assert_eq!(link_url(&rows, 0, 1), whole);
    assert_eq!(link_url(&rows, 1, 1), whole);
    assert_eq!(link_url(&rows, 2, 1), whole);
    assert_eq!(
        link_url(&rows, 3, 1),
        "https://b.example",
        "a new link starts"
    );
    assert_eq!(link_url(&rows, 0, 0), "", "not a link piece");
}

#[test]
fn an_osc8_cell_holds_only_printable_ascii_between_its_escapes() {
    assert_eq!(
        osc8_cell("sp1", "https://a.example/x", "h").as_deref(),
        Some("\x1b]8;id=sp1;https://a.example/x\x1b\\h\x1b]8;;\x1b\\")
    );
    assert_eq!(osc8_cell("sp1", "https://a.example/\x1b\\", "h"), None);
    assert_eq!(osc8_cell("sp1", "https://a.example/\u{7}", "h"), None);
    assert_eq!(osc8_cell("sp1", "https://a.example/ x", "h"), None);
    assert_eq!(osc8_cell("sp1", "", "h"), None);
    assert_eq!(osc8_cell("sp1", "https://a.example", "é"), None);
    assert_eq!(osc8_cell("a;b", "https://a.example", "h"), None);
}

#[test]
fn every_occurrence_is_highlighted_whatever_its_case_and_accents() {
    let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
    let text = "  Café, CAFE, caf";
    buf.set_string(1, 0, text, Style::default());
    let mark = Style::default().bg(Color::Yellow);
    highlight(&mut buf, (1, 0, 30), text, &search::fold("cafe"), mark);
    let marked: String = (0..30)
        .filter(|x| buf[(*x, 0)].bg == Color::Yellow)
        .map(|x| buf[(x, 0)].symbol().to_string())
        .collect();
    assert_eq!(marked, "CaféCAFE");
}

/// A chat with one agent message holding `text`, at 80×24.
fn chat_with(text: &str, hyperlinks: bool) -> App {
    let mut settings = valid_settings();
    settings.ui.hyperlinks = hyperlinks;
    let mut app = home_app_with(settings);
    app.update(key(ratatui::crossterm::event::KeyCode::Enter));
    app.update(started());
    app.update(events(vec![status("connected"), joined()]));
    app.update(events(vec![agent_says("m1", text)]));
    app
}

/// The URLs of the OSC 8 sequences in `bytes`, one per linked cell.
fn linked(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b]8;id=")
        .skip(1)
        .filter_map(|s| {
            let (_, rest) = s.split_once(';')?;
            let (url, _) = rest.split_once("\x1b\\")?;
            Some(url.to_string())
        })
        .collect()
}

#[test]
fn an_https_url_from_the_agent_reaches_the_terminal_wrapped_in_osc8() {
    let url = "https://example.com/track?id=42";
    let app = chat_with(&format!("Your parcel: {url} (arrives Thursday)."), true);
    let bytes = render_bytes(&app, 80, 24);
    let links = linked(&bytes);
    assert_eq!(links.len(), url.len(), "one hyperlink per cell of the link");
    assert!(links.iter().all(|l| l == url), "{links:?}");
    // The whole link, cell by cell, and nothing of the text around it.
    let text = String::from_utf8_lossy(&bytes);
    let cells: String = text
        .split("\x1b]8;;\x1b\\")
        .filter_map(|s| s.rsplit_once("\x1b\\").map(|(_, c)| c.to_string()))
        .filter(|c| c.len() == 1)
        .collect();
    assert_eq!(cells, url);
    assert_only_drawing_sequences(&bytes, "a linked message");
    // A terminal that does not know OSC 8 shows the text as it is.
    let mut parser = vt100::Parser::new(24, 80, 0);
    parser.process(&bytes);
    assert!(parser.screen().contents().contains(url));
}

#[test]
fn a_wrapped_url_is_one_link_over_its_rows() {
    let url = format!("https://example.com/{}", "a".repeat(120));
    let app = chat_with(&url, true);
    let links = linked(&render_bytes(&app, 80, 24));
    assert_eq!(links.len(), url.len());
    assert!(links.iter().all(|l| *l == url));
}

#[test]
fn no_other_scheme_and_no_hostile_url_is_ever_linked() {
    for text in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "\x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\",
        "ftp://example.com/x",
    ] {
        let bytes = render_bytes(&chat_with(text, true), 80, 24);
        assert!(linked(&bytes).is_empty(), "{text:?} was linked");
        assert_only_drawing_sequences(&bytes, text);
    }
    // An escape inside a URL ends it there: the part before is the link, and nothing after.
    let bytes = render_bytes(
        &chat_with("https://a.example/\x1b]0;pwned\x07x", true),
        80,
        24,
    );
    assert!(linked(&bytes).iter().all(|l| l == "https://a.example/"));
    assert_only_drawing_sequences(&bytes, "escape inside a URL");
}

#[test]
fn hyperlinks_off_or_a_dumb_terminal_write_none() {
    let text = "see https://example.com and mailto:help@example.com";
    let bytes = render_bytes(&chat_with(text, false), 80, 24);
    assert!(linked(&bytes).is_empty());
    assert!(!String::from_utf8_lossy(&bytes).contains("\x1b]8"));
    let mut app = chat_with(text, true);
    app.disable_hyperlinks();
    assert!(linked(&render_bytes(&app, 80, 24)).is_empty());
    // On, both are linked.
    let on = linked(&render_bytes(&chat_with(text, true), 80, 24));
    assert!(on.contains(&"https://example.com".to_string()));
    assert!(on.contains(&"mailto:help@example.com".to_string()));
}

#[test]
fn the_diff_renderer_rewrites_a_linked_cell_whole_or_not_at_all() {
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    let url = "https://example.com/x";
    let mut app = chat_with(&format!("go {url}"), true);
    let sink = crate::ui::hostile_tests::Bytes::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(sink.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .expect("terminal");
    let mut screen = vt100::Parser::new(24, 80, 0);
    terminal.draw(|f| crate::ui::draw(&app, f)).expect("draw");
    screen.process(&sink.0.take());
    // A frame where only something else changes writes no link again.
    app.update(events(vec![typing()]));
    terminal.draw(|f| crate::ui::draw(&app, f)).expect("draw");
    let second = sink.0.take();
    assert!(
        linked(&second).is_empty(),
        "unchanged link cells are not rewritten"
    );
    screen.process(&second);
    // And the screen still reads right, column for column.
    let contents = screen.screen().contents();
    let line = contents
        .lines()
        .find(|l| l.contains("go https"))
        .expect("the message is on screen");
    assert!(line.trim_end().ends_with(&format!("go {url}")), "{line:?}");
    assert_only_drawing_sequences(&second, "second frame");
    // New messages move the link up: its cells are written again where it now is, each still
    // one column wide, and the screen reads the same as the model's rows.
    let mut more: Vec<_> = (0..4)
        .map(|i| agent_says(&format!("f{i}"), &format!("filler {i}")))
        .collect();
    more.push(agent_says("m3", "two https://b.example/y three"));
    app.update(events(more));
    terminal.draw(|f| crate::ui::draw(&app, f)).expect("draw");
    let third = sink.0.take();
    assert_only_drawing_sequences(&third, "third frame");
    let links = linked(&third);
    assert!(links.iter().any(|l| l == url) && links.iter().any(|l| l == "https://b.example/y"));
    screen.process(&third);
    let contents = screen.screen().contents();
    let rows: Vec<&str> = contents.lines().map(str::trim_end).collect();
    assert_eq!(
        rows.iter()
            .filter(|l| l.ends_with(&format!("go {url}")))
            .count(),
        1,
        "{contents}"
    );
    assert!(
        rows.iter()
            .any(|l| l.ends_with("two https://b.example/y three")),
        "{contents}"
    );
    app.update(Msg::Resize {
        width: 60,
        height: 20,
    });
    let mut small = Terminal::with_options(
        CrosstermBackend::new(sink.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 60, 20)),
        },
    )
    .expect("terminal");
    small.draw(|f| crate::ui::draw(&app, f)).expect("draw");
    assert_only_drawing_sequences(&sink.0.take(), "after a resize");
}
