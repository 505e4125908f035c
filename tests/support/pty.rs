//! A pseudo-terminal harness for end-to-end tests: runs the real `sp-chat` binary, feeds its
//! output to a VT100 parser, and lets tests type keys and wait for text on the rendered screen.
//!
//! Waits are condition polls with a deadline, never sleep-then-assert. Every screen the program
//! ever showed is kept, so a short-lived state (a typing indicator) can be asserted afterwards.

#![allow(dead_code)]

use super::terminal::{answer_queries, open_pty, private_command};
use portable_pty::{Child, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_sp-chat");

/// Given in the environment of a spawn, makes the harness a terminal that never answers the
/// graphics query of inline previews (like tmux without passthrough). Not read by sp-chat.
pub const SILENT_GRAPHICS: (&str, &str) = ("PTY_HARNESS_SILENT_GRAPHICS", "1");

struct Shared {
    parser: vt100::Parser,
    /// Every distinct screen seen, in order (contents as text).
    screens: Vec<String>,
    /// All raw bytes the program wrote.
    raw: Vec<u8>,
    eof: bool,
}

pub struct Pty {
    shared: Arc<Mutex<Shared>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    pub home: tempfile::TempDir,
}

impl Pty {
    /// Spawns `sp-chat <args>` in a `cols`×`rows` terminal with a private HOME / XDG dirs.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Pty {
        let home = tempfile::tempdir().expect("temp home");
        Self::spawn_in(args, cols, rows, home)
    }

    pub fn spawn_in(args: &[&str], cols: u16, rows: u16, home: tempfile::TempDir) -> Pty {
        Self::spawn_with_env(args, cols, rows, home, &[])
    }

    /// [`Pty::spawn_in`] with extra environment variables.
    pub fn spawn_with_env(
        args: &[&str],
        cols: u16,
        rows: u16,
        home: tempfile::TempDir,
        env: &[(&str, &str)],
    ) -> Pty {
        Self::spawn_program(BIN, args, env, home, (cols, rows))
    }

    /// Runs `sh -c script` (with `$SP_CHAT` naming the binary) in the private HOME: for tests
    /// that inspect the terminal after the program has exited (`stty -a`).
    pub fn spawn_shell(script: &str, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let home = tempfile::tempdir().expect("temp home");
        let mut env = env.to_vec();
        env.push(("SP_CHAT", BIN));
        Self::spawn_program("sh", &["-c", script], &env, home, (cols, rows))
    }

    /// `program <args>` with `env` added to its private environment in `home`, in a
    /// `cols`×`rows` terminal.
    fn spawn_program(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        home: tempfile::TempDir,
        (cols, rows): (u16, u16),
    ) -> Pty {
        let pair = open_pty(cols, rows);
        let mut cmd = private_command(program, args, home.path());
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn sp-chat");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let answer_writer = writer.clone();
        let answer_graphics = !env.contains(&SILENT_GRAPHICS);
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(rows, cols, 0),
            screens: Vec::new(),
            raw: Vec::new(),
            eof: false,
        }));
        let reader_shared = shared.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = reader_shared.lock().unwrap();
                        let old_len = s.raw.len();
                        let scan_from = old_len.saturating_sub(8);
                        s.raw.extend_from_slice(&buf[..n]);
                        answer_queries(
                            &s.raw[scan_from..],
                            old_len - scan_from,
                            &answer_writer,
                            answer_graphics,
                        );
                        s.parser.process(&buf[..n]);
                        let contents = s.parser.screen().contents();
                        if s.screens.last() != Some(&contents) {
                            s.screens.push(contents);
                        }
                    }
                }
            }
            reader_shared.lock().unwrap().eof = true;
        });
        Pty {
            shared,
            writer,
            child,
            master: pair.master,
            home,
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Waits for each of `texts` in turn.
    pub fn wait_for_each(&self, texts: &[&str], timeout: Duration) {
        for text in texts {
            self.wait_for(text, timeout);
        }
    }

    /// Types `text` and presses Enter.
    pub fn submit(&mut self, text: &str) {
        self.type_text(text);
        self.send(keys::ENTER);
    }

    /// Waits for the settings screen of a first run and saves it as it is (Ctrl-S).
    pub fn save_first_run_settings(&mut self, timeout: Duration) {
        self.wait_for("Tenant URL", timeout);
        self.send(keys::CTRL_S);
    }

    pub fn screen(&self) -> String {
        self.shared.lock().unwrap().parser.screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.shared.lock().unwrap().raw.clone()
    }

    /// Waits until the current screen contains `text`; panics with the screen after `timeout`.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(timeout, &format!("screen to show {text:?}"), |s| {
            s.parser.screen().contents().contains(text)
        });
    }

    /// Waits until any screen shown so far contained `text` (for short-lived states).
    pub fn wait_for_ever(&self, text: &str, timeout: Duration) {
        self.wait_until(timeout, &format!("some screen to show {text:?}"), |s| {
            s.screens.iter().any(|screen| screen.contains(text))
        });
    }

    /// Waits until the current screen no longer contains `text`.
    pub fn wait_gone(&self, text: &str, timeout: Duration) {
        self.wait_until(timeout, &format!("screen to stop showing {text:?}"), |s| {
            !s.parser.screen().contents().contains(text)
        });
    }

    fn wait_until(&self, timeout: Duration, what: &str, cond: impl Fn(&Shared) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let s = self.shared.lock().unwrap();
                if cond(&s) {
                    return;
                }
                if Instant::now() >= deadline {
                    panic!(
                        "timed out waiting for {what}\n--- screen ---\n{}\n--------------",
                        s.parser.screen().contents()
                    );
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to exit and returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader drain what the program wrote last.
                let drain_deadline = Instant::now() + Duration::from_secs(2);
                while !self.shared.lock().unwrap().eof && Instant::now() < drain_deadline {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!("sp-chat did not exit\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the emulator's screen with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // Resize the parser first, under the lock, then the pty: every byte the program writes
        // after it learns the new size is parsed at that size. The other order lets a full
        // redraw at the new size be clipped by a parser still at the old one.
        let mut shared = self.shared.lock().unwrap();
        shared.parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Sends a signal to the program (`libc` names: SIGTERM, SIGHUP, ...).
    #[cfg(unix)]
    pub fn signal(&self, name: &str) {
        let pid = self.pid().expect("a running child");
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    pub fn home_path(&self) -> PathBuf {
        self.home.path().to_path_buf()
    }

    /// The terminal modes as the program left them, from the raw output: each mode's last
    /// set/reset sequence wins.
    pub fn terminal_left_clean(&self) -> Result<(), String> {
        let raw = self.raw();
        let checks: [(&[u8], &[u8], &str); 4] = [
            (b"\x1b[?1049h", b"\x1b[?1049l", "alternate screen"),
            (b"\x1b[?2004h", b"\x1b[?2004l", "bracketed paste"),
            (b"\x1b[?1000h", b"\x1b[?1000l", "mouse capture"),
            (b"\x1b[?1004h", b"\x1b[?1004l", "focus reporting"),
        ];
        for (on, off, name) in checks {
            let last_on = rfind(&raw, on);
            let last_off = rfind(&raw, off);
            if let Some(on_at) = last_on {
                if last_off.is_none_or(|off_at| off_at < on_at) {
                    return Err(format!("{name} was left on"));
                }
            }
        }
        let hide = rfind(&raw, b"\x1b[?25l");
        let show = rfind(&raw, b"\x1b[?25h");
        if let Some(h) = hide {
            if show.is_none_or(|s| s < h) {
                return Err("the cursor was left hidden".into());
            }
        }
        Ok(())
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A real terminal answers queries; the parser does not. Answer the ones crossterm and ratatui
/// send (device attributes after the keyboard-enhancement probe, cursor position, the graphics
/// query of inline previews) so start-up
/// does not wait for a timeout. "No keyboard enhancement" is the answer, like most terminals.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Key sequences as a terminal sends them.
pub mod keys {
    pub const ENTER: &[u8] = b"\r";
    pub const TAB: &[u8] = b"\t";
    pub const ESC: &[u8] = b"\x1b";
    pub const CTRL_C: &[u8] = b"\x03";
    pub const CTRL_O: &[u8] = b"\x0f";
    pub const CTRL_S: &[u8] = b"\x13";
    pub const CTRL_X: &[u8] = b"\x18";
    pub const ALT_ENTER: &[u8] = b"\x1b\r";
}

/// Writes a tiny valid PNG to `path` (for upload tests).
pub fn write_png(path: &Path) {
    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    std::fs::write(path, PNG_1X1).expect("write png");
}
