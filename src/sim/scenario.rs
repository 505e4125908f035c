//! What happens in a chat, step by step: the scenario's side of PROTOCOL.md's flows.
//!
//! Owns the server events each step pushes (status, joins, messages, files, forms, receipts, the
//! end) and how a validated client event changes the chat: a message is recorded and handed to
//! the agent; `chat_session_disconnect` makes the agent leave and shows the `MobileChatSurvey`
//! form; its answer (or cancel) ends the chat; `chat_session_end` ends it at once. Does not own
//! timing (the `agent` task) or validation (`intake`).

use super::AgentScript;
use super::agent::AgentInput;
use super::html::{escape_html, html_to_plain};
use super::intake::Incoming;
use super::state::{ApiVersion, Chat, now};
use crate::api::types::{
    ChatState, ClientEvent, EndedEvent, FileEvent, FormShow, MessageEvent, PartyEvent, PartyJoined,
    PartyType, ReceiptEvent, ServerEvent, StatusEvent,
};
use crate::api::wire::FormRequestId;
use serde_json::Value;

/// The survey the scenario shows after the customer disconnects (PROTOCOL.md).
pub(crate) const SURVEY_FORM: &str = "MobileChatSurvey";

/// How long the customer has to fill a form, in seconds.
const FORM_TIMEOUT_SECS: u64 = 300;

/// The length of a generated burst message: a typical chat line.
pub(crate) const BURST_TEXT_LEN: usize = 60;

/// The `n`th (from 1) generated burst message: "burst message 17 " and filler, 60 characters.
pub(crate) fn burst_text(n: usize) -> String {
    const FILLER: &str = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod";
    let mut text = format!("burst message {n} {FILLER}");
    // Only ASCII, so a byte index is a character boundary.
    text.truncate(BURST_TEXT_LEN);
    text
}

impl Chat {
    fn push_event(&mut self, event: ServerEvent) {
        self.push_server(event.to_value());
    }

    pub fn set_status(&mut self, state: ChatState, ewt: Option<u64>) {
        self.state = state.clone();
        self.push_event(ServerEvent::Status(StatusEvent {
            state,
            ewt,
            timestamp: Some(now()),
        }));
    }

    pub fn agent_join(&mut self, script: &AgentScript) {
        self.agent_joined = true;
        self.push_event(ServerEvent::PartyJoined(PartyJoined {
            party_id: self.agent_party_id.clone(),
            first_name: script.first_name.clone(),
            last_name: script.last_name.clone(),
            display_name: format!("{} {}", script.first_name, script.last_name),
            party_type: PartyType::Internal,
            timestamp: Some(now()),
        }));
    }

    /// Whether the agent is in the conversation (joined, not left, chat not over).
    pub fn agent_present(&self) -> bool {
        self.agent_joined && !self.agent_left && !self.disconnected && !self.ended
    }

    pub fn agent_typing(&mut self, on: bool) {
        let party = PartyEvent {
            party_id: self.agent_party_id.clone(),
            timestamp: Some(now()),
        };
        let event = if on {
            ServerEvent::Typing
        } else {
            ServerEvent::NotTyping
        };
        self.push_event(event(party));
    }

    /// An agent message: `html` on the wire as `msg`, `plain` as `msg_text`.
    pub fn agent_message(&mut self, html: String, plain: String) {
        let msg_id = self.next_agent_msg_id();
        self.push_event(ServerEvent::Message(MessageEvent {
            msg_id,
            msg: html,
            msg_text: Some(plain),
            party_id: self.agent_party_id.clone(),
            timestamp: Some(now()),
        }));
    }

    /// An agent message from plain text (escaped for the wire).
    pub fn agent_say(&mut self, text: &str) {
        self.agent_message(escape_html(text), text.to_string());
    }

    /// Agent messages from plain texts, logged together with one wake of the held poll (see
    /// `push_server_many`). Answers their msg_ids, in order.
    pub fn agent_burst(&mut self, texts: Vec<String>) -> Vec<String> {
        let mut ids = Vec::with_capacity(texts.len());
        let mut values = Vec::with_capacity(texts.len());
        for text in texts {
            let msg_id = self.next_agent_msg_id();
            ids.push(msg_id.clone());
            values.push(
                ServerEvent::Message(MessageEvent {
                    msg_id,
                    msg: escape_html(&text),
                    msg_text: Some(text),
                    party_id: self.agent_party_id.clone(),
                    timestamp: Some(now()),
                })
                .to_value(),
            );
        }
        self.push_server_many(values);
        ids
    }

    pub fn agent_file(&mut self, file_id: String, file_name: &str, content_type: &str) {
        let file_type = if content_type.starts_with("image/") {
            "image"
        } else {
            "attachment"
        };
        self.push_event(ServerEvent::File(FileEvent {
            file_id,
            file_name: file_name.to_string(),
            file_type: file_type.to_string(),
            party_id: self.agent_party_id.clone(),
            timestamp: Some(now()),
        }));
    }

    pub fn agent_leave(&mut self) {
        if self.agent_joined && !self.agent_left {
            self.agent_left = true;
            self.push_event(ServerEvent::PartyLeft(PartyEvent {
                party_id: self.agent_party_id.clone(),
                timestamp: Some(now()),
            }));
        }
    }

    pub fn show_form(&mut self, form_request_id: i64, form_name: &str) {
        self.push_event(ServerEvent::FormShow(FormShow {
            form_request_id: FormRequestId::Number(form_request_id),
            form_name: form_name.to_string(),
            form_timeout: Some(FORM_TIMEOUT_SECS),
            channel: None,
            timestamp: Some(now()),
        }));
    }

    /// A v2 receipt for one of the customer's messages, from the agent.
    pub fn receipt(&mut self, read: bool, ref_msg_id: &str) {
        if self.version != ApiVersion::V2 {
            return;
        }
        let event = if read {
            ServerEvent::MessageRead
        } else {
            ServerEvent::MessageDelivered
        };
        self.push_event(event(ReceiptEvent {
            ref_msg_id: ref_msg_id.to_string(),
            party_id: self.agent_party_id.clone(),
            timestamp: Some(now()),
        }));
    }

    /// Ends the chat: the agent leaves, status completed, `chat_session_ended`. Idempotent.
    pub fn finish(&mut self) {
        if self.ended {
            return;
        }
        self.agent_leave();
        self.set_status(ChatState::Completed, None);
        self.push_event(ServerEvent::Ended(EndedEvent {
            timestamp: Some(now()),
        }));
        self.ended = true;
        self.survey_pending = false;
        self.agent_tx = None;
    }

    /// Applies one validated client event. `form_id` is the id a survey would get.
    pub fn apply_client(&mut self, incoming: Incoming, echo: bool, form_id: i64) {
        let Incoming { event, mut wire } = incoming;
        wire.insert("party_id".into(), Value::String(self.id.clone()));
        wire.insert(
            "timestamp".into(),
            serde_json::to_value(now()).unwrap_or(Value::Null),
        );
        self.client_events.push(event.clone());
        match event {
            ClientEvent::Message {
                msg_id,
                msg,
                msg_text,
            } => {
                self.customer_messages.push((msg_id.clone(), msg.clone()));
                self.push_client(Value::Object(wire), echo);
                if self.agent_present() {
                    self.receipt(false, &msg_id);
                }
                let text = msg_text.unwrap_or_else(|| html_to_plain(&msg));
                self.send_to_agent(AgentInput::Message { msg_id, text });
            }
            ClientEvent::File {
                file_name,
                file_type,
                ..
            } => {
                self.push_client(Value::Object(wire), echo);
                self.send_to_agent(AgentInput::File {
                    name: file_name,
                    is_image: file_type.eq_ignore_ascii_case("image"),
                });
            }
            ClientEvent::FormData { .. } | ClientEvent::SecureFormData { .. } => {
                if matches!(event, ClientEvent::SecureFormData { .. }) {
                    // Secure answers are not kept in history.
                    wire.remove("data");
                }
                self.push_client(Value::Object(wire), false);
                self.form_answered(false);
            }
            ClientEvent::FormCancel { .. } | ClientEvent::SecureFormCancel { .. } => {
                self.push_client(Value::Object(wire), false);
                self.form_answered(true);
            }
            ClientEvent::Typing
            | ClientEvent::NotTyping
            | ClientEvent::MessageDelivered { .. }
            | ClientEvent::MessageRead { .. } => self.push_client(Value::Object(wire), false),
            ClientEvent::Location { .. } => {
                self.push_client(Value::Object(wire), false);
                self.send_to_agent(AgentInput::Location);
            }
            ClientEvent::Disconnect => {
                self.push_client(Value::Object(wire), false);
                self.customer_disconnected(form_id);
            }
            ClientEvent::End => {
                self.push_client(Value::Object(wire), false);
                self.finish();
            }
        }
    }

    fn form_answered(&mut self, cancelled: bool) {
        if self.survey_pending {
            self.finish();
        } else {
            self.send_to_agent(AgentInput::FormAnswered { cancelled });
        }
    }

    /// The customer left: with an agent in the chat, the agent leaves and the survey follows;
    /// before any agent joined there is nothing to rate, so the chat just ends.
    fn customer_disconnected(&mut self, form_id: i64) {
        if self.disconnected || self.ended {
            return;
        }
        if self.agent_joined && !self.agent_left {
            self.disconnected = true;
            self.agent_leave();
            self.show_form(form_id, SURVEY_FORM);
            self.survey_pending = true;
        } else {
            self.disconnected = true;
            self.finish();
        }
    }
}
