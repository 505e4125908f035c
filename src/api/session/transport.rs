//! The boundary between the session worker and the network: the calls a chat needs.
//!
//! [`Client`] implements it over HTTP; `fake::FakeTransport` (tests) implements it from a script
//! and records every call, so the worker's retry/dedupe/order logic runs under a paused clock.

use super::prepared_file::PreparedFile;
use crate::api::client::{Client, UploadProgressFn};
use crate::api::error::Error;
use crate::api::types::{ChatRequest, ChatResponse, ClientEvent, ServerEvent, UploadResponse};
use std::future::Future;

/// What the session worker asks of the server. Each call is one attempt: no retries inside
/// (the worker decides), each bounded by its own deadline.
pub trait ChatTransport: Clone + Send + Sync + 'static {
    /// Request Chat.
    fn request_chat(
        &self,
        req: &ChatRequest,
    ) -> impl Future<Output = Result<ChatResponse, Error>> + Send;

    /// Send Events; the answer's events in order, or `None` for an empty 200 body.
    fn send_events(
        &self,
        chat_id: &str,
        events: &[ClientEvent],
    ) -> impl Future<Output = Result<Option<Vec<ServerEvent>>, Error>> + Send;

    /// One long poll: new events in order (empty when the server had none).
    fn poll_events(
        &self,
        chat_id: &str,
    ) -> impl Future<Output = Result<Vec<ServerEvent>, Error>> + Send;

    /// The whole history of the chat, in order.
    fn history(
        &self,
        chat_id: &str,
    ) -> impl Future<Output = Result<Vec<ServerEvent>, Error>> + Send;

    /// Whether the server takes read/delivered receipts (v2 events; a v1 server refuses them).
    fn accepts_receipts(&self) -> bool {
        true
    }

    /// Upload File, calling `progress` with the bytes sent so far as the transfer goes (a
    /// transport that cannot tell never calls it).
    fn upload_file(
        &self,
        file: &PreparedFile,
        progress: UploadProgressFn,
    ) -> impl Future<Output = Result<UploadResponse, Error>> + Send;
}

impl ChatTransport for Client {
    fn accepts_receipts(&self) -> bool {
        self.config().use_v2
    }

    async fn request_chat(&self, req: &ChatRequest) -> Result<ChatResponse, Error> {
        Client::request_chat(self, req).await
    }

    async fn send_events(
        &self,
        chat_id: &str,
        events: &[ClientEvent],
    ) -> Result<Option<Vec<ServerEvent>>, Error> {
        Client::send_events_answer(self, chat_id, events).await
    }

    async fn poll_events(&self, chat_id: &str) -> Result<Vec<ServerEvent>, Error> {
        Client::poll_events(self, chat_id).await
    }

    async fn history(&self, chat_id: &str) -> Result<Vec<ServerEvent>, Error> {
        Client::history(self, chat_id).await
    }

    async fn upload_file(
        &self,
        file: &PreparedFile,
        progress: UploadProgressFn,
    ) -> Result<UploadResponse, Error> {
        let (name, bytes) = (&file.file_name, file.bytes.clone());
        Client::upload_file_with_progress(self, name, file.content_type, bytes, progress).await
    }
}
