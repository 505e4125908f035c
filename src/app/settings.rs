//! The Settings screen's state: the editable fields, focus, and the save outcome.
//!
//! Owns: the form (one one-line [`Composer`] per [`Field`] plus a Save button), turning it into
//! [`Settings`] and back. Does not own validation rules (`config::Settings::validate_field`),
//! saving (the runtime, via `Effect::SaveSettings`) or what happens after a save (`App`).

use super::composer::Composer;
use crate::config::{Field, Settings};

/// The fields shown, in order.
pub const FIELDS: &[Field] = &[
    Field::TenantUrl,
    Field::ClientWebServerUrl,
    Field::AppId,
    Field::ClientId,
    Field::FirstName,
    Field::LastName,
    Field::Email,
];

#[derive(Clone, Debug, PartialEq)]
pub struct SettingsState {
    /// The settings the form started from: everything not on the form is kept from here.
    base: Settings,
    fields: Vec<Composer>,
    /// Index into [`FIELDS`]; `FIELDS.len()` is the Save button.
    focus: usize,
    /// A save is in flight.
    pub saving: bool,
    /// Why the last attempt did not save, in words.
    pub error: Option<String>,
}

fn value(s: &Settings, field: Field) -> &str {
    match field {
        Field::TenantUrl => &s.tenant_url,
        Field::ClientWebServerUrl => &s.client_web_server_url,
        Field::AppId => &s.app_id,
        Field::ClientId => &s.client_id,
        Field::FirstName => &s.customer.first_name,
        Field::LastName => &s.customer.last_name,
        Field::Email => &s.customer.email,
        Field::Phone => &s.customer.phone,
    }
}

fn value_mut(s: &mut Settings, field: Field) -> &mut String {
    match field {
        Field::TenantUrl => &mut s.tenant_url,
        Field::ClientWebServerUrl => &mut s.client_web_server_url,
        Field::AppId => &mut s.app_id,
        Field::ClientId => &mut s.client_id,
        Field::FirstName => &mut s.customer.first_name,
        Field::LastName => &mut s.customer.last_name,
        Field::Email => &mut s.customer.email,
        Field::Phone => &mut s.customer.phone,
    }
}

impl SettingsState {
    pub fn new(settings: &Settings) -> Self {
        SettingsState {
            base: settings.clone(),
            fields: FIELDS
                .iter()
                .map(|f| Composer::single_line().with_text(value(settings, *f)))
                .collect(),
            focus: 0,
            saving: false,
            error: None,
        }
    }

    /// The settings as currently typed (trimmed).
    pub fn settings(&self) -> Settings {
        let mut s = self.base.clone();
        for (field, input) in FIELDS.iter().zip(&self.fields) {
            *value_mut(&mut s, *field) = input.text().trim().to_string();
        }
        s
    }

    pub fn fields(&self) -> impl Iterator<Item = (Field, &Composer)> {
        FIELDS.iter().copied().zip(&self.fields)
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn on_button(&self) -> bool {
        self.focus == FIELDS.len()
    }

    pub fn focused_field_mut(&mut self) -> Option<&mut Composer> {
        self.fields.get_mut(self.focus)
    }

    pub fn focus_next(&mut self) {
        self.focus = (self.focus + 1) % (FIELDS.len() + 1);
    }

    pub fn focus_prev(&mut self) {
        self.focus = (self.focus + FIELDS.len()) % (FIELDS.len() + 1);
    }

    /// Validates; on success marks the save as in flight and returns the settings to save. On
    /// failure focuses the first invalid field and says so.
    pub fn try_save(&mut self) -> Option<Settings> {
        if self.saving {
            return None;
        }
        let settings = self.settings();
        let problems = settings.validate();
        match problems.first() {
            None => {
                self.saving = true;
                self.error = None;
                Some(settings)
            }
            Some(first) => {
                if let Some(i) = FIELDS.iter().position(|f| *f == first.field) {
                    self.focus = i;
                }
                self.error = Some(if problems.len() == 1 {
                    "One field needs fixing before saving.".to_string()
                } else {
                    format!("{} fields need fixing before saving.", problems.len())
                });
                None
            }
        }
    }
}
