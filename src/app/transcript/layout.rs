//! How one transcript entry looks: its rows at a width (header, wrapped body, delivery and
//! upload markers, room for an inline preview), and the small formatters they use (`clock`,
//! `human_bytes`, `looks_like_image`).
//!
//! A child of `transcript` (re-exported from there); split off so each file stays readable.
//! Pure: does not own caching the rows (`cache.rs`), scrolling, colours
//! (`ui::theme` styles each [`Tone`]) or decoding pictures (`preview`).

use super::{Delivery, Entry, EntryKind, Row, Sender, Tone, UploadState};
use crate::app::preview::{self, Preview};
use crate::app::wrap::wrap_lines;

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
