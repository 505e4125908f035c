//! [`KeyCombo`]: a key and the modifiers that matter, decoded once from a crossterm event
//! (releases ignored, shifted characters and Shift-Tab normalised), and its label as people
//! write it ("Ctrl-S", "Shift-Tab", "PgUp"), and back: [`KeyCombo::parse`] reads the key specs of
//! the config's `[keys]` table (`ctrl-q`, `alt-enter`, `f4`, `pgup`, `?`), and also every label
//! (`"Ctrl-Q"`, `"←"`), so what the help shows can be written in the config as it is.
//!
//! A child of `keymap` (re-exported from there); split off so each file stays readable. Does
//! not own what a key means in a mode (the table in `keymap/mod.rs`).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::fmt;

/// The key names [`KeyCombo::parse`] knows besides single characters and `f1`…`f24`, with
/// their codes. The first name of a code is the one [`KeyCombo::spec`] writes.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("del", KeyCode::Delete),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("left", KeyCode::Left),
    ("←", KeyCode::Left),
    ("right", KeyCode::Right),
    ("→", KeyCode::Right),
    ("up", KeyCode::Up),
    ("↑", KeyCode::Up),
    ("down", KeyCode::Down),
    ("↓", KeyCode::Down),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

/// Why a key spec did not parse: a phrase that completes "`<spec>` …".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("is empty")]
    Empty,
    #[error("has a modifier but no key")]
    NoKey,
    #[error("names no key sp-chat knows")]
    UnknownKey,
    #[error("names a modifier twice")]
    RepeatedModifier,
}

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

    /// Reads a key spec: modifiers `ctrl-`, `alt-`, `shift-` (any case, any order) and a key: a
    /// character (`q`, `?`, `-`), a name from [`NAMED_KEYS`] or `f1`…`f24`. Normalised like
    /// [`KeyCombo::from_event`] (`shift-a` is `A`, `ctrl-Q` is `ctrl-q`, `shift-tab` is
    /// BackTab), so a parsed spec compares equal to the event it stands for.
    pub fn parse(spec: &str) -> Result<KeyCombo, SpecError> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(SpecError::Empty);
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec;
        // `ctrl--` is Ctrl with the `-` key: a prefix is a modifier only if a key follows it.
        while let Some((head, tail)) = rest.split_once('-').filter(|(_, tail)| !tail.is_empty()) {
            let modifier = match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            if mods.contains(modifier) {
                return Err(SpecError::RepeatedModifier);
            }
            mods |= modifier;
            rest = tail;
        }
        if rest.is_empty() {
            return Err(SpecError::NoKey);
        }
        let code = key_code(rest).ok_or(SpecError::UnknownKey)?;
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Ok(KeyCombo { code, mods })
    }

    /// This combo as a key spec for the config (`ctrl-q`, `alt-enter`, `pgdn`, `?`): what
    /// [`KeyCombo::parse`] reads back as the same combo.
    pub fn spec(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("f{n}")),
            KeyCode::BackTab => out.push_str("shift-tab"),
            code => match NAMED_KEYS.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => out.push_str(name),
                None => out.push_str(&self.to_string().to_ascii_lowercase()),
            },
        }
        out
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

/// The code of a key spec without its modifiers.
fn key_code(name: &str) -> Option<KeyCode> {
    let lower = name.to_lowercase();
    if let Some((_, code)) = NAMED_KEYS.iter().find(|(known, _)| *known == lower) {
        return Some(*code);
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // One character is that character, except control characters (no one types those).
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let n = lower.strip_prefix('f')?.parse::<u8>().ok()?;
    (1..=24).contains(&n).then_some(KeyCode::F(n))
}
