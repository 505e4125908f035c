//! The chat screen's rows, measured once for both sides: the view that draws them
//! (`ui::chat`) and the keys that page through the transcript and the receipts that say what
//! the customer could see (`app::update`).
//!
//! A child of `chat`. From the top of the terminal: the status line, the transcript (what is
//! left), the typing line, the bottom panel (composer, attach prompt, form, or the "ended"
//! line); below the screen, the footer of keys. Owns the heights, not the drawing.

use super::{ChatFocus, ChatState};
use crate::app::survey::FormKind;

/// The status line above the transcript.
pub const STATUS_ROWS: u16 = 1;
/// The typing line below it.
pub const TYPING_ROWS: u16 = 1;
/// The footer of keys below every screen.
pub const FOOTER_ROWS: u16 = 1;
/// The composer grows with its text up to this many rows (plus its border).
pub const MAX_COMPOSER_ROWS: u16 = 5;
/// Whatever the bottom panel wants, the transcript keeps at least this many rows of the body.
const KEEP_FOR_TRANSCRIPT: u16 = 5;

impl ChatState {
    /// The bottom panel's height in a screen body `width` × `body_height`.
    pub fn bottom_rows(&self, width: u16, body_height: u16) -> u16 {
        let wanted = match (&self.form, self.is_live()) {
            (Some(form), _) => match form.kind {
                FormKind::Survey { .. } => 9,
                FormKind::Generic { .. } => 8,
            },
            (None, false) => 2,
            (None, true) => match &self.focus {
                ChatFocus::Attach { .. } => 3,
                ChatFocus::Composer | ChatFocus::Transcript { .. } => {
                    let inner = usize::from(width.saturating_sub(2));
                    let rows = self.composer.layout(inner).rows.len() as u16;
                    rows.clamp(1, MAX_COMPOSER_ROWS) + 2
                }
            },
        };
        wanted.min(body_height.saturating_sub(KEEP_FOR_TRANSCRIPT))
    }

    /// The transcript's rows in a terminal `width` × `height` (at least 1).
    pub fn transcript_rows(&self, width: u16, height: u16) -> u16 {
        let body = height.saturating_sub(FOOTER_ROWS);
        body.saturating_sub(STATUS_ROWS + TYPING_ROWS + self.bottom_rows(width, body))
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transcript_gets_what_the_panels_leave() {
        let mut chat = ChatState::new("Sam", 0);
        // 24 rows: footer 1, status 1, typing 1, a one-line composer with its border 3.
        assert_eq!(chat.transcript_rows(80, 24), 24 - 6);
        chat.composer.set_text("one\ntwo\nthree");
        assert_eq!(chat.transcript_rows(80, 24), 24 - 8, "the composer grew");
        assert_eq!(chat.transcript_rows(80, 3), 1, "never less than a row");
    }
}
