//! Snapshots of quick-reply buttons on the chat screen: a row set and a column set, before and
//! after a choice, a row set wrapping on a narrow terminal, and the highlighted button by style.

use super::draw;
use crate::app::test_support::*;
use crate::app::{App, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| draw(app, f)).expect("draw");
    format!("{}", terminal.backend())
}

fn offering(text: &str) -> App {
    let mut app = connected_app();
    app.update(events(vec![agent_says("m1", text)]));
    app
}

const ROW: &str = "/buttons [Yes, please] [No] [Not sure]";
const COLUMN: &str = "Pick a colour /buttons-column [Red] [Blue]";

/// A snapshot's name, the agent's message, the Alt-digit pressed (if any) and the terminal size.
type Case = (&'static str, &'static str, Option<char>, (u16, u16));

#[test]
fn quick_reply_sets_before_and_after_a_choice() {
    let cases: [Case; 5] = [
        ("quick_replies_row", ROW, None, (80, 24)),
        ("quick_replies_row_chosen", ROW, Some('2'), (80, 24)),
        ("quick_replies_column", COLUMN, None, (80, 24)),
        ("quick_replies_column_chosen", COLUMN, Some('1'), (80, 24)),
        (
            "quick_replies_row_wraps_when_narrow",
            "Which one? /buttons [The first option] [The second option] [Neither]",
            None,
            (40, 20),
        ),
    ];
    for (name, text, choice, (width, height)) in cases {
        let mut app = offering(text);
        if let Some(digit) = choice {
            app.update(alt(KeyCode::Char(digit)));
        }
        insta::assert_snapshot!(name, screen(&mut app, width, height));
    }
}

#[test]
fn quick_replies_show_the_labels_and_not_the_directive() {
    let text = screen(&mut offering(ROW), 80, 24);
    assert!(!text.contains("/buttons"), "{text}");
    for label in ["[1 Yes, please]", "[2 No]", "[3 Not sure]"] {
        assert!(text.contains(label), "{label} in {text}");
    }
    let text = screen(&mut offering(COLUMN), 80, 24);
    assert!(
        text.contains("[1 Red]") && text.contains("[2 Blue]"),
        "{text}"
    );
}

#[test]
fn a_directive_without_brackets_stays_text() {
    let text = screen(&mut offering("/buttons and no brackets"), 80, 24);
    assert!(text.contains("/buttons and no brackets"), "{text}");
}

#[test]
fn the_highlighted_button_of_a_selected_set_stands_out_of_the_selection() {
    let mut app = offering(ROW);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Right));
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal.draw(|f| draw(&app, f)).expect("draw");
    let buffer = terminal.backend().buffer();
    let find = |needle: &str| {
        (0..24u16).find_map(|y| {
            let line: String = (0..80u16).map(|x| buffer[(x, y)].symbol()).collect();
            // A cell a char here (the selection marker is one wide char of 3 bytes).
            line.find(needle)
                .map(|i| (line[..i].chars().count() as u16, y))
        })
    };
    let modifiers = |(x, y): (u16, u16)| buffer[(x, y)].modifier;
    let second = find("[2 No]").expect("the second button");
    let first = find("[1 Yes").expect("the first button");
    assert!(modifiers(second).contains(Modifier::UNDERLINED));
    assert!(!modifiers(second).contains(Modifier::REVERSED));
    assert!(modifiers(first).contains(Modifier::REVERSED));
}
