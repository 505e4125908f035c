//! A y/n question over any screen. Owns the questions and their wording; what a yes does is
//! the asker's (the `App` for quitting and rejoining, the chat for ending and skipping).

use super::{Overlay, Reply, ViewCx};
use crate::app::keymap::{Action, Mode};
use crate::app::relative_time::{local_date, local_day};

/// A question waiting for y/n.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit while a chat is live (it stays resumable).
    Quit,
    /// End the chat (Ctrl-X).
    EndChat,
    /// Skip the survey/form.
    SkipForm,
    /// A live chat was found at start; `started` says when ("at 14:05", see [`started_when`])
    /// if Get Active Chat told.
    Rejoin {
        chat_id: String,
        started: Option<String>,
    },
}

impl Confirm {
    /// The question, as shown.
    pub fn question(&self) -> String {
        match self {
            Confirm::Quit => {
                "Quit sp-chat? Your chat stays open: you can rejoin it next time.".to_string()
            }
            Confirm::EndChat => "End this chat?".to_string(),
            Confirm::SkipForm => "Skip this form without answering?".to_string(),
            Confirm::Rejoin {
                started: Some(when),
                ..
            } => format!("Rejoin the chat you started {when}?"),
            Confirm::Rejoin { started: None, .. } => {
                "You have a chat in progress — rejoin?".to_string()
            }
        }
    }
}

/// When a chat started, as the rejoin question says it: "at 14:05" today (local time),
/// "yesterday at 23:50", else "on 2026-03-14 14:05". A start in the future (the server's clock
/// ahead of ours) is still "at" its time.
pub fn started_when(started_ms: i64, now_ms: i64, utc_offset_secs: i32) -> String {
    let clock = crate::app::transcript::clock(started_ms, utc_offset_secs);
    let today = local_day(now_ms, utc_offset_secs);
    match today.saturating_sub(local_day(started_ms, utc_offset_secs)) {
        1 => format!("yesterday at {clock}"),
        days if days > 1 => format!("on {}", local_date(started_ms, utc_offset_secs)),
        _ => format!("at {clock}"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmView {
    question: Confirm,
    answered: bool,
}

impl ConfirmView {
    pub fn new(question: Confirm) -> Self {
        ConfirmView {
            question,
            answered: false,
        }
    }

    pub fn question(&self) -> &Confirm {
        &self.question
    }
}

impl Overlay for ConfirmView {
    fn modes(&self) -> Vec<Mode> {
        vec![Mode::Confirm]
    }

    fn on_action(&mut self, action: Action, _cx: ViewCx) -> Reply {
        match action {
            Action::Yes => {
                self.answered = true;
                Reply {
                    confirmed: Some(self.question.clone()),
                    ..Reply::default()
                }
            }
            Action::No => {
                self.answered = true;
                Reply::default()
            }
            _ => Reply::default(),
        }
    }

    fn is_complete(&self) -> bool {
        self.answered
    }
}
