//! `App::update`'s body: each `Msg` to the view or screen it concerns, and the changes only
//! the App can make (Settings → Home → Chat → Home, opening views, quitting, rejoining).
//!
//! Input (keys, paste, mouse) goes through the child `input`; everything else is routed here.
//! Whether the screen must be redrawn is decided here too, once per message.

use super::App;
use super::chat::ChatState;
use super::context::Ctx;
use super::home::HomeState;
use super::msg::{Effect, Msg};
use super::screen::Screen;
use super::settings::SettingsState;
use super::step::{Change, Step, Unsent};
use super::transcript::EntryKind;
use super::views::{self, Confirm, ConfirmView, View};
use crate::api::session::SessionCommand;
use crate::config::Settings;
use std::path::PathBuf;

mod input;

impl App {
    /// The context a screen or view gets for one message.
    pub(super) fn ctx(&mut self) -> (Ctx<'_>, &mut Screen, &mut Vec<View>) {
        let previews_on = self.previews_on();
        let ctx = Ctx {
            now_ms: self.now_ms,
            size: self.size,
            focused: self.focused,
            utc_offset_secs: self.utc_offset_secs,
            settings: &self.settings,
            previews_on,
            transcripts_dir: self.transcripts_dir.as_deref(),
            next_local_id: &mut self.next_local_id,
            keymap: &self.keymap,
        };
        (ctx, &mut self.screen, &mut self.views)
    }

    /// Runs `f` on the screen with its context.
    fn on_screen<T>(&mut self, f: impl FnOnce(&mut Screen, &mut Ctx) -> T) -> T {
        let (mut ctx, screen, _) = self.ctx();
        f(screen, &mut ctx)
    }

    /// The message's effects, and whether the screen must be redrawn.
    pub(super) fn handle(&mut self, msg: Msg) -> (Vec<Effect>, bool) {
        let effects = match msg {
            Msg::Key(ev) => return self.on_key(ev),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Mouse(ev) => return self.on_mouse(ev),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.on_screen(|screen, ctx| {
                    if let Some(chat) = screen.chat_mut() {
                        chat.resized(ctx);
                    }
                });
                Vec::new()
            }
            Msg::Tick { now_ms } => {
                let before = std::mem::replace(&mut self.now_ms, now_ms);
                // The time label is a function of the clock: redraw only when its words change.
                let label_changed = self.time_label(before) != self.time_label(now_ms);
                let chat_changed = self.screen.chat_mut().is_some_and(|c| c.tick(now_ms));
                return (Vec::new(), label_changed || chat_changed);
            }
            Msg::FocusChanged(focused) => {
                self.focused = focused;
                if let Some(chat) = self.screen.chat_mut()
                    && focused
                {
                    chat.focus_gained();
                }
                // What arrived meanwhile is read if in view: `App::update` sends that.
                return (Vec::new(), false);
            }
            Msg::Session(event) => {
                let was_live = self.screen.is_live_chat();
                let step = self.on_screen(|screen, ctx| match screen.chat_mut() {
                    Some(chat) => chat.on_session(event, ctx),
                    None => Step::default(),
                });
                if was_live && !self.screen.is_live_chat() {
                    self.last_chat_ended_ms = Some(self.now_ms);
                }
                self.apply(step)
            }
            Msg::AvailabilityChecked(answer) => {
                if let Screen::Home(home) = &mut self.screen {
                    home.availability_checked(&answer);
                }
                Vec::new()
            }
            Msg::ParametersFetched(answer) => {
                if let Screen::Home(home) = &mut self.screen {
                    // A failure leaves the form out: the settings still name the customer.
                    match answer {
                        Ok(list) => home.parameters_fetched(&list.parameters, &self.settings),
                        Err(e) => {
                            tracing::info!(kind = ?e.kind, "no expected parameters");
                            home.parameters_failed();
                        }
                    }
                }
                Vec::new()
            }
            Msg::ActiveChatFound(answer) => {
                self.looking_for_active_chat = false;
                // Errors are not worth a dialog: the customer can still start a new chat.
                if let Ok(Some(found)) = answer
                    && self.screen.chat().is_none()
                    && !found.chat_id.trim().is_empty()
                {
                    let started = found
                        .created_time
                        .map(|t| views::started_when(t.0, self.now_ms, self.utc_offset_secs));
                    self.open(View::Confirm(ConfirmView::new(Confirm::Rejoin {
                        chat_id: found.chat_id,
                        started,
                    })));
                }
                Vec::new()
            }
            Msg::SettingsSaved(result) => self.on_settings_saved(result),
            Msg::TranscriptExported(result) => {
                self.transcript_exported(result);
                Vec::new()
            }
            Msg::FileDownloaded { file_id, result } => {
                if let Some(chat) = self.screen.chat_mut() {
                    chat.downloaded(&file_id, result, self.now_ms);
                }
                Vec::new()
            }
            Msg::AgentPhoto { party_id, photo } => {
                self.on_screen(|screen, ctx| match screen.chat_mut() {
                    Some(chat) => chat.photo_fetched(&party_id, photo, ctx),
                    None => Vec::new(),
                })
            }
            Msg::PreviewLoaded {
                chat_id,
                entry_id,
                result,
            } => {
                if let Some(chat) = self.screen.chat_mut() {
                    chat.preview_loaded(&chat_id, entry_id, result);
                }
                Vec::new()
            }
            Msg::OpenFailed(why) => {
                let line = EntryKind::Warning(crate::text::sanitize_line(&why));
                if let Some(chat) = self.screen.chat_mut() {
                    chat.say(line, self.now_ms);
                }
                Vec::new()
            }
            Msg::CaseHistoryFetched(_) => {
                // The answer goes to the view that asked (gone if closed meanwhile).
                let offset = self.utc_offset_secs;
                for view in self.views.iter_mut().rev() {
                    if view.overlay_mut().answered(&msg, offset) {
                        break;
                    }
                }
                Vec::new()
            }
            Msg::PathCompleted { input, candidates } => {
                self.screen.path_completed(&input, candidates);
                Vec::new()
            }
            Msg::Action(action) => self.on_action(action),
            Msg::SetText(text) => self.set_focused_text(&text),
            Msg::SelectEntry(index) => {
                self.on_screen(|screen, ctx| {
                    if let Some(chat) = screen.chat_mut() {
                        chat.select_entry(index, ctx);
                    }
                });
                Vec::new()
            }
        };
        (effects, true)
    }

    /// Carries out a screen's or view's answer.
    pub(super) fn apply(&mut self, step: Step) -> Vec<Effect> {
        let Step {
            mut effects,
            change,
        } = step;
        match change {
            None => {}
            Some(Change::Home { notice, restore }) => effects.extend(self.go_home(notice, restore)),
            Some(Change::Settings) => {
                self.screen = Screen::Settings(SettingsState::new(&self.settings));
            }
            Some(Change::StartChat(start)) => {
                let (mut ctx, screen, _) = self.ctx();
                let (chat, started) = ChatState::start(start, &mut ctx);
                *screen = Screen::Chat(Box::new(chat));
                effects.extend(started);
            }
            Some(Change::Open(view)) => self.open(view),
            Some(Change::Confirmed(question)) => effects.extend(self.confirmed(question)),
        }
        effects
    }

    /// Puts a view on top of the stack (a second help or the same question is not stacked).
    pub(super) fn open(&mut self, view: View) {
        let same_kind = self
            .views
            .last()
            .is_some_and(|top| std::mem::discriminant(top) == std::mem::discriminant(&view));
        if same_kind && !matches!(view, View::Confirm(_)) {
            return;
        }
        if same_kind {
            self.views.pop();
        }
        self.views.push(view);
    }

    fn confirmed(&mut self, question: Confirm) -> Vec<Effect> {
        match question {
            Confirm::Quit => self.finish_quit(),
            Confirm::Rejoin { chat_id, .. } => {
                let name = self.settings.customer_display_name();
                self.screen = Screen::Chat(Box::new(ChatState::resuming(
                    &name,
                    self.utc_offset_secs,
                    &chat_id,
                )));
                vec![Effect::ResumeChat { chat_id }]
            }
            Confirm::EndChat | Confirm::SkipForm => {
                self.on_screen(|screen, ctx| screen.confirmed(&question, ctx))
            }
        }
    }

    pub(super) fn quit_requested(&mut self) -> Vec<Effect> {
        let asked = self.top_view().and_then(View::question) == Some(&Confirm::Quit);
        if self.screen.is_live_chat() && !asked {
            self.open(View::Confirm(ConfirmView::new(Confirm::Quit)));
            return Vec::new();
        }
        self.finish_quit()
    }

    fn finish_quit(&mut self) -> Vec<Effect> {
        self.views.clear();
        self.quit = true;
        let mut effects = Vec::new();
        if self.screen.is_live_chat() {
            // The worker stops without ending the chat: it stays resumable.
            effects.push(Effect::Session(SessionCommand::Shutdown));
        }
        effects.push(Effect::Quit);
        effects
    }

    fn on_settings_saved(&mut self, result: Result<Box<Settings>, String>) -> Vec<Effect> {
        match result {
            Ok(saved) => {
                let first_valid = !self.settings.validate().is_empty();
                self.settings = *saved;
                let mut effects = vec![Effect::UseSettings(self.settings.clone())];
                if first_valid {
                    // Not looked for at start (the settings were unusable then).
                    self.looking_for_active_chat = true;
                    effects.push(Effect::LookForActiveChat);
                }
                if matches!(self.screen, Screen::Settings(_)) {
                    effects.extend(self.go_home(None, None));
                }
                effects
            }
            Err(sentence) => {
                if let Screen::Settings(s) = &mut self.screen {
                    s.save_failed(&sentence);
                }
                Vec::new()
            }
        }
    }

    fn go_home(&mut self, notice: Option<String>, restore: Option<Unsent>) -> Vec<Effect> {
        // The transcript the Export dialog would save is gone with the chat.
        self.views.retain(|v| !matches!(v, View::Export(_)));
        let home = match restore {
            Some(unsent) => HomeState::restoring(notice, unsent.message, &unsent.callback),
            None => HomeState::new(notice, &self.settings.customer.phone),
        };
        self.screen = Screen::Home(home);
        vec![Effect::CheckAvailability, Effect::FetchParameters]
    }

    /// The runtime's answer to a save: to the dialog that waits for it, else a line where the
    /// customer is (the chat, or Home when the chat closed while the file was written).
    fn transcript_exported(&mut self, result: Result<PathBuf, String>) {
        let waiting = self.views.iter_mut().find_map(|v| {
            let View::Export(dialog) = v else { return None };
            dialog.answered(&result)
        });
        self.pop_completed();
        let line = match (waiting, &result) {
            (Some(line), _) => line,
            (None, Ok(path)) => Some(views::saved_line(path)),
            (None, Err(why)) => Some(views::failed_line(why)),
        };
        if let Some(line) = line {
            self.screen.say(line, self.now_ms);
        }
    }

    /// Takes completed views off the stack (a view may complete under another: a save that
    /// answered while the help was open).
    pub(super) fn pop_completed(&mut self) {
        self.views.retain(|v| !v.overlay().is_complete());
    }
}
