//! Inline image previews as the app sees them: which transcript entries get one, where its
//! pixels come from, and how many cells it takes.
//!
//! Owns: [`Preview`] (loading / ready with its natural size in cells / unavailable), fitting a
//! preview into the transcript ([`fit`], [`max_rows_for`]). The chat asks for previews and
//! takes the answers (`chat::pictures`).
//!
//! Does not own pixels. Fetching, decoding (off the UI thread), encoding for the terminal's
//! graphics protocol and drawing are the runtime's and the view's (`runtime::images`,
//! `ui::images`): the app only knows sizes, so layout and scrolling stay pure and testable.

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
