//! The chat's side of finding, copying and opening: opening the search line and the list of
//! a message's links, copying a message or the transcript, and what those views ask of it.
//!
//! A child of `chat` (it reaches the transcript and the notice line). Does not own the search
//! itself (`transcript::search`), the views (`views::{search, links}`) or writing to the
//! clipboard (the runtime's OSC 52 write of [`Effect::Copy`]).

use super::{ChatFocus, ChatState};
use crate::app::context::Ctx;
use crate::app::msg::Effect;
use crate::app::step::{Change, Step};
use crate::app::transcript::export::{self, Format};
use crate::app::transcript::links;
use crate::app::views::{ForChat, LinksView, SearchView, View};

/// The most the whole-transcript copy puts on the clipboard: terminals cap an OSC 52 write
/// (some near 100 kB), and a longer one may be dropped whole.
pub const MAX_COPY_BYTES: usize = 100 * 1024;

impl ChatState {
    /// Ctrl-F or `/`: the search line, remembering where the reader is.
    pub(super) fn open_search(&self, selected: Option<usize>) -> Step {
        let view = SearchView::new(self.transcript.scroll(), selected);
        Step::to(Change::Open(View::Search(view)))
    }

    /// `u` on a selected message: its links, numbered; a notice when it has none.
    pub(super) fn open_links(&mut self, selected: Option<usize>) -> Step {
        let Some(entry) = selected.and_then(|i| self.transcript.entries().get(i)) else {
            return Step::default();
        };
        match LinksView::new(links::urls(&entry.kind.plain_text())) {
            Some(view) => Step::to(Change::Open(View::Links(view))),
            None => {
                self.notice = Some("This message has no links.".to_string());
                Step::default()
            }
        }
    }

    /// `y`: the selected message's text, as shown, to the clipboard.
    pub(super) fn copy_selected(&mut self, selected: Option<usize>, ctx: &Ctx) -> Vec<Effect> {
        let Some(entry) = selected.and_then(|i| self.transcript.entries().get(i)) else {
            return Vec::new();
        };
        let text = entry.kind.plain_text().into_owned();
        let count = text.chars().count();
        self.copy(text, format!("Copied {count} characters."), ctx)
    }

    /// `Y`: the whole transcript as plain text (the export's format), its newest part when it
    /// is longer than [`MAX_COPY_BYTES`].
    pub(super) fn copy_transcript(&mut self, ctx: &Ctx) -> Vec<Effect> {
        let entries = export::entries(self.transcript.entries());
        let all = export::render(&entries, Format::Plain, ctx.utc_offset_secs);
        let (text, said) = match newest_part(&all, MAX_COPY_BYTES) {
            None => {
                let count = all.chars().count();
                (all, format!("Copied the transcript ({count} characters)."))
            }
            Some(part) => {
                let said = format!(
                    "Copied the newest part of the transcript ({} of {} kB: the clipboard takes \
                     {} kB at most; F3 saves all of it).",
                    part.len().div_ceil(1024),
                    all.len().div_ceil(1024),
                    MAX_COPY_BYTES / 1024
                );
                (part.to_string(), said)
            }
        };
        self.copy(text, said, ctx)
    }

    fn copy(&mut self, text: String, said: String, ctx: &Ctx) -> Vec<Effect> {
        if !ctx.settings.ui.copies() {
            self.notice = Some("Copying is off ([ui] clipboard = \"off\").".to_string());
            return Vec::new();
        }
        self.notice = Some(said);
        vec![Effect::Copy { text }]
    }

    /// What a view on top of the chat asks of it (see [`ForChat`]).
    pub fn for_chat(&mut self, ask: ForChat, ctx: &Ctx) {
        match ask {
            ForChat::Reveal(entry) => {
                let (width, _) = self.viewport(ctx);
                // The match is what the reader looks at now: no selection elsewhere stays.
                if let ChatFocus::Transcript { selected, .. } = &mut self.focus {
                    *selected = entry;
                }
                self.transcript.scroll_to_entry(entry, width);
            }
            ForChat::Restore { scroll, selected } => {
                if let (ChatFocus::Transcript { selected: now, .. }, Some(before)) =
                    (&mut self.focus, selected)
                {
                    *now = before;
                }
                self.transcript.restore_scroll(scroll);
            }
            ForChat::Notice(text) => self.notice = Some(text),
        }
    }
}

/// The end of `text` from the first line that starts within its last `max` bytes; `None` when
/// it all fits.
fn newest_part(text: &str, max: usize) -> Option<&str> {
    if text.len() <= max {
        return None;
    }
    let mut cut = text.len() - max;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    let from = text[cut..].find('\n').map_or(cut, |nl| cut + nl + 1);
    Some(&text[from..])
}

#[cfg(test)]
mod tests {
    use super::newest_part;

    #[test]
    fn the_newest_part_starts_on_a_whole_line() {
        assert_eq!(newest_part("short", 10), None);
        assert_eq!(newest_part("one\ntwo\nthree\n", 8), Some("three\n"));
        // A cut inside a character moves past it.
        assert_eq!(newest_part("ééé", 3), Some("é"));
    }
}
