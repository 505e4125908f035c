//! The terminal app's state machine: pure, no I/O, no clock reads, no terminal.
//!
//! Owns: [`App`] (the screen, overlays, quit flag), the vocabulary [`Msg`] (what happened) and
//! [`Effect`] (what the runtime must do), and the routing of a `Msg` to the screen that handles
//! it. Does not own: drawing (`ui`), executing effects or reading the clock (`runtime`), the
//! network (`api::session`).
//!
//! The story, top-down: the app starts on **Settings** (prefilled from the config) and asks the
//! runtime to look for a chat left live by a previous run. Saving the settings opens **Home**
//! (availability, first message, optional image, *Help me*), which starts a **Chat**; the chat
//! may show a **survey** before it ends, then the customer returns to Home. A live chat found at
//! start is offered for rejoining in a dialog. Overlays (help, confirmations) sit above any screen
//! and take the keys while open.

use crate::api;
use crate::api::session::{SessionCommand, SessionEvent};
use crate::api::types::{AvailabilityResponse, ChatRequest, ChatResponse};
use crate::config;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use std::path::PathBuf;

/// Everything the runtime knows at start.
#[derive(Clone, Debug, PartialEq)]
pub struct AppInit {
    pub settings: config::Settings,
    pub config_path: PathBuf,
    /// `sp-chat demo`: the tenant is the embedded simulator.
    pub demo: bool,
    pub now_ms: i64,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub log_path: Option<PathBuf>,
    /// Local time offset from UTC, for showing message times (the app never reads the clock).
    pub utc_offset_secs: i32,
    /// `NO_COLOR` is set: draw with modifiers only.
    pub no_color: bool,
}

/// What happened: terminal input, time, and answers to earlier effects.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste: inserted as text, never sends.
    Paste(String),
    Mouse(MouseEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock, delivered when [`App::next_wakeup_ms`] asked for it (or with any other event).
    Tick {
        now_ms: i64,
    },
    FocusChanged(bool),
    Session(SessionEvent),
    AvailabilityChecked(Result<AvailabilityResponse, api::Error>),
    ActiveChatFound(Result<Option<ChatResponse>, api::Error>),
    /// The saved settings (client id filled in), or a sentence saying why saving failed.
    SettingsSaved(Result<config::Settings, String>),
    /// The answer to [`Effect::CompletePath`]: the `input` it completes and the matching paths.
    PathCompleted {
        input: String,
        candidates: Vec<String>,
    },
}

/// What the runtime must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Save (filling an empty client id with a fresh UUID); answer with `Msg::SettingsSaved`.
    SaveSettings(config::Settings),
    /// Answer with `Msg::AvailabilityChecked`.
    CheckAvailability(config::Settings),
    /// Get Active Chat; answer with `Msg::ActiveChatFound`.
    LookForActiveChat(config::Settings),
    /// Start a session worker for a new chat. Its events come back as `Msg::Session`. The first
    /// message and image typed on Home are sent by the app (as `Effect::Session`) once the worker
    /// reports `Started`, so the runtime sends nothing on its own.
    StartChat {
        settings: config::Settings,
        request: ChatRequest,
    },
    /// Start a session worker that resumes a live chat.
    ResumeChat {
        settings: config::Settings,
        chat_id: String,
    },
    /// Forward to the current session worker.
    Session(SessionCommand),
    /// List paths starting with this text (`~` may be expanded); answer with `Msg::PathCompleted`.
    CompletePath(String),
    /// Ring the terminal bell (an agent message while the terminal is not focused).
    Bell,
    /// A desktop notification (already sanitised); failing to show it is not an error.
    Notify {
        title: String,
        body: String,
    },
    /// Set the terminal window title (already sanitised).
    SetTitle(String),
    Quit,
}

pub mod composer;
pub mod keymap;
pub mod wrap;

pub use composer::Composer;
pub use keymap::{Action, Binding, KeyCombo, Mode};

/// The terminal app's state.
#[derive(Clone, Debug)]
pub struct App {
    settings: config::Settings,
    config_path: PathBuf,
    demo: bool,
    now_ms: i64,
    size: (u16, u16),
    log_path: Option<PathBuf>,
    utc_offset_secs: i32,
    no_color: bool,
    quit: bool,
    dirty: bool,
}

impl App {
    pub fn new(init: AppInit) -> (App, Vec<Effect>) {
        let effects = vec![Effect::LookForActiveChat(init.settings.clone())];
        let app = App {
            settings: init.settings,
            config_path: init.config_path,
            demo: init.demo,
            now_ms: init.now_ms,
            size: init.size,
            log_path: init.log_path,
            utc_offset_secs: init.utc_offset_secs,
            no_color: init.no_color,
            quit: false,
            dirty: true,
        };
        (app, effects)
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        self.dirty = true;
        match msg {
            Msg::Resize { width, height } => {
                self.size = (width, height);
                Vec::new()
            }
            Msg::Tick { now_ms } => {
                self.now_ms = now_ms;
                Vec::new()
            }
            Msg::Key(_)
            | Msg::Paste(_)
            | Msg::Mouse(_)
            | Msg::FocusChanged(_)
            | Msg::Session(_)
            | Msg::AvailabilityChecked(_)
            | Msg::ActiveChatFound(_)
            | Msg::SettingsSaved(_)
            | Msg::PathCompleted { .. } => Vec::new(),
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn clear_dirty(&mut self) {
        self.dirty = false;
    }

    pub fn next_wakeup_ms(&self) -> Option<i64> {
        None
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn settings(&self) -> &config::Settings {
        &self.settings
    }

    pub fn config_path(&self) -> &std::path::Path {
        &self.config_path
    }

    pub fn log_path(&self) -> Option<&std::path::Path> {
        self.log_path.as_deref()
    }

    pub fn is_demo(&self) -> bool {
        self.demo
    }

    pub fn utc_offset_secs(&self) -> i32 {
        self.utc_offset_secs
    }

    pub fn no_color(&self) -> bool {
        self.no_color
    }
}
