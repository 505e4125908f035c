//! One chat in a background task: commands in, events out, in order.
//!
//! [`start`] spawns the worker of one chat and returns a [`SessionHandle`] (commands) and the
//! receiver of [`SessionEvent`]s. The vocabulary below is the contract with the app.
//!
//! The worker's story (details in `worker/mod.rs`):
//! 1. Start: Request Chat (retried with backoff, bounded; `StartFailed` at the end) or, to resume,
//!    Get Chat History; then `Started`, then (when resuming) the history as `Events`.
//! 2. Receive path: exactly one request in flight, ever: a long poll, or the history fetch that
//!    fills a gap after a failed poll. Every batch is de-duplicated before the app sees it.
//! 3. Send path: the outbox sends one Send Events at a time, in order; messages are numbered
//!    `<chat_id>:<n>` at their first attempt and keep that id through every retry.
//! 4. Failures back off (capped, full jitter, `Retry-After` honoured) and show as `LinkDown` /
//!    `LinkUp`; the chat ends on 404, `chat_session_ended`, inactivity, or a final status.
//!
//! Sub-modules: `transport` (the network boundary, a trait), `worker` (the loop; its send path
//! in `worker/send_path.rs`), `outbox`, `send` (one send attempt and its history checks), `dedupe`,
//! `classify`, `backoff`, `typing`, `upload`; `fake` is the recording test double.

mod backoff;
mod classify;
mod dedupe;
mod outbox;
mod prepared_file;
mod receipts;
mod send;
mod transport;
mod typing;
mod upload;
mod worker;

#[cfg(test)]
mod fake;
#[cfg(test)]
#[path = "worker_batch_tests.rs"]
mod worker_batch_tests;
#[cfg(test)]
#[path = "worker_tests.rs"]
mod worker_tests;

pub use backoff::BackoffPolicy;
pub use prepared_file::PreparedFile;
pub use prepared_file::sniff as sniff_content_type;
pub use transport::ChatTransport;

use super::client::Client;
use super::error::Error;
use super::types::{ChatRequest, ChatState, ServerEvent};
use super::wire::FormRequestId;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

/// How a session begins.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// Request a new chat (the server may hand back the customer's live one instead).
    New(ChatRequest),
    /// Continue a chat known to be live (from Get Active Chat).
    Resume { chat_id: String },
}

/// The worker's knobs. `Default` is what the app uses; tests shorten the delays.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionOptions {
    /// Backoff after failures (base 500 ms, cap 30 s, `Retry-After` capped at 5 min).
    pub backoff: BackoffPolicy,
    /// Attempts at Request Chat (or the resume history) before `StartFailed`.
    pub start_attempts: u32,
    /// Attempts at sending a message, file announcement or form before it fails (~1 min).
    pub send_attempts: u32,
    /// The pause after a "concurrent poll" refusal (400 / 5509) before polling again.
    pub busy_poll_delay: Duration,
    /// At most one `chat_session_typing` per this window while typing continues.
    pub typing_throttle: Duration,
    /// `chat_session_not_typing` after this long without a keystroke.
    pub typing_idle: Duration,
    /// Files larger than this are refused before anything is sent.
    pub max_upload_bytes: u64,
    /// Seeds the backoff jitter (tests); `None` seeds from the OS.
    pub jitter_seed: Option<u64>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            backoff: BackoffPolicy::default(),
            start_attempts: 5,
            send_attempts: 6,
            busy_poll_delay: Duration::from_secs(1),
            typing_throttle: Duration::from_secs(3),
            typing_idle: Duration::from_secs(5),
            max_upload_bytes: 25 * 1024 * 1024,
            jitter_seed: None,
        }
    }
}

/// The app's side of a running session. Cheap to clone; when every handle is dropped the
/// worker stops as if told `Shutdown`.
#[derive(Clone, Debug)]
pub struct SessionHandle {
    commands: UnboundedSender<SessionCommand>,
    next_local_id: Arc<AtomicU64>,
}

impl SessionHandle {
    /// Sends a command; false when the worker is gone.
    pub fn command(&self, cmd: SessionCommand) -> bool {
        self.commands.send(cmd).is_ok()
    }

    /// A fresh local id for a command the worker will answer.
    pub fn next_local_id(&self) -> u64 {
        self.next_local_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Queues a message; returns the local id its `MessageSent` / `MessageFailed` will carry.
    pub fn send_message(&self, text: &str) -> u64 {
        let local_id = self.next_local_id();
        self.command(SessionCommand::SendMessage {
            local_id,
            text: text.to_string(),
        });
        local_id
    }

    /// Queues an upload; returns the local id its upload events will carry.
    pub fn upload(&self, path: PathBuf) -> u64 {
        let local_id = self.next_local_id();
        self.command(SessionCommand::UploadFile { local_id, path });
        local_id
    }

    pub fn typing(&self, on: bool) {
        self.command(SessionCommand::Typing(on));
    }

    pub fn disconnect(&self) {
        self.command(SessionCommand::Disconnect);
    }

    pub fn end(&self) {
        self.command(SessionCommand::End);
    }

    pub fn shutdown(&self) {
        self.command(SessionCommand::Shutdown);
    }
}

/// Starts the worker of one chat over HTTP. Must be called within a tokio runtime.
pub fn start(
    client: Client,
    start: Start,
    options: SessionOptions,
) -> (SessionHandle, UnboundedReceiver<SessionEvent>) {
    start_with(client, start, options)
}

/// [`start`] over any [`ChatTransport`].
pub fn start_with<T: ChatTransport>(
    transport: T,
    start: Start,
    options: SessionOptions,
) -> (SessionHandle, UnboundedReceiver<SessionEvent>) {
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    tokio::spawn(worker::run(transport, start, options, cmd_rx, ev_tx));
    let handle = SessionHandle {
        commands: cmd_tx,
        next_local_id: Arc::new(AtomicU64::new(1)),
    };
    (handle, ev_rx)
}

/// What the app asks the worker to do. Every variant that can fail carries the `local_id` its
/// answer will name.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionCommand {
    /// Send a customer message (plain text as typed; the worker cleans and HTML-escapes it).
    SendMessage { local_id: u64, text: String },
    /// Send again a message whose sending failed.
    RetryMessage { local_id: u64 },
    /// The customer started (`true`) or stopped typing. Throttled; never queued while offline.
    Typing(bool),
    /// Upload a file, then put it into the chat with `chat_session_file`.
    UploadFile { local_id: u64, path: PathBuf },
    /// Answer a form shown by the server.
    SubmitForm {
        form_request_id: FormRequestId,
        form_name: String,
        data: BTreeMap<String, String>,
        secure: bool,
    },
    /// Decline a form.
    CancelForm {
        form_request_id: FormRequestId,
        form_name: String,
        secure: bool,
    },
    /// A v2 receipt for an agent message: delivered (shown) or `read` (shown while the
    /// terminal had the focus). Only for servers that speak v2; never retried at length.
    Receipt { ref_msg_id: String, read: bool },
    /// Leave the conversation, keeping the session open so a survey can follow.
    Disconnect,
    /// End the chat session entirely.
    End,
    /// Stop the worker without ending the chat (the app quits; the chat stays resumable).
    Shutdown,
}

/// Why a chat is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// `chat_session_ended`, or status `completed`.
    Ended,
    /// `chat_session_inactivity_timeout`.
    Inactivity,
    /// Status `failed`, or 404 / code 5005: the session no longer exists.
    Gone,
    /// The worker could not go on (credentials refused, ...).
    Fatal(Error),
    /// The app asked the worker to stop (`Shutdown`); the chat itself may still be live.
    Stopped,
}

/// What the worker tells the app, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionEvent {
    /// The chat exists (new, or resumed with `resumed: true`).
    Started {
        chat_id: String,
        state: Option<ChatState>,
        ewt: Option<u64>,
        resumed: bool,
    },
    /// The chat could not be requested.
    StartFailed(Error),
    /// Server events, in order and de-duplicated; one batch per answer so the app applies it in
    /// one update. Includes history when resuming or after a gap (only what was not seen yet).
    Events(Vec<ServerEvent>),
    /// The link is down; the next attempt is in `retry_in`.
    LinkDown {
        error: Error,
        retry_in: Duration,
    },
    /// The link is back after a `LinkDown`.
    LinkUp,
    /// A message went out with this wire `msg_id`.
    MessageSent {
        local_id: u64,
        msg_id: String,
    },
    /// A message could not be sent after all retries; `RetryMessage` can try again.
    MessageFailed {
        local_id: u64,
        error: Error,
    },
    /// Upload progress in bytes.
    UploadProgress {
        local_id: u64,
        sent: u64,
        total: u64,
    },
    /// The file is uploaded and announced in the chat.
    UploadDone {
        local_id: u64,
        file_id: String,
        file_name: String,
    },
    UploadFailed {
        local_id: u64,
        error: Error,
    },
    /// The form answer was accepted by the server.
    FormSent {
        form_request_id: FormRequestId,
    },
    FormFailed {
        form_request_id: FormRequestId,
        error: Error,
    },
    /// The chat is over (or the worker was stopped); no event follows.
    Ended(EndReason),
}
