//! The config's `[keys]` table made into the keymap in force: [`keymap`] reads each
//! `action = "key"` entry and lays it over the default table, or says which entry cannot be
//! used and why (naming the action, the value and the file).
//!
//! A child of `keymap`: the config only keeps the table's text (`Settings::keys`), since the
//! names and keys are the keymap's to know. Called by the binary before the app starts and
//! before any request, and by `sp-chat keys`. Does not own the key grammar
//! (`KeyCombo::parse`), the action names (`Action::name`) or the remapping rules
//! (`Keymap::remapped`).

use super::{Action, KeyCombo, Keymap};
use crate::config::{ConfigError, Settings, closest_name};
use std::path::Path;

/// The keymap of `settings`: the defaults with its `[keys]` remappings. `path` is the file
/// they were read from, for the message.
pub fn keymap(settings: &Settings, path: &Path) -> Result<Keymap, ConfigError> {
    let failed = |action: &str, value: &str, problem: String| ConfigError::Keys {
        path: path.to_path_buf(),
        action: action.to_owned(),
        value: value.to_owned(),
        problem,
    };
    let mut remaps = Vec::with_capacity(settings.keys.len());
    for (name, spec) in &settings.keys {
        let Some(action) = Action::from_name(name) else {
            let names: Vec<&str> = Action::bound().into_iter().map(Action::name).collect();
            let problem = match closest_name(name, &names) {
                Some(guess) => format!("no action is called so; did you mean `{guess}`?"),
                None => "no action is called so (`sp-chat keys` lists them)".to_owned(),
            };
            return Err(failed(name, spec, problem));
        };
        let key = KeyCombo::parse(spec).map_err(|e| {
            failed(
                name,
                spec,
                format!(
                    "the key {e} (write keys like \"ctrl-q\", \"alt-enter\", \"shift-tab\", \
                     \"f4\", \"pgup\", \"?\")"
                ),
            )
        })?;
        remaps.push((action, key));
    }
    Keymap::remapped(&remaps).map_err(|(action, problem)| {
        let spec = settings.keys.get(action.name()).map_or("", String::as_str);
        failed(action.name(), spec, problem.to_string())
    })
}

#[cfg(test)]
#[path = "from_config_tests.rs"]
mod tests;
