//! The `sp-chat` binary: command-line parsing and dispatch to the run modes.
//!
//! - `sp-chat [--config PATH]`: the app against the configured tenant;
//! - `sp-chat demo`: the app against an embedded simulated tenant, without touching the user's
//!   own config;
//! - `sp-chat sim`: the simulated tenant alone, for other clients;
//! - `sp-chat keys`: the keys in force (the defaults with the config's `[keys]`);
//! - `sp-chat completions SHELL`, `sp-chat man`: shell completions and the manual page, made
//!   from this very definition of the command line.
//!
//! `--line` (or `SP_CHAT_LINE=1`, or `[ui] mode = "line"`) runs either app with the line front
//! end instead of the full screen; `--json` makes its output JSON Lines.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use sp_chat::app::keymap::{self, Keymap};
use sp_chat::config::{self, Settings};
use sp_chat::runtime::{self, Exit, RunOptions};
use sp_chat::sim::{SimConfig, SimServer};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "sp-chat",
    // "0.1.0 (1a2b3c4 2026-12-06)": the commit it was built from, when built in git (build.rs).
    version = env!("SP_CHAT_VERSION"),
    about = "A terminal chat client for Bright Pattern contact centers"
)]
struct Cli {
    /// The config file (default: $SP_CHAT_CONFIG, else ~/.config/sp-chat/config.toml).
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
    /// Line mode: plain lines in and out, for screen readers, braille displays and scripts
    /// (also SP_CHAT_LINE=1, or `[ui] mode = "line"`).
    #[arg(long, global = true)]
    line: bool,
    /// Line mode with JSON Lines on stdout, one object per event (implies --line).
    #[arg(long, global = true)]
    json: bool,
    /// Colour in line mode: never (the default) or always.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Never)]
    color: ColorWhen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Never,
    Always,
}

/// How the front end was asked for on the command line and in the environment (the config's
/// `[ui] mode` decides when neither does).
#[derive(Clone, Copy, Debug)]
struct FrontEnd {
    /// `Some(true)`: line mode, `Some(false)`: the TUI (`SP_CHAT_LINE=0`), `None`: the config.
    line: Option<bool>,
    options: sp_chat::line::LineOptions,
}

impl FrontEnd {
    fn from_cli(cli: &Cli) -> Self {
        let env = std::env::var("SP_CHAT_LINE").ok();
        FrontEnd {
            line: sp_chat::line::asked_for(cli.line || cli.json, env.as_deref()),
            options: sp_chat::line::LineOptions {
                json: cli.json,
                color: cli.color == ColorWhen::Always,
            },
        }
    }

    fn is_line(&self, settings: &Settings) -> bool {
        self.line.unwrap_or_else(|| settings.wants_line_mode())
    }

    /// The exit code of a config that cannot be used: 2 in line mode (scripts tell it apart).
    fn bad_config(&self, message: &str) -> ExitCode {
        eprintln!("{}", runtime::terminal::failure_line(message));
        if self.line == Some(true) {
            ExitCode::from(2)
        } else {
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the app against an embedded simulated tenant (your config is not touched).
    Demo {
        /// How fast the simulated agent answers.
        #[arg(long, value_enum, default_value_t = AgentPace::Human)]
        pace: AgentPace,
    },
    /// Run the simulated tenant alone and print the settings a client needs.
    Sim(sp_chat::sim::SimCliOptions),
    /// Print the keys in force: mode, key, action name (for the config's [keys]) and what it does.
    Keys,
    /// Print a completion script for a shell (see the README for where to put it).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output.
    Man,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AgentPace {
    /// Seconds in the queue, a second or two of typing before each answer.
    Human,
    /// Half a second in the queue and of typing: quick, but every step is visible.
    Brisk,
    /// Everything within a few tens of milliseconds (tests, impatient people).
    Fast,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The commands that only print need no runtime (and touch no network).
    match &cli.command {
        Some(Command::Keys) => return print_keys(cli.config.as_deref()),
        Some(Command::Completions { shell }) => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "sp-chat", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Some(Command::Man) => {
            return match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("cannot write the manual page: {e}")),
            };
        }
        _ => {}
    }
    let front = FrontEnd::from_cli(&cli);
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    rt.block_on(async move {
        match cli.command {
            Some(Command::Sim(opts)) => match sp_chat::sim::run_standalone(opts).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("sim: {e:#}")),
            },
            Some(Command::Demo { pace }) => run_demo(pace, front).await,
            Some(Command::Keys | Command::Completions { .. } | Command::Man) => ExitCode::SUCCESS,
            None => run_app(cli.config, front).await,
        }
    })
}

async fn run_app(cli_config: Option<PathBuf>, front: FrontEnd) -> ExitCode {
    let path = match config::resolve_config_path(cli_config.as_deref()) {
        Ok(path) => path,
        Err(e) => return front.bad_config(&e.to_string()),
    };
    let settings = match config::load_or_init(&path) {
        Ok(settings) => settings,
        Err(e) => return front.bad_config(&e.to_string()),
    };
    // Before the terminal is taken and before any request: a `[keys]` entry that cannot be
    // used is said here, naming it.
    let keymap = match keymap::from_config::keymap(&settings, &path) {
        Ok(keymap) => keymap,
        Err(e) => return front.bad_config(&e.to_string()),
    };
    run(settings, path, keymap, false, front).await
}

/// `sp-chat keys`: the keymap of the config in force, one binding a line.
fn print_keys(cli_config: Option<&std::path::Path>) -> ExitCode {
    let keymap = config::resolve_config_path(cli_config).and_then(|path| {
        let settings = config::load(&path)?;
        keymap::from_config::keymap(&settings, &path)
    });
    match keymap {
        Ok(keymap) => {
            print!("{}", sp_chat::app::keymap::table_text(&keymap));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

async fn run_demo(pace: AgentPace, front: FrontEnd) -> ExitCode {
    let sim_config = match pace {
        AgentPace::Human => SimConfig::demo(),
        AgentPace::Brisk => SimConfig::brisk(),
        AgentPace::Fast => SimConfig::fast(),
    };
    let sim = match SimServer::start(sim_config).await {
        Ok(sim) => sim,
        Err(e) => return fail(&format!("cannot start the simulated tenant: {e}")),
    };
    // A private config for the demo: saving on the settings screen must not touch the user's.
    let dir = std::env::temp_dir().join(format!("sp-chat-demo-{}", uuid::Uuid::new_v4()));
    let path = dir.join("config.toml");
    let settings = match demo_settings(&sim, &path) {
        Ok(settings) => settings,
        Err(e) => return fail(&format!("cannot prepare the demo settings: {e}")),
    };
    // The demo reads no user config, so it has the default keys.
    let code = run(settings, path, Keymap::default(), true, front).await;
    let _ = std::fs::remove_dir_all(&dir);
    drop(sim);
    code
}

fn demo_settings(sim: &SimServer, path: &std::path::Path) -> anyhow::Result<Settings> {
    let parent = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut text = sim.settings_toml();
    text.push_str("\n[customer]\nfirst_name = \"Demo\"\nlast_name = \"Customer\"\n");
    std::fs::write(path, text)?;
    let settings = config::load(path)?;
    config::save(path, &settings)?;
    Ok(settings)
}

async fn run(
    settings: Settings,
    config_path: PathBuf,
    keymap: Keymap,
    demo: bool,
    front: FrontEnd,
) -> ExitCode {
    let log_dir = runtime::logging::state_dir();
    let _log = log_dir
        .as_deref()
        .and_then(|dir| runtime::logging::init(dir, &settings.log.level));
    let line = front.is_line(&settings);
    let opts = RunOptions {
        settings,
        config_path,
        demo,
        log_dir,
        keymap,
    };
    if line {
        return match sp_chat::line::run(opts, front.options).await {
            Ok(outcome) => ExitCode::from(outcome.code()),
            Err(e) => fail(&format!("{e:#}")),
        };
    }
    match runtime::run(opts).await {
        Ok(Exit::Quit | Exit::Signal) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{e:#}")),
    }
}

/// Before the TUI starts (or after it is restored): say it plainly and exit non-zero.
fn fail(message: &str) -> ExitCode {
    eprintln!("{}", runtime::terminal::failure_line(message));
    ExitCode::FAILURE
}
