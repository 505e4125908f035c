//! The Settings screen's choice fields: the pictures' settings, changed with ←/→ and saved
//! with the rest, so that they apply without a restart.

use super::{CHOICES, FIELDS};
use crate::app::keymap::Mode;
use crate::app::test_support::*;
use crate::app::{App, Effect};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;

/// The app on Settings with the focus on the first choice ("Show images").
fn on_show_images() -> App {
    let (mut app, _) = App::new(init(valid_settings()));
    for _ in 0..FIELDS.len() {
        app.update(key(KeyCode::Tab));
    }
    app
}

#[test]
fn the_pictures_settings_are_choices_after_the_text_fields() {
    let app = on_show_images();
    let screen = settings_screen(&app);
    let shown: Vec<_> = screen
        .choices()
        .iter()
        .map(|c| (c.field, c.shown()))
        .collect();
    assert_eq!(shown, vec![(CHOICES[0], "on"), (CHOICES[1], "auto")]);
    assert_eq!(app.modes()[0], Mode::Choice);
}

#[test]
fn arrows_change_a_choice_and_ctrl_s_saves_it() {
    let mut app = on_show_images();
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Down));
    // auto → kitty → sixel, and back one: kitty.
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Left));
    let mut want = valid_settings();
    want.ui.show_images = false;
    want.ui.image_protocol = "kitty".into();
    assert_eq!(app.update(ctrl('s')), vec![Effect::SaveSettings(want)]);
}

#[test]
fn a_choice_wraps_around_and_tab_reaches_save_after_the_choices() {
    let mut app = on_show_images();
    app.update(key(KeyCode::Left));
    assert_eq!(settings_screen(&app).choices()[0].shown(), "off");
    app.update(key(KeyCode::Left));
    assert_eq!(settings_screen(&app).choices()[0].shown(), "on");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert!(settings_screen(&app).on_button());
    app.update(key(KeyCode::Tab));
    assert_eq!(settings_screen(&app).focus(), 0, "round to the first field");
}

#[test]
fn the_values_from_the_file_are_shown_and_kept() {
    let mut settings = valid_settings();
    settings.ui.show_images = false;
    settings.ui.image_protocol = "kitty".into();
    let (app, _) = App::new(init(settings.clone()));
    let shown: Vec<_> = settings_screen(&app)
        .choices()
        .iter()
        .map(|c| c.shown())
        .collect();
    assert_eq!(shown, vec!["off", "kitty"]);
    assert_eq!(settings_screen(&app).settings(), settings);
}
