//! sp-chat: a terminal client for Bright Pattern's Mobile/Web chat API.
//!
//! The library is useful on its own:
//! - [`api`] is a typed, robust client of the Mobile/Web API (the Rust counterpart of the
//!   original plugin's JavaScript `SP_mobileAPI`), with a background session worker per chat;
//! - [`sim`] is a simulated tenant that speaks the server side of the same API;
//! - [`config`] loads, validates and saves the settings.
//!
//! The terminal app (the `sp-chat` binary) is built from [`app`] (a pure state machine),
//! [`ui`] (ratatui views) and [`runtime`] (the only place that does terminal I/O).

pub mod api;
pub mod app;
pub mod config;
pub mod download;
/// The transcript's export formats (Markdown, text, JSON), kept beside the transcript.
pub use app::transcript::export;
pub mod runtime;
pub mod sim;
pub mod text;
pub mod ui;
