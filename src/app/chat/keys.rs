//! The chat screen's keys: sending, the attach prompt, selecting and scrolling the transcript,
//! retrying and downloading, answering the form, and the questions it asks (end the chat,
//! skip the form) or the dialog it opens (export).
//!
//! A child of `chat` (it reaches the chat's private state). Does not own the key table
//! (`keymap`) or the questions' wording (`views::confirm`).

use super::{AgentFile, ChatFocus, ChatState};
use crate::app::composer::FieldEdit;
use crate::app::composer::{self, Composer};
use crate::app::context::Ctx;
use crate::app::keymap::{Action, Mode};
use crate::app::msg::Effect;
use crate::app::step::{Change, Step};
use crate::app::survey::{FormFocus, FormState};
use crate::app::transcript::{self, EntryKind};
use crate::app::views::{Confirm, ConfirmView, ExportDialog, HistoryView, View};

impl ChatState {
    pub fn modes(&self) -> Vec<Mode> {
        if !self.is_live() && self.form.is_none() {
            return vec![Mode::Ended, Mode::NoText];
        }
        if let Some(form) = &self.form {
            return match form.focus() {
                FormFocus::Rating => vec![Mode::SurveyRating, Mode::NoText, Mode::Survey],
                FormFocus::Resolved => vec![Mode::SurveyResolved, Mode::NoText, Mode::Survey],
                FormFocus::Comment | FormFocus::Text => vec![Mode::Survey],
                FormFocus::Send => vec![Mode::NoText, Mode::Survey],
            };
        }
        match &self.focus {
            ChatFocus::Composer => vec![Mode::Chat],
            ChatFocus::Transcript { .. } => vec![Mode::Transcript, Mode::NoText, Mode::Chat],
            ChatFocus::Attach { .. } => vec![Mode::Attach, Mode::PathField, Mode::Chat],
        }
    }

    /// Every mode that can be in force in this phase of the chat, for the help: the survey's
    /// keys only while a form is open, the ended chat's only once it is over.
    pub fn help_modes(&self) -> Vec<Mode> {
        if self.form.is_some() {
            return vec![
                Mode::Survey,
                Mode::SurveyRating,
                Mode::SurveyResolved,
                Mode::NoText,
                Mode::Export,
            ];
        }
        if !self.is_live() {
            return vec![Mode::Ended, Mode::NoText, Mode::Export, Mode::History];
        }
        vec![
            Mode::Chat,
            Mode::Transcript,
            Mode::Attach,
            Mode::PathField,
            Mode::Export,
            Mode::History,
            Mode::NoText,
        ]
    }

    /// The transcript's (width, page height) for this terminal, as the chat view lays it out
    /// (`layout`); a page is one transcript height.
    pub(super) fn viewport(&self, ctx: &Ctx) -> (usize, usize) {
        let rows = self.transcript_rows(ctx.size.0, ctx.size.1);
        (
            usize::from(ctx.size.0.saturating_sub(transcript::GUTTER)),
            usize::from(rows.max(1)),
        )
    }

    pub fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Step {
        let (width, page) = self.viewport(ctx);
        let now = ctx.now_ms;
        let selected = match self.focus {
            ChatFocus::Transcript { selected, .. } => Some(selected),
            ChatFocus::Composer | ChatFocus::Attach { .. } => None,
        };
        let effects = match action {
            Action::Send => self.send(ctx),
            Action::Attach if self.is_live() => {
                self.focus = ChatFocus::Attach {
                    path: Composer::single_line(),
                    completions: Vec::new(),
                };
                Vec::new()
            }
            Action::ConfirmAttach => self.confirm_attach(ctx),
            Action::CompletePath => match &self.focus {
                ChatFocus::Attach { path, .. } => {
                    vec![Effect::CompletePath(path.text().to_string())]
                }
                ChatFocus::Composer | ChatFocus::Transcript { .. } => Vec::new(),
            },
            Action::FocusComposer | Action::Cancel => {
                self.focus = ChatFocus::Composer;
                Vec::new()
            }
            Action::FocusNext | Action::FocusPrev => {
                self.move_focus(action == Action::FocusNext, width);
                Vec::new()
            }
            Action::ExportTranscript => {
                let dialog = ExportDialog::new(
                    ctx.transcripts_dir.map(std::path::Path::to_path_buf),
                    now,
                    ctx.utc_offset_secs,
                );
                return Step::to(Change::Open(View::Export(dialog)));
            }
            Action::CaseHistory => return self.open_case_history(),
            Action::Search => return self.open_search(selected),
            Action::OpenLinks => return self.open_links(selected),
            Action::CopyMessage => self.copy_selected(selected, ctx),
            Action::CopyTranscript => self.copy_transcript(ctx),
            Action::EndChat if self.is_live() && !self.leaving => {
                return ask(Confirm::EndChat);
            }
            Action::CancelForm if self.form.is_some() => return ask(Confirm::SkipForm),
            Action::BackHome => {
                return Step::to(Change::Home {
                    notice: None,
                    restore: None,
                });
            }
            Action::ScrollUp => {
                self.transcript
                    .scroll_up(page.saturating_sub(1).max(1), width, page);
                Vec::new()
            }
            Action::ScrollDown => {
                self.transcript
                    .scroll_down(page.saturating_sub(1).max(1), width);
                Vec::new()
            }
            Action::ScrollBottom => {
                self.transcript.scroll_to_bottom();
                Vec::new()
            }
            Action::ScrollTop => {
                self.transcript.scroll_to_top(width, page);
                Vec::new()
            }
            Action::SelectPrev | Action::SelectNext => {
                if let ChatFocus::Transcript { selected, button } = &mut self.focus {
                    *button = 0;
                    let last = self.transcript.entries().len().saturating_sub(1);
                    *selected = if action == Action::SelectPrev {
                        selected.saturating_sub(1)
                    } else {
                        (*selected + 1).min(last)
                    };
                    let at = *selected;
                    self.transcript.scroll_to_entry(at, width);
                }
                Vec::new()
            }
            Action::RetryLastFailed => match self.transcript.last_failed() {
                Some(i) => self.retry(i),
                None => Vec::new(),
            },
            Action::RetrySelected => selected.map(|i| self.retry(i)).unwrap_or_default(),
            Action::DownloadSelected { open } => match selected {
                Some(i) => download_effect(self.download(Some(i), now), open),
                None => Vec::new(),
            },
            Action::DownloadLatest => download_effect(self.download(None, now), false),
            Action::QuickReply(n) => match self.transcript.open_buttons() {
                Some(i) => self.choose_button(i, usize::from(n).saturating_sub(1), ctx),
                None => Vec::new(),
            },
            Action::PrevButton | Action::NextButton => {
                self.move_button(action == Action::NextButton);
                Vec::new()
            }
            Action::ChooseButton => self.choose_highlighted(ctx),
            Action::Activate => match &mut self.form {
                Some(form) if form.focus() == FormFocus::Send => self.submit_form(),
                Some(form) => {
                    form.focus_next();
                    Vec::new()
                }
                None => Vec::new(),
            },
            Action::SubmitForm => self.submit_form(),
            Action::RatingDown => {
                self.with_form(|f| f.set_rating(|r| r.unwrap_or(1).saturating_sub(1)))
            }
            Action::RatingUp => self.with_form(|f| f.set_rating(|r| r.map_or(1, |r| r + 1))),
            Action::Rating(n) => self.with_form(|f| f.set_rating(|_| n)),
            Action::ToggleResolved => self.with_form(|f| f.set_resolved(|r| !r.unwrap_or(false))),
            Action::ResolvedYes => self.with_form(|f| f.set_resolved(|_| true)),
            Action::ResolvedNo => self.with_form(|f| f.set_resolved(|_| false)),
            _ => Vec::new(),
        };
        effects.into()
    }

    /// F4: the case's earlier chats, fetched into their own view; before a case is linked, a
    /// notice says there is none.
    fn open_case_history(&mut self) -> Step {
        let (Some(case_id), Some(chat_id)) = (&self.case_id, &self.chat_id) else {
            self.notice = Some(
                "There is no case history for this chat: it is not linked to a case.".to_string(),
            );
            return Step::default();
        };
        let view = HistoryView::loading(case_id);
        Step::to(Change::Open(View::History(view))).with([Effect::FetchCaseHistory {
            chat_id: chat_id.clone(),
        }])
    }

    /// A question this chat asked was answered yes.
    pub fn confirmed(&mut self, question: &Confirm, ctx: &mut Ctx) -> Vec<Effect> {
        match question {
            Confirm::EndChat => self.disconnect(),
            Confirm::SkipForm => self.cancel_form(ctx.now_ms),
            Confirm::Quit | Confirm::Rejoin { .. } => Vec::new(),
        }
    }

    /// Runs `edit` on the focused field: the form's, the attach prompt, or the composer (typing
    /// in the transcript returns to the composer). An ended chat takes no text.
    pub fn edit(&mut self, edit: FieldEdit, _ctx: &mut Ctx) -> Vec<Effect> {
        if !self.is_live() {
            return Vec::new();
        }
        if let Some(form) = &mut self.form {
            if let Some(field) = form.focused_field_mut() {
                edit(field);
            }
            return Vec::new();
        }
        match &mut self.focus {
            ChatFocus::Attach { path, completions } => {
                if edit(path) {
                    completions.clear();
                }
                Vec::new()
            }
            ChatFocus::Composer | ChatFocus::Transcript { .. } => {
                self.focus = ChatFocus::Composer;
                self.notice = None;
                let changed = edit(&mut self.composer);
                self.after_edit(changed)
            }
        }
    }

    /// Selects entry `index` (clamped to the transcript), as Tab and the arrows would.
    pub fn select_entry(&mut self, index: usize, ctx: &Ctx) {
        let Some(last) = self.transcript.entries().len().checked_sub(1) else {
            return;
        };
        let selected = index.min(last);
        self.focus = ChatFocus::Transcript {
            selected,
            button: 0,
        };
        let (width, _) = self.viewport(ctx);
        self.transcript.scroll_to_entry(selected, width);
    }

    pub fn paste_was_cut(&mut self) {
        self.notice = Some(format!(
            "The paste was cut to {} kB.",
            composer::MAX_BYTES / 1024
        ));
    }

    /// The mouse wheel.
    pub fn scroll(&mut self, up: bool, rows: usize, ctx: &Ctx) {
        let (width, page) = self.viewport(ctx);
        if up {
            self.transcript.scroll_up(rows, width, page);
        } else {
            self.transcript.scroll_down(rows, width);
        }
    }

    /// The answer to the attach prompt's path completion.
    pub fn path_completed(&mut self, input: &str, candidates: Vec<String>) {
        if let ChatFocus::Attach { path, completions } = &mut self.focus {
            crate::app::completion::apply(path, completions, input, candidates);
        }
    }

    /// A line from outside the chat's own events (a saved transcript, an opener that failed).
    pub fn say(&mut self, line: EntryKind, now_ms: i64) {
        self.transcript.push(now_ms, line);
    }

    fn with_form(&mut self, f: impl FnOnce(&mut FormState)) -> Vec<Effect> {
        if let Some(form) = &mut self.form {
            f(form);
        }
        Vec::new()
    }

    /// Tab: between the composer and the transcript (selecting the last failed message, or the
    /// newest); on a form, between its fields.
    fn move_focus(&mut self, forward: bool, width: usize) {
        if let Some(form) = &mut self.form {
            if forward {
                form.focus_next();
            } else {
                form.focus_prev();
            }
            return;
        }
        self.focus = match self.focus {
            ChatFocus::Composer if !self.transcript.entries().is_empty() => ChatFocus::Transcript {
                selected: self
                    .transcript
                    .last_failed()
                    .unwrap_or(self.transcript.entries().len() - 1),
                button: 0,
            },
            ChatFocus::Composer | ChatFocus::Transcript { .. } | ChatFocus::Attach { .. } => {
                ChatFocus::Composer
            }
        };
        if let ChatFocus::Transcript { selected, .. } = self.focus {
            self.transcript.scroll_to_entry(selected, width);
        }
    }
}

fn ask(question: Confirm) -> Step {
    Step::to(Change::Open(View::Confirm(ConfirmView::new(question))))
}

fn download_effect(picked: Option<(String, AgentFile)>, open: bool) -> Vec<Effect> {
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
