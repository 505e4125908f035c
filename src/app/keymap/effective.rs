//! [`Keymap`]: the keymap in force, the default table [`BINDINGS`] with the config's `[keys]`
//! remappings laid over it, and the questions asked of it (the action of a key, the footer
//! hints, the help sections).
//!
//! A child of `keymap`. A remapped action gets its new key in every mode where it has a default
//! key, in place of all of them ([`Keymap::remapped`]). What makes a remapping unusable
//! ([`RemapError`]): a plain character in a mode where the focus may be in a text field (it
//! would be typed, never seen as a key), a text-editing key there (Ctrl-A, Ctrl-K…), or a key that another action has in the same mode or
//! in a mode in force at the same time ([`MODE_STACKS`], and [`Mode::Global`] with every mode).
//! Collisions among the defaults themselves (Tab completes in a path field, moves on elsewhere)
//! are the design, not errors. Does not own reading the config (`from_config`).

use super::{Action, BINDINGS, Binding, KeyCombo, Mode};
use crate::app::composer;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// The mode lists the screens and views report as in force together (`modes()` of
/// `SettingsState`, `HomeState`, `ChatState` and each view), [`Mode::Global`] implied: two
/// bindings can only collide when their modes are in one of these lists.
pub const MODE_STACKS: &[&[Mode]] = &[
    &[Mode::NoText, Mode::Settings],
    &[Mode::SingleLine, Mode::Settings],
    &[Mode::Choice, Mode::NoText, Mode::Settings],
    &[Mode::PathField, Mode::SingleLine, Mode::Home],
    &[Mode::NoText, Mode::Home],
    &[Mode::Ended, Mode::NoText],
    &[Mode::SurveyRating, Mode::NoText, Mode::Survey],
    &[Mode::SurveyResolved, Mode::NoText, Mode::Survey],
    &[Mode::Transcript, Mode::NoText, Mode::Chat],
    &[Mode::Attach, Mode::PathField, Mode::Chat],
];

/// Why the `[keys]` remappings cannot be used: a phrase about the remapped action's key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RemapError {
    /// A plain character where the focus may be in a text field.
    #[error(
        "{key} would be typed as text in {} (use a key with ctrl- or alt-, or an F key)",
        mode.title()
    )]
    TypedAsText { key: KeyCombo, mode: Mode },
    /// A key that edits text (`composer::EDIT_BINDINGS`) where the focus may be in a field.
    #[error("{key} already edits text ({edit}) in {}", mode.title())]
    EditsText {
        key: KeyCombo,
        edit: &'static str,
        mode: Mode,
    },
    /// The key already does something else there.
    #[error("{key} already means `{}` ({}) in {}", other.name(), other.help(), mode.title())]
    Taken {
        key: KeyCombo,
        other: Action,
        mode: Mode,
    },
}

/// The keymap in force. `Default` is the table as written ([`BINDINGS`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: BINDINGS.to_vec(),
        }
    }
}

impl Mode {
    /// The focus may be in a text field while this mode is in force, so a plain character is
    /// typed there rather than looked up.
    pub fn takes_text(self) -> bool {
        match self {
            Mode::Global
            | Mode::SingleLine
            | Mode::PathField
            | Mode::Settings
            | Mode::Home
            | Mode::Chat
            | Mode::Attach
            | Mode::Survey
            | Mode::Search
            | Mode::Export => true,
            Mode::NoText
            | Mode::Choice
            | Mode::Links
            | Mode::Transcript
            | Mode::Ended
            | Mode::SurveyRating
            | Mode::SurveyResolved
            | Mode::Help
            | Mode::Confirm
            | Mode::History => false,
        }
    }

    /// Whether bindings of `self` and `other` can be looked up for one key press.
    fn in_force_with(self, other: Mode) -> bool {
        self == other
            || self == Mode::Global
            || other == Mode::Global
            || MODE_STACKS
                .iter()
                .any(|stack| stack.contains(&self) && stack.contains(&other))
    }
}

impl Action {
    /// The action with this config name, among those the default table binds.
    pub fn from_name(name: &str) -> Option<Action> {
        BINDINGS
            .iter()
            .map(|b| b.action)
            .find(|action| action.name() == name)
    }

    /// Every action of the default table, once each, in table order.
    pub fn bound() -> Vec<Action> {
        let mut actions: Vec<Action> = Vec::new();
        for binding in BINDINGS {
            if !actions.contains(&binding.action) {
                actions.push(binding.action);
            }
        }
        actions
    }
}

fn is_plain_char(key: KeyCombo) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

impl Keymap {
    /// The defaults with each `(action, key)` remapping applied: in every mode where the action
    /// has default keys, they are replaced by `key` (listed where the first of them was, in the
    /// footer if any of them was). On a problem, the remapping to blame and why.
    pub fn remapped(remaps: &[(Action, KeyCombo)]) -> Result<Keymap, (Action, RemapError)> {
        let mut bindings = BINDINGS.to_vec();
        for &(action, key) in remaps {
            let mut modes: Vec<Mode> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.action == action) {
                if !modes.contains(&b.mode) {
                    modes.push(b.mode);
                }
            }
            for mode in modes {
                // Naming a default key again is fine, even one the default table lets shadow a
                // text-editing key (Ctrl-F searches in the chat's message box).
                let is_default = BINDINGS
                    .iter()
                    .any(|b| b.mode == mode && b.key == key && b.action == action);
                if !is_default {
                    if is_plain_char(key) && mode.takes_text() {
                        return Err((action, RemapError::TypedAsText { key, mode }));
                    }
                    if let Some(edit) = composer::edit_binding(key).filter(|_| mode.takes_text()) {
                        let edit = edit.help();
                        return Err((action, RemapError::EditsText { key, edit, mode }));
                    }
                }
                let of_it = |b: &Binding| b.mode == mode && b.action == action;
                let Some(first) = bindings.iter().position(of_it) else {
                    continue;
                };
                let footer = bindings.iter().any(|b| of_it(b) && b.footer);
                bindings[first] = Binding {
                    mode,
                    key,
                    action,
                    footer,
                };
                let mut index = 0;
                bindings.retain(|b| {
                    index += 1;
                    index - 1 == first || !of_it(b)
                });
            }
        }
        let keymap = Keymap { bindings };
        // The place of an action's remapping in the config (`None`: not remapped).
        let remapped = |action: Action| remaps.iter().rposition(|(a, _)| *a == action);
        for (i, a) in keymap.bindings.iter().enumerate() {
            for b in &keymap.bindings[i + 1..] {
                let collide = a.key == b.key
                    && a.action != b.action
                    && a.mode.in_force_with(b.mode)
                    && (remapped(a.action).is_some() || remapped(b.action).is_some());
                if collide {
                    // Blame the remapping (the later one when both are).
                    let (blamed, other) = if remapped(b.action) > remapped(a.action) {
                        (b, a)
                    } else {
                        (a, b)
                    };
                    return Err((
                        blamed.action,
                        RemapError::Taken {
                            key: blamed.key,
                            other: other.action,
                            mode: other.mode,
                        },
                    ));
                }
            }
        }
        Ok(keymap)
    }

    /// Every binding in force, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The bindings of one mode, in table order.
    pub fn bindings_of(&self, mode: Mode) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.mode == mode)
    }

    /// The keys of `action` in `mode`, in table order.
    pub fn keys_of(&self, mode: Mode, action: Action) -> Vec<KeyCombo> {
        self.bindings_of(mode)
            .filter(|b| b.action == action)
            .map(|b| b.key)
            .collect()
    }

    /// The label of `action`'s first key in `mode` ("Ctrl-S"), for the sentences on screen that
    /// name a key, so that they follow a remapping too. Empty if it has none there.
    pub fn label(&self, mode: Mode, action: Action) -> String {
        self.keys_of(mode, action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// The action a key has in the given modes (most specific first), then in [`Mode::Global`].
    pub fn lookup(&self, modes: &[Mode], key: KeyCombo) -> Option<Action> {
        modes
            .iter()
            .chain(std::iter::once(&Mode::Global))
            .find_map(|mode| {
                self.bindings_of(*mode)
                    .find(|b| b.key == key)
                    .map(|b| b.action)
            })
    }

    /// The footer hints for these active modes: `(keys, hint)` pairs, most specific mode first,
    /// global last.
    pub fn footer_hints(&self, modes: &[Mode]) -> Vec<(String, &'static str)> {
        self.footer_hints_with(modes, Action::hint)
    }

    /// [`Keymap::footer_hints`] with the words of `hint` (a screen whose state changes what a
    /// key does says so).
    pub fn footer_hints_with(
        &self,
        modes: &[Mode],
        hint: impl Fn(Action) -> &'static str,
    ) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        let mut shadowed: Vec<KeyCombo> = Vec::new();
        for mode in modes.iter().chain(std::iter::once(&Mode::Global)) {
            for binding in self.bindings_of(*mode) {
                // A key already taken by a more specific mode does not do this here.
                if shadowed.contains(&binding.key) {
                    continue;
                }
                if binding.footer {
                    out.push((binding.key.to_string(), hint(binding.action)));
                }
            }
            shadowed.extend(self.bindings_of(*mode).map(|b| b.key));
        }
        out
    }

    /// The help sections of these modes, in this order, then [`Mode::Global`] if not listed:
    /// `(title, [(keys, help)])`, keys of the same action in one mode joined with `/`.
    pub fn help_sections(
        &self,
        modes: &[Mode],
    ) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let mut order: Vec<Mode> = modes.to_vec();
        if !order.contains(&Mode::Global) {
            order.push(Mode::Global);
        }
        let mut sections = Vec::new();
        for mode in order {
            let mut rows: Vec<(String, &'static str, Action)> = Vec::new();
            for binding in self.bindings_of(mode) {
                let action = match binding.action {
                    // 1..5 (1..9) read as one row.
                    Action::Rating(_) => Action::Rating(0),
                    Action::QuickReply(_) => Action::QuickReply(0),
                    Action::OpenLink(_) => Action::OpenLink(0),
                    other => other,
                };
                match rows.iter_mut().find(|(_, _, a)| *a == action) {
                    Some(row) => {
                        row.0.push('/');
                        row.0.push_str(&binding.key.to_string());
                    }
                    None => rows.push((binding.key.to_string(), action.help(), action)),
                }
            }
            if !rows.is_empty() {
                sections.push((
                    mode.title(),
                    rows.into_iter()
                        .map(|(keys, help, action)| match action {
                            Action::Rating(_) | Action::QuickReply(_) | Action::OpenLink(_) => {
                                (ranged(keys), help)
                            }
                            _ => (keys, help),
                        })
                        .collect(),
                ));
            }
        }
        sections
    }
}

/// `Alt-1/Alt-2/…/Alt-9` as `Alt-1…Alt-9`: a numbered row (ratings, quick replies) reads as
/// its first and last key.
fn ranged(keys: String) -> String {
    let all: Vec<&str> = keys.split('/').collect();
    match all.as_slice() {
        [first, _, .., last] => format!("{first}…{last}"),
        _ => keys,
    }
}

/// Whether a help row's keys cell (`Esc/F1`, `Alt-1…Alt-9`) lists `key` (a label).
#[cfg(test)]
pub(crate) fn cell_lists(cell: &str, key: &str) -> bool {
    // The `/` key itself shows as an empty name between separators (or as the whole cell).
    if key == "/" {
        return cell == "/" || cell.contains("//");
    }
    if cell.split('/').any(|k| k == key) {
        return true;
    }
    let Some((first, last)) = cell.split_once('…') else {
        return false;
    };
    let split = |label: &str| {
        let digit = label.chars().last().filter(char::is_ascii_digit)?;
        Some((label[..label.len() - 1].to_owned(), digit))
    };
    match (split(first), split(last), split(key)) {
        (Some((p1, lo)), Some((p2, hi)), Some((p, d))) => p1 == p2 && p == p1 && lo <= d && d <= hi,
        _ => false,
    }
}
