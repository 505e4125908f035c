//! The line front end (`sp-chat --line`, `--json`): the same app as the TUI — the same state
//! machine, session worker, settings and effects — with plain lines out and lines in, for
//! screen readers, braille displays and scripts.
//!
//! How it drives the app: a typed line becomes the messages a key press would cause
//! (`Msg::Action`, `Msg::SetText`, `Msg::SelectEntry`), so every rule stays the screens' own;
//! what to print comes from looking at the app after each message (new transcript entries,
//! the phase, the link, typing, the questions of a form). Nothing is drawn, nothing is
//! redrawn, and no terminal mode is changed.
//!
//! Children: `event.rs` (a line and its plain or JSON spelling: the last sanitising sink),
//! `observe.rs` (what changed), `prompt.rs` (what is asked now, in words), `command.rs` (the
//! `/` commands), `front.rs` (which question a line answers, without I/O), `actions.rs` (the
//! messages an answer or a command sends), `run.rs` (the event loop: the
//! only I/O here, on the runtime's shared pieces).

mod actions;
pub mod command;
pub mod event;
pub mod front;
pub mod observe;
pub mod prompt;
mod run;
#[cfg(test)]
pub mod test_support;

pub use event::{LineEvent, Style};
pub use front::{Core, LineFront, Outcome};
pub use run::{LineOptions, SETTLE_LIMIT, run};
