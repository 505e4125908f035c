//! Killing `sp-chat` mid-chat and starting it again rejoins the same chat, with the whole
//! transcript and no line twice. The simulated tenant runs in this test process, so it outlives
//! the app it serves.

mod support;

use std::time::Duration;
use support::pty::{Pty, keys};
use support::sim_config::SimWithConfig;

const STEP: Duration = Duration::from_secs(20);

/// How many times `needle` appears on the screen.
fn count(screen: &str, needle: &str) -> usize {
    screen.matches(needle).count()
}

fn sigkill(pid: u32) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -KILL {pid} failed");
}

#[test]
fn a_killed_app_rejoins_its_chat_with_the_whole_transcript_once() {
    let tenant = SimWithConfig::brisk("");
    let control = tenant.sim.control();
    let config_arg = tenant.config_arg();

    // First run: start a chat and exchange messages.
    let mut first = Pty::spawn(&["--config", config_arg], 100, 32);
    first.save_first_run_settings(STEP);
    first.wait_for("Help me", STEP);
    first.submit("thanks a lot");
    first.wait_for("How can I help you today?", STEP);
    first.wait_for("You're very welcome", STEP);
    let chat_ids = control.chat_ids();
    assert_eq!(chat_ids.len(), 1);

    // Killed without a chance to clean up.
    sigkill(first.pid().expect("pid"));
    first.wait_exit(STEP);

    // Second run, same config: the live chat is offered (saying when it started: the
    // simulator's Get Active Chat gives `created_time`), accepted, and continues.
    let mut second = Pty::spawn(&["--config", config_arg], 100, 32);
    second.wait_for("Rejoin the chat you started ", STEP);
    second.type_text("y");
    second.wait_for("Rejoined your chat", STEP);
    second.wait_for("You're very welcome", STEP);
    second.submit("bye");
    second.wait_for("Take care!", STEP);
    assert_eq!(control.chat_ids(), chat_ids, "no second chat was opened");

    let screen = second.screen();
    for line in [
        "Anna Lee has joined the chat",
        "How can I help you today?",
        "thanks a lot",
        "You're very welcome",
        "Take care!",
    ] {
        assert_eq!(count(&screen, line), 1, "{line:?} on screen:\n{screen}");
    }
    second.send(keys::CTRL_C);
    drop(tenant);
}
