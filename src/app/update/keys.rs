//! Input on any screen: keys through the keymap to actions, paste, mouse wheel, focus moves,
//! text editing of the focused field, and transcript scrolling.
//!
//! A child of `update` (it reaches the screen changes kept there: going home, quitting, saving
//! settings, *Help me*); split off so each file stays readable. Does not own the routing of
//! non-input messages or the screen changes themselves (`update`), nor the key table (`keymap`).

use crate::app::chat::{AgentFile, ChatFocus, Ctx};
use crate::app::composer::{self, Composer};
use crate::app::home::{Availability, HomeFocus};
use crate::app::keymap::{self, Action, KeyCombo};
use crate::app::survey::{FormFocus, FormState};
use crate::app::transcript;
use crate::app::{App, ChatState, Confirm, Effect, Overlay, Screen, SettingsState};
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

/// Rows the wheel scrolls per notch.
const WHEEL_ROWS: usize = 3;

impl App {
    pub(super) fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
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

    pub(super) fn on_paste(&mut self, text: &str) -> Vec<Effect> {
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

    pub(super) fn on_mouse(&mut self, ev: MouseEvent) -> Vec<Effect> {
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

    /// The transcript's (width, height) for this terminal size, as the chat view lays it out
    /// (`chat::layout`); a page is one transcript height.
    fn viewport(&self) -> (usize, usize) {
        let rows = match &self.screen {
            Screen::Chat(chat) => chat.transcript_rows(self.size.0, self.size.1),
            Screen::Settings(_) | Screen::Home(_) => self.size.1,
        };
        (
            usize::from(self.size.0.saturating_sub(transcript::GUTTER)),
            usize::from(rows.max(1)),
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
                    vec![Effect::CheckAvailability]
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

    /// Runs `f` on the chat screen (if it is current) with the context the chat needs.
    pub(super) fn with_chat(
        &mut self,
        f: impl FnOnce(&mut ChatState, &mut Ctx) -> Vec<Effect>,
    ) -> Vec<Effect> {
        let Screen::Chat(chat) = &mut self.screen else {
            return Vec::new();
        };
        let mut ctx = Ctx::new(
            self.now_ms,
            &mut self.next_local_id,
            self.focused,
            chat.transcript_rows(self.size.0, self.size.1),
            &self.settings.notifications,
        );
        f(chat, &mut ctx)
    }

    fn with_form(&mut self, f: impl FnOnce(&mut FormState)) -> Vec<Effect> {
        if let Screen::Chat(chat) = &mut self.screen
            && let Some(form) = &mut chat.form
        {
            f(form);
        }
        Vec::new()
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

    fn download_effect(&self, picked: Option<(String, AgentFile)>, open: bool) -> Vec<Effect> {
        picked
            .map(|(chat_id, file)| Effect::DownloadFile {
                chat_id,
                file_id: file.file_id,
                file_name: file.name,
                open,
            })
            .into_iter()
            .collect()
    }
}
