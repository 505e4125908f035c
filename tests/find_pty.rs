//! Finding, copying and opening in a long chat, by keystrokes in a pseudo-terminal: Ctrl-F
//! brings an early message on screen with a count and Esc goes back to the newest; an agent's
//! https link arrives as an OSC 8 hyperlink; `y` writes OSC 52 whose payload is the message;
//! `u` opens the link through the opener (a fake one that records its arguments); with
//! `hyperlinks = false` and `clipboard = "off"` neither escape is written, nor a hyperlink when
//! `TERM=dumb`. The simulated tenant
//! runs in this test process, so the test speaks for the agent (a burst of messages).

mod support;

use base64::Engine;
use sp_chat::sim::{SimConfig, SimControl, SimServer};
use std::path::Path;
use std::time::{Duration, Instant};
use support::pty::{Pty, keys};

const STEP: Duration = Duration::from_secs(20);
const CTRL_F: &[u8] = b"\x06";
const CTRL_P: &[u8] = b"\x10";

/// A tenant in this process and a config file for it (with `extra` appended).
fn tenant(rt: &tokio::runtime::Runtime, extra: &str) -> (SimServer, tempfile::TempDir, String) {
    let sim = rt
        .block_on(SimServer::start(SimConfig::brisk()))
        .expect("sim");
    let dir = tempfile::tempdir().expect("config dir");
    let config = dir.path().join("config.toml");
    let mut text = sim.settings_toml();
    text.push_str("\n[customer]\nfirst_name = \"Sam\"\nlast_name = \"Carter\"\n");
    text.push_str(extra);
    std::fs::write(&config, text).expect("write config");
    let path = config.to_str().expect("utf-8 path").to_string();
    (sim, dir, path)
}

/// Starts a chat from the app in `pty` and returns its id once the agent has answered.
fn chat_started(pty: &mut Pty, control: &SimControl) -> String {
    pty.save_first_run_settings(STEP);
    pty.wait_for("Help me", STEP);
    pty.submit("thanks a lot");
    pty.wait_for("You're very welcome", STEP);
    control.chat_ids().pop().expect("a chat")
}

/// Waits until the raw output holds `needle` (bytes the screen does not show: OSC sequences).
fn wait_raw(pty: &Pty, needle: &[u8], timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while !contains(&pty.raw(), needle) {
        assert!(
            Instant::now() < deadline,
            "no {:?} in the output",
            String::from_utf8_lossy(needle)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The text of every OSC 52 clipboard write in `raw`.
fn clipboard_writes(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|s| s.split_once("\x1b\\").map(|(b64, _)| b64.to_string()))
        .map(|b64| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64 payload");
            String::from_utf8(bytes).expect("UTF-8 payload")
        })
        .collect()
}

#[test]
fn ctrl_f_finds_message_40_of_2000_with_a_count_and_esc_returns_to_the_newest() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (sim, _dir, config) = tenant(&rt, "");
    let control = sim.control();
    let mut pty = Pty::spawn(&["--config", &config], 100, 30);
    let chat_id = chat_started(&mut pty, &control);

    let texts = (1..=2_000)
        .map(|n| match n {
            40 => "message 40: the Pangolin parcel is here".to_string(),
            n => format!("message {n}: nothing special"),
        })
        .collect();
    control.agent_burst(&chat_id, texts);
    pty.wait_for("message 2000: nothing special", STEP);

    pty.send(CTRL_F);
    pty.wait_for("Search:", STEP);
    pty.type_text("pangolín");
    pty.wait_for_each(&["message 40: the Pangolin parcel is here", "1/1"], STEP);
    assert!(!pty.screen().contains("message 2000:"), "the view moved up");

    // Ctrl-P from the only match wraps onto itself; Esc returns to the newest message.
    pty.send(CTRL_P);
    pty.wait_for("1/1", STEP);
    pty.send(keys::ESC);
    pty.wait_for("message 2000: nothing special", STEP);
    pty.wait_gone("Search:", STEP);
    assert!(!pty.screen().contains("message 40:"));

    pty.send(keys::CTRL_C);
    pty.wait_for("y yes", STEP);
    pty.type_text("y");
    pty.wait_exit(STEP);
    drop(sim);
}

/// A fake system opener: a script that writes its arguments, one a line, to `out`.
fn fake_opener(dir: &Path, out: &Path) -> String {
    let script = dir.join("opener.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            out.display()
        ),
    )
    .expect("write opener");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    script.to_str().expect("utf-8").to_string()
}

#[test]
fn an_agent_link_is_a_hyperlink_y_copies_the_message_and_u_opens_the_link() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (sim, dir, config) = tenant(&rt, "");
    let control = sim.control();
    let recorded = dir.path().join("opened.txt");
    let opener = fake_opener(dir.path(), &recorded);
    let home = tempfile::tempdir().expect("home");
    let mut pty = Pty::spawn_with_env(
        &["--config", &config],
        100,
        30,
        home,
        &[("SP_CHAT_OPENER", &opener)],
    );
    let chat_id = chat_started(&mut pty, &control);

    let url = "https://example.com/track/42?from=chat";
    let message = format!("Track it here: {url} (hourly), or javascript:alert(1).");
    control.agent_burst(&chat_id, vec![message.clone()]);
    pty.wait_for("Track it here:", STEP);
    wait_raw(
        &pty,
        format!(";{url}\x1b\\h\x1b]8;;\x1b\\").as_bytes(),
        STEP,
    );
    assert!(
        !contains(&pty.raw(), b";javascript:"),
        "only http(s) and mailto are linked"
    );

    // Tab selects the newest message; y copies its text with OSC 52.
    pty.send(keys::TAB);
    pty.send(b"y");
    let count = message.chars().count();
    pty.wait_for(&format!("Copied {count} characters."), STEP);
    wait_raw(&pty, b"\x1b]52;c;", STEP);
    assert_eq!(clipboard_writes(&pty.raw()), vec![message.clone()]);

    // u lists its links; 1 opens the first, saying which, with the URL as one argument.
    pty.send(b"u");
    pty.wait_for_each(&["Links", &format!("1 {url}")], STEP);
    pty.send(b"1");
    pty.wait_for(&format!("Opening {url}"), STEP);
    let deadline = Instant::now() + STEP;
    while !recorded.exists() {
        assert!(Instant::now() < deadline, "the opener never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    let args = std::fs::read_to_string(&recorded).expect("recorded argv");
    assert_eq!(args, format!("1\n{url}\n"), "one argument, the URL");

    pty.send(keys::CTRL_C);
    pty.wait_for("y yes", STEP);
    pty.type_text("y");
    pty.wait_exit(STEP);
    drop(sim);
}

#[test]
fn hyperlinks_false_and_clipboard_off_write_neither_escape() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (sim, _dir, config) = tenant(&rt, "\n[ui]\nhyperlinks = false\nclipboard = \"off\"\n");
    let control = sim.control();
    let mut pty = Pty::spawn(&["--config", &config], 100, 30);
    let chat_id = chat_started(&mut pty, &control);

    control.agent_burst(&chat_id, vec!["See https://example.com/help".to_string()]);
    pty.wait_for("See https://example.com/help", STEP);
    pty.send(keys::TAB);
    pty.send(b"y");
    pty.wait_for("Copying is off", STEP);
    pty.send(b"Y");
    pty.wait_for("Copying is off", STEP);
    let raw = pty.raw();
    assert!(!contains(&raw, b"\x1b]8;"), "a hyperlink was written");
    assert!(!contains(&raw, b"\x1b]52;"), "the clipboard was written");

    pty.send(keys::CTRL_C);
    pty.wait_for("y yes", STEP);
    pty.type_text("y");
    pty.wait_exit(STEP);
    drop(sim);
}

#[test]
fn a_dumb_terminal_gets_no_hyperlinks() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (sim, _dir, config) = tenant(&rt, "");
    let control = sim.control();
    let home = tempfile::tempdir().expect("home");
    let mut pty = Pty::spawn_with_env(&["--config", &config], 100, 30, home, &[("TERM", "dumb")]);
    let chat_id = chat_started(&mut pty, &control);
    control.agent_burst(&chat_id, vec!["See https://example.com/help".to_string()]);
    pty.wait_for("See https://example.com/help", STEP);
    assert!(!contains(&pty.raw(), b"\x1b]8;"), "a hyperlink was written");

    pty.send(keys::CTRL_C);
    pty.wait_for("y yes", STEP);
    pty.type_text("y");
    pty.wait_exit(STEP);
    drop(sim);
}
