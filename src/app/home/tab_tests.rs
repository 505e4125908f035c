//! Tab in Home's image field: it completes while there is something to complete, and moves on
//! otherwise (a keyboard user is never trapped there); the footer says which it does.

use super::HomeFocus;
use crate::app::test_support::*;
use crate::app::{App, Effect, Msg};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;

/// Home with the focus on the image field (past the message and the callback number).
fn at_image() -> App {
    let mut app = home_app();
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert_eq!(home(&app).focus(), HomeFocus::Image);
    app
}

fn tab_hint(app: &App) -> Option<&'static str> {
    app.footer_hints()
        .into_iter()
        .find(|(keys, _)| keys == "Tab")
        .map(|(_, hint)| hint)
}

#[test]
fn tab_in_an_empty_image_field_moves_on_and_the_footer_says_so() {
    let mut app = at_image();
    assert_eq!(tab_hint(&app), Some("next"));
    assert_eq!(app.update(key(KeyCode::Tab)), vec![]);
    assert_eq!(home(&app).focus(), HomeFocus::HelpMe);
    // Spaces are nothing to complete either.
    let mut app = at_image();
    typed(&mut app, "  ");
    app.update(key(KeyCode::Tab));
    assert_eq!(home(&app).focus(), HomeFocus::HelpMe);
}

#[test]
fn tab_with_a_path_completes_and_the_footer_says_so() {
    let mut app = at_image();
    typed(&mut app, "~/Pi");
    assert_eq!(tab_hint(&app), Some("complete"));
    assert_eq!(
        app.update(key(KeyCode::Tab)),
        vec![Effect::CompletePath("~/Pi".into())]
    );
    app.update(Msg::PathCompleted {
        input: "~/Pi".into(),
        candidates: vec!["~/Pictures/".into()],
    });
    assert_eq!(home(&app).image().text(), "~/Pictures/");
    assert_eq!(home(&app).focus(), HomeFocus::Image);
}

#[test]
fn a_completion_with_nothing_more_to_complete_moves_on() {
    // No match.
    let mut app = at_image();
    typed(&mut app, "~/nothing-here");
    app.update(key(KeyCode::Tab));
    app.update(Msg::PathCompleted {
        input: "~/nothing-here".into(),
        candidates: vec![],
    });
    assert_eq!(home(&app).focus(), HomeFocus::HelpMe);
    assert_eq!(home(&app).image().text(), "~/nothing-here");

    // Already complete.
    let mut app = at_image();
    typed(&mut app, "~/me.png");
    app.update(key(KeyCode::Tab));
    app.update(Msg::PathCompleted {
        input: "~/me.png".into(),
        candidates: vec!["~/me.png".into()],
    });
    assert_eq!(home(&app).focus(), HomeFocus::HelpMe);

    // Several matches: the first Tab lists them, the next one (same answer) moves on.
    let mut app = at_image();
    typed(&mut app, "~/p");
    let listed = || Msg::PathCompleted {
        input: "~/p".into(),
        candidates: vec!["~/p1.png".into(), "~/p2.png".into()],
    };
    app.update(key(KeyCode::Tab));
    app.update(listed());
    assert_eq!(home(&app).focus(), HomeFocus::Image);
    assert_eq!(home(&app).completions().len(), 2);
    app.update(key(KeyCode::Tab));
    app.update(listed());
    assert_eq!(home(&app).focus(), HomeFocus::HelpMe);
    assert!(home(&app).completions().is_empty());
}

#[test]
fn a_late_answer_after_the_focus_moved_changes_nothing() {
    let mut app = at_image();
    typed(&mut app, "~/x");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::BackTab));
    let focus = home(&app).focus();
    app.update(Msg::PathCompleted {
        input: "~/x".into(),
        candidates: vec![],
    });
    assert_eq!(home(&app).focus(), focus);
}
