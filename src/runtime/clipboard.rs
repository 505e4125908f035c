//! Copying to the clipboard with OSC 52 (`ESC ] 52 ; c ; base64 ESC \`): the terminal puts
//! the text on the system clipboard, over SSH too, with no clipboard library or display server.
//!
//! Owns the one place the app writes an OSC 52 sequence. Agent text can never reach it: the
//! sanitiser removes every escape from what the agent sends (so an agent's own OSC 52 is inert
//! text), and what is copied here is sanitised again before it is encoded.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::Write;

/// The OSC 52 sequence that sets the clipboard to `text` (sanitised, then base64).
pub fn osc52(text: &str) -> String {
    let clean = crate::text::sanitize(text);
    format!("\x1b]52;c;{}\x1b\\", STANDARD.encode(clean.as_bytes()))
}

/// Writes [`osc52`] of `text` to `out` (the terminal) and flushes it.
pub fn write_clipboard(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(sequence: &str) -> String {
        let body = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix("\x1b\\"))
            .expect("an OSC 52 sequence");
        let bytes = STANDARD.decode(body).expect("base64");
        String::from_utf8(bytes).expect("UTF-8")
    }

    #[test]
    fn the_payload_decodes_to_the_text() {
        let text = "Your order 42 ships on Thursday.\nCafé ☕";
        assert_eq!(payload(&osc52(text)), text);
        let mut out = Vec::new();
        write_clipboard(&mut out, "hi").expect("written");
        assert_eq!(out, b"\x1b]52;c;aGk=\x1b\\");
    }

    #[test]
    fn nothing_but_base64_sits_between_the_introducer_and_the_terminator() {
        let hostile = "x\x1b]52;c;cm0gLXJmIH4K\x07y\x1b\\\u{9b}31m";
        let sequence = osc52(hostile);
        let body = &sequence["\x1b]52;c;".len()..sequence.len() - 2];
        assert!(
            body.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')),
            "{body:?}"
        );
        let decoded = payload(&sequence);
        assert!(
            !decoded.contains('\x1b') && !decoded.contains('\u{9b}'),
            "{decoded:?}"
        );
    }
}
