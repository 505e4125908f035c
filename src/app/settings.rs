//! The Settings screen's state: the editable fields, focus, and the save outcome.
//!
//! Owns: the form (one one-line [`Composer`] per text [`Field`], one [`Choice`] per setting with
//! a few named values, plus a Save button), turning it into [`Settings`] and back. Does not own validation rules (`config::Settings::validate_field`),
//! saving (the runtime, via `Effect::SaveSettings`) or what happens after a save (`App`).

use super::composer::Composer;
use super::composer::FieldEdit;
use super::context::Ctx;
use super::keymap::{Action, Mode};
use super::msg::Effect;
use super::step::{Change, Step};
use crate::config::{Field, FieldError, FieldValue, IMAGE_PROTOCOLS, Settings};

/// The fields shown, in order: the plugin's four settings and the customer's details. The
/// rest of the file (files, notifications, theme...) is edited in the config file.
pub const FIELDS: &[Field] = &[
    Field::TenantUrl,
    Field::ClientWebServerUrl,
    Field::AppId,
    Field::ClientId,
    Field::CustomerFirstName,
    Field::CustomerLastName,
    Field::CustomerEmail,
];

/// The settings with a few named values, shown after [`FIELDS`]: ←/→ (or Space) change them.
/// The pictures' two are here so that they apply without a restart (the runtime rebuilds its
/// pictures when they change; the next chat draws with them).
pub const CHOICES: &[Field] = &[Field::UiShowImages, Field::UiImageProtocol];

/// The values a choice field offers, as shown and as stored.
fn options_of(field: Field) -> &'static [&'static str] {
    match field {
        Field::UiShowImages => &["on", "off"],
        Field::UiImageProtocol => &IMAGE_PROTOCOLS,
        _ => &[],
    }
}

/// One choice field: its setting and the index of its value in [`options_of`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub field: Field,
    selected: usize,
}

impl Choice {
    fn of(settings: &Settings, field: Field) -> Choice {
        let options = options_of(field);
        let selected = match settings.value(field) {
            FieldValue::Bool(on) => usize::from(!on),
            FieldValue::Text(t) => options.iter().position(|o| *o == t).unwrap_or(0),
            FieldValue::Number(_) => 0,
        };
        Choice { field, selected }
    }

    /// The value as shown ("on", "kitty").
    pub fn shown(&self) -> &'static str {
        options_of(self.field)
            .get(self.selected)
            .copied()
            .unwrap_or("")
    }

    fn step(&mut self, forward: bool) {
        let n = options_of(self.field).len().max(1);
        self.selected = if forward {
            (self.selected + 1) % n
        } else {
            (self.selected + n - 1) % n
        };
    }

    fn apply(&self, settings: &mut Settings) {
        match self.field {
            Field::UiShowImages => {
                settings.set_value(self.field, FieldValue::Bool(self.selected == 0))
            }
            _ => settings.set_value(self.field, FieldValue::Text(self.shown())),
        };
    }
}

/// A well-formed stand-in for an empty client id while validating: the runtime generates the
/// real one on save.
const PLACEHOLDER_CLIENT_ID: &str = "00000000-0000-4000-8000-000000000000";

#[derive(Clone, Debug, PartialEq)]
pub struct SettingsState {
    /// The settings the form started from: everything not on the form is kept from here.
    base: Settings,
    fields: Vec<Composer>,
    choices: Vec<Choice>,
    /// Index into [`FIELDS`], then [`CHOICES`]; after them, the Save button.
    focus: usize,
    /// A save is in flight.
    saving: bool,
    /// Why the last attempt did not save, in words.
    error: Option<String>,
}

fn text_of(s: &Settings, field: Field) -> &str {
    match s.value(field) {
        FieldValue::Text(t) => t,
        FieldValue::Bool(_) | FieldValue::Number(_) => "",
    }
}

/// The problems of settings about to be saved, an empty client id excepted (generated on save).
pub fn problems(settings: &Settings) -> Vec<FieldError> {
    let mut checked = settings.clone();
    if checked.client_id.trim().is_empty() {
        checked.client_id = PLACEHOLDER_CLIENT_ID.to_string();
    }
    checked.validate()
}

impl SettingsState {
    pub fn new(settings: &Settings) -> Self {
        SettingsState {
            base: settings.clone(),
            fields: FIELDS
                .iter()
                .map(|f| Composer::single_line().with_text(text_of(settings, *f)))
                .collect(),
            choices: CHOICES.iter().map(|f| Choice::of(settings, *f)).collect(),
            focus: 0,
            saving: false,
            error: None,
        }
    }

    /// The settings as currently typed (trimmed).
    pub fn settings(&self) -> Settings {
        let mut s = self.base.clone();
        for (field, input) in FIELDS.iter().zip(&self.fields) {
            s.set_value(*field, FieldValue::Text(input.text().trim()));
        }
        for choice in &self.choices {
            choice.apply(&mut s);
        }
        s
    }

    pub fn fields(&self) -> impl Iterator<Item = (Field, &Composer)> {
        FIELDS.iter().copied().zip(&self.fields)
    }

    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// The focused row: `0..FIELDS.len()` text fields, then the choices, then Save.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// The number of focusable rows, the Save button included.
    fn rows(&self) -> usize {
        FIELDS.len() + self.choices.len() + 1
    }

    pub fn on_button(&self) -> bool {
        self.focus == self.rows() - 1
    }

    /// The focused choice, if the focus is on one.
    fn focused_choice(&mut self) -> Option<&mut Choice> {
        let i = self.focus.checked_sub(FIELDS.len())?;
        self.choices.get_mut(i)
    }

    /// The problem with a field as typed, in words (an empty client id is fine: generated on
    /// save).
    pub fn problem(&self, field: Field) -> Option<String> {
        let settings = self.settings();
        if field == Field::ClientId && settings.client_id.is_empty() {
            return None;
        }
        settings.validate_field(field)
    }

    pub fn focused_field_mut(&mut self) -> Option<&mut Composer> {
        self.fields.get_mut(self.focus)
    }

    pub fn focus_next(&mut self) {
        self.focus = (self.focus + 1) % self.rows();
    }

    pub fn focus_prev(&mut self) {
        self.focus = (self.focus + self.rows() - 1) % self.rows();
    }

    /// Validates; on success marks the save as in flight and returns the settings to save. On
    /// failure focuses the first invalid field and says so.
    pub fn try_save(&mut self) -> Option<Settings> {
        if self.saving {
            return None;
        }
        let settings = self.settings();
        let problems = problems(&settings);
        match problems.first() {
            None => {
                self.saving = true;
                self.error = None;
                Some(settings)
            }
            Some(first) => {
                match FIELDS.iter().position(|f| *f == first.field) {
                    Some(i) => {
                        self.focus = i;
                        self.error = Some(if problems.len() == 1 {
                            "One field needs fixing before saving.".to_string()
                        } else {
                            format!("{} fields need fixing before saving.", problems.len())
                        });
                    }
                    // Not on this screen: say which setting of the file is wrong.
                    None => {
                        self.error = Some(format!(
                            "In the config file, {} ({}) {}.",
                            first.field.label(),
                            first.field.key(),
                            first.problem
                        ));
                    }
                }
                None
            }
        }
    }

    pub fn is_saving(&self) -> bool {
        self.saving
    }

    /// Why the last attempt did not save, in words.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The runtime could not save (a sentence, from outside: sanitised here).
    pub fn save_failed(&mut self, sentence: &str) {
        self.saving = false;
        self.error = Some(format!(
            "Could not save: {}",
            crate::text::sanitize_line(sentence)
        ));
    }

    pub fn modes(&self) -> Vec<Mode> {
        if self.on_button() {
            vec![Mode::NoText, Mode::Settings]
        } else if self.focus >= FIELDS.len() {
            vec![Mode::Choice, Mode::NoText, Mode::Settings]
        } else {
            vec![Mode::SingleLine, Mode::Settings]
        }
    }

    pub fn help_modes() -> Vec<Mode> {
        vec![Mode::Settings, Mode::SingleLine, Mode::NoText, Mode::Choice]
    }

    pub fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Step {
        match action {
            Action::FocusNext => self.focus_next(),
            Action::FocusPrev => self.focus_prev(),
            Action::NextChoice | Action::PrevChoice => {
                if let Some(choice) = self.focused_choice() {
                    choice.step(action == Action::NextChoice);
                }
            }
            Action::Activate if !self.on_button() => self.focus_next(),
            Action::Activate | Action::SaveSettings => {
                return self
                    .try_save()
                    .map(Effect::SaveSettings)
                    .into_iter()
                    .collect::<Vec<_>>()
                    .into();
            }
            Action::LeaveSettings if ctx.settings.validate().is_empty() => {
                return Step::to(Change::Home {
                    notice: None,
                    restore: None,
                });
            }
            Action::LeaveSettings => {
                self.error = Some(format!(
                    "The saved settings are incomplete: fill in the fields and save ({}).",
                    ctx.keymap.label(Mode::Settings, Action::SaveSettings)
                ));
            }
            _ => {}
        }
        Step::default()
    }

    /// Runs `edit` on the focused field (none on the Save button).
    pub fn edit(&mut self, edit: FieldEdit) {
        if let Some(field) = self.focused_field_mut() {
            edit(field);
        }
    }
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
