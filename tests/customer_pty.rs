//! What the demo's agent lets a customer try, by keystrokes in a pseudo-terminal: the pre-chat
//! form, read receipts, a file from the agent saved with one key, a picture previewed inline,
//! the inactivity warning followed by the inactivity end, and the ended chat exported as JSON
//! through the dialog.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;
use support::pty::{Pty, keys};

const STEP: Duration = Duration::from_secs(20);
const CTRL_G: &[u8] = b"\x07";

fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
    }
    None
}

#[test]
fn pre_chat_form_receipts_a_saved_file_a_picture_and_the_inactivity_end() {
    let mut pty = Pty::spawn(&["demo", "--pace", "brisk"], 110, 36);
    pty.save_first_run_settings(STEP);

    // Home asks what the scenario expects, prefilled from the settings.
    pty.wait_for_each(&["First name", "Email", "Agents are available"], STEP);

    pty.submit("Could you send the document?");
    pty.wait_for("order-summary.txt", STEP);
    // The agent read the customer's message (v2 receipts).
    pty.wait_for("✓ read", STEP);

    // One key saves the agent's latest file into the download folder.
    pty.send(CTRL_G);
    pty.wait_for("Saved \u{201c}order-summary.txt\u{201d} to", STEP);
    let saved = find_file(&pty.home_path(), "order-summary.txt").expect("file saved under HOME");
    assert!(!std::fs::read(saved).expect("read").is_empty());

    // A picture from the agent is previewed inline: the harness's terminal answers the
    // graphics query without kitty or sixel, so it is drawn in half-blocks, under its label.
    pty.submit("Any pictures of it?");
    pty.wait_for_each(&["[image] headset.png", "\u{2580}"], STEP);

    // "wait": a warning, then the chat ends for inactivity.
    pty.submit("please wait");
    pty.wait_for_each(&["Are you still there?", "Chat ended for inactivity"], STEP);

    // The ended chat offers export: the dialog, JSON chosen with Tab, saved with Enter.
    pty.send(b"e");
    pty.wait_for_each(&["Export transcript", "(•) Markdown"], STEP);
    pty.send(keys::TAB);
    pty.send(keys::TAB);
    pty.wait_for("(•) JSON", STEP);
    pty.send(keys::ENTER);
    pty.wait_for("Transcript saved to", STEP);
    pty.wait_gone("Export transcript", STEP);
    let dir = pty.home_path().join("data/sp-chat/transcripts");
    let json = std::fs::read_dir(&dir)
        .expect("transcripts dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a .json transcript");
    let entries =
        sp_chat::export::parse_json(&std::fs::read_to_string(json).expect("read")).expect("json");
    assert!(
        entries
            .iter()
            .any(|e| e.text.contains("Could you send the document?")),
        "{entries:?}"
    );

    pty.send(keys::CTRL_C);
    pty.wait_exit(STEP);
}
