//! Line mode in a pseudo-terminal, over a whole chat: the settings asked with an empty config,
//! Home, the chat, the survey. The raw bytes written never switch to the alternate screen,
//! clear it, position the cursor or draw a box; hostile agent text arrives without its escape
//! sequences.

mod support;

use sp_chat::sim::{SimConfig, SimServer};
use std::time::Duration;
use support::pty::Pty;

const STEP: Duration = Duration::from_secs(20);

/// Whether `raw` holds `ESC [ <digits> ; <digits> H` (cursor positioning).
fn positions_the_cursor(raw: &[u8]) -> bool {
    raw.windows(2).enumerate().any(|(at, w)| {
        if w != b"\x1b[" {
            return false;
        }
        let rest = &raw[at + 2..];
        let row = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let after_row = &rest[row..];
        if row == 0 || after_row.first() != Some(&b';') {
            return after_row.first() == Some(&b'H') && row > 0;
        }
        let col = after_row[1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        col > 0 && after_row.get(1 + col) == Some(&b'H')
    })
}

fn contains(raw: &[u8], needle: &[u8]) -> bool {
    raw.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_whole_chat_in_line_mode_writes_only_lines() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut config = SimConfig::fast();
    config.agent.idle_timeout = Duration::from_secs(60);
    let sim = rt.block_on(SimServer::start(config)).expect("sim");
    let control = sim.control();
    let home = tempfile::tempdir().expect("home");
    let config_path = home.path().join("config.toml");
    // An empty config: line mode asks for the settings, then the tenant's pre-chat form asks
    // who the customer is.
    std::fs::write(&config_path, "").expect("write config");
    let config_arg = config_path.to_str().expect("utf-8").to_string();
    let mut pty = Pty::spawn_in(&["--config", &config_arg, "--line"], 100, 30, home);

    // Settings, one per line.
    pty.wait_for("Tenant URL:", STEP);
    pty.submit("sim.sp-chat.test");
    pty.wait_for("Client web server URL:", STEP);
    pty.submit("ftp://wrong");
    pty.wait_for("! Client web server URL", STEP);
    pty.submit(&sim.base_url());
    pty.wait_for("App ID:", STEP);
    pty.submit("SimChat");
    pty.wait_for("Client ID (Enter ", STEP);
    pty.submit("");

    // Home: availability, the pre-chat questions (Enter skips an optional one), then the
    // question that asks for an agent.
    pty.wait_for_each(
        &[
            "* Agents are available",
            "First name (optional, Enter skips):",
        ],
        STEP,
    );
    pty.submit("Sam");
    pty.wait_for("Last name (optional, Enter skips):", STEP);
    pty.submit("Carter");
    pty.wait_for("Email (optional, Enter skips):", STEP);
    pty.submit("");
    pty.wait_for("Your question (Enter to ask for an agent):", STEP);
    pty.submit("Hello");
    pty.wait_for_each(
        &[
            "* Anna Lee joined the chat",
            "Anna Lee: Hi, I'm Anna. How can I help you today?",
        ],
        STEP,
    );

    // Hostile text from the agent.
    let chat_id = control.chat_ids().pop().expect("a chat");
    control.agent_say(
        &chat_id,
        "paste\u{1b}]52;c;ZXZpbA==\u{7} wipe\u{1b}[2J\u{1b}[1;1H end-of-hostile",
    );
    pty.wait_for("end-of-hostile", STEP);

    // End at once; the survey as questions; the end announced.
    pty.submit("/end");
    pty.wait_for("Rate our service from 1 to 5:", STEP);
    pty.submit("5");
    pty.wait_for("Was your issue resolved? (y/n)", STEP);
    pty.submit("y");
    pty.wait_for("Comment (optional, Enter skips):", STEP);
    pty.submit("Thanks");
    pty.wait_for_each(
        &["* The chat has ended", "* Thank you for your feedback."],
        STEP,
    );
    pty.wait_for("Your question (Enter to ask for an agent):", STEP);
    pty.submit("/quit");
    assert_eq!(pty.wait_exit(STEP), 0);

    let raw = pty.raw();
    assert!(!contains(&raw, b"\x1b[?1049h"), "alternate screen");
    assert!(!contains(&raw, b"\x1b[2J"), "screen cleared");
    assert!(!contains(&raw, b"\x1b]52"), "clipboard write");
    assert!(!positions_the_cursor(&raw), "cursor positioned");
    let text = String::from_utf8_lossy(&raw);
    assert!(
        !text.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)),
        "box drawing"
    );
    assert!(!text.contains("\u{1b}"), "no escape byte at all: {text:?}");

    // The settings were saved, private to the user.
    let saved = std::fs::read_to_string(&config_path).expect("config");
    assert!(
        saved.contains("SimChat") && saved.contains(&sim.base_url()),
        "{saved}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The pre-chat answers named the customer; the survey's answers reached the tenant.
    let request = control.chat_request(&chat_id).expect("the chat's request");
    assert_eq!(request.from, "Sam Carter");
    let answered = control.client_events(&chat_id).into_iter().any(|e| {
        matches!(e, sp_chat::api::ClientEvent::FormData { data, .. }
            if data.get("rating").map(String::as_str) == Some("5")
                && data.get("comment").map(String::as_str) == Some("Thanks"))
    });
    assert!(answered);
}

#[test]
fn the_cursor_check_finds_positioning() {
    assert!(positions_the_cursor(b"ab\x1b[12;3Hc"));
    assert!(positions_the_cursor(b"\x1b[5H"));
    assert!(!positions_the_cursor(b"\x1b[2K\x1b[31m"));
}

#[test]
fn ctrl_c_and_ctrl_d_leave_line_mode_cleanly() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(SimServer::start(SimConfig::fast()))
        .expect("sim");
    for key in [support::pty::keys::CTRL_C, b"\x04".as_slice()] {
        let home = tempfile::tempdir().expect("home");
        let config_path = home.path().join("config.toml");
        let mut text = sim.settings_toml();
        text.push_str("\n[customer]\nfirst_name = \"Sam\"\nlast_name = \"Carter\"\nemail = \"sam@example.com\"\n");
        std::fs::write(&config_path, text).expect("write config");
        let config_arg = config_path.to_str().expect("utf-8").to_string();
        let mut pty = Pty::spawn_in(&["--config", &config_arg, "--line"], 100, 30, home);
        pty.wait_for("Your question (Enter to ask for an agent):", STEP);
        pty.send(key);
        assert_eq!(pty.wait_exit(STEP), 0, "{key:?}");
        assert!(!contains(&pty.raw(), b"\x1b"), "{key:?}: no escape byte");
    }
}
