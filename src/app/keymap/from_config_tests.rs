//! Tests of the `[keys]` table: loading it, and the messages of entries that cannot be used.

use super::*;
use crate::config::{load, save};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

/// `text` written to a config file in a fresh directory, loaded.
fn loaded(text: &str) -> (Result<Settings, ConfigError>, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).expect("write");
    (load(&path), path, dir)
}

/// The message of the keymap made from `[keys]` `entries`.
fn keymap_error(entries: &str) -> String {
    let (settings, path, _dir) = loaded(&format!("[keys]\n{entries}\n"));
    let settings = settings.expect("loads");
    keymap(&settings, &path)
        .expect_err("refused")
        .to_string()
        .replace(&path.display().to_string(), "<file>")
}

#[test]
fn a_keys_table_loads_and_remaps() {
    let (settings, path, _dir) = loaded("[keys]\nend_chat = \"ctrl-q\"\nattach = \"Ctrl-T\"\n");
    let settings = settings.expect("loads");
    assert_eq!(
        settings.keys.get("end_chat").map(String::as_str),
        Some("ctrl-q")
    );
    let keymap = keymap(&settings, &path).expect("usable");
    let chat = [crate::app::keymap::Mode::Chat];
    assert_eq!(
        keymap.lookup(&chat, KeyCombo::ctrl('q')),
        Some(Action::EndChat)
    );
    assert_eq!(
        keymap.lookup(&chat, KeyCombo::ctrl('t')),
        Some(Action::Attach)
    );
    assert_eq!(keymap.lookup(&chat, KeyCombo::ctrl('x')), None);
    assert_eq!(
        keymap.lookup(&chat, KeyCombo::plain(KeyCode::Enter)),
        Some(Action::Send)
    );
}

#[test]
fn no_keys_table_is_the_default_keymap() {
    let (settings, path, _dir) = loaded("");
    assert_eq!(
        keymap(&settings.expect("loads"), &path).expect("usable"),
        Keymap::default()
    );
}

#[test]
fn a_bad_spec_names_the_action_the_value_and_the_file() {
    assert_eq!(
        keymap_error("end_chat = \"ctrl-qq\""),
        "<file>: [keys] end_chat = \"ctrl-qq\": the key names no key sp-chat knows (write keys \
         like \"ctrl-q\", \"alt-enter\", \"shift-tab\", \"f4\", \"pgup\", \"?\")"
    );
    assert!(keymap_error("end_chat = \"\"").contains("end_chat = \"\": the key is empty"));
}

#[test]
fn an_unknown_action_is_named_with_a_guess() {
    assert_eq!(
        keymap_error("end_caht = \"ctrl-q\""),
        "<file>: [keys] end_caht = \"ctrl-q\": no action is called so; did you mean `end_chat`?"
    );
    assert!(keymap_error("xyzzy = \"ctrl-q\"").contains("`sp-chat keys` lists them"));
}

#[test]
fn two_actions_on_one_key_are_refused() {
    assert_eq!(
        keymap_error("end_chat = \"ctrl-o\""),
        "<file>: [keys] end_chat = \"ctrl-o\": Ctrl-O already means `attach` (attach a file) in Chat"
    );
    assert!(keymap_error("send = \"x\"").contains("would be typed as text in Chat"));
}

#[test]
fn a_hostile_value_is_shown_without_its_escapes() {
    let message = keymap_error("end_chat = \"\\u001b]52;c;AAAA\\u0007\"");
    assert!(
        !message.contains('\u{1b}') && !message.contains('\u{7}'),
        "{message:?}"
    );
    assert!(message.contains("end_chat"), "{message}");
}

#[test]
fn a_key_that_is_not_text_is_a_load_error_naming_it() {
    let (result, _path, _dir) = loaded("[keys]\nend_chat = 17\n");
    let message = result.expect_err("refused").to_string();
    assert!(
        message.contains("line 2") && message.contains("keys.end_chat"),
        "{message}"
    );
    assert!(message.contains("double quotes"), "{message}");
    let (result, _path, _dir) = loaded("keys = \"ctrl-q\"\n");
    assert!(
        result
            .expect_err("refused")
            .to_string()
            .contains("must be a table")
    );
}

#[test]
fn saving_keeps_the_keys_table() {
    let (settings, path, _dir) = loaded("# mine\n[keys]\nend_chat = \"ctrl-q\" # my key\n");
    let mut settings = settings.expect("loads");
    settings.app_id = "Entry".to_owned();
    save(&path, &settings).expect("saved");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("end_chat = \"ctrl-q\" # my key"), "{text}");
    assert_eq!(load(&path).expect("loads again").keys, settings.keys);
    // A new file holds them too.
    let fresh = path.with_file_name("fresh.toml");
    save(&fresh, &settings).expect("saved");
    assert_eq!(load(&fresh).expect("loads").keys, settings.keys);
}

/// `config.example.toml` lists every action with its default keys, as generated from the
/// table. `UPDATE_CONFIG_EXAMPLE=1 cargo test --lib keymap::from_config` rewrites the list.
#[test]
fn the_config_example_lists_every_action_with_its_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).expect("config.example.toml");
    let (head, listed) = text.split_once("[keys]\n").expect("a [keys] table");
    let expected = crate::app::keymap::config_example_block();
    if std::env::var_os("UPDATE_CONFIG_EXAMPLE").is_some() {
        std::fs::write(&path, format!("{head}[keys]\n{expected}")).expect("rewrite");
        return;
    }
    assert_eq!(
        listed, expected,
        "config.example.toml is out of date: run UPDATE_CONFIG_EXAMPLE=1 cargo test --lib keymap::from_config"
    );
}
