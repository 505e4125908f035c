//! Line mode over pipes, as a script drives it: the real binary with stdin and stdout piped,
//! against a simulated tenant in this test process. Every `--json` line is a JSON object,
//! the agent's text arrives in one, `/end` ends at once, the survey's answers reach the
//! tenant, EOF exits 0 within seconds, and the exit code says how a run ended.

use serde_json::Value;
use sp_chat::api::ClientEvent;
use sp_chat::sim::{SimConfig, SimServer};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sp-chat");
const STEP: Duration = Duration::from_secs(15);
/// EOF must end a run this soon (the settle limit is 10 s; a quiet run needs far less).
const EOF_EXIT: Duration = Duration::from_secs(8);

/// A tenant whose agent answers at once and does not end an idle chat during a test.
fn fast_sim(rt: &tokio::runtime::Runtime, autopilot: bool) -> SimServer {
    let mut config = SimConfig::fast();
    config.agent.idle_timeout = Duration::from_secs(60);
    config.agent.autopilot = autopilot;
    rt.block_on(SimServer::start(config)).expect("sim")
}

/// A complete config for `sim` (the customer named, so no pre-chat question is asked).
fn write_config(dir: &Path, settings: &str) -> String {
    let path = dir.join("config.toml");
    let mut text = settings.to_string();
    text.push_str(
        "\n[customer]\nfirst_name = \"Sam\"\nlast_name = \"Carter\"\nemail = \"sam@example.com\"\n",
    );
    std::fs::write(&path, text).expect("write config");
    path.to_str().expect("utf-8").to_string()
}

/// `sp-chat` with piped stdin and stdout, its output collected line by line.
struct Piped {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Arc<Mutex<Vec<String>>>,
    raw: Arc<Mutex<Vec<u8>>>,
    _home: tempfile::TempDir,
}

impl Piped {
    fn spawn(args: &[&str]) -> Piped {
        Piped::spawn_with_env(args, &[])
    }

    fn spawn_with_env(args: &[&str], env: &[(&str, &str)]) -> Piped {
        let home = tempfile::tempdir().expect("home");
        let mut command = Command::new(BIN);
        command.env_remove("SP_CHAT_LINE");
        let mut child = command
            .args(args)
            .envs(env.iter().copied())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("TZ", "UTC")
            .env_remove("SP_CHAT_CONFIG")
            .env_remove("RUST_LOG")
            .current_dir(home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sp-chat");
        let stdout = child.stdout.take().expect("stdout");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (lines_w, raw_w) = (lines.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut buf = Vec::new();
            while let Ok(n) = reader.read_until(b'\n', &mut buf) {
                if n == 0 {
                    break;
                }
                raw_w.lock().unwrap().extend_from_slice(&buf);
                let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                lines_w.lock().unwrap().push(line);
                buf.clear();
            }
        });
        Piped {
            stdin: child.stdin.take(),
            child,
            lines,
            raw,
            _home: home,
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}").expect("write stdin");
        stdin.flush().expect("flush stdin");
    }

    fn close_stdin(&mut self) {
        self.stdin.take();
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits until a line satisfies `pred`; answers it.
    fn wait_line(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + STEP;
        loop {
            if let Some(line) = self.lines().into_iter().find(|l| pred(l)) {
                return line;
            }
            assert!(
                Instant::now() < deadline,
                "no line {what} in time; output so far:\n{}",
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the exit within `within`; answers the exit code.
    fn wait_exit(&mut self, within: Duration) -> i32 {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader take the last lines.
                std::thread::sleep(Duration::from_millis(50));
                return status.code().unwrap_or(-1);
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!(
                    "sp-chat did not exit within {within:?}; output:\n{}",
                    self.lines().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Piped {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn json(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
}

fn of_type(line: &str, kind: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(line).ok()?;
    (value["type"] == kind).then_some(value)
}

#[test]
fn json_lines_carry_the_agent_and_the_survey_answers_reach_the_tenant() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, true);
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), &sim.settings_toml());
    let mut app = Piped::spawn(&["--config", &config, "--line", "--json"]);

    app.wait_line("asking for the first message", |l| {
        of_type(l, "prompt").is_some_and(|v| {
            v["question"]
                .as_str()
                .unwrap_or("")
                .contains("Your question")
        })
    });
    app.send("Hello");
    let answer = app.wait_line("with the agent's text", |l| {
        of_type(l, "message").is_some_and(|v| {
            v["text"]
                .as_str()
                .unwrap_or("")
                .contains("How can I help you today?")
        })
    });
    let answer = json(&answer);
    assert_eq!(answer["from"], "Anna Lee");
    assert!(answer["time"].is_string(), "{answer}");

    app.send("/end");
    app.wait_line("asking the rating", |l| {
        of_type(l, "form").is_some_and(|v| v["question"] == "Rate our service from 1 to 5:")
    });
    app.send("4");
    app.send("y");
    app.send("Quick and kind");
    app.wait_line("announcing the end", |l| of_type(l, "ended").is_some());
    app.close_stdin();
    assert_eq!(app.wait_exit(EOF_EXIT), 0);

    for line in app.lines() {
        let value = json(&line);
        assert!(value["type"].is_string(), "{line}");
    }
    let chat_id = sim.control().chat_ids().pop().expect("a chat");
    let data = sim
        .control()
        .client_events(&chat_id)
        .into_iter()
        .find_map(|e| match e {
            ClientEvent::FormData {
                form_name, data, ..
            } => Some((form_name, data)),
            _ => None,
        })
        .expect("the survey was answered");
    assert_eq!(data.0, "MobileChatSurvey");
    let answers = serde_json::to_value(&data.1).expect("data");
    assert_eq!(answers["rating"], "4", "{answers}");
    assert_eq!(answers["resolved"], "yes", "{answers}");
    assert_eq!(answers["comment"], "Quick and kind", "{answers}");
}

#[test]
fn a_script_of_two_lines_ends_the_chat_at_once_and_exits_zero() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, true);
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), &sim.settings_toml());
    let mut app = Piped::spawn(&["--config", &config, "--line"]);
    // printf 'Hello\n/end\n' | sp-chat --line
    app.send("Hello");
    app.send("/end");
    app.close_stdin();
    assert_eq!(app.wait_exit(EOF_EXIT), 0);
    let lines = app.lines();
    assert!(
        lines.iter().any(|l| l == "* The chat has ended"),
        "{lines:#?}"
    );
    let chat_id = sim.control().chat_ids().pop().expect("a chat");
    assert!(sim.control().is_ended(&chat_id), "ended on the tenant");
    let said: Vec<String> = sim
        .control()
        .customer_messages(&chat_id)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(said, ["Hello"], "sent once, before the end");
}

#[test]
fn eof_after_a_message_exits_zero_once_it_has_gone_out() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, false);
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), &sim.settings_toml());
    let mut app = Piped::spawn(&["--config", &config, "--line", "--json"]);
    app.send("Is anyone there?");
    app.close_stdin();
    let started = Instant::now();
    assert_eq!(app.wait_exit(EOF_EXIT), 0);
    assert!(started.elapsed() < EOF_EXIT);
    let chat_id = sim.control().chat_ids().pop().expect("a chat");
    let said: Vec<String> = sim
        .control()
        .customer_messages(&chat_id)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(said, ["Is anyone there?"]);
    assert!(
        !sim.control().is_ended(&chat_id),
        "quitting leaves the chat open"
    );
    let typing = sim
        .control()
        .client_events(&chat_id)
        .into_iter()
        .filter(|e| matches!(e, ClientEvent::Typing | ClientEvent::NotTyping))
        .count();
    assert_eq!(typing, 0, "a whole line is not reported as typing");
    for line in app.lines() {
        json(&line);
    }
}

#[test]
fn hostile_agent_text_and_repeated_typing_over_a_pipe() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, false);
    let control = sim.control();
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), &sim.settings_toml());
    let mut app = Piped::spawn(&["--config", &config, "--line"]);
    app.send("Hello");
    app.wait_line("announcing the agent", |l| l.ends_with("joined the chat"));
    let chat_id = control.chat_ids().pop().expect("a chat");
    for _ in 0..3 {
        control.agent_typing(&chat_id, true);
        std::thread::sleep(Duration::from_millis(30));
    }
    control.agent_say(
        &chat_id,
        "copy\u{1b}]52;c;ZXZpbA==\u{7} clear\u{1b}[2J bell\u{7} c1\u{9b}2J done",
    );
    let said = app.wait_line("with the agent's text", |l| l.ends_with("done"));
    assert!(said.starts_with("Anna Lee: copy"), "{said:?}");
    app.send("/quit");
    assert_eq!(app.wait_exit(EOF_EXIT), 0);
    let raw = app.raw.lock().unwrap().clone();
    for bad in [0x1b_u8, 0x07] {
        assert!(
            !raw.contains(&bad),
            "byte {bad:#x} in {:?}",
            String::from_utf8_lossy(&raw)
        );
    }
    assert!(!String::from_utf8_lossy(&raw).contains('\u{9b}'));
    let typing = app
        .lines()
        .iter()
        .filter(|l| l.contains("is typing"))
        .count();
    assert!(typing <= 1, "{:#?}", app.lines());
}

#[test]
fn an_unreachable_tenant_exits_3_and_a_bad_config_2() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, false);
    let settings = sim.settings_toml();
    // The tenant goes away: nothing listens on its port any more.
    drop(sim);
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), &settings);
    let mut app = Piped::spawn(&["--config", &config, "--line"]);
    app.send("Hello");
    app.close_stdin();
    assert_eq!(app.wait_exit(STEP), 3, "{:#?}", app.lines());

    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "tenant_url = [not toml").expect("write");
    let mut app = Piped::spawn(&["--config", broken.to_str().expect("utf-8"), "--line"]);
    app.close_stdin();
    assert_eq!(app.wait_exit(STEP), 2);

    // An incomplete config whose questions are never answered.
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").expect("write");
    let mut app = Piped::spawn(&["--config", empty.to_str().expect("utf-8"), "--line"]);
    app.close_stdin();
    assert_eq!(app.wait_exit(STEP), 2);
    assert_eq!(app.lines().first().map(String::as_str), Some("Tenant URL:"));
}

#[test]
fn the_config_or_the_environment_chooses_line_mode_and_the_environment_wins() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, false);
    let dir = tempfile::tempdir().expect("dir");
    let mut settings = sim.settings_toml();
    settings.push_str("\n[ui]\nmode = \"line\"\n");
    let config = write_config(dir.path(), &settings);

    // `[ui] mode = "line"`: no flag needed.
    let mut app = Piped::spawn(&["--config", &config]);
    app.wait_line("asking for the first message", |l| {
        l.starts_with("Your question")
    });
    app.close_stdin();
    assert_eq!(app.wait_exit(EOF_EXIT), 0);

    // SP_CHAT_LINE=0 keeps the full screen, which needs a terminal: refused over pipes.
    let mut app = Piped::spawn_with_env(&["--config", &config], &[("SP_CHAT_LINE", "0")]);
    app.close_stdin();
    assert_eq!(app.wait_exit(EOF_EXIT), 1);
    assert!(
        app.lines().is_empty(),
        "nothing on stdout: {:?}",
        app.lines()
    );

    // SP_CHAT_LINE=1 with a config that does not ask for it.
    let other = tempfile::tempdir().expect("dir");
    let plain = write_config(other.path(), &sim.settings_toml());
    let mut app = Piped::spawn_with_env(&["--config", &plain], &[("SP_CHAT_LINE", "1")]);
    app.wait_line("asking for the first message", |l| {
        l.starts_with("Your question")
    });
    app.close_stdin();
    assert_eq!(app.wait_exit(EOF_EXIT), 0);
}

#[test]
fn colour_only_with_color_always_and_never_inside_the_agents_text() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = fast_sim(&rt, true);
    let dir = tempfile::tempdir().expect("dir");
    let config = write_config(dir.path(), &sim.settings_toml());
    let mut app = Piped::spawn(&["--config", &config, "--line", "--color", "always"]);
    app.send("Hello");
    let line = app.wait_line("with the agent's text", |l| {
        l.contains("How can I help you today?")
    });
    assert!(line.contains("\u{1b}["), "coloured: {line:?}");
    assert!(
        line.ends_with("Hi, I'm Anna. How can I help you today?"),
        "{line:?}"
    );
    app.send("/quit");
    assert_eq!(app.wait_exit(EOF_EXIT), 0);
}
