//! `App::update`'s body: routing each `Msg` to the screen it concerns, and the screen changes
//! (Settings → Home → Chat → Home), quitting and the answers to confirmations.
//!
//! Kept apart from `mod.rs` (the vocabulary) so each stays readable on its own. Does not own
//! input handling: keys through the keymap, paste, mouse and focus moves live in the child
//! `keys` (`keys.rs`).

use super::chat::{ChatFocus, Ctx, Outcome};
use super::home::{self, Availability, HomeFocus};
use super::prechat;
use super::transcript;
use super::{App, ChatState, Confirm, Effect, HomeState, Msg, Overlay, Screen};
use crate::api::session::SessionCommand;
use crate::api::types::ChatRequest;
use crate::config::Settings;
use std::path::PathBuf;

mod keys;

/// The Request Chat body for these settings: the customer's name as `from` and the parameters
/// the simulated and real scenarios expect (PROTOCOL.md, Expected Parameters).
pub fn chat_request(s: &Settings) -> ChatRequest {
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
        phone_number: s.customer.phone.trim().to_string(),
        from: s.customer_display_name(),
        parameters,
    }
}

impl App {
    pub(super) fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(ev) => self.on_key(ev),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Mouse(ev) => self.on_mouse(ev),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.dirty = true;
                Vec::new()
            }
            Msg::Tick { now_ms } => {
                let before = std::mem::replace(&mut self.now_ms, now_ms);
                // The time label is a function of the clock: redraw only when its words change.
                if self.time_label(before) != self.time_label(now_ms) {
                    self.dirty = true;
                }
                if let Screen::Chat(chat) = &mut self.screen
                    && chat.tick(now_ms)
                {
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::FocusChanged(focused) => {
                self.focused = focused;
                match &mut self.screen {
                    Screen::Chat(chat) if focused => {
                        // Back in the window: whatever arrived meanwhile is in view now.
                        chat.unseen_alerts = 0;
                        chat.focus_gained()
                    }
                    Screen::Chat(_) | Screen::Home(_) | Screen::Settings(_) => Vec::new(),
                }
            }
            Msg::Session(event) => {
                self.dirty = true;
                let mut ended = false;
                let mut outcome = Outcome::Stay;
                let mut effects = self.with_chat(|chat, ctx| {
                    let was_live = chat.is_live();
                    let (mut effects, after) = chat.on_session(event, ctx);
                    ended = was_live && !chat.is_live();
                    outcome = after;
                    if let Some((chat_id, party_id)) = chat.take_photo_request() {
                        effects.push(Effect::FetchAgentPhoto { chat_id, party_id });
                    }
                    effects
                });
                if ended {
                    self.last_chat_ended_ms = Some(self.now_ms);
                }
                if let Outcome::Home { notice, restore } = outcome {
                    effects.extend(self.go_home(notice, restore));
                }
                effects
            }
            Msg::AvailabilityChecked(answer) => {
                if let Screen::Home(home) = &mut self.screen {
                    home.availability = Availability::from_answer(&answer);
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::ParametersFetched(answer) => {
                if let Screen::Home(home) = &mut self.screen {
                    // A failure leaves the form out: the settings still name the customer.
                    match answer {
                        Ok(list) => {
                            home.set_params(prechat::fields_for(&list.parameters, &self.settings))
                        }
                        Err(e) => tracing::info!(kind = ?e.kind, "no expected parameters"),
                    }
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::ActiveChatFound(answer) => {
                // Errors are not worth a dialog: the customer can still start a new chat.
                if let Ok(Some(found)) = answer
                    && !matches!(self.screen, Screen::Chat(_))
                    && !found.chat_id.trim().is_empty()
                {
                    self.overlay = Some(Overlay::Confirm(Confirm::Rejoin {
                        chat_id: found.chat_id,
                    }));
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::SettingsSaved(result) => self.on_settings_saved(result),
            Msg::TranscriptExported(result) => self.transcript_exported(result),
            Msg::FileDownloaded { file_id, result } => {
                if let Screen::Chat(chat) = &mut self.screen {
                    chat.downloaded(&file_id, result, self.now_ms);
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::AgentPhoto { party_id, photo } => {
                if let Screen::Chat(chat) = &mut self.screen {
                    chat.photo_fetched(&party_id, photo, self.now_ms);
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::PreviewLoaded {
                chat_id,
                entry_id,
                result,
            } => {
                self.preview_loaded(&chat_id, entry_id, result);
                Vec::new()
            }
            Msg::OpenFailed(why) => {
                if let Screen::Chat(chat) = &mut self.screen {
                    chat.transcript.push(
                        self.now_ms,
                        transcript::EntryKind::Warning(crate::text::sanitize_line(&why)),
                    );
                    self.dirty = true;
                }
                Vec::new()
            }
            Msg::PathCompleted { input, candidates } => {
                self.dirty = true;
                match &mut self.screen {
                    Screen::Home(h) if h.focus == HomeFocus::Image => {
                        home::apply_completion(&mut h.image, &mut h.completions, &input, candidates)
                    }
                    Screen::Chat(chat) => {
                        if let ChatFocus::Attach { path, completions } = &mut chat.focus {
                            home::apply_completion(path, completions, &input, candidates);
                        }
                    }
                    Screen::Home(_) | Screen::Settings(_) => {}
                }
                Vec::new()
            }
        }
    }

    fn live_chat(&self) -> bool {
        matches!(&self.screen, Screen::Chat(chat) if chat.is_live())
    }

    fn quit_requested(&mut self) -> Vec<Effect> {
        let asked = self.overlay == Some(Overlay::Confirm(Confirm::Quit));
        if self.live_chat() && !asked {
            self.overlay = Some(Overlay::Confirm(Confirm::Quit));
            return Vec::new();
        }
        self.finish_quit()
    }

    fn finish_quit(&mut self) -> Vec<Effect> {
        self.overlay = None;
        self.quit = true;
        let mut effects = Vec::new();
        if self.live_chat() {
            // The worker stops without ending the chat: it stays resumable.
            effects.push(Effect::Session(SessionCommand::Shutdown));
        }
        effects.push(Effect::Quit);
        effects
    }

    fn answer(&mut self, yes: bool) -> Vec<Effect> {
        let Some(Overlay::Confirm(question)) = self.overlay.take() else {
            return Vec::new();
        };
        if !yes {
            return Vec::new();
        }
        match question {
            Confirm::Quit => self.finish_quit(),
            Confirm::EndChat => match &mut self.screen {
                Screen::Chat(chat) => chat.disconnect(),
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Confirm::SkipForm => match &mut self.screen {
                Screen::Chat(chat) => chat.cancel_form(self.now_ms),
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Confirm::Rejoin { chat_id } => {
                let name = self.settings.customer_display_name();
                self.screen = Screen::Chat(Box::new(ChatState::resuming(
                    &name,
                    self.utc_offset_secs,
                    &chat_id,
                )));
                vec![Effect::ResumeChat { chat_id }]
            }
        }
    }

    fn save_settings(&mut self) -> Vec<Effect> {
        match &mut self.screen {
            Screen::Settings(s) => s.try_save().map(Effect::SaveSettings).into_iter().collect(),
            Screen::Home(_) | Screen::Chat(_) => Vec::new(),
        }
    }

    fn on_settings_saved(&mut self, result: Result<Box<Settings>, String>) -> Vec<Effect> {
        self.dirty = true;
        match result {
            Ok(saved) => {
                let first_valid = !self.settings.validate().is_empty();
                self.settings = *saved;
                let mut effects = vec![Effect::UseSettings(self.settings.clone())];
                if first_valid {
                    // Not looked for at start (the settings were unusable then).
                    effects.push(Effect::LookForActiveChat);
                }
                if matches!(self.screen, Screen::Settings(_)) {
                    effects.extend(self.go_home(None, None));
                }
                effects
            }
            Err(sentence) => {
                if let Screen::Settings(s) = &mut self.screen {
                    s.saving = false;
                    s.error = Some(format!(
                        "Could not save: {}",
                        crate::text::sanitize_line(&sentence)
                    ));
                }
                Vec::new()
            }
        }
    }

    fn go_home(&mut self, notice: Option<String>, restore: Option<String>) -> Vec<Effect> {
        // The transcript the dialog would save is gone with the chat.
        self.export = None;
        let mut home = HomeState::new(notice);
        if let Some(text) = restore {
            home.message.set_text(&text);
        }
        self.screen = Screen::Home(home);
        vec![Effect::CheckAvailability, Effect::FetchParameters]
    }

    fn help_me(&mut self) -> Vec<Effect> {
        let Screen::Home(h) = &self.screen else {
            return Vec::new();
        };
        let first = Some(h.message.text().trim_end().to_string()).filter(|t| !t.trim().is_empty());
        let image = Some(h.image.text().trim())
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        if let Some(problem) = prechat::problem(&h.params) {
            if let Screen::Home(h) = &mut self.screen {
                h.notice = Some(problem);
            }
            return Vec::new();
        }
        let settings = self.settings.clone();
        let request = if h.params.is_empty() {
            chat_request(&settings)
        } else {
            prechat::request(&h.params, &settings)
        };
        let name = if request.from.is_empty() {
            settings.customer_display_name()
        } else {
            request.from.clone()
        };
        let mut chat = ChatState::new(&name, self.utc_offset_secs);
        let mut ctx = Ctx::new(
            self.now_ms,
            &mut self.next_local_id,
            self.focused,
            chat.transcript_rows(self.size.0, self.size.1),
            &settings.notifications,
        );
        chat.queue_first(first, image, &mut ctx);
        self.screen = Screen::Chat(Box::new(chat));
        vec![Effect::StartChat { request }]
    }
}
