//! The `sp-chat` binary: command-line parsing and dispatch to the run modes.
//!
//! - `sp-chat [--config PATH]`: the app against the configured tenant;
//! - `sp-chat demo`: the app against an embedded simulated tenant, without touching the user's
//!   own config;
//! - `sp-chat sim`: the simulated tenant alone, for other clients.

use clap::{Parser, Subcommand, ValueEnum};
use sp_chat::config::{self, Settings};
use sp_chat::runtime::{self, Exit, RunOptions};
use sp_chat::sim::{SimConfig, SimServer};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "sp-chat",
    version,
    about = "A terminal chat client for Bright Pattern contact centers"
)]
struct Cli {
    /// The config file (default: $SP_CHAT_CONFIG, else ~/.config/sp-chat/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
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
            Some(Command::Demo { pace }) => run_demo(pace).await,
            None => run_app(cli.config).await,
        }
    })
}

async fn run_app(cli_config: Option<PathBuf>) -> ExitCode {
    let path = match config::resolve_config_path(cli_config.as_deref()) {
        Ok(path) => path,
        Err(e) => return fail(&e.to_string()),
    };
    let settings = match config::load_or_init(&path) {
        Ok(settings) => settings,
        Err(e) => return fail(&e.to_string()),
    };
    run(settings, path, false).await
}

async fn run_demo(pace: AgentPace) -> ExitCode {
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
    let code = run(settings, path, true).await;
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

async fn run(settings: Settings, config_path: PathBuf, demo: bool) -> ExitCode {
    let log_dir = runtime::logging::state_dir();
    let _log = log_dir
        .as_deref()
        .and_then(|dir| runtime::logging::init(dir, &settings.log.level));
    let opts = RunOptions {
        settings,
        config_path,
        demo,
        log_dir,
    };
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
