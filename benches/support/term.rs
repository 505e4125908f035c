//! The real `sp-chat` binary in a pseudo-terminal, for the benches that measure the process:
//! spawning it with a private HOME, answering the terminal queries crossterm sends at start
//! (device attributes after the keyboard-enhancement probe, cursor position, the graphics query)
//! the way a real terminal does, as `tests/support/pty.rs` does, keeping a parsed screen, and
//! reading what the kernel says about the process (CPU time, context switches, resident memory).
//! Not a test helper: waits give up with a message, nothing asserts about the client.

#![allow(dead_code)]

use crate::fixture::process_cpu;
use portable_pty::{Child, MasterPty};
#[path = "../../tests/support/terminal.rs"]
mod terminal;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use terminal::{answer_queries, open_pty, private_command};

pub const BIN: &str = env!("CARGO_BIN_EXE_sp-chat");
pub const COLS: u16 = 200;
pub const ROWS: u16 = 60;

struct Shared {
    parser: vt100::Parser,
    bytes: usize,
    /// When the screen first showed the awaited text, and the process's CPU time then.
    seen_at: Option<Instant>,
    cpu_at_seen: Duration,
    awaited: &'static str,
}

pub struct Term {
    shared: Arc<Mutex<Shared>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    started: Instant,
}

impl Term {
    /// Spawns `sp-chat <args>` with a private HOME and starts reading its output; `awaited` is
    /// the text whose first appearance is timed (the first frame).
    pub fn spawn(args: &[&str], home: &Path, awaited: &'static str) -> Term {
        let pair = open_pty(COLS, ROWS);
        let cmd = private_command(BIN, args, home);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            bytes: 0,
            seen_at: None,
            cpu_at_seen: Duration::ZERO,
            awaited,
        }));
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn sp-chat");
        drop(pair.slave);
        let (reader_shared, answer) = (shared.clone(), writer.clone());
        let pid = child.process_id().unwrap_or(0);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            let mut tail: Vec<u8> = Vec::new();
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                tail.extend_from_slice(&buf[..n]);
                answer_queries(&tail, tail.len() - n, &answer, true);
                let keep = tail.len().saturating_sub(8);
                tail.drain(..keep);
                let mut s = reader_shared.lock().expect("lock");
                s.bytes += n;
                s.parser.process(&buf[..n]);
                if s.seen_at.is_none() && s.parser.screen().contents().contains(s.awaited) {
                    s.seen_at = Some(Instant::now());
                    s.cpu_at_seen = process_cpu(pid);
                }
            }
        });
        Term {
            shared,
            writer,
            child,
            _master: pair.master,
            started,
        }
    }

    pub fn send(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().expect("lock");
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush");
    }

    /// Waits for `text` on screen; a step that never comes ends the bench with the screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        assert!(
            self.try_wait_for(text, timeout),
            "timed out waiting for {text:?}\n{}",
            self.screen()
        );
    }

    /// Waits for `text` on screen; false when it did not show within `timeout`.
    pub fn try_wait_for(&self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.screen().contains(text) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The screen's text now.
    pub fn screen(&self) -> String {
        self.shared.lock().expect("lock").parser.screen().contents()
    }

    /// Time from spawn to the awaited text on screen, and the CPU time the process used by then.
    pub fn first_frame(&self, timeout: Duration) -> (Duration, Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let s = self.shared.lock().expect("lock");
            if let Some(at) = s.seen_at {
                return (at - self.started, s.cpu_at_seen);
            }
            drop(s);
            assert!(Instant::now() < deadline, "no first frame");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Waits until nothing was written for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        let mut last = self.bytes();
        loop {
            std::thread::sleep(quiet);
            let now = self.bytes();
            if now == last {
                return;
            }
            last = now;
        }
    }

    pub fn bytes(&self) -> usize {
        self.shared.lock().expect("lock").bytes
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Answers device-attribute, cursor-position and graphics queries like a terminal that does
/// not support keyboard enhancement (most do not) nor kitty or sixel graphics.
/// What the kernel says about a process: CPU time (all threads, ns), voluntary + involuntary
/// context switches (all threads: each is a wake-up or a preemption), resident memory (kB).
#[derive(Clone, Copy, Debug)]
pub struct ProcStats {
    pub cpu_ns: u64,
    pub ticks: u64,
    pub switches: u64,
    pub rss_kb: u64,
}

pub fn proc_stats(pid: u32) -> ProcStats {
    let mut cpu_ns = 0;
    let mut switches = 0;
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            let path = task.path();
            if let Ok(s) = std::fs::read_to_string(path.join("schedstat")) {
                cpu_ns += s
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
            }
            if let Ok(s) = std::fs::read_to_string(path.join("status")) {
                switches += status_field(&s, "voluntary_ctxt_switches:")
                    + status_field(&s, "nonvoluntary_ctxt_switches:");
            }
        }
    }
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces): utime is the 14th field overall.
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let ticks = field(11) + field(12);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    ProcStats {
        cpu_ns,
        ticks,
        switches,
        rss_kb: status_field(&status, "VmRSS:"),
    }
}

pub fn status_field(status: &str, name: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
