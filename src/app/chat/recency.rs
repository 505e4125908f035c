//! The chat's time label on the status line: how long ago the last message came, or when the
//! selected entry was written ("14:05 · 12 min ago"), for someone coming back to the terminal.
//!
//! A child of `chat`; owns which instant the label is about, its wording, and when it next needs
//! the clock. The label is shown only when it says something the screen does not already say:
//! not while the agent is typing (the typing line speaks), not while the spinner runs (the
//! status is about something in progress), and not while the newest message is under a minute
//! old. Its wake-ups come only from [`ChatState::time_label_wakeup_ms`], at the label's own
//! granularity (a minute, then an hour, then midnight), so an idle chat wakes at most once a
//! minute.
//!
//! Does not own the transcript rows (they stay absolute `HH:MM`) or drawing (`ui::chat`).

use super::{ChatFocus, ChatState};
use crate::app::relative_time::{self, Relative};
use crate::app::transcript::{EntryKind, Sender, clock};
use crate::text::display_width;

/// How many entries from the end are searched for the agent's last message. Bounded so that a
/// frame costs the same whatever the transcript's length; an agent message further back than
/// this has been followed by this many of the customer's own, and the newest of those is the
/// better "last message" anyway.
const LOOK_BACK: usize = 256;

/// The label, and a shorter form for a narrow status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeLabel {
    pub text: String,
    /// Only the relative part ("3 min ago").
    pub short: String,
}

/// What the label is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject<'a> {
    /// The entry selected in the transcript: always labelled while selected.
    Selected(i64),
    /// The agent's last message (else the last message at all, `agent` then `None`), labelled
    /// once the newest message of anyone is a minute old: right after the customer wrote, an
    /// age of the agent's answer would read as if nothing had happened since.
    LastMessage {
        then: i64,
        agent: Option<&'a str>,
        newest: i64,
    },
}

/// An agent's name longer than this is left out of the label ("last message …" instead), so
/// the label keeps to a glance and rarely needs its short form.
const MAX_NAME_WIDTH: usize = 24;

impl ChatState {
    /// The status line's time label at `now`, if one is shown.
    pub fn time_label(&self, now: i64, utc_offset_secs: i32) -> Option<TimeLabel> {
        let relative = |then| relative_time::classify(then, now, utc_offset_secs);
        match self.label_subject(now)? {
            Subject::Selected(then) => {
                let rel = relative(then);
                let text = match &rel {
                    Relative::JustNow | Relative::Minutes(_) | Relative::Hours(_) => {
                        format!("{} · {rel}", clock(then, utc_offset_secs))
                    }
                    // These already carry the time of day.
                    Relative::Yesterday(_) | Relative::On(_) => rel.to_string(),
                };
                Some(TimeLabel {
                    text,
                    short: rel.to_string(),
                })
            }
            Subject::LastMessage {
                then,
                agent,
                newest,
            } => match (relative(newest), relative(then)) {
                (Relative::JustNow, _) | (_, Relative::JustNow) => None,
                (
                    Relative::Minutes(_)
                    | Relative::Hours(_)
                    | Relative::Yesterday(_)
                    | Relative::On(_),
                    rel @ (Relative::Minutes(_)
                    | Relative::Hours(_)
                    | Relative::Yesterday(_)
                    | Relative::On(_)),
                ) => {
                    let who = agent.filter(|n| display_width(n) <= MAX_NAME_WIDTH);
                    let text = match who {
                        Some(name) => format!("{name} wrote {rel}"),
                        None => format!("last message {rel}"),
                    };
                    Some(TimeLabel {
                        text,
                        short: rel.to_string(),
                    })
                }
            },
        }
    }

    /// When the label will next read differently (or first appear, a minute after the newest
    /// message); `None` when no label can be shown now.
    pub fn time_label_wakeup_ms(&self, now: i64, utc_offset_secs: i32) -> Option<i64> {
        let then = match self.label_subject(now)? {
            Subject::Selected(then) => then,
            // Hidden until the newest message is a minute old: that is the next change then.
            Subject::LastMessage { newest, .. }
                if relative_time::classify(newest, now, utc_offset_secs) == Relative::JustNow =>
            {
                newest
            }
            Subject::LastMessage { then, .. } => then,
        };
        relative_time::next_change_ms(then, now, utc_offset_secs)
    }

    fn label_subject(&self, now: i64) -> Option<Subject<'_>> {
        let entries = self.transcript.entries();
        match self.focus {
            ChatFocus::Transcript { selected, .. } => {
                return entries.get(selected).map(|e| Subject::Selected(e.time_ms));
            }
            ChatFocus::Composer | ChatFocus::Attach { .. } => {}
        }
        if self.typing.is_some() || self.status(now).busy {
            return None;
        }
        let recent = || entries.iter().rev().take(LOOK_BACK);
        let from_agent = recent().find_map(|e| match &e.kind {
            EntryKind::Message {
                sender: Sender::Agent(name),
                ..
            }
            | EntryKind::File {
                sender: Sender::Agent(name),
                ..
            }
            | EntryKind::Buttons {
                sender: Sender::Agent(name),
                ..
            } => Some((e.time_ms, &**name)),
            EntryKind::Message { .. }
            | EntryKind::Buttons { .. }
            | EntryKind::File { .. }
            | EntryKind::Upload { .. }
            | EntryKind::System(_)
            | EntryKind::Warning(_)
            | EntryKind::Error(_) => None,
        });
        // Notices ("Transcript saved", joins) are not messages: they would reset the label.
        let newest = recent()
            .find(|e| match &e.kind {
                EntryKind::Message { .. }
                | EntryKind::File { .. }
                | EntryKind::Upload { .. }
                | EntryKind::Buttons { .. } => true,
                EntryKind::System(_) | EntryKind::Warning(_) | EntryKind::Error(_) => false,
            })?
            .time_ms;
        Some(match from_agent {
            Some((then, name)) => Subject::LastMessage {
                then,
                agent: Some(name),
                newest,
            },
            None => Subject::LastMessage {
                then: newest,
                agent: None,
                newest,
            },
        })
    }
}

#[cfg(test)]
#[path = "recency_tests.rs"]
mod tests;
