//! What a screen answers when it handles an input ([`Step`]: its effects, and maybe a
//! [`Change`] the `App` carries out), and the plain data a change carries.
//!
//! Below every screen and above the views, so a screen can ask for a view to open without
//! either reaching the `App`.

use super::msg::Effect;
use super::views::{Confirm, View};
use crate::api::types::ChatRequest;
use std::path::PathBuf;

/// A new chat, as Home asks for it: who the customer is, what to send once it has started, and
/// the Request Chat.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatStart {
    pub customer_name: String,
    pub first_message: Option<String>,
    pub image: Option<PathBuf>,
    pub request: ChatRequest,
}

/// What Home gets back from a chat that could not start: what was typed for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsent {
    /// The first message, if it had not gone out.
    pub message: Option<String>,
    /// The callback number as given (empty: none was).
    pub callback: String,
}

/// What the `App` must do beyond running the effects: the transitions no screen can make on
/// its own, because they replace the screen or sit above it.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Back to Home, with a line about the chat and maybe what was typed for it restored.
    Home {
        notice: Option<String>,
        restore: Option<Unsent>,
    },
    /// Open the settings (prefilled from the settings in force).
    Settings,
    /// *Help me*: the chat screen replaces Home and asks the tenant for an agent.
    StartChat(ChatStart),
    /// Open an overlay above everything.
    Open(View),
    /// A question was answered yes.
    Confirmed(Confirm),
}

/// A screen's or a view's answer to one input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub effects: Vec<Effect>,
    pub change: Option<Change>,
}

impl Step {
    pub fn to(change: Change) -> Self {
        Step {
            effects: Vec::new(),
            change: Some(change),
        }
    }

    pub fn with(mut self, effects: impl IntoIterator<Item = Effect>) -> Self {
        self.effects.extend(effects);
        self
    }
}

impl From<Vec<Effect>> for Step {
    fn from(effects: Vec<Effect>) -> Self {
        Step {
            effects,
            change: None,
        }
    }
}
