//! [`KeyCombo`]: a key and the modifiers that matter, decoded once from a crossterm event
//! (releases ignored, shifted characters and Shift-Tab normalised), and its label as people
//! write it ("Ctrl-S", "Shift-Tab", "PgUp").
//!
//! A child of `keymap` (re-exported from there); split off so each file stays readable. Does
//! not own what a key means in a mode (the table in `keymap/mod.rs`).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::fmt;

/// A key and the modifiers that matter (Ctrl, Alt, Shift), as one comparable value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyCombo {
    pub const fn plain(code: KeyCode) -> Self {
        KeyCombo {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub const fn ctrl(c: char) -> Self {
        KeyCombo {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }
    /// Ctrl with a key that is not a character (Ctrl-Home).
    pub const fn ctrl_key(code: KeyCode) -> Self {
        KeyCombo {
            code,
            mods: KeyModifiers::CONTROL,
        }
    }
    pub const fn alt(code: KeyCode) -> Self {
        KeyCombo {
            code,
            mods: KeyModifiers::ALT,
        }
    }
    pub const fn shift(code: KeyCode) -> Self {
        KeyCombo {
            code,
            mods: KeyModifiers::SHIFT,
        }
    }
    pub const fn ch(c: char) -> Self {
        KeyCombo::plain(KeyCode::Char(c))
    }

    /// The combo a key event stands for; `None` for releases (only Press and Repeat count, so a
    /// terminal that reports releases does not double every key).
    pub fn from_event(ev: &KeyEvent) -> Option<KeyCombo> {
        match ev.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => {}
            KeyEventKind::Release => return None,
        }
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            // A typed character carries its case already; Shift is noise there.
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            // Some terminals send BackTab with Shift, some without.
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Some(KeyCombo { code, mods })
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}
