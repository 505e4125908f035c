//! Asking the terminal how it shows pictures, without ever losing a keystroke.
//!
//! Owns: writing the graphics query (kitty graphics, device attributes for sixel, the cell size
//! in pixels, then a status report every terminal answers) and reading the answer on the
//! calling thread with `poll(2)` and a deadline ([`query`]), and making sense of the answer
//! ([`Answer::from_bytes`], pure).
//!
//! Why not `ratatui_image::picker::Picker::from_query_stdio`: it reads stdin from a thread
//! that, when the terminal never answers (tmux without passthrough, a serial console, a slow
//! link), stays blocked in `read` after its timeout and swallows the customer's first keys.
//! Here nothing reads stdin once the deadline has passed. The query text and the parser of the
//! answers are still the crate's (`cap_parser`), so both stay in step with it.
//!
//! Does not own choosing the protocol from the answer and the settings (`graphics`).

use ratatui_image::picker::ProtocolType;
use ratatui_image::picker::cap_parser::{Parser, QueryStdioOptions, Response};
use std::io::Write;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

/// What the terminal said.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    /// A graphics protocol it speaks (kitty first, then sixel), if any.
    pub protocol: Option<ProtocolType>,
    /// Its cell size in pixels (width, height), if it said.
    pub cell_px: Option<(u16, u16)>,
    /// The closing status report arrived: the answer is complete.
    pub complete: bool,
}

impl Answer {
    /// The answer in these bytes (anything else in them is ignored).
    pub fn from_bytes(bytes: &[u8]) -> Answer {
        let mut parser = Parser::new();
        let mut answer = Answer::default();
        for byte in bytes {
            for response in parser.push(char::from(*byte)) {
                answer.add(&response);
            }
            if answer.complete {
                break;
            }
        }
        answer
    }

    fn add(&mut self, response: &Response) {
        match response {
            Response::Kitty => self.protocol = Some(ProtocolType::Kitty),
            Response::Sixel => {
                if self.protocol.is_none() {
                    self.protocol = Some(ProtocolType::Sixel);
                }
            }
            Response::CellSize(Some((w, h))) if *w > 0 && *h > 0 => self.cell_px = Some((*w, *h)),
            Response::Status => self.complete = true,
            // Nothing a preview needs.
            Response::CellSize(_)
            | Response::RectangularOps
            | Response::KittyCompression
            | Response::CursorPositionReport(..)
            | Response::Background(..) => {}
        }
    }
}

/// Asks the terminal (stdout/stdin, in raw mode) and waits at most `timeout` for the whole
/// answer. `None` when it did not answer in time; then nothing is left reading stdin, and a
/// late answer is only noise the event reader ignores.
pub fn query(is_tmux: bool, timeout: Duration) -> Option<Answer> {
    let mut options = QueryStdioOptions::default();
    // As the crate does: these terminals claim protocols they draw badly.
    let var = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    if var("WEZTERM_EXECUTABLE") || var("KONSOLE_VERSION") {
        options.blacklist_protocols = vec![ProtocolType::Kitty, ProtocolType::Sixel];
    }
    let text = Parser::query(is_tmux, options);
    let mut out = std::io::stdout();
    out.write_all(text.as_bytes()).ok()?;
    out.flush().ok()?;

    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    let deadline = Instant::now() + timeout;
    let mut received = Vec::new();
    let mut chunk = [0u8; 256];
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        let wait = rustix::event::Timespec::try_from(left).ok()?;
        let mut fds = [rustix::event::PollFd::new(
            &fd,
            rustix::event::PollFlags::IN,
        )];
        match rustix::event::poll(&mut fds, Some(&wait)) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return None,
        }
        let n = match rustix::io::read(fd, &mut chunk) {
            Ok(0) => return None,
            Ok(n) => n,
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => continue,
            Err(_) => return None,
        };
        received.extend_from_slice(&chunk[..n]);
        let answer = Answer::from_bytes(&received);
        if answer.complete {
            return Some(answer);
        }
        // A terminal that keeps talking without ever finishing is not waited for forever.
        if received.len() > 64 * 1024 {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kitty_terminal_with_its_cell_size() {
        let answer = Answer::from_bytes(b"\x1b_Gi=31;OK\x1b\\\x1b[?62;4;22c\x1b[6;20;10t\x1b[0n");
        assert_eq!(
            answer.protocol,
            Some(ProtocolType::Kitty),
            "kitty wins over sixel"
        );
        assert_eq!(answer.cell_px, Some((10, 20)));
        assert!(answer.complete);
    }

    #[test]
    fn a_sixel_terminal() {
        let answer = Answer::from_bytes(b"\x1b[?64;1;4;22c\x1b[6;16;8t\x1b[0n");
        assert_eq!(answer.protocol, Some(ProtocolType::Sixel));
        assert_eq!(answer.cell_px, Some((8, 16)));
    }

    #[test]
    fn a_plain_terminal_and_garbage_around_the_answer() {
        let answer = Answer::from_bytes(b"xx\x1b[?62;22c\x1bgarbage\x1b[0n typed after");
        assert_eq!(
            answer,
            Answer {
                protocol: None,
                cell_px: None,
                complete: true
            }
        );
    }

    #[test]
    fn an_unfinished_answer_is_not_complete() {
        let answer = Answer::from_bytes(b"\x1b[?62;4;22c\x1b[6;20;");
        assert_eq!(answer.protocol, Some(ProtocolType::Sixel));
        assert!(!answer.complete);
        assert_eq!(
            Answer::from_bytes(b"\x1b[6;0;0t\x1b[0n").cell_px,
            None,
            "no zero cells"
        );
    }
}
