//! The app's vocabulary: [`Msg`] (what happened) and [`Effect`] (what is wanted), and what the
//! runtime knows at start ([`AppInit`]).
//!
//! A leaf: every screen and view builds effects from here without reaching the `App` above
//! them. Effects say what is wanted (fetch the parameters, download file X), never with which
//! settings or client: the runtime owns the one client built from the settings in force.

use crate::api;
use crate::api::session::{SessionCommand, SessionEvent};
use crate::api::types::{
    AvailabilityResponse, CaseHistoryResponse, ChatRequest, ChatResponse, ParametersResponse,
};
use crate::app::keymap::Action;
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
    /// `<data dir>/transcripts`, where the Export dialog proposes to save (`None`: the system
    /// names no data dir).
    pub transcripts_dir: Option<PathBuf>,
    /// The keys in force: the defaults with the config's `[keys]` remappings (checked before
    /// the app starts, see `keymap::from_config`).
    pub keymap: crate::app::keymap::Keymap,
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
    /// The clock. Delivered when [`App::next_wakeup_ms`] asked for it, and also just before any
    /// other `Msg` when the clock moved since the last Tick (the app stamps the customer's own
    /// messages with the last known time and never reads a clock itself).
    Tick {
        now_ms: i64,
    },
    FocusChanged(bool),
    /// An event of the current chat's worker (events of an earlier, finished worker must not be
    /// forwarded once a new chat has started).
    Session(SessionEvent),
    AvailabilityChecked(Result<AvailabilityResponse, api::Error>),
    /// The answer to [`Effect::FetchParameters`].
    ParametersFetched(Result<ParametersResponse, api::Error>),
    ActiveChatFound(Result<Option<ChatResponse>, api::Error>),
    /// The saved settings (client id filled in), or a sentence saying why saving failed.
    SettingsSaved(Result<Box<config::Settings>, String>),
    /// The answer to [`Effect::CompletePath`]: the `input` it completes and the matching paths.
    PathCompleted {
        input: String,
        candidates: Vec<String>,
    },
    /// The answer to [`Effect::ExportTranscript`]: where it was saved, or a sentence saying why not.
    TranscriptExported(Result<PathBuf, String>),
    /// The answer to [`Effect::DownloadFile`]: where the file was saved, or why it was not.
    FileDownloaded {
        file_id: String,
        result: Result<PathBuf, String>,
    },
    /// The answer to [`Effect::FetchCaseHistory`].
    CaseHistoryFetched(Result<CaseHistoryResponse, api::Error>),
    /// The system opener could not be started for a saved file (a sentence).
    OpenFailed(String),
    /// The answer to [`Effect::FetchAgentPhoto`]: the image bytes, `None` when the agent has
    /// none (or it could not be fetched: a photo is never worth an error line).
    AgentPhoto {
        party_id: String,
        photo: Option<crate::api::Downloaded>,
    },
    /// The answer to [`Effect::LoadPreview`]: the picture's natural size in cells (columns,
    /// rows), or a sentence saying why there is no preview.
    PreviewLoaded {
        chat_id: String,
        entry_id: u64,
        result: Result<(u16, u16), String>,
    },
    /// An action as if its key had been pressed, whatever the keys are bound to: how the line
    /// front end (`line`) drives the same screens with commands instead of keys.
    Action(Action),
    /// Replaces the text of the focused field (a line typed in line mode): the same edit as
    /// typing it, so the screen's own rules (limits, what a changed field clears) apply; the
    /// text arrives whole, so no "typing" is reported for it.
    SetText(String),
    /// Selects transcript entry `index` (as Tab and the arrows would), so that an action on
    /// the selection (save a file) applies to it.
    SelectEntry(usize),
}

/// What the runtime must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Save (filling an empty client id with a fresh UUID); answer with `Msg::SettingsSaved`.
    SaveSettings(config::Settings),
    /// These (saved) settings are now in force: every later effect talks to the tenant they
    /// name. Effects say what is wanted, never with which settings; the runtime keeps them (and
    /// the one HTTP client built from them).
    UseSettings(config::Settings),
    /// Answer with `Msg::AvailabilityChecked`.
    CheckAvailability,
    /// Expected Parameters (the pre-chat form); answer with `Msg::ParametersFetched`.
    FetchParameters,
    /// Get Active Chat; answer with `Msg::ActiveChatFound`.
    LookForActiveChat,
    /// Start a session worker for a new chat. Its events come back as `Msg::Session`. The first
    /// message and image typed on Home are sent by the app (as `Effect::Session`) once the worker
    /// reports `Started`, so the runtime sends nothing on its own.
    StartChat {
        request: ChatRequest,
    },
    /// Start a session worker that resumes a live chat.
    ResumeChat {
        chat_id: String,
    },
    /// Forward to the current session worker.
    Session(SessionCommand),
    /// List paths starting with this text (`~` may be expanded); answer with `Msg::PathCompleted`.
    CompletePath(String),
    /// Fetch an agent's file (Get File), save it in the download directory without
    /// overwriting anything, and open it with the system opener when `open`; answer with
    /// `Msg::FileDownloaded` (and `Msg::OpenFailed` if the opener cannot start).
    DownloadFile {
        chat_id: String,
        file_id: String,
        file_name: String,
        open: bool,
    },
    /// Get Case History of this chat's CRM case; answer with `Msg::CaseHistoryFetched`.
    FetchCaseHistory {
        chat_id: String,
    },
    /// Get Agent Profile Photo; answer with `Msg::AgentPhoto`.
    FetchAgentPhoto {
        chat_id: String,
        party_id: String,
    },
    /// Fetch or read a picture and decode it off the UI thread for an inline preview of
    /// transcript entry `entry_id`; answer with `Msg::PreviewLoaded`.
    LoadPreview {
        chat_id: String,
        entry_id: u64,
        source: PreviewSource,
    },
    /// Ring the terminal bell (an agent message while the terminal is not focused).
    Bell,
    /// A desktop notification (already sanitised); failing to show it is not an error.
    Notify {
        title: String,
        body: String,
    },
    /// Set the terminal window title (already sanitised).
    SetTitle(String),
    /// Write `contents` (already sanitised) to exactly `path` (`~/` expanded), created new with
    /// mode 0600, never overwriting; create the missing folder only when `create_dir` (the
    /// default transcripts dir). Answer with `Msg::TranscriptExported`.
    ExportTranscript {
        path: PathBuf,
        create_dir: bool,
        contents: String,
    },
    Quit,
    /// Put `text` (already sanitised plain text) on the clipboard: an OSC 52 write to the
    /// terminal, between two frames.
    Copy {
        text: String,
    },
    /// Open a link (`http`, `https` or `mailto`, printable ASCII) with the system opener, the
    /// URL as its one argument; `Msg::OpenFailed` if the opener cannot start.
    OpenUrl {
        url: String,
    },
}

/// Where the pixels of a preview come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewSource {
    /// A file in the chat (the agent's, or ours seen in the history): Get File.
    Remote { file_id: String },
    /// One of the customer's own uploads, read from disk.
    Local(PathBuf),
    /// Pixels already fetched: the agent's profile photo (Get Agent Profile Photo).
    Fetched(std::sync::Arc<[u8]>),
}
