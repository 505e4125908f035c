//! The Export dialog: where, and in which format, the transcript is saved.
//!
//! Owns the dialog's state ([`ExportDialog`]: the path field, the format, the last failure, a
//! save in flight) and its rules: switching the format renames a known extension, typing a
//! known extension picks the format, and the typed text resolves to a [`Target`]; its keys
//! (save, close, switch the format) and the runtime's answer. Does not own rendering
//! the transcript (`transcript::export`), writing the file (`runtime::export_file`), the keys
//! (`keymap`, [`Mode::Export`]) or drawing (`ui::export_dialog`).
//!
//! Decision: the field holds the **full path**, prefilled with `<transcripts dir>/<default
//! name>.md`, so the customer sees exactly where the file goes and can edit any part of it. A
//! name without a folder still goes in the transcripts dir, and `~/` is the home folder (the
//! runtime expands it: it knows the home folder, the app does not). The transcripts dir reaches
//! the app in `AppInit`, like the config and log paths.
//!
//! The dialog is a view on the stack: the help or a question (Ctrl-C during a live chat) can
//! open above it and close back to it with the typed path intact.

use super::{Overlay, Reply, ViewCx};
use crate::app::composer::{Composer, FieldEdit};
use crate::app::keymap::{Action, Mode};
use crate::app::msg::Effect;
use crate::app::transcript::export::{self, Format};
use crate::app::transcript::{EntryKind, Transcript};
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
    /// Closed (Esc, or saved): the `App` takes it off the stack.
    closed: bool,
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
            closed: false,
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

impl ExportDialog {
    /// Enter: renders the transcript as it is now in the chosen format and asks the runtime to
    /// write it. The dialog stays open until the answer arrives.
    fn save(&mut self, transcript: Option<&Transcript>, utc_offset_secs: i32) -> Vec<Effect> {
        let Some(transcript) = transcript else {
            return Vec::new();
        };
        if self.saving {
            return Vec::new();
        }
        match self.target() {
            Err(why) => {
                self.failed(&why);
                Vec::new()
            }
            Ok(Target { path, create_dir }) => {
                let entries = export::entries(transcript.entries());
                let contents = export::render(&entries, self.format, utc_offset_secs);
                self.begin_save();
                vec![Effect::ExportTranscript {
                    path,
                    create_dir,
                    contents,
                }]
            }
        }
    }

    /// The runtime's answer to the save this dialog asked for: success closes the dialog and
    /// returns the line saying where the file went; a failure keeps it open with the reason.
    /// `None`: the dialog was not waiting (the answer belongs to no dialog).
    pub fn answered(&mut self, result: &Result<PathBuf, String>) -> Option<Option<EntryKind>> {
        if !self.saving {
            return None;
        }
        Some(match result {
            Ok(path) => {
                self.closed = true;
                Some(saved_line(path))
            }
            Err(why) => {
                self.failed(why);
                None
            }
        })
    }
}

/// The transcript line for a finished save.
pub fn saved_line(path: &Path) -> EntryKind {
    EntryKind::System(crate::text::sanitize_line(&format!(
        "Transcript saved to {}",
        path.display()
    )))
}

/// The transcript line for a save that failed after its dialog was closed.
pub fn failed_line(why: &str) -> EntryKind {
    EntryKind::Error(crate::text::sanitize_line(&format!(
        "Could not save the transcript: {why}"
    )))
}

impl Overlay for ExportDialog {
    fn modes(&self) -> Vec<Mode> {
        vec![Mode::Export]
    }

    fn on_action(&mut self, action: Action, cx: ViewCx) -> Reply {
        match action {
            Action::SaveExport => return self.save(cx.transcript, cx.ctx.utc_offset_secs).into(),
            // A save already in flight still answers (as a transcript line).
            Action::CloseExport => self.closed = true,
            Action::NextFormat | Action::PrevFormat if !self.saving => {
                self.cycle_format(action == Action::NextFormat)
            }
            _ => {}
        }
        Reply::default()
    }

    fn edit(&mut self, edit: FieldEdit) -> bool {
        ExportDialog::edit(self, |field| edit(field));
        true
    }

    fn is_complete(&self) -> bool {
        self.closed
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
