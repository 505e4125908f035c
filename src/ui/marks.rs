//! What the transcript view lays over a row it has drawn: the search's highlights and the
//! links as terminal hyperlinks (OSC 8).
//!
//! ratatui draws cells and its diff writes only the cells that changed, so a hyperlink cannot
//! be opened before a link and closed after it: the diff may rewrite any one cell alone. Each
//! cell of a link therefore carries its own `ESC ] 8 ; id ; URL ESC \ c ESC ] 8 ; ; ESC \`,
//! marked as one cell wide ([`CellDiffOption::ForcedWidth`], which ratatui provides for
//! symbols holding escapes) so the diff still counts columns right; the shared `id` makes a
//! terminal treat the cells as one link. (ratatui's own hyperlink example also puts the escape
//! into cell symbols, two characters a cell so that its width comes out right; `ForcedWidth`
//! makes that unnecessary.) Writing the sequences after each frame, beside ratatui, would be
//! undone by the next diff that touches those cells. Only a printable-ASCII URL is ever written
//! ([`osc8_cell`] checks again), so nothing from the agent can end the sequence early.
//!
//! Costs what is on screen: a visible row is folded once per frame for the highlight, and a
//! link is found by walking its own pieces.

use crate::app::transcript::{Row, Tone, search};
use crate::text::display_width;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;
use std::num::NonZeroU16;

/// Restyles every occurrence of `folded_query` (already folded) in a row drawn from column
/// `x` on line `y` with `text`, up to column `right`.
pub fn highlight(
    buf: &mut Buffer,
    (x, y, right): (u16, u16, u16),
    text: &str,
    folded_query: &str,
    style: Style,
) {
    if folded_query.is_empty() {
        return;
    }
    let (folded, map) = search::fold_mapped(text);
    let mut from = 0;
    while let Some(at) = folded[from..].find(folded_query) {
        let start = from + at;
        let end = start + folded_query.len();
        let first = map[start];
        // The original text up to the end of the character the match's last byte came from.
        let last = map[end - 1];
        let last_end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        let x0 = x.saturating_add(display_width(&text[..first]) as u16);
        let x1 = x
            .saturating_add(display_width(&text[..last_end]) as u16)
            .min(right);
        for cx in x0..x1 {
            if let Some(cell) = buf.cell_mut((cx, y)) {
                cell.set_style(style);
            }
        }
        from = end;
    }
}

/// The whole URL of the link piece `piece` of row `row` (a link may be wrapped over several
/// rows: [`Tone::Link`] starts it, [`Tone::LinkMore`] pieces, each first on the next row after
/// the indent, go on with it).
pub fn link_url(rows: &[Row], mut row: usize, mut piece: usize) -> String {
    let tone = |r: usize, p: usize| rows.get(r).and_then(|x| x.0.get(p)).map(|(t, _)| *t);
    while tone(row, piece) == Some(Tone::LinkMore) && row > 0 {
        row -= 1;
        piece = rows[row].0.len().saturating_sub(1);
    }
    if !matches!(tone(row, piece), Some(Tone::Link)) {
        return String::new();
    }
    let mut url = rows[row].0[piece].1.clone();
    while piece + 1 == rows[row].0.len() && tone(row + 1, 1) == Some(Tone::LinkMore) {
        row += 1;
        piece = 1;
        url.push_str(&rows[row].0[piece].1);
    }
    url
}

/// Makes the cells `x0..x1` of line `y` part of a hyperlink to `url` (see the module's doc).
/// A URL that is not printable ASCII links nothing.
pub fn link_cells(buf: &mut Buffer, (x0, x1, y): (u16, u16, u16), url: &str) {
    let id = link_id(url);
    for x in x0..x1 {
        let Some(cell) = buf.cell_mut((x, y)) else {
            continue;
        };
        let Some(symbol) = osc8_cell(&id, url, cell.symbol()) else {
            return;
        };
        cell.set_symbol(&symbol)
            .set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::MIN));
    }
}

/// One cell's text `symbol` as part of a hyperlink to `url`; `None` unless `url` is printable
/// ASCII, `id` letters and digits, and `symbol` one printable ASCII character (a link's text
/// is its URL).
pub fn osc8_cell(id: &str, url: &str, symbol: &str) -> Option<String> {
    let printable = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
    let plain_id = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !printable(url) || !plain_id || symbol.len() != 1 || !printable(symbol) {
        return None;
    }
    Some(format!("\x1b]8;id={id};{url}\x1b\\{symbol}\x1b]8;;\x1b\\"))
}

/// The same short id for every cell of one URL (FNV-1a of it, in hex).
fn link_id(url: &str) -> String {
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("sp{hash:016x}")
}

#[cfg(test)]
#[path = "marks_tests.rs"]
mod tests;
