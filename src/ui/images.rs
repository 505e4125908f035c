//! Drawing inline previews over the transcript rows the app set aside for them.
//!
//! Owns: the [`Previews`] interface the view draws pictures from (the runtime's store
//! implements it; [`NoPreviews`] draws none), and placing a picture over its blank
//! [`Tone::Image`] rows, partly scrolled out of view included (`ratatui_image`'s sliced
//! widget draws only the rows in view, whatever the protocol).
//!
//! Does not own: pixels, decoding or encoding (`runtime::images`), or how many rows a picture
//! takes (`app::preview`).

use super::theme::Theme;
use crate::app::transcript::{Row, RowSpan, Tone};
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};

/// What the store has for a picture at a size.
pub enum Paint<'a> {
    /// Encoded at exactly that size: draw it.
    Ready(&'a SlicedProtocol),
    /// Being encoded (asked for by this very call): a placeholder for now, then a redraw.
    Pending,
    /// Nothing to draw from (previews off, or the picture was dropped from memory).
    Gone,
    /// Not now (something is drawn over the transcript): blank rows, no note.
    Hidden,
}

/// Where the view gets pictures from.
pub trait Previews {
    /// The picture of transcript entry `entry_id` at `size` cells. Asking for a size not
    /// encoded yet queues an encode (off the UI thread) and answers [`Paint::Pending`].
    fn paint(&mut self, entry_id: u64, size: Size) -> Paint<'_>;
}

/// No pictures at all (tests of other things, and a frame drawn without the runtime).
pub struct NoPreviews;

impl Previews for NoPreviews {
    fn paint(&mut self, _: u64, _: Size) -> Paint<'_> {
        Paint::Gone
    }
}

/// Pictures exist but wait (a dialog is over the transcript): their rows stay blank.
pub struct Hidden;

impl Previews for Hidden {
    fn paint(&mut self, _: u64, _: Size) -> Paint<'_> {
        Paint::Hidden
    }
}

/// The picture rows of one entry: where they start among its rows, how many, how wide, and
/// how far in from the row's left edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub first_row: usize,
    pub rows: usize,
    pub cols: u16,
    pub indent: u16,
}

/// The picture rows among an entry's rows, if it has any.
pub fn slot(rows: &[Row]) -> Option<Slot> {
    let first_row = rows.iter().position(is_picture_row)?;
    let count = rows[first_row..]
        .iter()
        .take_while(|r| is_picture_row(r))
        .count();
    let row = &rows[first_row];
    let width = |tone_is_image: bool| -> usize {
        row.0
            .iter()
            .filter(|(t, _)| (*t == Tone::Image) == tone_is_image)
            .map(|(_, s)| crate::text::display_width(s))
            .sum()
    };
    Some(Slot {
        first_row,
        rows: count,
        cols: u16::try_from(width(true)).unwrap_or(u16::MAX),
        indent: u16::try_from(width(false)).unwrap_or(u16::MAX),
    })
}

fn is_picture_row(row: &Row) -> bool {
    row.0.iter().any(|(tone, _)| *tone == Tone::Image)
}

/// Draws the picture of a span whose entry has one, over `area` (the transcript's row area
/// right of the gutter). `top` is the screen row of the span's first visible row.
pub fn draw_span(
    span: &RowSpan,
    entry_id: u64,
    top: u16,
    area: Rect,
    previews: &mut dyn Previews,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let Some(slot) = slot(&span.rows) else {
        return;
    };
    let visible =
        span.range.start.max(slot.first_row)..span.range.end.min(slot.first_row + slot.rows);
    if visible.is_empty() || area.is_empty() {
        return;
    }
    // The picture's first row on screen, which may be above the area (scrolled out of view).
    let first_on_screen = i32::from(top) + visible.start as i32 - span.range.start as i32;
    let picture_top = first_on_screen - (visible.start - slot.first_row) as i32;
    let x = area.x.saturating_add(slot.indent);
    if x >= area.right() {
        return;
    }
    let width = slot.cols.min(area.right() - x);
    let size = Size::new(slot.cols, u16::try_from(slot.rows).unwrap_or(u16::MAX));
    let note = match previews.paint(entry_id, size) {
        Paint::Ready(protocol) => {
            let region = Rect::new(x, area.y, width, area.height);
            let offset = picture_top - i32::from(area.y);
            let position = SignedPosition {
                x: 0,
                y: i16::try_from(offset).unwrap_or(i16::MIN),
            };
            SlicedImage::new(protocol, position).render(region, buf);
            return;
        }
        Paint::Pending => "preparing preview…",
        Paint::Gone => "(picture not shown)",
        Paint::Hidden => return,
    };
    if let Ok(y) = u16::try_from(first_on_screen)
        && y >= area.y
        && y < area.bottom()
    {
        buf.set_stringn(x, y, note, usize::from(area.right() - x), theme.muted());
    }
}
