//! The customer's answer to the agent's form (the survey): sending it, skipping it, and where
//! the chat goes once it is over depending on that answer.
//!
//! A child of `chat`; split off so each file stays readable. Does not own the form's fields and
//! their editing (`survey`), nor drawing it (`ui`).

use super::{ChatState, FormAnswer};
use crate::api::session::SessionCommand;
use crate::app::msg::Effect;
use crate::app::step::{Change, Step};
use crate::app::survey::FormProgress;
use crate::app::transcript::EntryKind;

impl ChatState {
    /// Once the chat is over: Home if the form was dealt with, else stay to let the customer
    /// read the last lines ("press Enter to return to Home").
    pub(super) fn after_end(&mut self, effects: Vec<Effect>) -> Step {
        let notice = match self.form_answer {
            Some(FormAnswer::Submitted) => "Thank you for your feedback.",
            Some(FormAnswer::Cancelled) => "The chat has ended.",
            None => {
                // A form left unanswered cannot be sent any more.
                self.form = None;
                return effects.into();
            }
        };
        Step::to(Change::Home {
            notice: Some(notice.to_string()),
            restore: None,
        })
        .with(effects)
    }
    /// Sends the form's answers.
    pub fn submit_form(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        if matches!(form.progress, FormProgress::Sending | FormProgress::Sent) {
            return Vec::new();
        }
        form.progress = FormProgress::Sending;
        self.form_answer = Some(FormAnswer::Submitted);
        let cmd = SessionCommand::SubmitForm {
            form_request_id: form.request_id.clone(),
            form_name: form.wire_name.clone(),
            data: form.data(),
            secure: form.secure,
        };
        self.command(cmd)
    }

    /// Declines the form.
    pub fn cancel_form(&mut self, now: i64) -> Vec<Effect> {
        let Some(form) = self.form.take() else {
            return Vec::new();
        };
        self.form_answer = Some(FormAnswer::Cancelled);
        self.transcript
            .push(now, EntryKind::System("You skipped the form".to_string()));
        self.command(SessionCommand::CancelForm {
            form_request_id: form.request_id,
            form_name: form.wire_name,
            secure: form.secure,
        })
    }
}
