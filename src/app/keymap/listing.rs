//! The keymap as text for people outside the app: the table `sp-chat keys` prints
//! ([`table_text`]) and the commented list of every action in `config.example.toml`
//! ([`config_example_block`], checked against the file by a test so the two cannot drift).
//!
//! A child of `keymap`; reads a [`Keymap`], owns nothing.

use super::{Action, BINDINGS, KeyCombo, Keymap};
use crate::text::display_width;

/// One line per binding: mode, key, action name, what it does; columns aligned, a header first.
pub fn table_text(keymap: &Keymap) -> String {
    let rows: Vec<[String; 4]> = keymap
        .bindings()
        .iter()
        .map(|b| {
            [
                b.mode.title().to_owned(),
                b.key.to_string(),
                b.action.name().to_owned(),
                b.action.help().to_owned(),
            ]
        })
        .collect();
    let header = ["MODE", "KEY", "ACTION", "WHAT IT DOES"].map(str::to_owned);
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter().zip(row) {
            out.push_str(cell);
            out.push_str(&" ".repeat(width - display_width(cell) + 2));
        }
        out.push_str(&row[3]);
        out.push('\n');
    }
    out
}

/// The default keys of `action` over every mode, once each, in table order.
fn default_keys(action: Action) -> Vec<KeyCombo> {
    let mut keys: Vec<KeyCombo> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.action == action) {
        if !keys.contains(&b.key) {
            keys.push(b.key);
        }
    }
    keys
}

/// Every action of the default table as a commented `[keys]` entry with its default key, and
/// its meaning (and its other default keys) after it.
pub fn config_example_block() -> String {
    let entries: Vec<(String, String)> = Action::bound()
        .into_iter()
        .map(|action| {
            let keys = default_keys(action);
            let first = keys.first().map(KeyCombo::spec).unwrap_or_default();
            let entry = format!("# {} = \"{first}\"", action.name());
            let mut note = action.help().to_owned();
            if keys.len() > 1 {
                let all: Vec<String> = keys.iter().map(KeyCombo::spec).collect();
                note.push_str(&format!(" (default: {})", all.join(", ")));
            }
            (entry, note)
        })
        .collect();
    let width = entries
        .iter()
        .map(|(entry, _)| display_width(entry))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (entry, note) in entries {
        out.push_str(&entry);
        out.push_str(&" ".repeat(width - display_width(&entry) + 2));
        out.push_str("# ");
        out.push_str(&note);
        out.push('\n');
    }
    out
}
