//! A form shown by the server: the `MobileChatSurvey` (rating, resolved, comment) or, for any
//! other name, a generic free-text form.
//!
//! Owns the answers, focus, and the `data` map sent back. Does not own sending (the app emits
//! `SessionCommand::SubmitForm`) or what follows the chat's end (`App`).

use super::composer::Composer;
use crate::api::types::FormShow;
use crate::api::wire::FormRequestId;
use std::collections::BTreeMap;

/// The survey the plugin's demo scenario shows (PROTOCOL.md, "The simulated tenant's survey").
pub const SURVEY_NAME: &str = "MobileChatSurvey";
/// The form a scenario shows to ask for the customer's location (PROTOCOL.md: answered as
/// form data). A terminal has no position to share: the answer is what the customer types.
pub const LOCATION_FORM: &str = "RequestLocation";

#[derive(Clone, Debug, PartialEq)]
pub enum FormKind {
    Survey {
        rating: Option<u8>,
        resolved: Option<bool>,
        comment: Composer,
    },
    Generic {
        text: Composer,
    },
}

/// Where the answers stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormProgress {
    Filling,
    Sending,
    Sent,
    Failed(String),
}

/// Which part of the form has the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormFocus {
    Rating,
    Resolved,
    Comment,
    Text,
    Send,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    pub request_id: FormRequestId,
    /// Sanitised, as shown; `wire_name` goes back unchanged.
    pub title: String,
    pub wire_name: String,
    pub secure: bool,
    pub kind: FormKind,
    focus: usize,
    pub progress: FormProgress,
}

impl FormState {
    pub fn new(show: &FormShow, secure: bool) -> Self {
        let kind = if show.form_name == SURVEY_NAME {
            FormKind::Survey {
                rating: None,
                resolved: None,
                comment: Composer::multi_line(),
            }
        } else {
            FormKind::Generic {
                text: Composer::multi_line(),
            }
        };
        let title = if show.form_name == SURVEY_NAME {
            "How did we do?".to_string()
        } else if show.form_name == LOCATION_FORM {
            // No GPS in a terminal: the customer may type a place, or skip (declines).
            "The agent asks where you are: type a place or address, or skip".to_string()
        } else if secure {
            format!(
                "Secure form {}: your answer is hidden and not kept here",
                crate::text::sanitize_line(&show.form_name)
            )
        } else if show.form_name.trim().is_empty() {
            "The agent asks for an answer".to_string()
        } else {
            format!("Form: {}", crate::text::sanitize_line(&show.form_name))
        };
        FormState {
            request_id: show.form_request_id.clone(),
            title,
            wire_name: show.form_name.clone(),
            secure,
            kind,
            focus: 0,
            progress: FormProgress::Filling,
        }
    }

    fn order(&self) -> &'static [FormFocus] {
        match self.kind {
            FormKind::Survey { .. } => &[
                FormFocus::Rating,
                FormFocus::Resolved,
                FormFocus::Comment,
                FormFocus::Send,
            ],
            FormKind::Generic { .. } => &[FormFocus::Text, FormFocus::Send],
        }
    }

    pub fn focus(&self) -> FormFocus {
        let order = self.order();
        order[self.focus.min(order.len() - 1)]
    }

    pub fn focus_next(&mut self) {
        self.focus = (self.focus + 1) % self.order().len();
    }

    pub fn focus_prev(&mut self) {
        let n = self.order().len();
        self.focus = (self.focus + n - 1) % n;
    }

    pub fn focused_field_mut(&mut self) -> Option<&mut Composer> {
        match (self.focus(), &mut self.kind) {
            (FormFocus::Comment, FormKind::Survey { comment, .. }) => Some(comment),
            (FormFocus::Text, FormKind::Generic { text }) => Some(text),
            (FormFocus::Comment, FormKind::Generic { .. })
            | (FormFocus::Text, FormKind::Survey { .. })
            | (FormFocus::Rating | FormFocus::Resolved | FormFocus::Send, _) => None,
        }
    }

    pub fn set_rating(&mut self, f: impl FnOnce(Option<u8>) -> u8) {
        if let FormKind::Survey { rating, .. } = &mut self.kind {
            *rating = Some(f(*rating).clamp(1, 5));
        }
    }

    pub fn set_resolved(&mut self, f: impl FnOnce(Option<bool>) -> bool) {
        if let FormKind::Survey { resolved, .. } = &mut self.kind {
            *resolved = Some(f(*resolved));
        }
    }

    /// The answers as sent in `chat_session_form_data`.
    pub fn data(&self) -> BTreeMap<String, String> {
        let mut data = BTreeMap::new();
        match &self.kind {
            FormKind::Survey {
                rating,
                resolved,
                comment,
            } => {
                if let Some(r) = rating {
                    data.insert("rating".to_string(), r.to_string());
                }
                if let Some(r) = resolved {
                    data.insert(
                        "resolved".to_string(),
                        if *r { "yes" } else { "no" }.to_string(),
                    );
                }
                data.insert("comment".to_string(), comment.text().trim().to_string());
            }
            FormKind::Generic { text } => {
                data.insert("text".to_string(), text.text().trim().to_string());
            }
        }
        data
    }
}
