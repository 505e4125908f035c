//! sp-chat: a terminal client for Bright Pattern's Mobile/Web chat API.
//!
//! The library is useful on its own:
//! - [`api`] is a typed, robust client of the Mobile/Web API (the Rust counterpart of the
//!   original plugin's JavaScript `SP_mobileAPI`), with a background session worker per chat;
//! - [`sim`] is a simulated tenant that speaks the server side of the same API;
//! - [`config`] loads, validates and saves the settings.
//!
//! The terminal app (the `sp-chat` binary) is built from [`app`] (a pure state machine),
//! [`ui`] (ratatui views) and [`runtime`] (the only place that does terminal I/O); [`line`] is
//! its second front end over the same core (plain lines in and out, `--line`).
//!
//! Cargo features (both on by default): `tui` (the app, views and runtime) and `sim` (the
//! simulated tenant). Without them the crate is the API client alone.

pub mod api;
#[cfg(feature = "tui")]
pub mod app;
pub mod config;
pub mod download;
#[cfg(feature = "tui")]
pub mod line;
/// The transcript's export formats (Markdown, text, JSON), kept beside the transcript.
#[cfg(feature = "tui")]
pub use app::transcript::export;
#[cfg(feature = "tui")]
pub mod runtime;
#[cfg(feature = "sim")]
pub mod sim;
pub mod text;
#[cfg(feature = "tui")]
pub mod ui;
