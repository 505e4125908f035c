//! Tests of the keymap: key decoding, lookup per mode, the help and footers made from the table.

use super::*;
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

fn ev(code: KeyCode, mods: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: mods,
        kind,
        state: KeyEventState::NONE,
    }
}

#[test]
fn no_key_is_bound_twice_in_a_mode() {
    for (i, a) in BINDINGS.iter().enumerate() {
        for b in &BINDINGS[i + 1..] {
            assert!(
                !(a.mode == b.mode && a.key == b.key),
                "{} bound twice in {:?}",
                a.key,
                a.mode
            );
        }
    }
}

#[test]
fn releases_are_ignored_and_repeats_count() {
    assert_eq!(
        KeyCombo::from_event(&ev(K::Enter, KeyModifiers::NONE, KeyEventKind::Release)),
        None
    );
    assert_eq!(
        KeyCombo::from_event(&ev(K::Enter, KeyModifiers::NONE, KeyEventKind::Repeat)),
        Some(KeyCombo::plain(K::Enter))
    );
}

#[test]
fn shifted_characters_and_backtab_normalise() {
    assert_eq!(
        KeyCombo::from_event(&ev(K::Char('?'), KeyModifiers::SHIFT, KeyEventKind::Press)),
        Some(KeyCombo::ch('?'))
    );
    assert_eq!(
        KeyCombo::from_event(&ev(K::BackTab, KeyModifiers::SHIFT, KeyEventKind::Press)),
        Some(KeyCombo::plain(K::BackTab))
    );
    assert_eq!(
        KeyCombo::from_event(&ev(
            K::Char('C'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
            KeyEventKind::Press
        )),
        Some(KeyCombo::ctrl('c'))
    );
}

#[test]
fn specific_modes_shadow_global_ones() {
    assert_eq!(
        lookup(&[Mode::PathField], KeyCombo::plain(K::Tab)),
        Some(Action::CompletePath)
    );
    assert_eq!(
        lookup(&[Mode::Chat], KeyCombo::plain(K::Tab)),
        Some(Action::FocusNext)
    );
    assert_eq!(lookup(&[Mode::Chat], KeyCombo::ch('x')), None);
    assert_eq!(
        lookup(&[Mode::Chat], KeyCombo::ctrl('c')),
        Some(Action::Quit)
    );
}

#[test]
fn every_binding_appears_in_the_help_of_its_mode() {
    for binding in BINDINGS {
        let sections = help_sections(&[binding.mode]);
        let key = binding.key.to_string();
        let action = match binding.action {
            Action::Rating(_) => Action::Rating(0),
            other => other,
        };
        let found = sections.iter().any(|(title, rows)| {
            *title == binding.mode.title()
                && rows
                    .iter()
                    .any(|(keys, help)| lists_key(keys, &key) && *help == action.help())
        });
        assert!(
            found,
            "{key} ({:?}) missing from help of {:?}",
            binding.action, binding.mode
        );
    }
}

#[test]
fn footer_hints_come_from_the_table_and_respect_shadowing() {
    let hints = footer_hints(&[Mode::PathField, Mode::Home]);
    assert_eq!(hints[0], ("Tab".to_string(), "complete"));
    for (keys, hint) in &hints {
        let key_ok = BINDINGS
            .iter()
            .any(|b| b.key.to_string() == *keys && b.action.hint() == *hint);
        assert!(key_ok, "{keys} {hint} not in the table");
    }
    // Global Tab is shadowed by the path field's completion: not advertised twice.
    assert_eq!(hints.iter().filter(|(k, _)| k == "Tab").count(), 1);
}

#[test]
fn key_labels_read_as_people_write_them() {
    assert_eq!(KeyCombo::ctrl('c').to_string(), "Ctrl-C");
    assert_eq!(KeyCombo::alt(K::Enter).to_string(), "Alt-Enter");
    assert_eq!(KeyCombo::plain(K::F(1)).to_string(), "F1");
    assert_eq!(KeyCombo::ch(' ').to_string(), "Space");
    assert_eq!(KeyCombo::plain(K::BackTab).to_string(), "Shift-Tab");
}

/// Whether a help row's keys (joined with `/`) hold `key`; the `/` key itself shows as an
/// empty name between separators (or as the whole text).
pub(crate) fn lists_key(keys: &str, key: &str) -> bool {
    if key == "/" {
        return keys == "/" || keys.contains("//") || keys.starts_with("//");
    }
    keys.split('/').any(|k| k == key)
}
