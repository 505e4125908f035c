//! Inline previews on screen, in half-block mode (the fallback every terminal can show): where
//! the picture lands, that it is drawn in its colours, partly scrolled out of view, with
//! placeholders while it is prepared, and never under an overlay.

use super::draw_with_previews;
use super::images::{NoPreviews, slot};
use crate::app::test_support::*;
use crate::app::{App, Msg, Screen};
use crate::runtime::images::{Images, decode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::style::Color;
use ratatui_image::picker::Picker;
use serde_json::json;
use std::sync::Arc;

const HEADSET_PNG: &[u8] = include_bytes!("../sim/assets/product.png");

/// A connected chat whose agent sent the demo's headset picture, decoded into a half-block
/// store; the app knows its size.
fn chat_with_picture() -> (App, Images, u64) {
    let mut app = connected_app();
    app.enable_previews();
    app.update(events(vec![
        agent_says("m1", "Here is the headset:"),
        ev(json!({
            "event": "chat_session_file", "file_id": "f1", "file_name": "headset.png",
            "file_type": "image", "party_id": AGENT, "timestamp": (T0 / 1000 + 90).to_string()
        })),
    ]));
    let Screen::Chat(chat) = app.screen() else {
        panic!("in a chat");
    };
    let entry_id = chat.transcript().entries().last().expect("the picture").id;
    let mut images = Images::new(Picker::halfblocks());
    let image = Arc::new(decode(HEADSET_PNG).expect("decodes"));
    let cells = images.insert(CHAT_ID, entry_id, image);
    app.update(Msg::PreviewLoaded {
        chat_id: CHAT_ID.into(),
        entry_id,
        result: Ok(cells),
    });
    (app, images, entry_id)
}

fn draw(app: &mut App, images: &mut Images, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    terminal
        .draw(|f| draw_with_previews(app, f, images))
        .expect("draw");
    // What the event loop does between frames: encode off the UI thread, then draw again.
    images.encode_waiting_now();
    terminal
        .draw(|f| draw_with_previews(app, f, images))
        .expect("draw");
    terminal
}

fn rows_with(terminal: &Terminal<TestBackend>, needle: &str) -> Vec<u16> {
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .filter(|y| {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, *y)].symbol().to_string())
                .collect();
            line.contains(needle)
        })
        .collect()
}

/// The picture's cells: half-block symbols with a true colour.
fn picture_cells(terminal: &Terminal<TestBackend>) -> Vec<(u16, u16, Color, Color)> {
    let buf = terminal.backend().buffer();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if matches!(cell.fg, Color::Rgb(..)) {
                out.push((x, y, cell.fg, cell.bg));
            }
        }
    }
    out
}

#[test]
fn a_picture_is_drawn_in_its_rows_in_half_blocks() {
    let (mut app, mut images, _) = chat_with_picture();
    let terminal = draw(&mut app, &mut images, 80, 24);
    insta::assert_snapshot!("preview_halfblocks_80x24", terminal.backend());

    let cells = picture_cells(&terminal);
    let cols: std::collections::BTreeSet<u16> = cells.iter().map(|c| c.0).collect();
    let rows: std::collections::BTreeSet<u16> = cells.iter().map(|c| c.1).collect();
    assert_eq!(cols.len(), 20, "200 px at 10 px a cell");
    assert_eq!(rows.len(), 7, "140 px at 20 px a cell");
    assert_eq!(
        *cols.first().unwrap(),
        3,
        "under the label, after the gutter and indent"
    );
    let label = rows_with(&terminal, "[image] headset.png");
    assert_eq!(label.len(), 1);
    assert_eq!(
        *rows.first().unwrap(),
        label[0] + 1,
        "right under its label"
    );
    // The orange ear cups are there, in their colour.
    let orange = |c: &Color| matches!(c, Color::Rgb(r, g, b) if *r > 200 && *g < 130 && *b < 100);
    assert!(cells.iter().any(|(_, _, fg, bg)| orange(fg) || orange(bg)));
}

#[test]
fn a_picture_partly_scrolled_out_of_view_shows_its_lower_rows() {
    let (mut app, mut images, _) = chat_with_picture();
    // Push the picture up until its top rows leave the transcript.
    let mut lines = Vec::new();
    for i in 0..40 {
        lines.push(agent_says(&format!("later-{i}"), &format!("line {i}")));
    }
    app.update(events(lines));
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    // Scroll up (the wheel: 3 rows a notch) until part of the picture is in view.
    let mut seen = 0;
    for _ in 0..200 {
        app.update(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollUp,
            column: 10,
            row: 5,
            modifiers: KeyModifiers::NONE,
        }));
        let terminal = draw(&mut app, &mut images, 80, 24);
        let rows: std::collections::BTreeSet<u16> =
            picture_cells(&terminal).iter().map(|c| c.1).collect();
        if !rows.is_empty() && rows.len() < 7 {
            // The top of the transcript area is row 1 (under the status line).
            assert_eq!(*rows.first().unwrap(), 1, "clipped at the top edge");
            seen += 1;
        }
        if rows.len() == 7 {
            break;
        }
    }
    assert!(
        seen > 0,
        "some frame showed the picture cut by the top edge"
    );
}

#[test]
fn a_placeholder_stands_in_until_the_picture_is_ready() {
    let (app, mut images, _) = chat_with_picture();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
    terminal
        .draw(|f| draw_with_previews(&app, f, &mut images))
        .expect("draw");
    assert_eq!(rows_with(&terminal, "preparing preview…").len(), 1);
    assert!(picture_cells(&terminal).is_empty());

    // Drawn without a store (previews not available): a short note, never garbage.
    terminal
        .draw(|f| draw_with_previews(&app, f, &mut NoPreviews))
        .expect("draw");
    assert_eq!(rows_with(&terminal, "(picture not shown)").len(), 1);
}

#[test]
fn no_picture_is_drawn_under_an_overlay() {
    let (mut app, mut images, _) = chat_with_picture();
    assert!(!picture_cells(&draw(&mut app, &mut images, 80, 24)).is_empty());
    app.update(key(KeyCode::F(1)));
    assert!(overlay(&app).is_some(), "help is open");
    let terminal = draw(&mut app, &mut images, 80, 24);
    assert!(picture_cells(&terminal).is_empty());
    assert!(
        rows_with(&terminal, "picture not shown").is_empty(),
        "blank, no note"
    );
    app.update(key(KeyCode::Esc));
    assert!(!picture_cells(&draw(&mut app, &mut images, 80, 24)).is_empty());
    app.update(key(KeyCode::F(3)));
    assert!(app.export_dialog().is_some(), "the export dialog is open");
    assert!(picture_cells(&draw(&mut app, &mut images, 80, 24)).is_empty());
}

#[test]
fn pictures_stay_while_the_search_line_is_open() {
    let (mut app, mut images, _) = chat_with_picture();
    app.update(ctrl('f'));
    assert!(app.top_view().is_some(), "the search line is open");
    assert!(!picture_cells(&draw(&mut app, &mut images, 80, 24)).is_empty());
}

#[test]
fn slots_are_found_among_an_entrys_rows() {
    let (app, _, _) = chat_with_picture();
    let Screen::Chat(chat) = app.screen() else {
        panic!("in a chat");
    };
    let t = &chat.transcript();
    let rows = t.rows(t.entries().len() - 1, 60);
    let found = slot(&rows).expect("a picture slot");
    assert_eq!((found.rows, found.cols, found.indent), (7, 20, 2));
    assert_eq!(
        rows[found.first_row - 1].text().trim(),
        "[image] headset.png"
    );
    assert!(slot(&t.rows(0, 60)).is_none(), "a message has none");
}
