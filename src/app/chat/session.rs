//! How the session worker's reports change a chat: started or not, the server's events in
//! batches (with their receipts and notifications), the link going down and up, sends and
//! uploads confirmed or failed, the form sent, the end.
//!
//! A child of `chat` (it reaches the chat's private state). The server events themselves
//! become entries in `events.rs`.

use super::{ChatFocus, ChatState, Ending, Link, Phase, phase_of};
use crate::api::session::{EndReason, SessionEvent};
use crate::app::context::Ctx;
use crate::app::notify::{self, Incoming, Prefs};
use crate::app::sentences::error_sentence;
use crate::app::step::{Change, Step, Unsent};
use crate::app::survey::FormProgress;
use crate::app::transcript::{Delivery, EntryKind, UploadState};
use crate::text::sanitize_line;

impl ChatState {
    /// Applies a worker event.
    pub fn on_session(&mut self, event: SessionEvent, ctx: &mut Ctx) -> Step {
        let now = ctx.now_ms;
        let mut effects = Vec::new();
        match event {
            SessionEvent::Started {
                chat_id,
                state,
                ewt,
                resumed,
            } => {
                self.chat_id = Some(chat_id);
                self.phase = match state {
                    Some(s) => phase_of(&s, ewt).unwrap_or(Phase::Connecting),
                    None if resumed => Phase::Connected,
                    None => Phase::Queued { ewt },
                };
                if resumed {
                    self.history_next = true;
                    self.transcript
                        .push(now, EntryKind::System("Rejoined your chat".to_string()));
                }
                effects.extend(self.preview_effects(ctx));
            }
            SessionEvent::StartFailed(error) => {
                let notice = format!("Could not start the chat: {}.", error_sentence(&error));
                return Step::to(Change::Home {
                    notice: Some(notice),
                    restore: Some(Unsent {
                        message: self.first_message.take(),
                        callback: self.callback.clone().unwrap_or_default(),
                    }),
                });
            }
            SessionEvent::Events(events) => {
                let mut agent_spoke: Option<String> = None;
                self.transcript.reserve(events.len());
                let had_form = self.form.is_some();
                let mut new_messages = 0u32;
                for event in events {
                    if let Some(text) = self.apply(event, now, ctx.keymap) {
                        agent_spoke = Some(text);
                        new_messages = new_messages.saturating_add(1);
                    }
                }
                if std::mem::take(&mut self.history_next) {
                    self.unacknowledged.clear();
                }
                let visible = usize::from(self.transcript_rows(ctx.size.0, ctx.size.1));
                effects.extend(self.acknowledge(ctx.focused, visible));
                effects.extend(self.photo_effect());
                effects.extend(self.preview_effects(ctx));
                let incoming = match (agent_spoke, &self.form) {
                    (Some(text), _) => Some(Incoming::AgentMessage(text)),
                    (None, Some(form)) if !had_form => {
                        new_messages = new_messages.saturating_add(1);
                        Some(Incoming::Form(form.title.clone()))
                    }
                    (None, Some(_) | None) => None,
                };
                if let Some(incoming) = incoming {
                    if !ctx.focused {
                        self.unseen_alerts = self.unseen_alerts.saturating_add(new_messages);
                    }
                    let prefs = Prefs {
                        bell: ctx.settings.notifications.bell,
                        desktop: ctx.settings.notifications.desktop,
                    };
                    let agent = self.agent.as_deref().unwrap_or("Agent");
                    effects.extend(notify::decide(ctx.focused, prefs, agent, &incoming));
                }
            }
            SessionEvent::LinkDown { error, retry_in } => {
                let retry_ms = i64::try_from(retry_in.as_millis()).unwrap_or(i64::MAX);
                self.link = Link::Down {
                    why: error_sentence(&error),
                    retry_at_ms: now.saturating_add(retry_ms),
                };
            }
            SessionEvent::LinkUp => self.link = Link::Up,
            SessionEvent::MessageSent { local_id, msg_id } => {
                if let Some(i) = self.transcript.local_index(local_id) {
                    self.transcript.link_msg_id(i, &msg_id);
                    self.set_delivery(i, Delivery::Sent);
                    if self.first_message.is_some() {
                        self.first_message = None;
                    }
                }
            }
            SessionEvent::MessageFailed { local_id, error } => {
                if let Some(i) = self.transcript.local_index(local_id) {
                    self.set_delivery(i, Delivery::Failed(error_sentence(&error)));
                }
            }
            SessionEvent::UploadProgress {
                local_id,
                sent,
                total,
            } => self.set_upload(local_id, UploadState::Progress { sent, total }, None),
            SessionEvent::UploadDone {
                local_id,
                file_id,
                file_name,
            } => {
                self.transcript.mark_file_seen(&file_id);
                self.set_upload(local_id, UploadState::Done, Some(sanitize_line(&file_name)));
            }
            SessionEvent::UploadFailed { local_id, error } => {
                self.set_upload(local_id, UploadState::Failed(error_sentence(&error)), None)
            }
            SessionEvent::FormSent { .. } => {
                if let Some(form) = &mut self.form {
                    form.progress = FormProgress::Sent;
                }
                if !self.is_live() {
                    return self.after_end(effects);
                }
            }
            SessionEvent::FormFailed { error, .. } => {
                self.form_answer = None;
                if let Some(form) = &mut self.form {
                    form.progress = FormProgress::Failed(error_sentence(&error));
                }
            }
            SessionEvent::Ended(reason) => {
                let ending = match reason {
                    EndReason::Ended => Ending::Ended,
                    EndReason::Inactivity => Ending::Inactivity,
                    EndReason::Gone => Ending::Gone,
                    EndReason::Fatal(error) => Ending::Failed(error_sentence(&error)),
                    EndReason::Stopped => Ending::Stopped,
                };
                self.phase = Phase::Ended(ending);
                self.typing = None;
                self.link = Link::Up;
                self.focus = ChatFocus::Composer;
                return self.after_end(effects);
            }
        }
        effects.into()
    }

    pub(super) fn set_delivery(&mut self, index: usize, new: Delivery) {
        self.transcript.modify(index, |kind| {
            if let EntryKind::Message { delivery, .. } = kind {
                *delivery = new;
            }
        });
    }

    fn set_upload(&mut self, local_id: u64, new: UploadState, new_name: Option<String>) {
        if let Some(i) = self.transcript.local_index(local_id) {
            self.transcript.modify(i, |kind| {
                if let EntryKind::Upload { state, name, .. } = kind {
                    *state = new;
                    if let Some(n) = new_name.filter(|n| !n.is_empty()) {
                        *name = n;
                    }
                }
            });
        }
    }
}
