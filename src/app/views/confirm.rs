//! A y/n question over any screen. Owns the questions and their wording; what a yes does is
//! the asker's (the `App` for quitting and rejoining, the chat for ending and skipping).

use super::{Overlay, Reply, ViewCx};
use crate::app::keymap::{Action, Mode};

/// A question waiting for y/n.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit while a chat is live (it stays resumable).
    Quit,
    /// End the chat (Ctrl-X).
    EndChat,
    /// Skip the survey/form.
    SkipForm,
    /// A live chat was found at start.
    Rejoin { chat_id: String },
}

impl Confirm {
    /// The question, as shown.
    pub fn question(&self) -> &'static str {
        match self {
            Confirm::Quit => "Quit sp-chat? Your chat stays open: you can rejoin it next time.",
            Confirm::EndChat => "End this chat?",
            Confirm::SkipForm => "Skip this form without answering?",
            Confirm::Rejoin { .. } => "You have a chat in progress — rejoin?",
        }
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
                    effects: Vec::new(),
                    confirmed: Some(self.question.clone()),
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
