//! Tests of the keymap: key decoding, lookup per mode, the help and footers made from the table.

use super::*;
use crate::app::keymap::effective;
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
        Keymap::default().lookup(&[Mode::PathField], KeyCombo::plain(K::Tab)),
        Some(Action::CompletePath)
    );
    assert_eq!(
        Keymap::default().lookup(&[Mode::Chat], KeyCombo::plain(K::Tab)),
        Some(Action::FocusNext)
    );
    assert_eq!(
        Keymap::default().lookup(&[Mode::Chat], KeyCombo::ch('x')),
        None
    );
    assert_eq!(
        Keymap::default().lookup(&[Mode::Chat], KeyCombo::ctrl('c')),
        Some(Action::Quit)
    );
}

#[test]
fn every_binding_appears_in_the_help_of_its_mode() {
    for binding in BINDINGS {
        let sections = Keymap::default().help_sections(&[binding.mode]);
        let key = binding.key.to_string();
        let action = match binding.action {
            Action::Rating(_) => Action::Rating(0),
            other => other,
        };
        let found = sections.iter().any(|(title, rows)| {
            *title == binding.mode.title()
                && rows
                    .iter()
                    .any(|(keys, help)| effective::cell_lists(keys, &key) && *help == action.help())
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
    let hints = Keymap::default().footer_hints(&[Mode::PathField, Mode::Home]);
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

#[test]
fn key_specs_parse_as_people_write_them() {
    let parse = |s: &str| KeyCombo::parse(s);
    assert_eq!(parse("ctrl-q"), Ok(KeyCombo::ctrl('q')));
    assert_eq!(parse("Ctrl-Q"), Ok(KeyCombo::ctrl('q')));
    assert_eq!(parse("CONTROL-q"), Ok(KeyCombo::ctrl('q')));
    assert_eq!(parse("alt-enter"), Ok(KeyCombo::alt(K::Enter)));
    assert_eq!(parse("shift-tab"), Ok(KeyCombo::plain(K::BackTab)));
    assert_eq!(parse("f4"), Ok(KeyCombo::plain(K::F(4))));
    assert_eq!(parse("F12"), Ok(KeyCombo::plain(K::F(12))));
    assert_eq!(parse("pgup"), Ok(KeyCombo::plain(K::PageUp)));
    assert_eq!(parse("PageDown"), Ok(KeyCombo::plain(K::PageDown)));
    assert_eq!(parse("?"), Ok(KeyCombo::ch('?')));
    assert_eq!(parse("-"), Ok(KeyCombo::ch('-')));
    assert_eq!(parse("ctrl--"), Ok(KeyCombo::ctrl('-')));
    assert_eq!(parse("ctrl-home"), Ok(KeyCombo::ctrl_key(K::Home)));
    assert_eq!(
        parse("alt-ctrl-x").map(|k| k.to_string()),
        Ok("Ctrl-Alt-X".into())
    );
    assert_eq!(parse("shift-a"), Ok(KeyCombo::ch('A')));
    assert_eq!(parse("space"), Ok(KeyCombo::ch(' ')));
    assert_eq!(parse(" ctrl-q "), Ok(KeyCombo::ctrl('q')));
}

#[test]
fn bad_key_specs_say_why() {
    assert_eq!(KeyCombo::parse(""), Err(SpecError::Empty));
    assert_eq!(KeyCombo::parse("   "), Err(SpecError::Empty));
    assert_eq!(KeyCombo::parse("ctrl-"), Err(SpecError::UnknownKey));
    assert_eq!(KeyCombo::parse("ctrl-qq"), Err(SpecError::UnknownKey));
    assert_eq!(KeyCombo::parse("hyper-q"), Err(SpecError::UnknownKey));
    assert_eq!(KeyCombo::parse("f0"), Err(SpecError::UnknownKey));
    assert_eq!(KeyCombo::parse("f25"), Err(SpecError::UnknownKey));
    assert_eq!(
        KeyCombo::parse("ctrl-ctrl-q"),
        Err(SpecError::RepeatedModifier)
    );
    assert_eq!(KeyCombo::parse("\u{1b}"), Err(SpecError::UnknownKey));
    assert_eq!(KeyCombo::parse("ctrl-\u{7}"), Err(SpecError::UnknownKey));
}

/// What the help shows and what the config example writes both read back as the same key.
#[test]
fn labels_and_specs_round_trip_for_every_bound_key() {
    for binding in BINDINGS {
        let key = binding.key;
        assert_eq!(KeyCombo::parse(&key.to_string()), Ok(key), "label {key}");
        assert_eq!(KeyCombo::parse(&key.spec()), Ok(key), "spec {}", key.spec());
    }
    for key in [
        KeyCombo::plain(K::Insert),
        KeyCombo::plain(K::Delete),
        KeyCombo::ctrl('-'),
    ] {
        assert_eq!(KeyCombo::parse(&key.to_string()), Ok(key));
        assert_eq!(KeyCombo::parse(&key.spec()), Ok(key));
    }
}

#[test]
fn every_bound_action_has_its_own_name() {
    let actions = Action::bound();
    for (i, a) in actions.iter().enumerate() {
        let name = a.name();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{name}"
        );
        assert_eq!(Action::from_name(name), Some(*a));
        for b in &actions[i + 1..] {
            assert_ne!(name, b.name(), "{a:?} and {b:?}");
        }
    }
    assert_eq!(
        Action::from_name("quick_reply_3"),
        Some(Action::QuickReply(3))
    );
    assert_eq!(
        Action::from_name("open_file"),
        Some(Action::DownloadSelected { open: true })
    );
    assert_eq!(Action::from_name("no_such_action"), None);
}

#[test]
fn a_remapped_action_has_its_new_key_in_every_mode_it_lives_in() {
    let keymap =
        Keymap::remapped(&[(Action::ExportTranscript, KeyCombo::ctrl('t'))]).expect("usable");
    for mode in [Mode::Chat, Mode::Ended, Mode::Survey] {
        assert_eq!(
            keymap.keys_of(mode, Action::ExportTranscript),
            vec![KeyCombo::ctrl('t')],
            "{mode:?}"
        );
    }
    // The old keys are free again; other actions keep theirs.
    assert_eq!(keymap.lookup(&[Mode::Chat], KeyCombo::plain(K::F(3))), None);
    assert_eq!(
        keymap.lookup(&[Mode::Ended, Mode::NoText], KeyCombo::ch('e')),
        None
    );
    assert_eq!(
        keymap.lookup(&[Mode::Chat], KeyCombo::ctrl('t')),
        Some(Action::ExportTranscript)
    );
    assert_eq!(
        keymap.lookup(&[Mode::Chat], KeyCombo::ctrl('x')),
        Some(Action::EndChat)
    );
    // Shown in the footer where the default was (Ended's `e` was shown, F3 was not in Chat).
    let ended = keymap.footer_hints(&[Mode::Ended, Mode::NoText]);
    assert!(
        ended.contains(&("Ctrl-T".to_string(), "export")),
        "{ended:?}"
    );
}

#[test]
fn the_help_and_footer_show_the_remapped_key() {
    let keymap = Keymap::remapped(&[(Action::EndChat, KeyCombo::ctrl('q'))]).expect("usable");
    let hints = keymap.footer_hints(&[Mode::Chat]);
    assert!(
        hints.contains(&("Ctrl-Q".to_string(), "end chat")),
        "{hints:?}"
    );
    assert!(!hints.iter().any(|(k, _)| k == "Ctrl-X"), "{hints:?}");
    let chat = keymap.help_sections(&[Mode::Chat]);
    assert!(
        chat[0]
            .1
            .contains(&("Ctrl-Q".to_string(), Action::EndChat.help())),
        "{chat:?}"
    );
}

#[test]
fn a_remapping_onto_a_key_in_use_is_refused_naming_both() {
    // Same mode.
    assert_eq!(
        Keymap::remapped(&[(Action::EndChat, KeyCombo::ctrl('o'))]),
        Err((
            Action::EndChat,
            RemapError::Taken {
                key: KeyCombo::ctrl('o'),
                other: Action::Attach,
                mode: Mode::Chat
            }
        ))
    );
    // A global key, shadowed by a chat one.
    let (action, problem) =
        Keymap::remapped(&[(Action::Attach, KeyCombo::ctrl('c'))]).expect_err("taken");
    assert_eq!(action, Action::Attach);
    assert_eq!(
        problem.to_string(),
        "Ctrl-C already means `quit` (quit (asks first if a chat is live)) in Everywhere"
    );
    // Modes in force together: the transcript's keys and the chat's.
    assert!(Keymap::remapped(&[(Action::RetrySelected, KeyCombo::ctrl('o'))]).is_err());
    // Two remappings onto one key: the later one is blamed.
    let (action, _) = Keymap::remapped(&[
        (Action::EndChat, KeyCombo::ctrl('t')),
        (Action::Attach, KeyCombo::ctrl('t')),
    ])
    .expect_err("both on Ctrl-T");
    assert_eq!(action, Action::Attach);
    // Modes never in force together may share a key.
    assert!(Keymap::remapped(&[(Action::SaveExport, KeyCombo::ctrl('o'))]).is_ok());
    // Swapping two keys is fine.
    assert!(
        Keymap::remapped(&[
            (Action::EndChat, KeyCombo::ctrl('o')),
            (Action::Attach, KeyCombo::ctrl('x')),
        ])
        .is_ok()
    );
}

#[test]
fn a_plain_character_is_refused_where_it_would_be_typed() {
    assert_eq!(
        Keymap::remapped(&[(Action::EndChat, KeyCombo::ch('q'))]),
        Err((
            Action::EndChat,
            RemapError::TypedAsText {
                key: KeyCombo::ch('q'),
                mode: Mode::Chat
            }
        ))
    );
    // Outside text fields a letter is a key.
    let keymap = Keymap::remapped(&[(Action::RetrySelected, KeyCombo::ch('R'))]).expect("usable");
    assert_eq!(
        keymap.lookup(
            &[Mode::Transcript, Mode::NoText, Mode::Chat],
            KeyCombo::ch('R')
        ),
        Some(Action::RetrySelected)
    );
}

#[test]
fn a_text_editing_key_is_refused_where_text_is_edited() {
    let (action, problem) =
        Keymap::remapped(&[(Action::EndChat, KeyCombo::ctrl('k'))]).expect_err("edits text");
    assert_eq!(action, Action::EndChat);
    assert!(
        problem.to_string().contains("Ctrl-K already edits text"),
        "{problem}"
    );
}

#[test]
fn numbered_rows_read_as_a_range() {
    let chat = Keymap::default().help_sections(&[Mode::Chat]);
    assert!(
        chat[0]
            .1
            .contains(&("Alt-1…Alt-9".to_string(), Action::QuickReply(1).help())),
        "{chat:?}"
    );
    assert!(effective::cell_lists("Alt-1…Alt-9", "Alt-5"));
    assert!(!effective::cell_lists("Alt-1…Alt-9", "Ctrl-5"));
    assert!(!effective::cell_lists("1…5", "6"));
    // Other rows keep every key.
    let help = Keymap::default().help_sections(&[Mode::Help]);
    assert!(
        help[0].1.iter().any(|(keys, _)| keys == "Esc/F1/?/q"),
        "{help:?}"
    );
}

/// The conflict check knows which modes are in force together ([`MODE_STACKS`]): every mode
/// list a screen reports, through each focus of each screen, is one of them (or a single mode).
#[test]
fn every_mode_list_the_screens_report_is_a_known_stack() {
    use crate::api::session::{EndReason, SessionEvent};
    use crate::app::test_support::*;
    use crate::app::{App, Msg};
    let mut seen: Vec<Vec<Mode>> = Vec::new();
    let mut visit = |app: &mut App, presses: usize, press: KeyCode| {
        for _ in 0..presses {
            seen.push(app.modes());
            app.update(key(press));
        }
    };
    let (mut settings, _) = App::new(init(valid_settings()));
    visit(&mut settings, 30, K::Tab);
    visit(&mut home_app(), 8, K::Tab);
    let mut chat = connected_app();
    visit(&mut chat, 3, K::Tab);
    let mut attach = connected_app();
    attach.update(ctrl('o'));
    visit(&mut attach, 1, K::Esc);
    let mut survey = connected_app();
    survey.update(events(vec![form_show("MobileChatSurvey")]));
    visit(&mut survey, 8, K::Tab);
    let mut ended = connected_app();
    ended.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    visit(&mut ended, 1, K::Tab);
    for modes in seen {
        let known = modes.len() == 1
            || MODE_STACKS
                .iter()
                .any(|stack| modes.iter().all(|m| stack.contains(m)));
        assert!(
            known,
            "{modes:?} is in force together but not in MODE_STACKS"
        );
    }
}

proptest::proptest! {
    /// Any text: a key or a reason, never a panic; and a key read back from its spec and its
    /// label is the same key.
    #[test]
    fn any_spec_parses_or_says_why_and_round_trips(spec in "(?:(?i:ctrl|alt|shift|meta|x)-){0,3}\\PC{0,6}") {
        if let Ok(key) = KeyCombo::parse(&spec) {
            proptest::prop_assert_eq!(KeyCombo::parse(&key.spec()), Ok(key));
            proptest::prop_assert_eq!(KeyCombo::parse(&key.to_string()), Ok(key));
        }
    }
}

#[test]
fn naming_a_default_key_again_is_accepted_even_over_an_editing_key() {
    // Ctrl-F moves the cursor right in a text field, but searching is its default in the chat.
    let keymap = Keymap::remapped(&[(Action::Search, KeyCombo::ctrl('f'))]).expect("usable");
    assert_eq!(
        keymap.lookup(&[Mode::Chat], KeyCombo::ctrl('f')),
        Some(Action::Search)
    );
    // Another action may not take it there.
    assert!(Keymap::remapped(&[(Action::Attach, KeyCombo::ctrl('f'))]).is_err());
}
