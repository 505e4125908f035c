//! How each server event changes a chat: transcript entries, phase, typing, forms, receipts.
//!
//! A child of `chat` (it reaches the chat's private bookkeeping); split off so that each file
//! stays readable. Every `ServerEvent` variant is handled here, exhaustively.

use super::{ChatState, Phase, TYPING_TIMEOUT_MS, Typing, phase_of};
use crate::api::types::{PartyType, ServerEvent};
use crate::app::keymap::{Action, Keymap, Mode};
use crate::app::msg::PreviewSource;
use crate::app::survey::FormState;
use crate::app::transcript::{Delivery, EntryKind, Sender, directive};
use crate::text::{html_to_text, sanitize, sanitize_line};
use std::sync::Arc;

/// How a join line ends (`"Anna Lee has joined the chat"`): one wording, which the line front
/// end reads back to announce a join as such.
pub const JOINED_SUFFIX: &str = " has joined the chat";
/// How a leave line ends (`"Anna Lee left the chat"`).
pub const LEFT_SUFFIX: &str = " left the chat";
/// The line the server's end of the chat leaves in the transcript.
pub const ENDED_LINE: &str = "The chat has ended";

impl ChatState {
    /// Applies one server event; returns the text of a new agent message (for notifications).
    pub(super) fn apply(
        &mut self,
        event: ServerEvent,
        now: i64,
        keymap: &Keymap,
    ) -> Option<String> {
        let at = |t: Option<crate::api::Timestamp>| t.map(|t| t.millis()).unwrap_or(now);
        match event {
            ServerEvent::Status(s) => {
                if let Some(p) = phase_of(&s.state, s.ewt)
                    && self.is_live()
                {
                    self.phase = p;
                }
            }
            ServerEvent::PartyJoined(p) => {
                if self.is_own(&p.party_id) || !self.first_presence(true, &p.party_id, p.timestamp)
                {
                    return None;
                }
                let name = match p.name() {
                    n if n.trim().is_empty() => "An agent".to_string(),
                    n => n,
                };
                self.parties
                    .insert(p.party_id.clone(), Arc::from(name.as_str()));
                match p.party_type {
                    PartyType::Internal | PartyType::External | PartyType::Other(_) => {
                        self.agent = Some(name.clone());
                        if self.is_live() {
                            self.photo_wanted = Some(p.party_id.clone());
                        }
                        if self.is_live() {
                            self.phase = Phase::Connected;
                        }
                    }
                    PartyType::Scenario => {}
                }
                self.transcript.push(
                    at(p.timestamp),
                    EntryKind::System(format!("{name}{JOINED_SUFFIX}")),
                );
            }
            ServerEvent::PartyLeft(p) => {
                if self.is_own(&p.party_id) || !self.first_presence(false, &p.party_id, p.timestamp)
                {
                    return None;
                }
                let name = self.sender_name(&p.party_id);
                if self
                    .typing
                    .as_ref()
                    .is_some_and(|t| t.party_id == p.party_id)
                {
                    self.typing = None;
                }
                self.transcript.push(
                    at(p.timestamp),
                    EntryKind::System(format!("{name}{LEFT_SUFFIX}")),
                );
            }
            ServerEvent::Message(m) => {
                if !self.transcript.mark_msg_seen(&m.msg_id) {
                    return None;
                }
                // PROTOCOL.md: the plain `msg_text` if present, else the HTML `msg` made plain.
                let text = m.display_text();
                if self.is_own(&m.party_id) {
                    // Our own message seen in history (a resumed chat): show it once. One that
                    // is a label of the newest open set of buttons was the choice made there.
                    self.note_answer_in_history(&text);
                    self.transcript.push(
                        at(m.timestamp),
                        EntryKind::Message {
                            sender: Sender::Customer(self.customer_name.clone()),
                            text,
                            delivery: Delivery::Sent,
                        },
                    );
                    return None;
                }
                if self
                    .typing
                    .as_ref()
                    .is_some_and(|t| t.party_id == m.party_id)
                {
                    self.typing = None;
                }
                if self.is_live() && !m.msg_id.is_empty() {
                    self.unacknowledged.push(m.msg_id.clone());
                }
                let sender = Sender::Agent(self.sender_name(&m.party_id));
                // Quick replies (`/buttons [Yes] [No]`) become buttons; the notification says
                // the message, or the choices when there is none.
                let (kind, said) = match directive::parse(&text) {
                    Some(replies) => {
                        let said = replies
                            .intro
                            .clone()
                            .unwrap_or_else(|| replies.labels.join(" / "));
                        let kind = EntryKind::Buttons {
                            sender,
                            replies: Box::new(replies),
                            chosen: None,
                        };
                        (kind, said)
                    }
                    None => {
                        let said = text.clone();
                        let kind = EntryKind::Message {
                            sender,
                            text,
                            delivery: Delivery::Received,
                        };
                        (kind, said)
                    }
                };
                self.transcript.push(at(m.timestamp), kind);
                return Some(said);
            }
            ServerEvent::Typing(p) => {
                if !self.is_own(&p.party_id) && self.is_live() {
                    self.typing = Some(Typing {
                        name: self.sender_name(&p.party_id).to_string(),
                        party_id: p.party_id,
                        until_ms: now + TYPING_TIMEOUT_MS,
                    });
                }
            }
            ServerEvent::NotTyping(p) => {
                if self
                    .typing
                    .as_ref()
                    .is_some_and(|t| t.party_id == p.party_id)
                {
                    self.typing = None;
                }
            }
            ServerEvent::File(f) => {
                if !self.transcript.mark_file_seen(&f.file_id) {
                    return None;
                }
                let own = self.is_own(&f.party_id);
                let sender = if own {
                    Sender::Customer(self.customer_name.clone())
                } else {
                    Sender::Agent(self.sender_name(&f.party_id))
                };
                let name = match sanitize_line(&f.file_name) {
                    n if n.trim().is_empty() => "(unnamed file)".to_string(),
                    n => n,
                };
                let index = self.transcript.push(
                    at(f.timestamp),
                    EntryKind::File {
                        sender,
                        name: name.clone(),
                        image: f.is_image(),
                    },
                );
                if f.is_image() {
                    self.preview_candidates.push((
                        index,
                        PreviewSource::Remote {
                            file_id: f.file_id.clone(),
                        },
                    ));
                }
                if !own {
                    let key = |mode, action| keymap.label(mode, action);
                    self.notice = Some(format!(
                        "{} saves the agent's file · {}, then {} (save) or {} (open)",
                        key(Mode::Chat, Action::DownloadLatest),
                        key(Mode::Global, Action::FocusNext),
                        key(Mode::Transcript, Action::DownloadSelected { open: false }),
                        key(Mode::Transcript, Action::DownloadSelected { open: true }),
                    ));
                    self.agent_files.insert(
                        index,
                        super::AgentFile {
                            file_id: f.file_id,
                            name,
                            saved: None,
                        },
                    );
                }
            }
            // Too late, or the closing survey already answered: nothing to fill in. (Forms the
            // agent shows mid-chat, such as a location request, may follow one another.)
            ServerEvent::FormShow(_) | ServerEvent::SecureFormShow(_)
                if !self.is_live() || (self.leaving && self.form_answer.is_some()) => {}
            ServerEvent::FormShow(show) => self.show_form(FormState::new(&show, false), now),
            ServerEvent::SecureFormShow(show) => self.show_form(FormState::new(&show, true), now),
            ServerEvent::TimeoutWarning(n) => {
                let text = match sanitize(&html_to_text(&n.msg)) {
                    t if t.trim().is_empty() => {
                        "You will be disconnected soon for inactivity.".to_string()
                    }
                    t => t,
                };
                self.transcript
                    .push(at(n.timestamp), EntryKind::Warning(text));
            }
            ServerEvent::InactivityTimeout(n) => {
                let text = match sanitize(&html_to_text(&n.msg)) {
                    t if t.trim().is_empty() => "The chat was closed for inactivity.".to_string(),
                    t => t,
                };
                self.transcript
                    .push(at(n.timestamp), EntryKind::Warning(text));
            }
            ServerEvent::Ended(e) => {
                self.typing = None;
                self.transcript
                    .push(at(e.timestamp), EntryKind::System(ENDED_LINE.to_string()));
            }
            ServerEvent::MessageDelivered(r) | ServerEvent::MessageRead(r)
                if r.ref_msg_id.is_empty() => {}
            ServerEvent::MessageDelivered(r) => self.receipt(&r.ref_msg_id, Delivery::Delivered),
            ServerEvent::MessageRead(r) => self.receipt(&r.ref_msg_id, Delivery::Read),
            ServerEvent::Location(l) => {
                let name = self.sender_name(&l.party_id);
                self.transcript.push(
                    at(l.timestamp),
                    EntryKind::System(format!(
                        "{name} shared a location: {}",
                        sanitize_line(&l.url)
                    )),
                );
            }
            ServerEvent::Info(i) => {
                let service = sanitize_line(&i.service_name);
                if !service.trim().is_empty() {
                    self.transcript
                        .push(now, EntryKind::System(format!("Service: {service}")));
                }
            }
            ServerEvent::Disconnected(e) => {
                self.transcript.push(
                    at(e.timestamp),
                    EntryKind::System("You left the chat".to_string()),
                );
            }
            ServerEvent::Unsupported { event, .. } => {
                self.transcript
                    .push(now, EntryKind::System(unsupported_sentence(&event)));
            }
            ServerEvent::CaseSet(c) => {
                let case = sanitize_line(&c.case_id);
                if !case.trim().is_empty() {
                    self.case_id = Some(c.case_id.clone());
                    self.transcript.push(
                        at(c.timestamp),
                        EntryKind::System(format!("This chat is linked to case {case}")),
                    );
                }
            }
            ServerEvent::Navigation(n) => {
                // A browser would go there; a terminal shows the address to open by hand.
                let page = sanitize_line(&n.page);
                let title = sanitize_line(&n.title);
                let what = match (title.trim().is_empty(), page.trim().is_empty()) {
                    (_, true) => return None,
                    (true, false) => page,
                    (false, false) => format!("{title} — {page}"),
                };
                self.transcript.push(
                    now,
                    EntryKind::System(format!(
                        "The agent suggests a web page (open it in your browser): {what}"
                    )),
                );
            }
            // Nothing to show: our own form answers and end requests echoed in history, and
            // events this client does not know (logged by the decoder).
            ServerEvent::FormData(_)
            | ServerEvent::FormCancel(_)
            | ServerEvent::EndRequested(_)
            | ServerEvent::Unknown { .. } => {}
        }
        None
    }

    /// Whether a join (`true`) or leave of this party at this time is new. Without a
    /// timestamp there is nothing to compare: always new.
    fn first_presence(
        &mut self,
        joined: bool,
        party_id: &str,
        at: Option<crate::api::Timestamp>,
    ) -> bool {
        match at {
            Some(t) => self
                .seen_presence
                .insert((joined, party_id.to_string(), t.millis())),
            None => true,
        }
    }

    fn show_form(&mut self, form: FormState, now: i64) {
        self.transcript.push(
            now,
            EntryKind::System(format!("{} — please answer below", form.title)),
        );
        self.form = Some(form);
        self.form_answer = None;
        self.transcript.scroll_to_bottom();
    }

    fn receipt(&mut self, msg_id: &str, new: Delivery) {
        if let Some(i) = self.transcript.msg_index(msg_id) {
            // A read receipt outranks a late "delivered".
            let Some(EntryKind::Message { delivery, .. }) =
                self.transcript.entries().get(i).map(|e| &e.kind)
            else {
                return;
            };
            let current = delivery.clone();
            if !(current == Delivery::Read && new == Delivery::Delivered) {
                self.set_delivery(i, new);
            }
        }
    }
}

/// What the agent asked for, in words, for an event a terminal cannot act on.
fn unsupported_sentence(event: &str) -> String {
    if event.starts_with("chat_session_cobrowsing") {
        "The agent asked to co-browse (share your web page); this terminal cannot do that."
            .to_string()
    } else if event == "chat_session_signaling" {
        "The agent tried to start an audio or video call; this terminal cannot do that.".to_string()
    } else {
        format!(
            "The agent started something this terminal cannot show ({})",
            sanitize_line(event)
        )
    }
}
