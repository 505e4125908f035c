//! The chat transcript: entries, de-duplication, scrolling, and each entry's rows at a width.
//!
//! Owns: [`Entry`] (a message, file, upload or notice, with an id and a revision bumped on every
//! change), the ids already shown (so history and echoes never double a line), the scroll anchor
//! and the "new below" count, and the row cache keyed by (entry id, revision, width). Does not
//! own: colours (rows carry a [`Tone`] that `ui::theme` styles), sanitising (callers pass
//! sanitised text), or session logic (`chat`). Its children: `layout.rs` (an entry's
//! rows at a width, re-exported here), `cache.rs` (the bounded row memo) and `search.rs` (the
//! folded copy of every entry's text that searches scan).
//!
//! Rendering cost depends on what is visible: an entry's rows are computed when first needed at a
//! width and cached; the view walks up from the anchor and stops when the screen is full.

use super::preview::{self, Preview};
use crate::api::id_set::IdSet;
#[cfg(test)]
use cache::CACHE_GENERATION;
use cache::RowCache;
use search::SearchIndex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

mod cache;
pub mod directive;
pub mod export;
mod layout;
pub mod links;
pub mod search;
pub use directive::{ButtonLayout, QuickReplies};
pub use layout::{clock, human_bytes, looks_like_image};

/// Who wrote an entry, with the (sanitised) name to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sender {
    /// The name is shared by every message of that person: one allocation per name, not per
    /// message.
    Customer(Arc<str>),
    Agent(Arc<str>),
}

impl Sender {
    pub fn name(&self) -> &str {
        match self {
            Sender::Customer(n) | Sender::Agent(n) => n,
        }
    }
}

/// Where a customer message stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Not ours: received from the other side (or from history).
    Received,
    Sending,
    Sent,
    Delivered,
    Read,
    /// The sentence says why.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadState {
    Waiting,
    Progress { sent: u64, total: u64 },
    Done,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Message {
        sender: Sender,
        text: String,
        delivery: Delivery,
    },
    File {
        sender: Sender,
        name: String,
        image: bool,
    },
    Upload {
        local_id: u64,
        /// The customer's name, as on their messages.
        sender: String,
        name: String,
        state: UploadState,
    },
    /// An agent's message ending in a `/buttons` directive: its text (if any) and numbered
    /// buttons, then which one the customer chose (once chosen, never again).
    Buttons {
        sender: Sender,
        /// Boxed: a set is rare, and every entry of a long chat pays for the largest variant.
        replies: Box<QuickReplies>,
        chosen: Option<usize>,
    },
    /// Someone joined or left, the queue, the service: quiet.
    System(String),
    /// Shown prominently, with a `!` marker (timeout warnings).
    Warning(String),
    /// A one-off failure, with a `✗` marker.
    Error(String),
}

impl EntryKind {
    /// The entry's words as the reader sees them, without the sender, time or markers: what a
    /// search looks in and what copying a message copies.
    pub fn plain_text(&self) -> Cow<'_, str> {
        match self {
            EntryKind::Message { text, .. } => Cow::Borrowed(text),
            EntryKind::File { name, .. } | EntryKind::Upload { name, .. } => Cow::Borrowed(name),
            EntryKind::Buttons { replies, .. } => {
                let mut parts: Vec<&str> = replies.intro.iter().map(String::as_str).collect();
                parts.extend(replies.labels.iter().map(String::as_str));
                Cow::Owned(parts.join("\n"))
            }
            EntryKind::System(text) | EntryKind::Warning(text) | EntryKind::Error(text) => {
                Cow::Borrowed(text)
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: u64,
    /// Bumped on every change, so cached rows of an older revision are not reused.
    pub revision: u32,
    pub time_ms: i64,
    pub kind: EntryKind,
}

/// How a piece of a row is styled; `ui::theme` decides the colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    CustomerName,
    AgentName,
    Time,
    Body,
    System,
    Warning,
    Error,
    Pending,
    Done,
    /// Cells an inline picture is drawn over (the text is blanks, as wide as the picture).
    Image,
    /// A quick-reply button not chosen (yet).
    Button,
    /// The start of a link in a message (its text is the link, or its first part when the
    /// link is wrapped); the view makes it a terminal hyperlink.
    Link,
    /// The rest of a wrapped link, first on the next row.
    LinkMore,
}

/// One display row: styled pieces, already fitted to the width they were made for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row(pub Vec<(Tone, String)>);

impl Row {
    fn one(tone: Tone, text: impl Into<String>) -> Row {
        Row(vec![(tone, text.into())])
    }

    /// The row's plain text (for tests and searching).
    pub fn text(&self) -> String {
        self.0.iter().map(|(_, s)| s.as_str()).collect()
    }
}

/// Columns left of the transcript's rows for the selection marker (the view and the app's
/// scrolling both subtract it from the width).
pub const GUTTER: u16 = 1;

/// Where the transcript view is: following the newest line, or with its bottom row fixed on a
/// row of an entry (so new entries below do not move what the reader is looking at).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scroll {
    #[default]
    Bottom,
    /// The view's bottom row is the entry's row `rows - 1 - hidden_below`.
    At { entry: usize, hidden_below: usize },
}

/// Some consecutive rows of one entry, as shown: a window into its cached rows (no copy).
#[derive(Clone, Debug)]
pub struct RowSpan {
    pub entry: usize,
    pub rows: Arc<[Row]>,
    pub range: std::ops::Range<usize>,
}

impl RowSpan {
    pub fn iter(&self) -> impl Iterator<Item = &Row> {
        self.rows[self.range.clone()].iter()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transcript {
    entries: Vec<Entry>,
    next_id: u64,
    utc_offset_secs: i32,
    /// Message ids already shown (ours once sent, theirs once received).
    seen_msgs: IdSet,
    /// File ids already shown (ours once uploaded).
    seen_files: IdSet,
    /// Our messages and uploads by local id.
    by_local: HashMap<u64, usize>,
    /// Our messages by wire id, for receipts.
    by_msg_id: HashMap<String, usize>,
    scroll: Scroll,
    /// Entries added below the view while scrolled up.
    unseen: usize,
    /// Image entries' previews, by entry id.
    previews: HashMap<u64, Preview>,
    /// The most rows a preview takes (0: [`preview::MAX_PREVIEW_ROWS`]).
    preview_limit: u16,
    /// Quick-reply sets not answered yet, oldest first: the newest is found without a scan
    /// (each of our messages in a rejoined history asks for it).
    open_buttons: Vec<usize>,
    /// Every entry's text folded for searching, kept as entries arrive and change.
    search: SearchIndex,
    cache: RowCache,
}

impl Transcript {
    pub fn new(utc_offset_secs: i32) -> Self {
        Transcript {
            utc_offset_secs,
            ..Transcript::default()
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn scroll(&self) -> Scroll {
        self.scroll
    }

    pub fn unseen(&self) -> usize {
        self.unseen
    }

    /// Makes room for `n` more entries (a big batch grows the list once).
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
    }

    /// Appends an entry; returns its index.
    pub fn push(&mut self, time_ms: i64, kind: EntryKind) -> usize {
        self.next_id += 1;
        if matches!(kind, EntryKind::Buttons { chosen: None, .. }) {
            self.open_buttons.push(self.entries.len());
        }
        self.search.push(&kind.plain_text());
        self.entries.push(Entry {
            id: self.next_id,
            revision: 0,
            time_ms,
            kind,
        });
        if matches!(self.scroll, Scroll::At { .. }) {
            self.unseen += 1;
        }
        self.entries.len() - 1
    }

    /// Appends one of our messages or uploads, known by its local id.
    pub fn push_local(&mut self, local_id: u64, time_ms: i64, kind: EntryKind) -> usize {
        let index = self.push(time_ms, kind);
        self.by_local.insert(local_id, index);
        index
    }

    /// Changes an entry in place (bumping its revision).
    pub fn modify(&mut self, index: usize, f: impl FnOnce(&mut EntryKind)) {
        if let Some(entry) = self.entries.get_mut(index) {
            f(&mut entry.kind);
            entry.revision = entry.revision.wrapping_add(1);
            self.search.set(index, &entry.kind.plain_text());
            if !matches!(entry.kind, EntryKind::Buttons { chosen: None, .. }) {
                self.open_buttons.retain(|open| *open != index);
            }
        }
    }

    pub fn local_index(&self, local_id: u64) -> Option<usize> {
        self.by_local.get(&local_id).copied()
    }

    pub fn local_id_at(&self, index: usize) -> Option<u64> {
        self.by_local
            .iter()
            .find(|(_, i)| **i == index)
            .map(|(l, _)| *l)
    }

    /// Records a wire message id as shown; `false` if it already was (a duplicate). Empty ids
    /// cannot be de-duplicated and always count as new.
    pub fn mark_msg_seen(&mut self, msg_id: &str) -> bool {
        msg_id.is_empty() || self.seen_msgs.insert(msg_id)
    }

    /// Links one of our messages to its wire id (once sent).
    pub fn link_msg_id(&mut self, index: usize, msg_id: &str) {
        self.mark_msg_seen(msg_id);
        self.by_msg_id.insert(msg_id.to_string(), index);
    }

    pub fn msg_index(&self, msg_id: &str) -> Option<usize> {
        self.by_msg_id.get(msg_id).copied()
    }

    pub fn mark_file_seen(&mut self, file_id: &str) -> bool {
        file_id.is_empty() || self.seen_files.insert(file_id)
    }

    /// The last message of ours that failed to send.
    pub fn last_failed(&self) -> Option<usize> {
        self.entries.iter().rposition(|e| {
            matches!(
                &e.kind,
                EntryKind::Message {
                    delivery: Delivery::Failed(_),
                    ..
                }
            )
        })
    }

    /// The newest set of quick replies not answered yet.
    pub fn open_buttons(&self) -> Option<usize> {
        self.open_buttons.last().copied()
    }

    /// The entries whose text contains `query`, case- and accent-insensitively, oldest first
    /// (one substring scan of the folded copy; see [`search`]).
    pub fn search(&self, query: &str) -> Vec<usize> {
        self.search.find(query)
    }

    /// The folded copy searches scan (for the benchmark's memory figure).
    pub fn search_index(&self) -> &SearchIndex {
        &self.search
    }

    /// Puts the view back where it was (a search that is closed returns the reader there).
    pub fn restore_scroll(&mut self, scroll: Scroll) {
        match scroll {
            Scroll::Bottom => self.scroll_to_bottom(),
            Scroll::At {
                entry,
                hidden_below,
            } => self.set_anchor(entry, hidden_below, 0),
        }
    }

    /// The index of the entry with this id (ids grow with the index, so this is a search).
    pub fn index_of(&self, entry_id: u64) -> Option<usize> {
        self.entries.binary_search_by_key(&entry_id, |e| e.id).ok()
    }

    /// Sets entry `index`'s preview (bumping its revision, so its rows are laid out again).
    pub fn set_preview(&mut self, index: usize, preview: Preview) {
        let Some(entry) = self.entries.get_mut(index) else {
            return;
        };
        entry.revision = entry.revision.wrapping_add(1);
        self.previews.insert(entry.id, preview);
    }

    pub fn preview(&self, index: usize) -> Option<&Preview> {
        self.previews.get(&self.entries.get(index)?.id)
    }

    /// The most rows a preview takes (from the terminal's height). A change lays every entry
    /// out again, so it is only applied when it differs.
    pub fn set_preview_limit(&mut self, rows: u16) {
        if rows != self.preview_limit() {
            self.preview_limit = rows;
            self.cache = RowCache::default();
        }
    }

    pub fn preview_limit(&self) -> u16 {
        match self.preview_limit {
            0 => preview::MAX_PREVIEW_ROWS,
            n => n,
        }
    }

    /// The rows of entry `index` at `width`, cached.
    pub fn rows(&self, index: usize, width: usize) -> Arc<[Row]> {
        let Some(entry) = self.entries.get(index) else {
            return Arc::from(Vec::new());
        };
        let mut cache = self.cache.0.borrow_mut();
        if let Some(rows) = cache.get(entry.id, entry.revision, width) {
            return rows;
        }
        let rows: Arc<[Row]> = Arc::from(entry.layout_with_preview(
            width,
            self.utc_offset_secs,
            self.previews.get(&entry.id),
            self.preview_limit(),
        ));
        cache.insert(entry.id, (entry.revision, width, rows.clone()));
        rows
    }

    /// How many entries have rows in the memo (bounded; for tests and the memory benchmark).
    pub fn cached_entries(&self) -> usize {
        self.cache.0.borrow().len()
    }

    fn height(&self, index: usize, width: usize) -> usize {
        self.rows(index, width).len()
    }

    /// The anchor as (entry, hidden rows below), `None` when the transcript is empty.
    pub fn anchor(&self) -> Option<(usize, usize)> {
        match self.scroll {
            _ if self.entries.is_empty() => None,
            Scroll::Bottom => Some((self.entries.len() - 1, 0)),
            Scroll::At {
                entry,
                hidden_below,
            } => Some((entry.min(self.entries.len() - 1), hidden_below)),
        }
    }

    pub fn scroll_to_bottom(&mut self) {
        self.scroll = Scroll::Bottom;
        self.unseen = 0;
    }

    /// Moves the view up by `n` rows, never past the top (a view of `page` rows stays full).
    pub fn scroll_up(&mut self, n: usize, width: usize, page: usize) {
        let Some((mut entry, mut hidden)) = self.anchor() else {
            return;
        };
        hidden += n;
        while hidden >= self.height(entry, width) && entry > 0 {
            hidden -= self.height(entry, width);
            entry -= 1;
        }
        hidden = hidden.min(self.height(entry, width).saturating_sub(1));
        // Rows from the top of the transcript down to the new bottom edge.
        let mut above = self.height(entry, width) - hidden;
        let mut i = entry;
        while above < page && i > 0 {
            i -= 1;
            above += self.height(i, width);
        }
        if above < page {
            // The whole transcript above fits: pin the view to the top instead.
            let (e, h) = self.position_from_top(page, width);
            entry = e;
            hidden = h;
        }
        self.set_anchor(entry, hidden, width);
    }

    /// Shows the first rows of the transcript: costs the rows of one page, whatever its length.
    pub fn scroll_to_top(&mut self, width: usize, page: usize) {
        if self.entries.is_empty() {
            return;
        }
        let (entry, hidden) = self.position_from_top(page, width);
        self.set_anchor(entry, hidden, width);
    }

    /// Moves the view down by `n` rows; reaching the end follows the bottom again.
    pub fn scroll_down(&mut self, n: usize, width: usize) {
        let Some((mut entry, hidden)) = self.anchor() else {
            return;
        };
        let mut hidden = hidden as isize - n as isize;
        while hidden < 0 {
            if entry + 1 >= self.entries.len() {
                hidden = 0;
                break;
            }
            entry += 1;
            hidden += self.height(entry, width) as isize;
        }
        self.set_anchor(entry, hidden as usize, width);
    }

    /// Shows entry `index` at the bottom of the view (selection).
    pub fn scroll_to_entry(&mut self, index: usize, width: usize) {
        self.set_anchor(index, 0, width);
    }

    fn set_anchor(&mut self, entry: usize, hidden_below: usize, _width: usize) {
        if entry + 1 >= self.entries.len() && hidden_below == 0 {
            self.scroll_to_bottom();
        } else {
            self.scroll = Scroll::At {
                entry,
                hidden_below,
            };
        }
    }

    /// The anchor whose bottom edge is `page` rows below the top of the transcript.
    fn position_from_top(&self, page: usize, width: usize) -> (usize, usize) {
        let mut rows = 0;
        for i in 0..self.entries.len() {
            let h = self.height(i, width);
            if rows + h >= page {
                return (i, rows + h - page);
            }
            rows += h;
        }
        (self.entries.len().saturating_sub(1), 0)
    }

    /// The rows in view, top to bottom, as windows into each entry's cached rows: walks up from
    /// the anchor and stops once `height` rows are found. Copies no row.
    pub fn visible(&self, width: usize, height: usize) -> Vec<RowSpan> {
        let mut out: Vec<RowSpan> = Vec::new();
        let Some((mut entry, mut hidden)) = self.anchor() else {
            return out;
        };
        let mut found = 0;
        while found < height {
            let rows = self.rows(entry, width);
            let end = rows.len().saturating_sub(hidden);
            let start = end.saturating_sub(height - found);
            found += end - start;
            if end > start {
                out.push(RowSpan {
                    entry,
                    rows,
                    range: start..end,
                });
            }
            if entry == 0 {
                break;
            }
            entry -= 1;
            hidden = 0;
        }
        out.reverse();
        out
    }

    /// The rows in view, top to bottom, each with the index of its entry (copies; for tests).
    pub fn visible_rows(&self, width: usize, height: usize) -> Vec<(usize, Row)> {
        self.visible(width, height)
            .iter()
            .flat_map(|span| span.iter().map(|row| (span.entry, row.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests;
