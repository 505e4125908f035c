//! The `sp-chat` binary: command-line parsing and dispatch to the run modes.
//!
//! `sp-chat sim` runs the simulated tenant alone. The terminal app (`sp-chat`, `sp-chat demo`)
//! is not part of this build yet.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "sp-chat",
    version,
    about = "A terminal chat client for Bright Pattern contact centers"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the app against an embedded simulated tenant.
    Demo,
    /// Run the simulated tenant alone and print the settings a client needs.
    Sim(sp_chat::sim::SimCliOptions),
}

#[tokio::main]
async fn main() -> ExitCode {
    match Cli::parse().command {
        Some(Command::Sim(opts)) => match sp_chat::sim::run_standalone(opts).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sp-chat sim: {e:#}");
                ExitCode::FAILURE
            }
        },
        None | Some(Command::Demo) => {
            eprintln!("sp-chat: the terminal app is not built into this branch");
            ExitCode::from(2)
        }
    }
}
