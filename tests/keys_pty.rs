//! A key remapped in the config's `[keys]` table, end to end in a pseudo-terminal: the help
//! shows the new key, the new key does the action, the old one no longer does.

mod support;

use sp_chat::sim::{SimConfig, SimServer};
use std::time::Duration;
use support::pty::{Pty, keys};

const STEP: Duration = Duration::from_secs(20);
const F1: &[u8] = b"\x1bOP";
const CTRL_Q: &[u8] = b"\x11";

#[test]
fn end_chat_on_ctrl_q_is_shown_in_the_help_asks_and_ends() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(SimServer::start(SimConfig::brisk()))
        .expect("sim");
    let config_dir = tempfile::tempdir().expect("config dir");
    let config = config_dir.path().join("config.toml");
    let mut text = sim.settings_toml();
    text.push_str("\n[customer]\nfirst_name = \"Sam\"\n\n[keys]\nend_chat = \"ctrl-q\"\n");
    std::fs::write(&config, text).expect("write config");

    let mut pty = Pty::spawn(&["--config", config.to_str().expect("utf-8")], 120, 40);
    pty.save_first_run_settings(STEP);
    pty.wait_for("Help me", STEP);
    pty.submit("hello there");
    pty.wait_for("How can I help you today?", STEP);

    // The footer and the help name the new key for ending the chat.
    pty.wait_for("Ctrl-Q end chat", STEP);
    pty.send(F1);
    pty.wait_for("end the chat (asks first)", STEP);
    let help = pty.screen();
    let line = help
        .lines()
        .find(|l| l.contains("end the chat (asks first)"))
        .expect("the end-chat row");
    assert!(
        line.contains("Ctrl-Q") && !line.contains("Ctrl-X"),
        "{help}"
    );
    pty.send(keys::ESC);
    pty.wait_gone("end the chat (asks first)", STEP);

    // The old key does nothing now; the new one asks, and `y` ends the chat.
    pty.send(keys::CTRL_X);
    pty.type_text("zq");
    pty.wait_for("zq", STEP);
    assert!(!pty.screen().contains("y yes"), "Ctrl-X still asks");
    pty.send(CTRL_Q);
    pty.wait_for("y yes", STEP);
    pty.type_text("y");
    pty.wait_for("How did we do?", STEP);
    assert!(
        !pty.screen().contains("Ctrl-X"),
        "the old key is advertised nowhere"
    );
    pty.send(keys::CTRL_C);
    drop(sim);
}

const SHIFT_TAB: &[u8] = b"\x1b[Z";

/// Home's image field: an empty field lets Tab through (the footer says `Tab next`); with a path
/// that completes to nothing, Tab tries, then moves on. Out of the field, `?` opens the help,
/// which proves the focus left the text fields.
#[test]
fn tab_is_never_trapped_in_the_image_field() {
    let mut pty = Pty::spawn(&["demo", "--pace", "fast"], 100, 30);
    pty.save_first_run_settings(STEP);
    pty.wait_for("Help me", STEP);
    // Message → callback number → image.
    pty.send(keys::TAB);
    pty.send(keys::TAB);
    pty.wait_for("Tab next", STEP);
    pty.send(keys::TAB);
    pty.wait_gone("Tab next", STEP);
    pty.type_text("?");
    pty.wait_for("Keys — Esc closes", STEP);
    pty.send(keys::ESC);
    pty.wait_gone("Keys — Esc closes", STEP);

    // Back to the image field with a path that matches nothing.
    pty.send(SHIFT_TAB);
    pty.wait_for("Tab next", STEP);
    pty.type_text("/nonexistent-sp-chat-dir/x");
    pty.wait_for("Tab complete", STEP);
    pty.send(keys::TAB);
    pty.wait_gone("Tab complete", STEP);
    pty.type_text("?");
    pty.wait_for("Keys — Esc closes", STEP);
    pty.send(keys::ESC);
    pty.wait_gone("Keys — Esc closes", STEP);
    // The path is kept, only the focus moved.
    pty.wait_for("/nonexistent-sp-chat-dir/x", STEP);
    pty.send(keys::CTRL_C);
    assert_eq!(pty.wait_exit(STEP), 0);
}

/// F1 in a chat at 120×40: the chat's keys first, F1 and Ctrl-C in view, no survey keys.
#[test]
fn the_chat_help_fits_120x40() {
    let mut pty = Pty::spawn(&["demo", "--pace", "fast"], 120, 40);
    pty.save_first_run_settings(STEP);
    pty.wait_for("Help me", STEP);
    pty.submit("hello");
    pty.wait_for("How can I help you today?", STEP);
    pty.send(F1);
    pty.wait_for_each(
        &[
            "send the message",
            "show this help",
            "quit (asks first if a chat is live)",
            "select the previous message",
            "more below",
        ],
        STEP,
    );
    let screen = pty.screen();
    assert!(!screen.contains("send the answers"), "{screen}");
    assert!(!screen.contains("set the rating"), "{screen}");
    pty.send(keys::ESC);
    pty.send(keys::CTRL_C);
}
