//! What a screen or view may know of the app beyond its own state: the clock as last told, the
//! terminal, the settings in force, and the one source of local ids.
//!
//! Built by the `App` for each message it routes ([`App::ctx`](super::App)); screens and views
//! read it and return effects, so none of them reaches the `App` itself.

use crate::app::keymap::Keymap;
use crate::config::Settings;
use std::path::Path;

pub struct Ctx<'a> {
    /// The last time the runtime told (the app never reads a clock).
    pub now_ms: i64,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    /// The terminal has the focus (notifications only when it does not; receipts say read).
    pub focused: bool,
    pub utc_offset_secs: i32,
    /// The settings in force (saved).
    pub settings: &'a Settings,
    /// Inline pictures are drawn (the terminal can, and the customer has not turned them off).
    pub previews_on: bool,
    /// Where the Export dialog proposes to save.
    pub transcripts_dir: Option<&'a Path>,
    /// The last local id handed out, for every message and upload of the process: one source,
    /// so an id is never reused across chats.
    pub(super) next_local_id: &'a mut u64,
    /// The keys in force, for sentences that name a key.
    pub keymap: &'a Keymap,
}

impl Ctx<'_> {
    /// A fresh local id for a message or an upload.
    pub fn local_id(&mut self) -> u64 {
        *self.next_local_id += 1;
        *self.next_local_id
    }
}
