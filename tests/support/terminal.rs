//! What the pseudo-terminal harnesses share, those of the tests (`pty.rs`) and of the benches
//! (`benches/support/term.rs`, which includes this file): the terminal itself, the private
//! environment the program runs in, and the answers a real terminal gives to the queries
//! crossterm sends at start.

#![allow(dead_code)]

use portable_pty::{CommandBuilder, PtyPair, PtySize, native_pty_system};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Opens a `cols`×`rows` pseudo-terminal.
pub fn open_pty(cols: u16, rows: u16) -> PtyPair {
    let size = PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    };
    native_pty_system().openpty(size).expect("open a pty")
}

/// `program <args>` with `home` as its HOME, XDG directories and working directory, in an
/// xterm on UTC, and with no configuration file or log filter from outside.
pub fn private_command(program: &str, args: &[&str], home: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    cmd.env("XDG_CACHE_HOME", home.join("cache"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "UTC");
    cmd.env_remove("SP_CHAT_CONFIG");
    cmd.env_remove("RUST_LOG");
    cmd.cwd(home);
    cmd
}

/// Answers the terminal queries in `recent` that end at or after `new_from` (a query counts
/// once: when it ends in the bytes that just arrived): device attributes, cursor position and,
/// when `graphics`, the graphics query of inline previews.
pub fn answer_queries(
    recent: &[u8],
    new_from: usize,
    writer: &Arc<Mutex<Box<dyn Write + Send>>>,
    graphics: bool,
) {
    let asked = |query: &[u8]| {
        recent
            .windows(query.len())
            .enumerate()
            .any(|(at, w)| w == query && at + query.len() > new_from)
    };
    let mut answers: Vec<&[u8]> = Vec::new();
    if asked(b"\x1b[c") {
        answers.push(b"\x1b[?62;22c");
    }
    if asked(b"\x1b[6n") {
        answers.push(b"\x1b[1;1R");
    }
    // The graphics query of inline previews: the cell size in pixels, then the status report
    // that ends the query (no kitty answer and no sixel in the attributes: half-blocks).
    if graphics && asked(b"\x1b[16t") {
        answers.push(b"\x1b[6;20;10t");
    }
    if graphics && asked(b"\x1b[5n") {
        answers.push(b"\x1b[0n");
    }
    if answers.is_empty() {
        return;
    }
    let mut w = writer.lock().expect("lock");
    for a in answers {
        let _ = w.write_all(a);
    }
    let _ = w.flush();
}
