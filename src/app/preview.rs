//! Inline image previews as the app sees them: which transcript entries get one, where its
//! pixels come from, and how many cells it takes.
//!
//! Owns: [`Preview`] (loading / ready with its natural size in cells / unavailable), fitting a
//! preview into the transcript ([`fit`], [`max_rows_for`]), and the app's side of the flow:
//! image entries become [`Effect::LoadPreview`] requests, and
//! [`Msg::PreviewLoaded`](super::Msg::PreviewLoaded) answers make room for the picture in the
//! entry's rows.
//!
//! Does not own pixels. Fetching, decoding (off the UI thread), encoding for the terminal's
//! graphics protocol and drawing are the runtime's and the view's (`runtime::images`,
//! `ui::images`): the app only knows sizes, so layout and scrolling stay pure and testable.

use super::{App, Effect, Screen};
use std::path::PathBuf;

/// Where an entry's preview stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    /// Being fetched and decoded.
    Loading,
    /// Decoded: the picture's natural size in cells at the terminal's font size (columns,
    /// rows). The rows it takes are this, fitted to the transcript ([`fit`]).
    Ready { cols: u16, rows: u16 },
    /// No preview; the sentence says why (not a picture we can read, too large, not fetched).
    Unavailable(String),
}

/// Where the pixels of a preview come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewSource {
    /// A file in the chat (the agent's, or ours seen in the history): Get File.
    Remote { file_id: String },
    /// One of the customer's own uploads, read from disk.
    Local(PathBuf),
}

/// The most rows a preview takes, whatever the terminal's height.
pub const MAX_PREVIEW_ROWS: u16 = 18;
/// The fewest rows a preview is given, so that even a short terminal shows something.
pub const MIN_PREVIEW_ROWS: u16 = 3;

/// The rows a preview may take on a terminal `height` rows high: about a third, so a picture
/// never pushes the conversation around it out of view.
pub fn max_rows_for(height: u16) -> u16 {
    (height / 3).clamp(MIN_PREVIEW_ROWS, MAX_PREVIEW_ROWS)
}

/// The cells a picture of `natural` (columns, rows) takes inside `max_cols` × `max_rows`,
/// keeping its proportions; never more than its natural size, never less than one cell.
pub fn fit(natural: (u16, u16), max_cols: u16, max_rows: u16) -> (u16, u16) {
    let (cols, rows) = (natural.0.max(1), natural.1.max(1));
    let (max_cols, max_rows) = (max_cols.max(1), max_rows.max(1));
    if cols <= max_cols && rows <= max_rows {
        return (cols, rows);
    }
    let scale = (f64::from(max_cols) / f64::from(cols)).min(f64::from(max_rows) / f64::from(rows));
    let fitted = |n: u16, max: u16| ((f64::from(n) * scale).floor() as u16).clamp(1, max);
    (fitted(cols, max_cols), fitted(rows, max_rows))
}

impl App {
    /// Whether previews are drawn: the runtime found a way to show pictures in this terminal
    /// ([`App::enable_previews`]) and the customer has not switched them off.
    pub fn previews_on(&self) -> bool {
        self.previews_supported && self.settings.ui.show_images
    }

    /// Called by the runtime once it knows this terminal can show pictures. Until then (and in
    /// tests that do not call it) no preview is asked for.
    pub fn enable_previews(&mut self) {
        self.previews_supported = true;
    }

    /// The preview requests of entries that just appeared, as effects (nothing when previews
    /// are off: the entries keep their one-line `[image] name` label).
    pub(super) fn preview_effects(&mut self) -> Vec<Effect> {
        let on = self.previews_on();
        let Screen::Chat(chat) = &mut self.screen else {
            return Vec::new();
        };
        chat.transcript.set_preview_limit(max_rows_for(self.size.1));
        // An upload queued before the chat has its id waits for it (previews are per chat).
        let Some(chat_id) = chat.chat_id.clone() else {
            return Vec::new();
        };
        let wanted = chat.take_preview_candidates();
        if !on {
            return Vec::new();
        }
        wanted
            .into_iter()
            .filter_map(|(index, source)| {
                let entry_id = chat.transcript.entries().get(index)?.id;
                chat.transcript.set_preview(index, Preview::Loading);
                self.dirty = true;
                Some(Effect::LoadPreview {
                    chat_id: chat_id.clone(),
                    entry_id,
                    source,
                })
            })
            .collect()
    }

    /// The answer to [`Effect::LoadPreview`]: room for the picture, or a line saying why not.
    /// Answers about another chat (one that ended meanwhile) are ignored.
    pub(super) fn preview_loaded(
        &mut self,
        chat_id: &str,
        entry_id: u64,
        result: Result<(u16, u16), String>,
    ) {
        let Screen::Chat(chat) = &mut self.screen else {
            return;
        };
        if chat.chat_id.as_deref() != Some(chat_id) {
            return;
        }
        let Some(index) = chat.transcript.index_of(entry_id) else {
            return;
        };
        let preview = match result {
            Ok((cols, rows)) => Preview::Ready { cols, rows },
            Err(why) => Preview::Unavailable(crate::text::sanitize_line(&why)),
        };
        chat.transcript.set_preview(index, preview);
        self.dirty = true;
    }
}

#[cfg(test)]
#[path = "preview_tests.rs"]
mod tests;
