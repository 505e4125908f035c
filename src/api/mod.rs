//! The library face: a typed, robust client of Bright Pattern's Mobile/Web chat API.
//!
//! The Rust counterpart of the original plugin's JavaScript `SP_mobileAPI`:
//! - [`client::Client`] has one async method per endpoint of PROTOCOL.md;
//! - [`session`] runs one chat in a background task: commands in, events out.
//!
//! Nothing here touches the terminal.

pub mod client;
pub mod error;
pub mod id_set;
pub mod session;
pub mod types;
pub mod wire;

pub use client::{Client, ClientConfig, Downloaded, ProxyChoice, ProxyEnv, ProxyUrl};
pub use error::{CertificateProblem, Error, ErrorKind, ProxyProblem};
pub use session::{
    BackoffPolicy, ChatTransport, EndReason, SessionCommand, SessionEvent, SessionHandle,
    SessionOptions, Start, start, start_with,
};
pub use types::{
    AvailabilityResponse, ChatRequest, ChatResponse, ChatState, ClientEvent, ParametersResponse,
    ServerEvent, UploadResponse,
};
pub use wire::{FormRequestId, Timestamp};
