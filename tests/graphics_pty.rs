//! Inline previews meet a terminal that never answers the graphics query (like tmux without
//! passthrough): the app gives up after its short deadline, uses half-blocks, and no key typed
//! once it shows is lost (nothing is left reading the terminal behind the app's back).

mod support;

use std::time::Duration;
use support::pty::{Pty, SILENT_GRAPHICS, keys};
use support::sim_config::SimWithConfig;

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

/// Pictures off in the file at start (the terminal is never asked), switched on in Settings:
/// the next chat draws the agent's picture, without a restart.
#[test]
fn pictures_switched_on_in_settings_apply_without_a_restart() {
    let tenant = SimWithConfig::brisk("\n[ui]\nshow_images = false\n");
    let config = &tenant.path;
    let mut pty = Pty::spawn(&["--config", tenant.config_arg()], 100, 32);
    pty.wait_for("Tenant URL", STEP);
    // Past the seven text fields to "Show images", then → switches it on.
    for _ in 0..7 {
        pty.send(keys::TAB);
    }
    pty.wait_for_each(&["‹ off ›", "←/→ to change"], STEP);
    pty.send(b"\x1b[C");
    pty.wait_for("‹ on ›", STEP);
    pty.send(keys::CTRL_S);
    pty.wait_for("Help me", STEP);
    assert!(
        std::fs::read_to_string(config)
            .expect("config")
            .contains("show_images = true"),
        "saved"
    );
    pty.submit("Any pictures of it?");
    // Drawn in half-blocks under its label: the picker was built when the setting changed.
    pty.wait_for_each(&["[image] headset.png", "\u{2580}"], STEP);
    pty.send(keys::CTRL_C);
    pty.wait_for("Quit sp-chat?", STEP);
    pty.send(b"y");
    pty.wait_exit(STEP);
}
