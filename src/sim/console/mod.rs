//! `sp-chat sim --agent-console`: the simulated tenant with a person playing the agent from a
//! small TUI in the same process (the scripted agent's autopilot is off).
//!
//! Split as the app is: `state` (pure state machine: chats, composer, keys → actions), `view`
//! (pure drawing) and `runner` (reading the tenant, executing actions, the terminal loop).

pub mod runner;
pub mod state;
pub mod view;

pub use runner::{apply, run, snapshot};
pub use state::{ChatSnapshot, ConsoleAction, ConsoleState};

#[cfg(test)]
#[path = "view_tests.rs"]
mod view_tests;
