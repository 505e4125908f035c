//! The command line around the keys and the shell: `sp-chat keys`, a `[keys]` entry that cannot
//! be used (refused before any request), `completions`, `man` and `--version`, run as the real
//! binary.

use sp_chat::sim::{SimConfig, SimServer};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_sp-chat");

/// `sp-chat <args>` with a private HOME, no terminal, nothing on stdin.
fn run(args: &[&str], home: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("SP_CHAT_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run sp-chat")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A config file in `dir` holding `text`.
fn config_with(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

#[test]
fn a_bad_key_exits_naming_the_action_value_and_file_before_any_request() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(SimServer::start(SimConfig::fast()))
        .expect("sim");
    let home = tempfile::tempdir().expect("home");
    for (entry, says) in [
        ("end_chat = \"ctrl-qq\"", "names no key"),
        ("end_chta = \"ctrl-q\"", "did you mean `end_chat`?"),
        ("end_chat = \"ctrl-o\"", "already means `attach`"),
    ] {
        let config = config_with(
            home.path(),
            &format!("{}\n[keys]\n{entry}\n", sim.settings_toml()),
        );
        let out = run(&["--config", config.to_str().expect("utf-8")], home.path());
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{entry}: {stderr}");
        assert!(stderr.contains(&config.display().to_string()), "{stderr}");
        assert!(stderr.contains(&format!("[keys] {entry}")), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        // The terminal was never taken (no alternate screen) and the tenant never called.
        assert!(!text(&out.stdout).contains("\u{1b}[?1049h"));
        assert!(
            sim.control().request_log().is_empty(),
            "{entry}: a request was made"
        );
    }
}

#[test]
fn keys_prints_the_keys_in_force_of_the_config_given() {
    let home = tempfile::tempdir().expect("home");
    let config = config_with(home.path(), "[keys]\nend_chat = \"ctrl-q\"\n");
    let out = run(
        &["keys", "--config", config.to_str().expect("utf-8")],
        home.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let row = |action: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == action))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(row("end_chat").contains("Ctrl-Q"), "{table}");
    assert!(row("end_chat").contains("end the chat"), "{table}");
    assert!(!table.contains("Ctrl-X"), "{table}");
    assert!(row("attach").contains("Ctrl-O"), "{table}");
    assert!(table.starts_with("MODE"), "{table}");
    // The file was only read: no client id written into it.
    assert_eq!(
        std::fs::read_to_string(&config).expect("read"),
        "[keys]\nend_chat = \"ctrl-q\"\n"
    );

    let bad = config_with(home.path(), "[keys]\nend_chat = \"hyper-q\"\n");
    let out = run(
        &["keys", "--config", bad.to_str().expect("utf-8")],
        home.path(),
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("end_chat = \"hyper-q\""));
}

#[test]
fn completions_for_each_shell_and_the_manual_page() {
    let home = tempfile::tempdir().expect("home");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef sp-chat"),
        ("fish", "complete -c sp-chat"),
        ("elvish", "sp-chat"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell], home.path());
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        // The subcommands are completed too.
        assert!(
            script.contains("completions") && script.contains("keys"),
            "{shell}"
        );
    }
    let out = run(&["completions", "tcsh"], home.path());
    assert!(!out.status.success());

    let out = run(&["man"], home.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH sp-chat"),
        "{page}"
    );
    assert!(page.contains(".TH sp-chat"), "{page}");
    assert!(
        page.contains("completions") && page.contains("\\-\\-config"),
        "{page}"
    );
}

#[test]
fn version_names_the_commit_when_built_in_git() {
    let home = tempfile::tempdir().expect("home");
    let out = run(&["--version"], home.path());
    assert!(out.status.success());
    let line = text(&out.stdout);
    let version = env!("CARGO_PKG_VERSION");
    let head = Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| text(&o.stdout).trim().to_owned());
    match head {
        Some(hash) => {
            let prefix = format!("sp-chat {version} ({hash} ");
            assert!(
                line.starts_with(&prefix),
                "{line:?} should start with {prefix:?}"
            );
            // … and the commit's date, YYYY-MM-DD.
            let date = line[prefix.len()..].trim_end().trim_end_matches(')');
            assert_eq!(date.len(), 10, "{line:?}");
            assert!(
                date.chars().all(|c| c.is_ascii_digit() || c == '-'),
                "{line:?}"
            );
        }
        None => assert_eq!(line.trim(), format!("sp-chat {version}")),
    }
}
