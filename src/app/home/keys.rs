//! Home's keys: moving between the fields, editing them, completing the image path, checking
//! availability again, and *Help me*, which turns the form into a Request Chat and the chat
//! screen that waits for its answer.
//!
//! A child of `home` (it reaches the form's private fields). Does not own the chat screen
//! (`chat`) or the pre-chat form's rules (`prechat`).

use super::{Availability, HomeFocus, HomeState, prechat};
use crate::api::types::ChatRequest;
use crate::app::composer::FieldEdit;
use crate::app::context::Ctx;
use crate::app::keymap::{Action, Mode};
use crate::app::msg::Effect;
use crate::app::step::{Change, ChatStart, Step};
use crate::config::Settings;
use std::path::PathBuf;

/// The Request Chat body for these settings without a pre-chat form: the customer's name as
/// `from`, the parameters the simulated and real scenarios expect (PROTOCOL.md, Expected
/// Parameters), and the callback number `phone` (Home's field) as `phone_number`.
pub fn chat_request(s: &Settings, phone: &str) -> ChatRequest {
    let mut parameters = std::collections::BTreeMap::new();
    for (name, value) in [
        ("first_name", &s.customer.first_name),
        ("last_name", &s.customer.last_name),
        ("email", &s.customer.email),
    ] {
        if !value.trim().is_empty() {
            parameters.insert(name.to_string(), value.trim().to_string());
        }
    }
    ChatRequest {
        phone_number: phone.trim().to_string(),
        from: s.customer_display_name(),
        parameters,
    }
}

impl HomeState {
    pub fn modes(&self) -> Vec<Mode> {
        match self.focus {
            HomeFocus::Param(_) | HomeFocus::Callback => vec![Mode::SingleLine, Mode::Home],
            HomeFocus::Message => vec![Mode::Home],
            HomeFocus::Image => vec![Mode::PathField, Mode::SingleLine, Mode::Home],
            HomeFocus::HelpMe => vec![Mode::NoText, Mode::Home],
        }
    }

    pub fn help_modes() -> Vec<Mode> {
        vec![Mode::Home, Mode::PathField, Mode::SingleLine, Mode::NoText]
    }

    pub fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Step {
        match action {
            Action::FocusNext | Action::FocusPrev => {
                self.completions.clear();
                if action == Action::FocusNext {
                    self.focus_next();
                } else {
                    self.focus_prev();
                }
            }
            Action::HelpMe => return self.help_me(ctx),
            Action::OpenSettings => return Step::to(Change::Settings),
            Action::RefreshAvailability => {
                self.availability = Availability::Checking;
                return vec![Effect::CheckAvailability].into();
            }
            // Nothing typed, nothing to complete: Tab moves on as from any other field (a
            // keyboard user must be able to Tab past the image field).
            Action::CompletePath if self.focus == HomeFocus::Image && self.image_is_empty() => {
                self.completions.clear();
                self.focus_next();
            }
            Action::CompletePath if self.focus == HomeFocus::Image => {
                return vec![Effect::CompletePath(self.image.text().to_string())].into();
            }
            _ => {}
        }
        Step::default()
    }

    fn image_is_empty(&self) -> bool {
        self.image.text().trim().is_empty()
    }

    /// The footer's word for `action` here: Tab in an empty image field says it moves on.
    pub fn hint(&self, action: Action) -> &'static str {
        match action {
            Action::CompletePath if self.focus == HomeFocus::Image && self.image_is_empty() => {
                Action::FocusNext.hint()
            }
            other => other.hint(),
        }
    }

    /// Runs `edit` on the focused field; an edited image path drops its stale completions.
    pub fn edit(&mut self, edit: FieldEdit) {
        let is_image = self.focus == HomeFocus::Image;
        if let Some(field) = self.focused_field_mut()
            && edit(field)
            && is_image
        {
            self.completions.clear();
        }
    }

    /// The pre-chat form's fields (Expected Parameters), prefilled from the settings.
    pub fn parameters_fetched(
        &mut self,
        list: &[crate::api::types::ExpectedParameter],
        s: &Settings,
    ) {
        self.set_params(prechat::fields_for(list, s));
        self.phone_params = prechat::phone_parameters(list);
        self.form_known = true;
    }

    /// *Help me*: a new chat with the first message and image, and the Request Chat for it. A
    /// pre-chat field or a callback number that is not right stays here, saying why.
    fn help_me(&mut self, ctx: &mut Ctx) -> Step {
        let problem = prechat::problem(&self.params)
            .or_else(|| prechat::phone_sentence("Callback number", self.callback.text()));
        if let Some(problem) = problem {
            self.notice = Some(problem);
            return Step::default();
        }
        let first =
            Some(self.message.text().trim_end().to_string()).filter(|t| !t.trim().is_empty());
        let image = Some(self.image.text().trim())
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        let settings = ctx.settings;
        let phone = self.callback.text();
        let request = if self.params.is_empty() && self.phone_params.is_empty() {
            chat_request(settings, phone)
        } else {
            prechat::request(&self.params, &self.phone_params, phone, settings)
        };
        let customer_name = if request.from.is_empty() {
            settings.customer_display_name()
        } else {
            request.from.clone()
        };
        Step::to(Change::StartChat(ChatStart {
            customer_name,
            first_message: first,
            image,
            request,
        }))
    }
}
