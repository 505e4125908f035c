//! The Export dialog: where, and in which format, the transcript is saved.
//!
//! Owns the dialog's state ([`ExportDialog`]: the path field, the format, the last failure, a
//! save in flight) and its rules: switching the format renames a known extension, typing a
//! known extension picks the format, and the typed text resolves to a [`Target`]. It also
//! holds the `App` transitions that open, edit, submit and close it. Does not own rendering
//! the transcript (`transcript::export`), writing the file (`runtime::export_file`), the keys
//! (`keymap`, [`Mode::Export`](super::Mode::Export)) or drawing (`ui::export_dialog`).
//!
//! Decision: the field holds the **full path**, prefilled with `<transcripts dir>/<default
//! name>.md`, so the customer sees exactly where the file goes and can edit any part of it. A
//! name without a folder still goes in the transcripts dir, and `~/` is the home folder (the
//! runtime expands it: it knows the home folder, the app does not). The transcripts dir reaches
//! the app in `AppInit`, like the config and log paths.
//!
//! The dialog is not an [`Overlay`](super::Overlay): it lives beside it, one layer below, so the
//! help or a question (Ctrl-C during a live chat) can open above it and close back to it with
//! the typed path intact.

use super::composer::Composer;
use super::transcript::EntryKind;
use super::{App, Effect, Screen};
use crate::app::transcript::export::{self, Format};
use std::path::{Path, PathBuf};

/// Where Enter asks the runtime to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Absolute, or starting with `~/` (expanded by the runtime).
    pub path: PathBuf,
    /// The file goes straight in the transcripts dir, which may be created; any other folder
    /// must exist already (a typo must not leave a trail of new folders).
    pub create_dir: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDialog {
    /// `<data dir>/transcripts`; `None` when the system names no data dir (then only full
    /// paths work).
    dir: Option<PathBuf>,
    field: Composer,
    format: Format,
    /// Why the last attempt failed: one sanitised line.
    error: Option<String>,
    /// A save is in flight: Enter waits for its answer.
    saving: bool,
}

impl ExportDialog {
    /// The dialog prefilled with `<dir>/chat-<local date and time>.md`, Markdown.
    pub fn new(dir: Option<PathBuf>, now_ms: i64, utc_offset_secs: i32) -> Self {
        let name = export::default_file_name(now_ms, utc_offset_secs);
        let text = match &dir {
            Some(dir) => dir.join(&name).to_string_lossy().into_owned(),
            None => name,
        };
        let field = Composer::single_line().with_text(&text);
        ExportDialog {
            format: Format::from_known_extension(field.text()).unwrap_or(Format::Markdown),
            dir,
            field,
            error: None,
            saving: false,
        }
    }

    pub fn field(&self) -> &Composer {
        &self.field
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn is_saving(&self) -> bool {
        self.saving
    }

    /// The next (or previous) format, wrapping around.
    pub fn cycle_format(&mut self, forward: bool) {
        let all = Format::ALL;
        let at = all.iter().position(|f| *f == self.format).unwrap_or(0);
        let step = if forward { 1 } else { all.len() - 1 };
        self.set_format(all[(at + step) % all.len()]);
    }

    /// Picks `format`; a name ending in a known extension gets this format's extension (any
    /// other ending is the customer's choice and stays).
    pub fn set_format(&mut self, format: Format) {
        self.format = format;
        self.error = None;
        let text = self.field.text();
        if let Some((stem, ext)) = text.rsplit_once('.')
            && Format::from_known_extension(text).is_some()
            && ext != format.extension()
        {
            let renamed = format!("{stem}.{}", format.extension());
            self.field.set_text(&renamed);
        }
    }

    /// Runs an edit on the path field; a name that now ends in a known extension selects its
    /// format. Returns whether the text changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Composer) -> bool) -> bool {
        let changed = f(&mut self.field);
        if changed {
            self.error = None;
            if let Some(format) = Format::from_known_extension(self.field.text()) {
                self.format = format;
            }
        }
        changed
    }

    /// Where the typed text says to write, or a sentence saying what is missing.
    pub fn target(&self) -> Result<Target, String> {
        let text = self.field.text().trim();
        if text.is_empty() || text == "~" {
            return Err("type a file name".to_string());
        }
        if text.ends_with('/') {
            return Err("that is a folder: add a file name after it".to_string());
        }
        let typed = Path::new(text);
        let path = if typed.is_absolute() || text.starts_with("~/") {
            typed.to_path_buf()
        } else {
            match &self.dir {
                Some(dir) => dir.join(typed),
                None => {
                    return Err(
                        "no data folder is known here: type a full path (/… or ~/…)".to_string()
                    );
                }
            }
        };
        let create_dir = self.dir.is_some() && path.parent() == self.dir.as_deref();
        Ok(Target { path, create_dir })
    }

    /// A save was asked for: wait for its answer.
    pub fn begin_save(&mut self) {
        self.saving = true;
        self.error = None;
    }

    /// The save (or its request) failed: say why and let the customer fix the path.
    pub fn failed(&mut self, why: &str) {
        self.saving = false;
        self.error = Some(crate::text::sanitize_line(why));
    }
}

impl App {
    /// F3 / `e`: opens the dialog over a chat (any phase: live, ended, with a survey).
    pub(super) fn open_export(&mut self) -> Vec<Effect> {
        if matches!(self.screen, Screen::Chat(_)) && self.export.is_none() {
            self.export = Some(ExportDialog::new(
                self.transcripts_dir.clone(),
                self.now_ms,
                self.utc_offset_secs,
            ));
        }
        Vec::new()
    }

    /// Esc: closes the dialog. A save already in flight still answers (as a transcript line).
    pub(super) fn close_export(&mut self) -> Vec<Effect> {
        self.export = None;
        Vec::new()
    }

    pub(super) fn cycle_export_format(&mut self, forward: bool) -> Vec<Effect> {
        if let Some(dialog) = &mut self.export
            && !dialog.is_saving()
        {
            dialog.cycle_format(forward);
        }
        Vec::new()
    }

    /// Enter: renders the transcript as it is now in the chosen format and asks the runtime to
    /// write it. The dialog stays open until the answer arrives.
    pub(super) fn save_export(&mut self) -> Vec<Effect> {
        let (Screen::Chat(chat), Some(dialog)) = (&self.screen, &mut self.export) else {
            return Vec::new();
        };
        if dialog.is_saving() {
            return Vec::new();
        }
        match dialog.target() {
            Err(why) => {
                dialog.failed(&why);
                Vec::new()
            }
            Ok(Target { path, create_dir }) => {
                let entries = export::entries(chat.transcript.entries());
                let contents = export::render(&entries, dialog.format(), self.utc_offset_secs);
                dialog.begin_save();
                vec![Effect::ExportTranscript {
                    path,
                    create_dir,
                    contents,
                }]
            }
        }
    }

    /// The runtime's answer: success closes the dialog and says where the file went; a failure
    /// keeps the dialog open with the reason, or (the dialog was closed meanwhile) becomes an
    /// error line in the transcript.
    pub(super) fn transcript_exported(&mut self, result: Result<PathBuf, String>) -> Vec<Effect> {
        self.dirty = true;
        let waiting = self.export.as_ref().is_some_and(ExportDialog::is_saving);
        let kind = match result {
            Ok(path) => {
                if waiting {
                    self.export = None;
                }
                EntryKind::System(crate::text::sanitize_line(&format!(
                    "Transcript saved to {}",
                    path.display()
                )))
            }
            Err(why) => match &mut self.export {
                Some(dialog) if waiting => {
                    dialog.failed(&why);
                    return Vec::new();
                }
                Some(_) | None => EntryKind::Error(crate::text::sanitize_line(&format!(
                    "Could not save the transcript: {why}"
                ))),
            },
        };
        match &mut self.screen {
            Screen::Chat(chat) => {
                chat.transcript.push(self.now_ms, kind);
            }
            // The survey was sent and the chat closed while the file was written.
            Screen::Home(home) => {
                if let EntryKind::System(line) | EntryKind::Error(line) = kind {
                    home.notice = Some(line);
                }
            }
            Screen::Settings(_) => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
#[path = "export_dialog_tests.rs"]
mod tests;
