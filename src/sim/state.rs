//! The tenant's data: chats (each with its event log and poll cursor), uploaded and agent-sent
//! files, the fault plan and the counters.
//!
//! Owns storage and delivery bookkeeping only. What happens in a chat (joins, answers, surveys)
//! is `scenario`'s and `agent`'s; HTTP is `routes`'. Everything sits behind one `std` mutex that
//! is never held across an `.await`; a chat's `Notify` wakes its held poll.

use super::SimConfig;
use super::agent::AgentInput;
use super::faults::FaultEntry;
use super::limiter::RateLimit;
use super::reply::ApiError;
use super::traffic::Traffic;
use crate::api::types::{ChatRequest, ChatState, ClientEvent, error_codes};
use crate::api::wire::Timestamp;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::{Notify, mpsc, watch};
use tokio::task::AbortHandle;

/// PROTOCOL.md: "the server keeps the latest 1000 files".
const MAX_FILES: usize = 1000;

/// Counters a test can read through `SimControl::stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SimStats {
    /// Get New Chat Events requests that reached a known chat (rejected ones included).
    pub polls: u64,
    /// Polls refused with 400 / 5509 because another poll on the same chat was held.
    pub rejected_concurrent_polls: u64,
    /// The most polls ever in flight at once on one chat (2 or more means a client overlapped).
    pub max_concurrent_polls: u64,
    /// Every HTTP request, whatever its route or fate (counted by the outermost layer, before
    /// the rate limiter and fault injection).
    pub requests: u64,
    /// TCP connections accepted (a client with keep-alive needs one or two for a whole chat).
    pub connections: u64,
    /// Send Events requests (`POST .../events`), whatever their fate.
    pub send_events: u64,
    /// Events in the bodies of the Send Events requests the handler read.
    pub events_received: u64,
    /// Requests the rate limiter refused (429 on v2, 503 on v1).
    pub rate_limited: u64,
    /// Non-poll requests that arrived while their client was inside a `Retry-After` window the
    /// limiter had given it: a client that honours `Retry-After` keeps this at 0.
    pub during_retry_after: u64,
}

/// Who a chat or an upload belongs to: the active chat is looked up by appId + clientId.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Owner {
    pub app_id: String,
    pub client_id: String,
}

#[derive(Clone, Debug)]
pub(crate) struct StoredFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// `None` for files the agent sent.
    pub owner: Option<Owner>,
}

/// Which API prefix a chat was opened under; v2 chats get read receipts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ApiVersion {
    V1,
    V2,
}

/// One event of a chat. Everything is history; `deliver` says whether polls hand it out
/// (server events always; the customer's own only when echoing).
struct Entry {
    value: Value,
    deliver: bool,
}

pub(crate) struct Chat {
    pub id: String,
    pub owner: Owner,
    pub request: ChatRequest,
    pub version: ApiVersion,
    pub created: Timestamp,
    pub state: ChatState,
    log: Vec<Entry>,
    /// Index into `log` of the first event no poll has taken yet.
    cursor: usize,
    pub polls_in_flight: u64,
    pub notify: Arc<Notify>,
    pub agent_party_id: String,
    pub agent_joined: bool,
    pub agent_left: bool,
    /// The survey shown after the customer disconnected; its answer ends the chat.
    pub survey_pending: bool,
    pub disconnected: bool,
    pub ended: bool,
    pub customer_messages: Vec<(String, String)>,
    pub client_events: Vec<ClientEvent>,
    /// Dropped when the chat ends, which lets the agent task finish.
    pub agent_tx: Option<mpsc::UnboundedSender<AgentInput>>,
    agent_messages: u64,
    /// The tenant-wide change counter, bumped on every event logged (set by `insert_chat`), so
    /// a watcher such as the agent console wakes up only when something happened.
    changes: Option<Arc<watch::Sender<u64>>>,
}

impl Chat {
    pub fn new(id: String, owner: Owner, request: ChatRequest, version: ApiVersion) -> Chat {
        Chat {
            id,
            owner,
            request,
            version,
            created: now(),
            state: ChatState::Queued,
            log: Vec::new(),
            cursor: 0,
            polls_in_flight: 0,
            notify: Arc::new(Notify::new()),
            agent_party_id: uuid::Uuid::new_v4().to_string(),
            agent_joined: false,
            agent_left: false,
            survey_pending: false,
            disconnected: false,
            ended: false,
            customer_messages: Vec::new(),
            client_events: Vec::new(),
            agent_tx: None,
            agent_messages: 0,
            changes: None,
        }
    }

    fn changed(&self) {
        if let Some(changes) = &self.changes {
            changes.send_modify(|v| *v = v.wrapping_add(1));
        }
    }

    /// Appends a server event: history, and delivered to the next poll.
    pub fn push_server(&mut self, value: Value) {
        self.log.push(Entry {
            value,
            deliver: true,
        });
        self.notify.notify_one();
        self.changed();
    }

    /// Appends several server events under one lock with one wake of a held poll, so a poll
    /// answers them together (up to `SimConfig::max_events_per_answer`).
    pub fn push_server_many(&mut self, values: impl IntoIterator<Item = Value>) {
        let before = self.log.len();
        self.log.extend(values.into_iter().map(|value| Entry {
            value,
            deliver: true,
        }));
        if self.log.len() > before {
            self.notify.notify_one();
            self.changed();
        }
    }

    /// Appends a client event to history (delivered too when `echo`).
    pub fn push_client(&mut self, value: Value, echo: bool) {
        self.log.push(Entry {
            value,
            deliver: echo,
        });
        if echo {
            self.notify.notify_one();
        }
        self.changed();
    }

    /// Hands out the deliverable events past the cursor, at most `max` (at least one), in
    /// order, and moves the cursor past the last one taken: from here on they count as
    /// delivered, whatever happens to the response carrying them.
    pub fn take_pending(&mut self, max: usize) -> Vec<Value> {
        let max = max.max(1);
        let mut taken = Vec::new();
        let mut next = self.cursor;
        for entry in &self.log[self.cursor..] {
            if taken.len() == max {
                break;
            }
            next += 1;
            if entry.deliver {
                taken.push(entry.value.clone());
            }
        }
        self.cursor = next;
        taken
    }

    pub fn has_pending(&self) -> bool {
        self.log[self.cursor..].iter().any(|e| e.deliver)
    }

    /// Exactly what Get Chat History answers, in order.
    pub fn history(&self) -> Vec<Value> {
        self.log.iter().map(|e| e.value.clone()).collect()
    }

    /// A CRM case was linked to this chat (`chat_session_case_set` is in its log).
    pub fn has_case(&self) -> bool {
        self.log
            .iter()
            .any(|e| e.value["event"] == "chat_session_case_set")
    }

    pub fn is_live(&self) -> bool {
        !self.ended
    }

    /// A fresh, chat-unique id for the agent's next message.
    pub fn next_agent_msg_id(&mut self) -> String {
        self.agent_messages += 1;
        format!("agent-{}", self.agent_messages)
    }

    pub fn send_to_agent(&self, input: AgentInput) {
        if let Some(tx) = &self.agent_tx {
            // A finished agent task simply means nobody answers any more.
            let _ = tx.send(input);
        }
    }
}

pub(crate) struct SimState {
    pub chats: HashMap<String, Chat>,
    /// Chat ids in creation order.
    pub order: Vec<String>,
    pub files: HashMap<String, StoredFile>,
    file_order: VecDeque<String>,
    pub faults: VecDeque<FaultEntry>,
    pub stats: SimStats,
    /// The rate limiter and the request log (`traffic`).
    pub traffic: Traffic,
    next_form_id: i64,
    pub agents: Vec<AbortHandle>,
    /// Bumped whenever any chat logs an event or a chat opens (see `Chat::changes`).
    pub changes: Arc<watch::Sender<u64>>,
}

impl SimState {
    fn new(limit: Option<RateLimit>) -> SimState {
        SimState {
            chats: HashMap::new(),
            order: Vec::new(),
            files: HashMap::new(),
            file_order: VecDeque::new(),
            faults: VecDeque::new(),
            stats: SimStats::default(),
            traffic: Traffic::new(limit),
            // Forms get numeric ids, as the Android SDK reads them.
            next_form_id: 100,
            agents: Vec::new(),
            changes: Arc::new(watch::Sender::new(0)),
        }
    }

    /// The chat `chat_id` if it belongs to `owner`; another client's chat is as unknown as a
    /// chat that never existed (404 / 5005).
    pub fn chat_of(&mut self, owner: &Owner, chat_id: &str) -> Result<&mut Chat, ApiError> {
        match self.chats.get_mut(chat_id) {
            Some(chat) if &chat.owner == owner => Ok(chat),
            _ => Err(ApiError::not_found(
                error_codes::CHAT_NOT_FOUND,
                "chat session not found",
            )),
        }
    }

    /// The live chat of this appId + clientId, if any.
    pub fn live_chat_id(&self, owner: &Owner) -> Option<String> {
        self.order
            .iter()
            .filter_map(|id| self.chats.get(id))
            .find(|c| &c.owner == owner && c.is_live())
            .map(|c| c.id.clone())
    }

    pub fn insert_chat(&mut self, mut chat: Chat) {
        chat.changes = Some(self.changes.clone());
        self.order.push(chat.id.clone());
        self.chats.insert(chat.id.clone(), chat);
        self.changes.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// Stores a file under a fresh id, forgetting the oldest beyond the latest 1000.
    pub fn store_file(&mut self, file: StoredFile) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.files.insert(id.clone(), file);
        self.file_order.push_back(id.clone());
        while self.file_order.len() > MAX_FILES {
            if let Some(old) = self.file_order.pop_front() {
                self.files.remove(&old);
            }
        }
        id
    }

    pub fn next_form_id(&mut self) -> i64 {
        self.next_form_id += 1;
        self.next_form_id
    }
}

/// The configuration and the state, shared by handlers, agent tasks and `SimControl`.
pub(crate) struct Shared {
    pub config: SimConfig,
    state: Mutex<SimState>,
    /// When the tenant started (tokio time): the unavailable period counts from here.
    pub started: tokio::time::Instant,
}

impl Shared {
    /// Whether Check Availability says "available" now: the configured answer, except during
    /// the opening unavailable period (the demo's "outside hours" moment).
    pub fn available_now(&self) -> bool {
        self.config.available && self.started.elapsed() >= self.config.unavailable_for
    }

    pub fn new(config: SimConfig) -> Arc<Shared> {
        let state = Mutex::new(SimState::new(config.rate_limit));
        Arc::new(Shared {
            config,
            state,
            started: tokio::time::Instant::now(),
        })
    }

    /// Locks the state. A panic elsewhere while locked leaves data that is still consistent
    /// enough for a simulator, so poisoning is ignored rather than spread.
    pub fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Now, as the wire carries it (whole seconds).
pub(crate) fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Timestamp::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
}
