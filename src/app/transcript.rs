//! The chat transcript: entries, de-duplication, scrolling, and each entry's rows at a width.
//!
//! Owns: [`Entry`] (a message, file, upload or notice, with an id and a revision bumped on every
//! change), the ids already shown (so history and echoes never double a line), the scroll anchor
//! and the "new below" count, and the row cache keyed by (entry id, revision, width). Does not
//! own: colours (rows carry a [`Tone`] that `ui::theme` styles), sanitising (callers pass
//! sanitised text), or session logic (`chat`).
//!
//! Rendering cost depends on what is visible: an entry's rows are computed when first needed at a
//! width and cached; the view walks up from the anchor and stops when the screen is full.

use super::preview::{self, Preview};
use super::wrap::wrap_lines;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

/// Who wrote an entry, with the (sanitised) name to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sender {
    Customer(String),
    Agent(String),
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
    /// Someone joined or left, the queue, the service: quiet.
    System(String),
    /// Shown prominently, with a `!` marker (timeout warnings).
    Warning(String),
    /// A one-off failure, with a `✗` marker.
    Error(String),
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

/// `HH:MM` of an instant, in the local offset.
pub fn clock(ms: i64, utc_offset_secs: i32) -> String {
    let secs = ms.div_euclid(1000) + i64::from(utc_offset_secs);
    let day = secs.rem_euclid(86_400);
    format!("{:02}:{:02}", day / 3600, (day % 3600) / 60)
}

/// A byte count for people: "812 B", "1.2 MB".
pub fn human_bytes(n: u64) -> String {
    const KB: f64 = 1024.0;
    let f = n as f64;
    if f < KB {
        format!("{n} B")
    } else if f < KB * KB {
        format!("{:.1} kB", f / KB)
    } else {
        format!("{:.1} MB", f / KB / KB)
    }
}

/// Columns left of the transcript's rows for the selection marker (the view and the app's
/// scrolling both subtract it from the width).
pub const GUTTER: u16 = 1;

/// The indent of message bodies under their header.
const INDENT: &str = "  ";

impl Entry {
    /// The rows of this entry at `width` cells (at least 1 row), without a preview. Pure; see
    /// [`Transcript::rows`] for the cached version.
    pub fn layout(&self, width: usize, utc_offset_secs: i32) -> Vec<Row> {
        self.layout_with_preview(width, utc_offset_secs, None, preview::MAX_PREVIEW_ROWS)
    }

    /// The rows of this entry at `width`, with room for its `preview` (at most `max_rows`
    /// rows of picture) when it has one.
    pub fn layout_with_preview(
        &self,
        width: usize,
        utc_offset_secs: i32,
        preview: Option<&Preview>,
        max_rows: u16,
    ) -> Vec<Row> {
        let width = width.max(4);
        let body_width = width - INDENT.len();
        let time = clock(self.time_ms, utc_offset_secs);
        let mut rows = Vec::new();
        let header = |sender: &Sender, marker: Option<(Tone, &str)>| {
            let tone = match sender {
                Sender::Customer(_) => Tone::CustomerName,
                Sender::Agent(_) => Tone::AgentName,
            };
            let mut spans = vec![
                (tone, sender.name().to_string()),
                (Tone::Time, format!(" · {time}")),
            ];
            if let Some((tone, text)) = marker {
                spans.push((tone, format!("  {text}")));
            }
            Row(spans)
        };
        let body = |rows: &mut Vec<Row>, tone: Tone, text: &str| {
            for line in wrap_lines(text, body_width) {
                rows.push(Row::one(tone, format!("{INDENT}{line}")));
            }
        };
        match &self.kind {
            EntryKind::Message {
                sender,
                text,
                delivery,
            } => {
                rows.push(Row::default());
                let marker = match delivery {
                    Delivery::Received | Delivery::Sent => None,
                    Delivery::Sending => Some((Tone::Pending, "sending…")),
                    Delivery::Delivered => Some((Tone::Done, "✓ delivered")),
                    Delivery::Read => Some((Tone::Done, "✓ read")),
                    Delivery::Failed(_) => Some((Tone::Error, "✗ not sent")),
                };
                rows.push(header(sender, marker));
                body(&mut rows, Tone::Body, text);
                if let Delivery::Failed(why) = delivery {
                    body(
                        &mut rows,
                        Tone::Error,
                        &format!("✗ failed — press r to retry ({why})"),
                    );
                }
            }
            EntryKind::File {
                sender,
                name,
                image,
            } => {
                rows.push(Row::default());
                rows.push(header(sender, None));
                let label = if *image { "[image]" } else { "[file]" };
                body(&mut rows, Tone::Body, &format!("{label} {name}"));
                preview_rows(&mut rows, preview, body_width, max_rows);
            }
            EntryKind::Upload {
                sender,
                name,
                state,
                ..
            } => {
                rows.push(Row::default());
                let (tone, what) = match state {
                    UploadState::Waiting => (Tone::Pending, "waiting to upload…".to_string()),
                    UploadState::Progress { sent, total } => {
                        let pct = if *total == 0 {
                            0
                        } else {
                            sent.saturating_mul(100) / total
                        };
                        (
                            Tone::Pending,
                            format!(
                                "uploading {pct}% ({} of {})",
                                human_bytes(*sent),
                                human_bytes(*total)
                            ),
                        )
                    }
                    UploadState::Done => (Tone::Done, "✓ uploaded".to_string()),
                    UploadState::Failed(why) => (Tone::Error, format!("✗ upload failed: {why}")),
                };
                rows.push(Row(vec![
                    (Tone::CustomerName, sender.clone()),
                    (Tone::Time, format!(" · {time}")),
                ]));
                let label = if preview.is_some() || looks_like_image(name) {
                    "[image]"
                } else {
                    "[file]"
                };
                body(&mut rows, Tone::Body, &format!("{label} {name}"));
                preview_rows(&mut rows, preview, body_width, max_rows);
                body(&mut rows, tone, &what);
            }
            EntryKind::System(text) => {
                for line in wrap_lines(&format!("{text} · {time}"), body_width) {
                    rows.push(Row::one(Tone::System, format!("{INDENT}{line}")));
                }
            }
            EntryKind::Warning(text) => {
                rows.push(Row::default());
                for (i, line) in wrap_lines(text, body_width).into_iter().enumerate() {
                    let mark = if i == 0 { "! " } else { INDENT };
                    rows.push(Row::one(Tone::Warning, format!("{mark}{line}")));
                }
            }
            EntryKind::Error(text) => {
                for (i, line) in wrap_lines(text, body_width).into_iter().enumerate() {
                    let mark = if i == 0 { "✗ " } else { INDENT };
                    rows.push(Row::one(Tone::Error, format!("{mark}{line}")));
                }
            }
        }
        rows
    }
}

/// The rows of an entry's preview: a line while it loads or when there is none, else blank
/// [`Tone::Image`] rows as large as the fitted picture, for the view to draw it over.
fn preview_rows(rows: &mut Vec<Row>, preview: Option<&Preview>, body_width: usize, max_rows: u16) {
    match preview {
        None => {}
        Some(Preview::Loading) => {
            rows.push(Row::one(Tone::Pending, format!("{INDENT}loading preview…")))
        }
        Some(Preview::Ready { cols, rows: height }) => {
            let max_cols = u16::try_from(body_width).unwrap_or(u16::MAX);
            let (cols, height) = preview::fit((*cols, *height), max_cols, max_rows);
            for _ in 0..height {
                rows.push(Row(vec![
                    (Tone::Body, INDENT.to_string()),
                    (Tone::Image, " ".repeat(usize::from(cols))),
                ]));
            }
        }
        Some(Preview::Unavailable(why)) => {
            for line in wrap_lines(&format!("(no preview: {why})"), body_width) {
                rows.push(Row::one(Tone::System, format!("{INDENT}{line}")));
            }
        }
    }
}

/// Whether a file name says it is a picture we can preview (by its extension).
pub fn looks_like_image(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp")
    )
}

/// Where the transcript view is: following the newest line, or with its bottom row fixed on a
/// row of an entry (so new entries below do not move what the reader is looking at).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scroll {
    #[default]
    Bottom,
    /// The view's bottom row is the entry's row `rows - 1 - hidden_below`.
    At { entry: usize, hidden_below: usize },
}

/// Rows computed per entry, keyed by (entry id, revision, width). A memo, not state: the view
/// draws the same with or without it, clones start empty and it never affects `==`.
///
/// Bounded, so that reading back through a long chat does not keep every entry's rows: two
/// generations of at most [`CACHE_GENERATION`] entries each; when the young one is full it
/// becomes the old one and the previous old one is dropped. A hit in the old generation moves
/// the entry to the young one, so whatever is on screen always survives a turnover.
#[derive(Default)]
struct RowCache(RefCell<Generations>);

#[derive(Default)]
struct Generations {
    young: HashMap<u64, CachedRows>,
    old: HashMap<u64, CachedRows>,
}

/// Entries per cache generation: many screens' worth, a bounded few MB at most.
const CACHE_GENERATION: usize = 2048;

/// (revision, width, rows) of one entry.
type CachedRows = (u32, usize, Arc<[Row]>);

impl Generations {
    fn get(&mut self, id: u64, revision: u32, width: usize) -> Option<Arc<[Row]>> {
        let fresh = |c: &CachedRows| c.0 == revision && c.1 == width;
        if let Some(c) = self.young.get(&id) {
            return fresh(c).then(|| c.2.clone());
        }
        let c = self.old.remove(&id).filter(fresh)?;
        let rows = c.2.clone();
        self.insert(id, c);
        Some(rows)
    }

    fn insert(&mut self, id: u64, rows: CachedRows) {
        if self.young.len() >= CACHE_GENERATION && !self.young.contains_key(&id) {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(id, rows);
    }

    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

impl Clone for RowCache {
    fn clone(&self) -> Self {
        RowCache::default()
    }
}
impl PartialEq for RowCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl fmt::Debug for RowCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RowCache({} entries)", self.0.borrow().len())
    }
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
    seen_msgs: HashSet<String>,
    /// File ids already shown (ours once uploaded).
    seen_files: HashSet<String>,
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
        msg_id.is_empty() || self.seen_msgs.insert(msg_id.to_string())
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
        file_id.is_empty() || self.seen_files.insert(file_id.to_string())
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
#[path = "transcript_tests.rs"]
mod tests;
