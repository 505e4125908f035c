//! The terminal's lifecycle with the real binary in a pseudo-terminal: a panic in a background
//! task or in the event loop, SIGTERM and SIGHUP all leave the terminal restored (main screen,
//! cursor visible, paste/mouse/focus modes off, raw mode off as `stty` sees it); a panic exits
//! 101 with a clean crash report, a signal exits 0. A tiny terminal shows a notice, and growing
//! it back keeps what was typed.

mod support;

use std::path::Path;
use std::time::Duration;
use support::pty::{Pty, keys};

const STEP: Duration = Duration::from_secs(15);

/// Runs the demo under a shell that reports the exit code and the terminal modes afterwards.
fn panic_run(which: &str) -> (Pty, String) {
    let script = "\"$SP_CHAT\" demo --pace fast; code=$?; stty -a; echo \"exit=$code\"";
    let mut pty = Pty::spawn_shell(script, 100, 30, &[("SP_CHAT_TEST_PANIC", which)]);
    pty.wait_for_ever("exit=", STEP);
    assert_eq!(pty.wait_exit(STEP), 0, "the shell itself ends normally");
    let out = String::from_utf8_lossy(&pty.raw()).into_owned();
    (pty, out)
}

fn crash_reports(home: &Path) -> Vec<std::path::PathBuf> {
    let dir = home.join("state").join("sp-chat");
    std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("crash-"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn assert_restored_after_panic(which: &str) {
    let (pty, out) = panic_run(which);
    assert!(out.contains("exit=101"), "exit code 101 expected:\n{out}");
    pty.terminal_left_clean().expect("terminal restored");
    // `stty -a` ran after the crash on the same terminal: canonical mode and echo are back.
    let stty = &out[out.rfind("speed").expect("stty output")..];
    assert!(
        stty.contains(" icanon") && stty.contains(" echo ") && !stty.contains("-icanon"),
        "raw mode left on:\n{stty}"
    );
    assert!(out.contains("sp-chat crashed"), "{out}");
    assert!(out.contains("A crash report is in"), "{out}");
    let reports = crash_reports(&pty.home_path());
    assert_eq!(reports.len(), 1, "one crash report: {reports:?}");
    let report = std::fs::read_to_string(&reports[0]).expect("read the report");
    assert!(report.contains("test panic"), "{report}");
    assert!(
        !report
            .chars()
            .any(|c| c.is_control() && c != '\n' || ('\u{80}'..='\u{9f}').contains(&c)),
        "control characters in the report:\n{report:?}"
    );
    // The hostile text in the panic message did not reach the terminal either.
    assert!(
        !out.contains("\x1b]0;forged"),
        "a raw OSC from the panic message"
    );
}

#[test]
fn a_panic_in_a_background_task_restores_the_terminal_and_exits_101() {
    assert_restored_after_panic("task");
}

#[test]
fn a_panic_in_the_event_loop_restores_the_terminal_and_exits_101() {
    assert_restored_after_panic("main");
}

fn assert_signal_exits_cleanly(signal: &str) {
    let mut pty = Pty::spawn(&["demo", "--pace", "fast"], 100, 30);
    pty.wait_for("Tenant URL", STEP);
    pty.signal(signal);
    assert_eq!(pty.wait_exit(STEP), 0, "{signal}: a clean exit");
    pty.terminal_left_clean().expect("terminal restored");
    assert!(
        crash_reports(&pty.home_path()).is_empty(),
        "{signal} is not a crash"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_exits_cleanly() {
    assert_signal_exits_cleanly("TERM");
}

#[test]
fn sighup_restores_the_terminal_and_exits_cleanly() {
    assert_signal_exits_cleanly("HUP");
}

#[test]
fn a_tiny_terminal_shows_a_notice_and_growing_back_keeps_the_typed_text() {
    let mut pty = Pty::spawn(&["demo", "--pace", "fast"], 100, 30);
    pty.save_first_run_settings(STEP);
    pty.wait_for("Help me", STEP);
    pty.type_text("half-typed question");
    pty.wait_for("half-typed question", STEP);

    pty.resize(20, 5);
    pty.wait_for("Terminal too", STEP);
    pty.resize(30, 8);
    pty.wait_for("need 40", STEP);
    pty.resize(100, 30);
    pty.wait_for("half-typed question", STEP);
    pty.wait_for("Help me", STEP);

    pty.send(keys::CTRL_C);
    assert_eq!(pty.wait_exit(STEP), 0);
    pty.terminal_left_clean().expect("terminal restored");
}
