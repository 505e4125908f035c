//! Copying (`y`, `Y`) and opening links (`u`) through the App: the effects asked of the
//! runtime, the notice that says what happened, and the settings that turn them off.

use super::test_support::*;
use super::{Effect, View};
use crate::app::chat::find::MAX_COPY_BYTES;
use crate::config::{Field, Settings};
use ratatui::crossterm::event::KeyCode;

fn copied(effects: &[Effect]) -> Vec<&str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Copy { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn y_copies_the_selected_message_as_shown_and_says_how_much() {
    let mut app = chat_saying(
        valid_settings(),
        &["Your order <b>42</b> ships Thursday &amp; Friday"],
    );
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Char('y')));
    let text = "Your order 42 ships Thursday & Friday";
    assert_eq!(copied(&effects), vec![text]);
    let said = format!("Copied {} characters.", text.chars().count());
    assert_eq!(chat(&app).notice(), Some(said.as_str()));
}

#[test]
fn big_y_copies_the_transcript_and_says_when_it_was_capped() {
    let mut app = chat_saying(valid_settings(), &["first line", "second line"]);
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Char('Y')));
    let all = copied(&effects);
    assert_eq!(all.len(), 1);
    assert!(
        all[0].contains("first line") && all[0].contains("second line"),
        "{all:?}"
    );
    assert!(
        chat(&app)
            .notice()
            .is_some_and(|n| n.starts_with("Copied the transcript ("))
    );

    let long = "x".repeat(1000);
    let many: Vec<&str> = std::iter::repeat_n(long.as_str(), 300).collect();
    let mut app = chat_saying(valid_settings(), &many);
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Char('Y')));
    let text = copied(&effects)[0];
    assert!(text.len() <= MAX_COPY_BYTES, "{} bytes", text.len());
    assert!(text.len() > MAX_COPY_BYTES - 2_000, "{} bytes", text.len());
    let notice = chat(&app).notice().expect("a notice");
    assert!(
        notice.starts_with("Copied the newest part of the transcript (100 of 299 kB"),
        "{notice}"
    );
}

#[test]
fn clipboard_off_copies_nothing_and_says_so() {
    let mut settings = valid_settings();
    settings.ui.clipboard = "off".to_string();
    let mut app = chat_saying(settings, &["hello"]);
    app.update(key(KeyCode::Tab));
    assert!(copied(&app.update(key(KeyCode::Char('y')))).is_empty());
    assert!(copied(&app.update(key(KeyCode::Char('Y')))).is_empty());
    assert_eq!(
        chat(&app).notice(),
        Some("Copying is off ([ui] clipboard = \"off\").")
    );
}

#[test]
fn agent_text_never_writes_the_clipboard() {
    let mut app = connected_app();
    let hostile = "x\x1b]52;c;cm0gLXJmIH4K\x07y &#27;]52;c;cm0=&#7;";
    let effects = app.update(events(vec![agent_says("h1", hostile)]));
    assert!(copied(&effects).is_empty());
    // Copying it copies the inert, visible text, not an escape.
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Char('y')));
    let text = copied(&effects)[0];
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
}

#[test]
fn u_lists_the_links_and_opening_one_says_which() {
    let mut app = chat_saying(
        valid_settings(),
        &["See https://example.com/a, mailto:help@example.com or javascript:alert(1)"],
    );
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char('u')));
    let Some(View::Links(links)) = app.top_view() else {
        panic!("no list of links: {:?}", app.top_view());
    };
    assert_eq!(
        links.urls(),
        ["https://example.com/a", "mailto:help@example.com"]
    );
    let effects = app.update(key(KeyCode::Char('2')));
    assert_eq!(
        effects,
        vec![Effect::OpenUrl {
            url: "mailto:help@example.com".to_string()
        }]
    );
    assert!(app.top_view().is_none(), "the list closed");
    assert_eq!(chat(&app).notice(), Some("Opening mailto:help@example.com"));
    // Enter opens the highlighted one; Esc closes without opening.
    app.update(key(KeyCode::Char('u')));
    app.update(key(KeyCode::Esc));
    assert!(app.top_view().is_none());
    app.update(key(KeyCode::Char('u')));
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Effect::OpenUrl {
            url: "https://example.com/a".to_string()
        }]
    );
}

#[test]
fn u_on_a_message_without_links_says_there_is_none() {
    let mut app = chat_saying(valid_settings(), &["no links here, javascript:void(0)"]);
    app.update(key(KeyCode::Tab));
    assert!(app.update(key(KeyCode::Char('u'))).is_empty());
    assert!(app.top_view().is_none());
    assert_eq!(chat(&app).notice(), Some("This message has no links."));
}

#[test]
fn the_clipboard_setting_is_validated_and_both_default_on() {
    let defaults = Settings::default();
    assert!(defaults.ui.hyperlinks);
    assert_eq!(defaults.ui.clipboard, "osc52");
    let mut settings = valid_settings();
    settings.ui.clipboard = "xclip".to_string();
    let errors = settings.validate();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, Field::UiClipboard);
    assert_eq!(Field::UiClipboard.key(), "ui.clipboard");
    assert_eq!(Field::UiHyperlinks.key(), "ui.hyperlinks");
}
