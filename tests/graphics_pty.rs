//! Inline previews meet a terminal that never answers the graphics query (like tmux without
//! passthrough): the app gives up after its short deadline, uses half-blocks, and no key typed
//! once it shows is lost (nothing is left reading the terminal behind the app's back).

mod support;

use std::time::Duration;
use support::pty::{Pty, SILENT_GRAPHICS};

const STEP: Duration = Duration::from_secs(20);

#[test]
fn a_terminal_that_never_answers_costs_no_keystroke() {
    let home = tempfile::tempdir().expect("temp home");
    let mut pty = Pty::spawn_with_env(
        &["demo", "--pace", "fast"],
        100,
        30,
        home,
        &[SILENT_GRAPHICS],
    );
    pty.wait_for("Tenant URL", STEP);
    // The very first keys after the first frame reach the focused field, in order.
    pty.type_text("xy");
    pty.wait_for("sim.sp-chat.testxy", STEP);
    pty.type_text("z");
    pty.wait_for("sim.sp-chat.testxyz", STEP);

    // The silent path was the one taken.
    let logs = pty.home_path().join("state/sp-chat");
    let log = std::fs::read_dir(&logs)
        .expect("log dir")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    assert!(
        log.contains("did not answer the graphics query"),
        "log: {log}"
    );
    pty.send(b"\x03");
    pty.wait_exit(STEP);
}
