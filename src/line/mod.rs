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
pub mod core;
pub mod event;
pub mod found;
pub mod front;
pub mod observe;
pub mod prompt;
mod run;
#[cfg(test)]
pub mod test_support;

pub use core::Core;
pub use event::{LineEvent, Style};
pub use front::{LineFront, Outcome};
pub use run::{LineOptions, SETTLE_LIMIT, run};

/// Which front end the command line and `SP_CHAT_LINE` ask for: `Some(true)` line mode (the
/// flag, or `SP_CHAT_LINE=1`), `Some(false)` the full screen (`SP_CHAT_LINE=0`), `None` when
/// neither says (the config's `[ui] mode` decides). The flag wins.
pub fn asked_for(flag: bool, env: Option<&str>) -> Option<bool> {
    if flag {
        return Some(true);
    }
    match env.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("1" | "true" | "yes" | "on") => Some(true),
        Some("0" | "false" | "no" | "off") => Some(false),
        Some(_) | None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::asked_for;

    #[test]
    fn the_flag_wins_then_the_environment_then_the_config() {
        assert_eq!(asked_for(true, Some("0")), Some(true));
        assert_eq!(asked_for(false, Some("1")), Some(true));
        assert_eq!(asked_for(false, Some(" TRUE ")), Some(true));
        assert_eq!(asked_for(false, Some("0")), Some(false));
        assert_eq!(asked_for(false, Some("off")), Some(false));
        assert_eq!(asked_for(false, Some("maybe")), None);
        assert_eq!(asked_for(false, Some("")), None);
        assert_eq!(asked_for(false, None), None);
    }
}
