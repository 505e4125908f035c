//! The chat's status line and its clock: what the line says (phase, link, leaving, ending),
//! whether it shows a spinner, and when the chat next needs a `Tick` (spinner frames, the
//! typing indicator's expiry).
//!
//! A child of `chat` (its types re-exported from there); split off so each file stays readable.
//! Does not own drawing the line (`ui::chat`, colours in `ui::theme`), the time label beside it
//! (`recency.rs`), nor the phase changes themselves.

use super::{ChatState, Ending, Link, Phase, SPINNER_MS};
use crate::app::sentences::wait_sentence;

/// The status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    /// Shows a spinner (something is in progress).
    pub busy: bool,
    pub tone: StatusTone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusTone {
    Normal,
    Good,
    Warn,
    Bad,
}

impl ChatState {
    /// The clock moved: drop a stale typing indicator. Returns whether anything shown changed.
    pub fn tick(&mut self, now: i64) -> bool {
        let mut changed = false;
        if self.typing.as_ref().is_some_and(|t| now >= t.until_ms) {
            self.typing = None;
            changed = true;
        }
        changed || self.status(now).busy
    }

    /// When the chat needs the clock next: spinner frames while something is in progress,
    /// the typing indicator's expiry. `None` when idle.
    pub fn next_wakeup_ms(&self, now: i64) -> Option<i64> {
        let spinner = self
            .status(now)
            .busy
            .then(|| (now.div_euclid(SPINNER_MS) + 1) * SPINNER_MS);
        let typing = self.typing.as_ref().map(|t| t.until_ms);
        match (spinner, typing) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn status(&self, now: i64) -> Status {
        let mut status = self.phase_status(now);
        // The promise matters while the customer waits for an agent; once one is chatting (or
        // the chat is over) the line says that instead.
        if let Some(phone) = &self.callback
            && matches!(
                (&self.phase, &self.link, self.leaving),
                (
                    Phase::Requesting | Phase::Queued { .. } | Phase::Connecting,
                    Link::Up,
                    false
                )
            )
        {
            status.text = format!("{} · We will call you at {phone}", status.text);
        }
        status
    }

    fn phase_status(&self, now: i64) -> Status {
        let s = |text: String, busy: bool, tone: StatusTone| Status { text, busy, tone };
        if let Phase::Ended(ending) = &self.phase {
            let text = match ending {
                Ending::Ended | Ending::Stopped => "Chat ended — press e to export".to_string(),
                Ending::Inactivity => "Chat ended for inactivity".to_string(),
                Ending::Gone => {
                    "The chat no longer exists (the contact center closed it)".to_string()
                }
                Ending::Failed(why) => format!("Chat ended: {why}"),
            };
            return s(text, false, StatusTone::Normal);
        }
        if let Link::Down { retry_at_ms, .. } = &self.link {
            let secs = (retry_at_ms - now + 999).div_euclid(1000);
            let text = if secs > 0 {
                format!("Reconnecting… (next try in {secs} s)")
            } else {
                "Reconnecting…".to_string()
            };
            return s(text, true, StatusTone::Warn);
        }
        if self.leaving {
            return s("Leaving the chat…".to_string(), true, StatusTone::Normal);
        }
        self.live_phase_status()
    }

    /// What the phase of a live chat says, whatever the link and leaving say (the line front
    /// end says those on their own lines).
    pub fn phase_sentence(&self) -> String {
        self.live_phase_status().text
    }

    fn live_phase_status(&self) -> Status {
        let s = |text: String, busy: bool, tone: StatusTone| Status { text, busy, tone };
        match &self.phase {
            Phase::Requesting => s("Requesting chat…".to_string(), true, StatusTone::Normal),
            Phase::Resuming => s("Rejoining your chat…".to_string(), true, StatusTone::Normal),
            Phase::Queued { ewt: Some(e) } => s(
                format!("In queue — {}", wait_sentence(*e)),
                true,
                StatusTone::Normal,
            ),
            Phase::Queued { ewt: None } => s("In queue".to_string(), true, StatusTone::Normal),
            Phase::Connecting => s(
                "Connecting to an agent…".to_string(),
                true,
                StatusTone::Normal,
            ),
            Phase::Ivr => s(
                "An automated assistant is answering; an agent may join later".to_string(),
                false,
                StatusTone::Normal,
            ),
            Phase::Connected => match &self.agent {
                Some(name) => s(format!("Chatting with {name}"), false, StatusTone::Good),
                None => s("Connected".to_string(), false, StatusTone::Good),
            },
            Phase::Ended(_) => s(String::new(), false, StatusTone::Bad),
        }
    }
}
