//! The background worker of one chat: long-poll loop + outbox, commands in, events out.
//!
//! (Vocabulary below is the contract with the app; the worker itself lands with `start`.)

use super::error::Error;
use super::types::{ChatState, ServerEvent};
use super::wire::FormRequestId;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

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
