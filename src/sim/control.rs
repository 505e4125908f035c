//! `SimControl`: the handle tests and the demo use to watch and steer the tenant from outside
//! HTTP — inject faults, read what clients sent, speak for the agent, end chats.
//!
//! Owns no state of its own (it is a clone of the shared state); every method takes the lock
//! briefly. Unknown chat ids are ignored by the steering methods and give empty answers.

use super::faults::{Fault, FaultEntry, Route};
use super::limiter::RateLimit;
use super::scenario::burst_text;
use super::state::{Chat, Shared, SimStats, StoredFile};
use super::traffic::LoggedRequest;
use crate::api::types::{ChatRequest, ChatState, ClientEvent, ServerEvent};
use serde_json::Value;
use std::sync::Arc;

#[derive(Clone)]
pub struct SimControl {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for SimControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimControl").finish_non_exhaustive()
    }
}

impl SimControl {
    pub(crate) fn new(shared: Arc<Shared>) -> SimControl {
        SimControl { shared }
    }

    fn with_chat<R>(&self, chat_id: &str, f: impl FnOnce(&mut Chat) -> R) -> Option<R> {
        self.shared.lock().chats.get_mut(chat_id).map(f)
    }

    /// Applies `fault` to the next `times` requests matching `route`. Several injections are
    /// used in the order they were made.
    pub fn inject(&self, route: Route, fault: Fault, times: usize) {
        if times > 0 {
            self.shared.lock().faults.push_back(FaultEntry {
                route,
                fault,
                remaining: times,
            });
        }
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every chat ever opened, oldest first.
    pub fn chat_ids(&self) -> Vec<String> {
        self.shared.lock().order.clone()
    }

    /// Exactly what Get Chat History returns for the chat.
    pub fn history(&self, chat_id: &str) -> Vec<ServerEvent> {
        self.history_json(chat_id)
            .into_iter()
            .map(ServerEvent::from_value)
            .collect()
    }

    /// The chat's history as the JSON on the wire.
    pub fn history_json(&self, chat_id: &str) -> Vec<Value> {
        self.with_chat(chat_id, |c| c.history()).unwrap_or_default()
    }

    /// Every `chat_session_message` received, in order, duplicates included: (msg_id, msg).
    pub fn customer_messages(&self, chat_id: &str) -> Vec<(String, String)> {
        self.with_chat(chat_id, |c| c.customer_messages.clone())
            .unwrap_or_default()
    }

    /// Every client event received, in order.
    pub fn client_events(&self, chat_id: &str) -> Vec<ClientEvent> {
        self.with_chat(chat_id, |c| c.client_events.clone())
            .unwrap_or_default()
    }

    /// What Request Chat carried (`from`, `parameters`, `phone_number`).
    pub fn chat_request(&self, chat_id: &str) -> Option<ChatRequest> {
        self.with_chat(chat_id, |c| c.request.clone())
    }

    /// Where the chat stands (the last status sent).
    pub fn chat_state(&self, chat_id: &str) -> Option<ChatState> {
        self.with_chat(chat_id, |c| c.state.clone())
    }

    /// The agent's party id in this chat (valid once it joined).
    pub fn agent_party_id(&self, chat_id: &str) -> Option<String> {
        self.with_chat(chat_id, |c| c.agent_party_id.clone())
    }

    /// The agent sends `text` now (HTML-escaped on the wire, `msg_text` plain).
    pub fn agent_say(&self, chat_id: &str, text: &str) {
        self.with_chat(chat_id, |c| {
            if !c.ended {
                c.agent_say(text);
            }
        });
    }

    /// The agent sends all `texts` at once: logged under one lock with one wake of the held
    /// poll, so one poll answers them all (up to `SimConfig::max_events_per_answer`; the rest
    /// come with the next poll). Answers their msg_ids in order (none for an unknown or ended chat).
    pub fn agent_burst(&self, chat_id: &str, texts: Vec<String>) -> Vec<String> {
        self.with_chat(chat_id, |c| {
            if c.ended {
                Vec::new()
            } else {
                c.agent_burst(texts)
            }
        })
        .unwrap_or_default()
    }

    /// [`SimControl::agent_burst`] of `n` generated messages of 60 characters ("burst message
    /// 1 lorem ipsum…", numbered from 1).
    pub fn agent_burst_n(&self, chat_id: &str, n: usize) -> Vec<String> {
        self.agent_burst(chat_id, (1..=n).map(burst_text).collect())
    }

    /// The agent shows or hides "typing".
    pub fn agent_typing(&self, chat_id: &str, on: bool) {
        self.with_chat(chat_id, |c| {
            if !c.ended {
                c.agent_typing(on);
            }
        });
    }

    /// The agent sends a file (`file_type` image for `image/*`, else attachment).
    pub fn agent_send_file(&self, chat_id: &str, name: &str, content_type: &str, bytes: Vec<u8>) {
        let mut state = self.shared.lock();
        if state.chats.get(chat_id).is_none_or(|c| c.ended) {
            return;
        }
        let file_id = state.store_file(StoredFile {
            name: name.to_string(),
            content_type: content_type.to_string(),
            bytes,
            owner: None,
        });
        if let Some(chat) = state.chats.get_mut(chat_id) {
            chat.agent_file(file_id, name, content_type);
        }
    }

    /// Shows a form; answering it acknowledges (it ends the chat only for the survey that
    /// follows a disconnect).
    pub fn show_form(&self, chat_id: &str, form_name: &str) {
        let mut state = self.shared.lock();
        let form_id = state.next_form_id();
        if let Some(chat) = state.chats.get_mut(chat_id).filter(|c| !c.ended) {
            chat.show_form(form_id, form_name);
        }
    }

    /// The agent ends the chat: party left, status completed, `chat_session_ended`.
    pub fn end_chat(&self, chat_id: &str) {
        self.with_chat(chat_id, Chat::finish);
    }

    /// Delivers any JSON as a server event (hostile, malformed or unknown ones included).
    pub fn push_raw_event(&self, chat_id: &str, event: Value) {
        self.with_chat(chat_id, |c| c.push_server(event));
    }

    /// A counter that moves whenever a chat opens or any chat logs an event (either side's):
    /// wait on `changed()`, then read `history`, instead of polling.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.shared.lock().changes.subscribe()
    }

    /// Whether the chat is over (unknown chats count as over).
    pub fn is_ended(&self, chat_id: &str) -> bool {
        self.with_chat(chat_id, |c| c.ended).unwrap_or(true)
    }

    pub fn stats(&self) -> SimStats {
        self.shared.lock().stats
    }

    /// Zeroes the counters and empties the request log (the rate limiter's memory of clients
    /// is kept: it is behaviour, not a statistic).
    pub fn reset_stats(&self) {
        let mut state = self.shared.lock();
        state.stats = SimStats::default();
        state.traffic.clear_log();
    }

    /// The latest answered requests (at most 10,000), oldest first.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.lock().traffic.log()
    }

    /// Whether the client `client_id` is inside a `Retry-After` window the rate limiter gave it.
    pub fn in_retry_after(&self, client_id: &str) -> bool {
        self.shared
            .lock()
            .traffic
            .limiter
            .in_retry_after(client_id, tokio::time::Instant::now())
    }

    /// Puts a rate limit in force (`None`: none); clients start with a clean slate.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.shared.lock().traffic.limiter.set(limit);
    }

    /// A stored file (customer upload or agent-sent): name, content type, bytes.
    pub fn uploaded_file(&self, file_id: &str) -> Option<(String, String, Vec<u8>)> {
        self.shared
            .lock()
            .files
            .get(file_id)
            .map(|f| (f.name.clone(), f.content_type.clone(), f.bytes.clone()))
    }
}
