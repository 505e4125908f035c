//! How one transcript entry looks: its rows at a width (header, wrapped body, delivery and
//! upload markers, room for an inline preview), and the small formatters they use (`clock`,
//! `human_bytes`, `looks_like_image`).
//!
//! A child of `transcript` (re-exported from there); split off so each file stays readable.
//! Pure: does not own caching the rows (`cache.rs`), scrolling, colours
//! (`ui::theme` styles each [`Tone`]) or decoding pictures (`preview`).

use super::{
    ButtonLayout, Delivery, Entry, EntryKind, QuickReplies, Row, Sender, Tone, UploadState,
};
use crate::app::preview::{self, Preview};
use crate::app::wrap::{wrap_lines, wrap_ranges};
use crate::text::{display_width, truncate_to_width};

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

/// The indent of message bodies under their header.
const INDENT: &str = "  ";

impl Entry {
    /// The rows of this entry at `width` cells (at least 1 row), without a preview. Pure; see
    /// [`Transcript::rows`](super::Transcript::rows) for the cached version.
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
        // A message's words, with its links as their own pieces.
        let words = |rows: &mut Vec<Row>, text: &str| {
            let links = super::links::find(text);
            if links.is_empty() {
                body(rows, Tone::Body, text);
            } else {
                linked_rows(rows, text, &links, body_width);
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
                words(&mut rows, text);
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
            EntryKind::Buttons {
                sender,
                replies,
                chosen,
            } => {
                // A message's blank line and header, its text, then the buttons.
                rows.extend([Row::default(), header(sender, None)]);
                if let Some(intro) = &replies.intro {
                    words(&mut rows, intro);
                }
                button_rows(&mut rows, replies, *chosen, body_width);
            }
            EntryKind::System(text) => {
                for line in wrap_lines(&format!("{text} · {time}"), body_width) {
                    rows.push(Row::one(Tone::System, format!("{INDENT}{line}")));
                }
                // The agent's profile photo is drawn under its line.
                preview_rows(&mut rows, preview, body_width, max_rows);
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

/// The rows of a message body holding `links` (byte ranges, in order): wrapped like any body,
/// with each link's part of a row a piece of its own, [`Tone::Link`] where the link starts and
/// [`Tone::LinkMore`] where a wrapped link goes on.
fn linked_rows(
    rows: &mut Vec<Row>,
    text: &str,
    links: &[std::ops::Range<usize>],
    body_width: usize,
) {
    for range in wrap_ranges(text, body_width) {
        let end = range.start + text[range.clone()].trim_end().len();
        let mut pieces = vec![(Tone::Body, INDENT.to_string())];
        let mut at = range.start;
        for link in links
            .iter()
            .filter(|l| l.start < end && l.end > range.start)
        {
            let (from, to) = (link.start.max(range.start), link.end.min(end));
            if from > at {
                pieces.push((Tone::Body, text[at..from].to_string()));
            }
            let tone = if from == link.start {
                Tone::Link
            } else {
                Tone::LinkMore
            };
            pieces.push((tone, text[from..to].to_string()));
            at = to;
        }
        if end > at {
            pieces.push((Tone::Body, text[at..end].to_string()));
        }
        rows.push(Row(pieces));
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

/// The numbered buttons of a quick-reply set, `[1 Yes]  [2 No]`: side by side as far as the
/// width allows (a row set), or one a row (a column set). Once one is chosen it is marked `✓`
/// and the others are quiet: the set cannot be answered again.
fn button_rows(
    rows: &mut Vec<Row>,
    replies: &QuickReplies,
    chosen: Option<usize>,
    body_width: usize,
) {
    const GAP: &str = "  ";
    let mut line: Vec<(Tone, String)> = Vec::new();
    let mut used = 0;
    for (i, label) in replies.labels.iter().enumerate() {
        let (tone, mark) = match chosen {
            None => (Tone::Button, ""),
            Some(c) if c == i => (Tone::Done, " ✓"),
            Some(_) => (Tone::Time, ""),
        };
        let number = i + 1;
        // Room for the brackets, the number and the mark; the label is cut to fit.
        let frame = format!("[{number} ]{mark}");
        let room = body_width.saturating_sub(display_width(&frame)).max(1);
        let text = format!("[{number} {}]{mark}", truncate_to_width(label, room));
        let w = display_width(&text);
        let starts_row = line.is_empty()
            || replies.layout == ButtonLayout::Column
            || used + GAP.len() + w > body_width;
        if starts_row {
            if !line.is_empty() {
                rows.push(Row(std::mem::take(&mut line)));
            }
            line.push((Tone::Body, INDENT.to_string()));
            used = 0;
        } else {
            line.push((Tone::Body, GAP.to_string()));
            used += GAP.len();
        }
        line.push((tone, text));
        used += w;
    }
    if !line.is_empty() {
        rows.push(Row(line));
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
