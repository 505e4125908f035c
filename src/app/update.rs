//! `App::update`'s body: routing each `Msg` to the screen it concerns, keys through the keymap,
//! and the screen changes (Settings → Home → Chat → Home).
//!
//! Kept apart from `mod.rs` (the vocabulary) so each stays readable on its own.

use super::chat::{ChatFocus, Ctx, Outcome};
use super::composer::{self, Composer};
use super::home::{self, Availability, HomeFocus};
use super::keymap::{self, Action, KeyCombo};
use super::prechat;
use super::survey::FormFocus;
use super::transcript;
use super::{App, ChatState, Confirm, Effect, HomeState, Msg, Overlay, Screen, SettingsState};
use crate::api::session::SessionCommand;
use crate::api::types::ChatRequest;
use crate::config::Settings;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use std::path::PathBuf;

/// Rows the wheel scrolls per notch.
const WHEEL_ROWS: usize = 3;
/// Rows of the chat screen that are not transcript (status, composer, hints, borders), for
/// page-sized scrolling; the view clamps whatever this misses.
const CHAT_CHROME_ROWS: u16 = 7;

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
                let Screen::Chat(chat) = &mut self.screen else {
                    return Vec::new();
                };
                let mut ctx = Ctx {
                    now_ms: self.now_ms,
                    next_local_id: &mut self.next_local_id,
                    focused: self.focused,
                    bell: self.settings.notifications.bell,
                    desktop: self.settings.notifications.desktop,
                };
                let was_live = chat.is_live();
                let (mut effects, outcome) = chat.on_session(event, &mut ctx);
                if was_live && !chat.is_live() {
                    self.last_chat_ended_ms = Some(self.now_ms);
                }
                if let Some((chat_id, party_id)) = chat.take_photo_request() {
                    effects.push(Effect::FetchAgentPhoto {
                        settings: self.settings.clone(),
                        chat_id,
                        party_id,
                    });
                }
                match outcome {
                    Outcome::Stay => {}
                    Outcome::Home { notice, restore } => {
                        effects.extend(self.go_home(notice, restore));
                    }
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

    fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        let Some(key) = KeyCombo::from_event(&ev) else {
            return Vec::new();
        };
        self.dirty = true;
        if let Some(action) = keymap::lookup(&self.modes(), key) {
            return self.on_action(action);
        }
        if self.overlay.is_some() {
            return Vec::new();
        }
        let edit = composer::edit_binding(key);
        let typed = composer::typed_char(key);
        if edit.is_none() && typed.is_none() {
            return Vec::new();
        }
        self.edit_focused(|field| match (edit, typed) {
            (Some(e), _) => field.apply(e),
            (None, Some(c)) => {
                field.insert_char(c);
                true
            }
            (None, None) => false,
        })
    }

    fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if self.overlay.is_some() {
            return Vec::new();
        }
        self.dirty = true;
        let mut complete = true;
        let effects = self.edit_focused(|field| {
            let before = field.text().len();
            complete = field.insert_str(text);
            field.text().len() != before
        });
        if !complete && let Screen::Chat(chat) = &mut self.screen {
            chat.notice = Some(format!(
                "The paste was cut to {} kB.",
                composer::MAX_BYTES / 1024
            ));
        }
        effects
    }

    /// Runs `f` on the focused text field, if any, then reacts to the change (typing
    /// notifications, stale completions). In the transcript, typing returns to the composer.
    fn edit_focused(&mut self, f: impl FnOnce(&mut Composer) -> bool) -> Vec<Effect> {
        if let Some(dialog) = &mut self.export {
            dialog.edit(f);
            return Vec::new();
        }
        match &mut self.screen {
            Screen::Settings(s) => {
                if let Some(field) = s.focused_field_mut() {
                    f(field);
                }
                Vec::new()
            }
            Screen::Home(h) => {
                let is_image = h.focus == HomeFocus::Image;
                if let Some(field) = h.focused_field_mut()
                    && f(field)
                    && is_image
                {
                    h.completions.clear();
                }
                Vec::new()
            }
            Screen::Chat(chat) => {
                if !chat.is_live() {
                    return Vec::new();
                }
                if let Some(form) = &mut chat.form {
                    if let Some(field) = form.focused_field_mut() {
                        f(field);
                    }
                    return Vec::new();
                }
                match &mut chat.focus {
                    ChatFocus::Attach { path, completions } => {
                        if f(path) {
                            completions.clear();
                        }
                        Vec::new()
                    }
                    ChatFocus::Composer | ChatFocus::Transcript { .. } => {
                        chat.focus = ChatFocus::Composer;
                        chat.notice = None;
                        let changed = f(&mut chat.composer);
                        chat.after_edit(changed)
                    }
                }
            }
        }
    }

    fn on_mouse(&mut self, ev: MouseEvent) -> Vec<Effect> {
        let up = match ev.kind {
            MouseEventKind::ScrollUp => true,
            MouseEventKind::ScrollDown => false,
            // Clicks and moves do nothing (yet); not worth a redraw.
            MouseEventKind::Down(_)
            | MouseEventKind::Up(_)
            | MouseEventKind::Drag(_)
            | MouseEventKind::Moved
            | MouseEventKind::ScrollLeft
            | MouseEventKind::ScrollRight => return Vec::new(),
        };
        self.dirty = true;
        if let Some(Overlay::Help { scroll }) = &mut self.overlay {
            *scroll = if up {
                scroll.saturating_sub(WHEEL_ROWS as u16)
            } else {
                scroll.saturating_add(WHEEL_ROWS as u16)
            };
            return Vec::new();
        }
        self.scroll(up, WHEEL_ROWS);
        Vec::new()
    }

    /// The transcript's (width, height) for this terminal size.
    fn viewport(&self) -> (usize, usize) {
        (
            usize::from(self.size.0.saturating_sub(transcript::GUTTER)),
            usize::from(self.size.1.saturating_sub(CHAT_CHROME_ROWS).max(1)),
        )
    }

    fn scroll(&mut self, up: bool, rows: usize) {
        let (width, page) = self.viewport();
        if let Screen::Chat(chat) = &mut self.screen {
            if up {
                chat.transcript.scroll_up(rows, width, page);
            } else {
                chat.transcript.scroll_down(rows, width);
            }
        }
    }

    fn on_action(&mut self, action: Action) -> Vec<Effect> {
        let (width, page) = self.viewport();
        match action {
            Action::Quit => self.quit_requested(),
            Action::ShowHelp => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                Vec::new()
            }
            Action::CloseHelp => {
                self.overlay = None;
                Vec::new()
            }
            Action::Yes => self.answer(true),
            Action::No => self.answer(false),
            Action::FocusNext => self.move_focus(true),
            Action::FocusPrev => self.move_focus(false),
            Action::Activate => match &mut self.screen {
                Screen::Settings(s) if s.on_button() => self.save_settings(),
                Screen::Settings(s) => {
                    s.focus_next();
                    Vec::new()
                }
                Screen::Chat(chat) => match &mut chat.form {
                    Some(form) if form.focus() == FormFocus::Send => chat.submit_form(),
                    Some(form) => {
                        form.focus_next();
                        Vec::new()
                    }
                    None => Vec::new(),
                },
                Screen::Home(_) => Vec::new(),
            },
            Action::SaveSettings => self.save_settings(),
            Action::LeaveSettings => {
                if self.settings.validate().is_empty() {
                    return self.go_home(None, None);
                }
                if let Screen::Settings(s) = &mut self.screen {
                    s.error = Some(
                        "The saved settings are incomplete: fill in the fields and save (Ctrl-S)."
                            .to_string(),
                    );
                }
                Vec::new()
            }
            Action::HelpMe => self.help_me(),
            Action::NewLine => self.edit_focused(|field| {
                let before = field.text().len();
                field.insert_newline();
                field.text().len() != before
            }),
            Action::OpenSettings => {
                self.screen = Screen::Settings(SettingsState::new(&self.settings));
                Vec::new()
            }
            Action::RefreshAvailability => match &mut self.screen {
                Screen::Home(h) => {
                    h.availability = Availability::Checking;
                    vec![Effect::CheckAvailability(self.settings.clone())]
                }
                Screen::Settings(_) | Screen::Chat(_) => Vec::new(),
            },
            Action::CompletePath => {
                let input = match &self.screen {
                    Screen::Home(h) if h.focus == HomeFocus::Image => h.image.text().to_string(),
                    Screen::Chat(chat) => match &chat.focus {
                        ChatFocus::Attach { path, .. } => path.text().to_string(),
                        ChatFocus::Composer | ChatFocus::Transcript { .. } => return Vec::new(),
                    },
                    Screen::Home(_) | Screen::Settings(_) => return Vec::new(),
                };
                vec![Effect::CompletePath(input)]
            }
            Action::Send => self.with_chat(|chat, ctx| chat.send(ctx)),
            Action::Attach => {
                if let Screen::Chat(chat) = &mut self.screen
                    && chat.is_live()
                {
                    chat.focus = ChatFocus::Attach {
                        path: Composer::single_line(),
                        completions: Vec::new(),
                    };
                }
                Vec::new()
            }
            Action::ExportTranscript => self.open_export(),
            Action::SaveExport => self.save_export(),
            Action::CloseExport => self.close_export(),
            Action::NextFormat => self.cycle_export_format(true),
            Action::PrevFormat => self.cycle_export_format(false),
            Action::EndChat => {
                if let Screen::Chat(chat) = &self.screen
                    && chat.is_live()
                    && !chat.leaving
                {
                    self.overlay = Some(Overlay::Confirm(Confirm::EndChat));
                }
                Vec::new()
            }
            Action::ScrollUp | Action::ScrollDown
                if matches!(self.overlay, Some(Overlay::Help { .. })) =>
            {
                if let Some(Overlay::Help { scroll }) = &mut self.overlay {
                    *scroll = if action == Action::ScrollUp {
                        scroll.saturating_sub(1)
                    } else {
                        scroll.saturating_add(1)
                    };
                }
                Vec::new()
            }
            Action::ScrollUp => {
                self.scroll(true, page.saturating_sub(1).max(1));
                Vec::new()
            }
            Action::ScrollDown => {
                self.scroll(false, page.saturating_sub(1).max(1));
                Vec::new()
            }
            Action::ScrollBottom => {
                if let Screen::Chat(chat) = &mut self.screen {
                    chat.transcript.scroll_to_bottom();
                }
                Vec::new()
            }
            Action::ScrollTop => {
                if let Screen::Chat(chat) = &mut self.screen {
                    chat.transcript.scroll_to_top(width, page);
                }
                Vec::new()
            }
            Action::RetryLastFailed => match &mut self.screen {
                Screen::Chat(chat) => match chat.transcript.last_failed() {
                    Some(i) => chat.retry(i),
                    None => Vec::new(),
                },
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Action::RetrySelected => match &mut self.screen {
                Screen::Chat(chat) => match chat.focus {
                    ChatFocus::Transcript { selected } => chat.retry(selected),
                    ChatFocus::Composer | ChatFocus::Attach { .. } => Vec::new(),
                },
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Action::DownloadSelected { open } => match &mut self.screen {
                Screen::Chat(chat) => match chat.focus {
                    ChatFocus::Transcript { selected } => {
                        let picked = chat.download(Some(selected), self.now_ms);
                        self.download_effect(picked, open)
                    }
                    ChatFocus::Composer | ChatFocus::Attach { .. } => Vec::new(),
                },
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Action::DownloadLatest => match &mut self.screen {
                Screen::Chat(chat) => {
                    let picked = chat.download(None, self.now_ms);
                    self.download_effect(picked, false)
                }
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Action::SelectPrev | Action::SelectNext => {
                if let Screen::Chat(chat) = &mut self.screen
                    && let ChatFocus::Transcript { selected } = &mut chat.focus
                {
                    let last = chat.transcript.entries().len().saturating_sub(1);
                    *selected = if action == Action::SelectPrev {
                        selected.saturating_sub(1)
                    } else {
                        (*selected + 1).min(last)
                    };
                    let at = *selected;
                    chat.transcript.scroll_to_entry(at, width);
                }
                Vec::new()
            }
            Action::FocusComposer | Action::Cancel => {
                if let Screen::Chat(chat) = &mut self.screen {
                    chat.focus = ChatFocus::Composer;
                }
                Vec::new()
            }
            Action::ConfirmAttach => self.with_chat(|chat, ctx| chat.confirm_attach(ctx)),
            Action::BackHome => self.go_home(None, None),
            Action::RatingDown => {
                self.with_form(|f| f.set_rating(|r| r.unwrap_or(1).saturating_sub(1)))
            }
            Action::RatingUp => self.with_form(|f| f.set_rating(|r| r.map_or(1, |r| r + 1))),
            Action::Rating(n) => self.with_form(|f| f.set_rating(|_| n)),
            Action::ToggleResolved => self.with_form(|f| f.set_resolved(|r| !r.unwrap_or(false))),
            Action::ResolvedYes => self.with_form(|f| f.set_resolved(|_| true)),
            Action::ResolvedNo => self.with_form(|f| f.set_resolved(|_| false)),
            Action::SubmitForm => match &mut self.screen {
                Screen::Chat(chat) => chat.submit_form(),
                Screen::Home(_) | Screen::Settings(_) => Vec::new(),
            },
            Action::CancelForm => {
                if let Screen::Chat(chat) = &self.screen
                    && chat.form.is_some()
                {
                    self.overlay = Some(Overlay::Confirm(Confirm::SkipForm));
                }
                Vec::new()
            }
        }
    }

    fn with_chat(
        &mut self,
        f: impl FnOnce(&mut ChatState, &mut Ctx) -> Vec<Effect>,
    ) -> Vec<Effect> {
        let Screen::Chat(chat) = &mut self.screen else {
            return Vec::new();
        };
        let mut ctx = Ctx {
            now_ms: self.now_ms,
            next_local_id: &mut self.next_local_id,
            focused: self.focused,
            bell: self.settings.notifications.bell,
            desktop: self.settings.notifications.desktop,
        };
        f(chat, &mut ctx)
    }

    fn with_form(&mut self, f: impl FnOnce(&mut super::survey::FormState)) -> Vec<Effect> {
        if let Screen::Chat(chat) = &mut self.screen
            && let Some(form) = &mut chat.form
        {
            f(form);
        }
        Vec::new()
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
                vec![Effect::ResumeChat {
                    settings: self.settings.clone(),
                    chat_id,
                }]
            }
        }
    }

    fn move_focus(&mut self, forward: bool) -> Vec<Effect> {
        let width = self.viewport().0;
        match &mut self.screen {
            Screen::Settings(s) if forward => s.focus_next(),
            Screen::Settings(s) => s.focus_prev(),
            Screen::Home(h) => {
                h.completions.clear();
                if forward {
                    h.focus_next();
                } else {
                    h.focus_prev();
                }
            }
            Screen::Chat(chat) => match &mut chat.form {
                Some(form) if forward => form.focus_next(),
                Some(form) => form.focus_prev(),
                None => {
                    chat.focus = match chat.focus {
                        ChatFocus::Composer if !chat.transcript.entries().is_empty() => {
                            ChatFocus::Transcript {
                                selected: chat
                                    .transcript
                                    .last_failed()
                                    .unwrap_or(chat.transcript.entries().len() - 1),
                            }
                        }
                        ChatFocus::Composer
                        | ChatFocus::Transcript { .. }
                        | ChatFocus::Attach { .. } => ChatFocus::Composer,
                    };
                    if let ChatFocus::Transcript { selected } = chat.focus {
                        chat.transcript.scroll_to_entry(selected, width);
                    }
                }
            },
        }
        Vec::new()
    }

    fn download_effect(
        &self,
        picked: Option<(String, super::chat::AgentFile)>,
        open: bool,
    ) -> Vec<Effect> {
        picked
            .map(|(chat_id, file)| Effect::DownloadFile {
                settings: self.settings.clone(),
                chat_id,
                file_id: file.file_id,
                file_name: file.name,
                open,
            })
            .into_iter()
            .collect()
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
                let mut effects = Vec::new();
                if first_valid {
                    // Not looked for at start (the settings were unusable then).
                    effects.push(Effect::LookForActiveChat(self.settings.clone()));
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
        vec![
            Effect::CheckAvailability(self.settings.clone()),
            Effect::FetchParameters(self.settings.clone()),
        ]
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
        let mut ctx = Ctx {
            now_ms: self.now_ms,
            next_local_id: &mut self.next_local_id,
            focused: self.focused,
            bell: settings.notifications.bell,
            desktop: settings.notifications.desktop,
        };
        chat.queue_first(first, image, &mut ctx);
        self.screen = Screen::Chat(Box::new(chat));
        vec![Effect::StartChat { request, settings }]
    }
}
