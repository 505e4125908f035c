//! End to end, by keystrokes alone: the real `sp-chat demo` binary in a pseudo-terminal, asserted
//! on the screen a VT100 terminal would show.

mod support;

use std::time::Duration;
use support::pty::{Pty, keys, write_png};

const STEP: Duration = Duration::from_secs(15);

#[test]
fn a_whole_conversation_by_keystrokes() {
    let mut pty = Pty::spawn(&["demo", "--pace", "brisk"], 100, 30);
    let image = pty.home_path().join("me.png");
    write_png(&image);

    // Settings first, as the original plugin did; Ctrl-S saves and opens Home.
    pty.save_first_run_settings(STEP);
    pty.wait_for_each(&["Help me", "Agents are available"], STEP);

    // A first message, then Enter presses Help me.
    pty.submit("Hello, I need help with my order");
    pty.wait_for_each(
        &[
            "Hello, I need help with my order",
            "Anna Lee has joined the chat",
            "How can I help you today?",
        ],
        STEP,
    );

    // Messages both ways, and the agent's typing indicator before her answer.
    pty.submit("Could you send me a picture?");
    pty.wait_for_ever("Anna Lee is typing", STEP);
    pty.wait_for("[image]", STEP);

    // Attach an image with Ctrl-O and a path.
    pty.send(keys::CTRL_O);
    pty.wait_for("Attach a file", STEP);
    pty.submit(image.to_str().unwrap());
    pty.wait_for_each(&["uploaded", "I got your picture"], STEP);

    // End the chat (y/n), fill the survey, send it.
    pty.send(keys::CTRL_X);
    pty.wait_for("y yes", STEP);
    pty.type_text("y");
    pty.wait_for("How did we do?", STEP);
    pty.type_text("5");
    pty.send(keys::TAB);
    pty.type_text("y");
    pty.send(keys::TAB);
    pty.type_text("Quick and friendly");
    pty.send(keys::CTRL_S);

    // Back on Home with a thank-you line.
    pty.wait_for_each(&["Thank you for your feedback", "Help me"], STEP);

    pty.send(keys::CTRL_C);
    assert_eq!(pty.wait_exit(STEP), 0);
    pty.terminal_left_clean().expect("terminal restored");
}
