//! The Home screen's state: availability, the first message, an optional image, *Help me*.
//!
//! Owns the form and the availability line. Does not own starting the chat (`App` turns *Help
//! me* into `Effect::StartChat` and a chat screen) or completing paths (runtime I/O).

use super::composer::Composer;
use super::prechat::PreChatField;
use super::sentences::{error_sentence, wait_sentence};
use crate::api;
use crate::api::types::{Availability as Wire, AvailabilityResponse};

/// What Check Availability said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    Checking,
    Available { ewt: Option<u64> },
    NotAvailable,
    Failed(String),
}

impl Availability {
    pub fn from_answer(answer: &Result<AvailabilityResponse, api::Error>) -> Self {
        match answer {
            Ok(AvailabilityResponse {
                chat: Wire::Available,
                ewt,
            }) => Availability::Available { ewt: *ewt },
            Ok(AvailabilityResponse {
                chat: Wire::NotAvailable,
                ..
            }) => Availability::NotAvailable,
            Err(e) => Availability::Failed(error_sentence(e)),
        }
    }

    /// The line shown on Home.
    pub fn sentence(&self) -> String {
        match self {
            Availability::Checking => "Checking availability…".to_string(),
            Availability::Available { ewt: None } => "Agents are available".to_string(),
            Availability::Available { ewt: Some(s) } => {
                format!("Agents are available — wait {}", wait_sentence(*s))
            }
            Availability::NotAvailable => {
                "No agents available (outside hours); you may still ask".to_string()
            }
            Availability::Failed(why) => format!("Could not check availability: {why}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeFocus {
    /// A field of the pre-chat form, by index.
    Param(usize),
    Message,
    Image,
    HelpMe,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HomeState {
    pub availability: Availability,
    pub message: Composer,
    pub image: Composer,
    pub focus: HomeFocus,
    /// Matches for the image path, from the last completion.
    pub completions: Vec<String>,
    /// A line about the last chat ("Thank you for your feedback.") or a problem.
    pub notice: Option<String>,
    /// The pre-chat form (empty until Expected Parameters answers, or when it asks nothing).
    pub params: Vec<PreChatField>,
}

impl HomeState {
    pub fn new(notice: Option<String>) -> Self {
        HomeState {
            availability: Availability::Checking,
            message: Composer::multi_line(),
            image: Composer::single_line(),
            focus: HomeFocus::Message,
            completions: Vec::new(),
            notice,
            params: Vec::new(),
        }
    }

    /// The form's fields arrived: shown above the message, focus unchanged (the message box).
    pub fn set_params(&mut self, params: Vec<PreChatField>) {
        self.params = params;
        if let HomeFocus::Param(i) = self.focus
            && i >= self.params.len()
        {
            self.focus = HomeFocus::Message;
        }
    }

    /// Order: the form's fields, the message, the image, *Help me*, round again.
    pub fn focus_next(&mut self) {
        let n = self.params.len();
        self.focus = match self.focus {
            HomeFocus::Param(i) if i + 1 < n => HomeFocus::Param(i + 1),
            HomeFocus::Param(_) => HomeFocus::Message,
            HomeFocus::Message => HomeFocus::Image,
            HomeFocus::Image => HomeFocus::HelpMe,
            HomeFocus::HelpMe if n > 0 => HomeFocus::Param(0),
            HomeFocus::HelpMe => HomeFocus::Message,
        };
    }

    pub fn focus_prev(&mut self) {
        let n = self.params.len();
        self.focus = match self.focus {
            HomeFocus::Param(0) => HomeFocus::HelpMe,
            HomeFocus::Param(i) => HomeFocus::Param(i - 1),
            HomeFocus::Message if n > 0 => HomeFocus::Param(n - 1),
            HomeFocus::Message => HomeFocus::HelpMe,
            HomeFocus::Image => HomeFocus::Message,
            HomeFocus::HelpMe => HomeFocus::Image,
        };
    }

    pub fn focused_field_mut(&mut self) -> Option<&mut Composer> {
        match self.focus {
            HomeFocus::Param(i) => self.params.get_mut(i).map(|f| &mut f.value),
            HomeFocus::Message => Some(&mut self.message),
            HomeFocus::Image => Some(&mut self.image),
            HomeFocus::HelpMe => None,
        }
    }
}

/// Applies a path completion to a path field: one match replaces the text, several extend it to
/// their common prefix and are listed. A stale answer (the text changed since) is ignored.
pub fn apply_completion(
    field: &mut Composer,
    shown: &mut Vec<String>,
    input: &str,
    candidates: Vec<String>,
) {
    if field.text() != input {
        return;
    }
    let candidates: Vec<String> = candidates
        .iter()
        .map(|c| crate::text::sanitize_line(c))
        .collect();
    match candidates.as_slice() {
        [] => shown.clear(),
        [only] => {
            field.set_text(only);
            shown.clear();
        }
        many => {
            let prefix = common_prefix(many);
            if prefix.len() > input.len() {
                field.set_text(&prefix);
            }
            *shown = candidates;
        }
    }
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut len = first.len();
    for item in &items[1..] {
        len = first
            .char_indices()
            .zip(item.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map(|((i, a), _)| i + a.len_utf8())
            .unwrap_or(0)
            .min(len);
    }
    first[..len].to_string()
}
