//! The Home screen's state: availability, the first message, a callback number, an optional
//! image, *Help me*.
//!
//! Owns the form and the availability line, and its keys (`keys.rs`): *Help me* builds the chat
//! screen and asks for `Effect::StartChat`. The callback number is prefilled from
//! `[customer] phone` and also answers a PHONE pre-chat parameter (see `prechat`). Does not own completing paths (runtime I/O) or the
//! pre-chat form's rules (`prechat`).

use crate::app::composer::Composer;
use crate::app::sentences::{error_sentence, wait_sentence};
use crate::app::transcript::EntryKind;
use prechat::PreChatField;

mod keys;
pub mod prechat;

use crate::api;
use crate::api::types::{Availability as Wire, AvailabilityResponse};
pub use keys::chat_request;

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
    /// The callback number (Request Chat's `phone_number`).
    Callback,
    Image,
    HelpMe,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HomeState {
    availability: Availability,
    message: Composer,
    /// The number to call back on, sent as `phone_number` when filled.
    callback: Composer,
    image: Composer,
    focus: HomeFocus,
    /// Matches for the image path, from the last completion.
    completions: Vec<String>,
    /// A line about the last chat ("Thank you for your feedback.") or a problem.
    notice: Option<String>,
    /// The pre-chat form (empty until Expected Parameters answers, or when it asks nothing).
    params: Vec<PreChatField>,
    /// The names of the PHONE parameters the scenario expects: the callback number answers them.
    phone_params: Vec<String>,
    /// Expected Parameters answered (or failed): the form is what it will be.
    form_known: bool,
}

impl HomeState {
    /// A fresh Home; the callback number prefilled with `phone` (`[customer] phone`).
    pub fn new(notice: Option<String>, phone: &str) -> Self {
        let mut callback = Composer::single_line();
        callback.set_text(phone.trim());
        HomeState {
            availability: Availability::Checking,
            message: Composer::multi_line(),
            callback,
            image: Composer::single_line(),
            focus: HomeFocus::Message,
            completions: Vec::new(),
            notice,
            params: Vec::new(),
            phone_params: Vec::new(),
            form_known: false,
        }
    }

    /// Home after a chat that could not start: the first message and the callback number given
    /// for it are back in their boxes.
    pub fn restoring(notice: Option<String>, message: Option<String>, phone: &str) -> Self {
        let mut home = HomeState::new(notice, phone);
        if let Some(text) = message {
            home.message.set_text(&text);
        }
        home
    }

    pub fn availability(&self) -> &Availability {
        &self.availability
    }

    pub fn message(&self) -> &Composer {
        &self.message
    }

    pub fn callback(&self) -> &Composer {
        &self.callback
    }

    pub fn image(&self) -> &Composer {
        &self.image
    }

    pub fn focus(&self) -> HomeFocus {
        self.focus
    }

    /// Matches for the image path, from the last completion.
    pub fn completions(&self) -> &[String] {
        &self.completions
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn params(&self) -> &[PreChatField] {
        &self.params
    }

    /// Whether Expected Parameters answered (or failed): until then more fields may come.
    pub fn form_known(&self) -> bool {
        self.form_known
    }

    /// Expected Parameters failed: the form stays empty (the settings name the customer).
    pub fn parameters_failed(&mut self) {
        self.form_known = true;
    }

    /// Check Availability answered.
    pub fn availability_checked(&mut self, answer: &Result<AvailabilityResponse, api::Error>) {
        self.availability = Availability::from_answer(answer);
    }

    /// A line about something that finished meanwhile (a transcript saved after the chat).
    pub fn say(&mut self, line: EntryKind) {
        if let EntryKind::System(line) | EntryKind::Error(line) = line {
            self.notice = Some(line);
        }
    }

    /// The answer to the image field's path completion. An answer that completes nothing more
    /// (no match, or the text and the list already as far as they go) moves the focus on, as
    /// Tab does elsewhere: Tab never traps the focus in the field.
    pub fn path_completed(&mut self, input: &str, candidates: Vec<String>) {
        if self.focus != HomeFocus::Image || self.image.text() != input {
            return;
        }
        let listed_before = self.completions.clone();
        crate::app::completion::apply(&mut self.image, &mut self.completions, input, candidates);
        if self.image.text() == input && self.completions == listed_before {
            self.completions.clear();
            self.focus_next();
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

    /// Order: the form's fields, the message, the callback number, the image, *Help me*, round
    /// again.
    fn focus_next(&mut self) {
        let n = self.params.len();
        self.focus = match self.focus {
            HomeFocus::Param(i) if i + 1 < n => HomeFocus::Param(i + 1),
            HomeFocus::Param(_) => HomeFocus::Message,
            HomeFocus::Message => HomeFocus::Callback,
            HomeFocus::Callback => HomeFocus::Image,
            HomeFocus::Image => HomeFocus::HelpMe,
            HomeFocus::HelpMe if n > 0 => HomeFocus::Param(0),
            HomeFocus::HelpMe => HomeFocus::Message,
        };
    }

    fn focus_prev(&mut self) {
        let n = self.params.len();
        self.focus = match self.focus {
            HomeFocus::Param(0) => HomeFocus::HelpMe,
            HomeFocus::Param(i) => HomeFocus::Param(i - 1),
            HomeFocus::Message if n > 0 => HomeFocus::Param(n - 1),
            HomeFocus::Message => HomeFocus::HelpMe,
            HomeFocus::Callback => HomeFocus::Message,
            HomeFocus::Image => HomeFocus::Callback,
            HomeFocus::HelpMe => HomeFocus::Image,
        };
    }

    fn focused_field_mut(&mut self) -> Option<&mut Composer> {
        match self.focus {
            HomeFocus::Param(i) => self.params.get_mut(i).map(|f| &mut f.value),
            HomeFocus::Message => Some(&mut self.message),
            HomeFocus::Callback => Some(&mut self.callback),
            HomeFocus::Image => Some(&mut self.image),
            HomeFocus::HelpMe => None,
        }
    }
}

#[cfg(test)]
#[path = "tab_tests.rs"]
mod tab_tests;
