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
//! and take the keys while open; the chat's Export dialog (`export_dialog`) sits just below them.

use crate::api;
use crate::api::session::{SessionCommand, SessionEvent};
use crate::api::types::{AvailabilityResponse, ChatRequest, ChatResponse, ParametersResponse};
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
        source: preview::PreviewSource,
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
}

pub mod chat;
pub mod composer;
pub mod export_dialog;
pub mod home;
pub mod keymap;
pub mod notify;
pub mod prechat;
pub mod preview;
pub mod relative_time;
pub mod sentences;
pub mod settings;
pub mod survey;
pub mod transcript;
pub mod wrap;

mod time_labels;
mod update;

#[cfg(test)]
#[path = "fuzz_tests.rs"]
mod fuzz_tests;
#[cfg(test)]
#[path = "idle_tests.rs"]
mod idle_tests;
#[cfg(test)]
pub mod test_support;
#[cfg(test)]
#[path = "tests.rs"]
mod tests;

pub use chat::ChatState;
pub use composer::Composer;
pub use export_dialog::ExportDialog;
pub use home::HomeState;
pub use keymap::{Action, Binding, KeyCombo, Mode};
pub use settings::SettingsState;

/// The screen shown, with its state.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Settings(SettingsState),
    Home(HomeState),
    Chat(Box<ChatState>),
}

/// A question waiting for y/n.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit while a chat is live (it stays resumable).
    Quit,
    /// End the chat (Ctrl-X).
    EndChat,
    /// Skip the survey/form.
    SkipForm,
    /// A live chat was found at start.
    Rejoin { chat_id: String },
}

impl Confirm {
    /// The question, as shown.
    pub fn question(&self) -> &'static str {
        match self {
            Confirm::Quit => "Quit sp-chat? Your chat stays open: you can rejoin it next time.",
            Confirm::EndChat => "End this chat?",
            Confirm::SkipForm => "Skip this form without answering?",
            Confirm::Rejoin { .. } => "You have a chat in progress — rejoin?",
        }
    }
}

/// Something drawn above the screen that takes the keys while open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: u16 },
    Confirm(Confirm),
}

/// The terminal app's state.
#[derive(Clone, Debug, PartialEq)]
pub struct App {
    settings: config::Settings,
    config_path: PathBuf,
    demo: bool,
    now_ms: i64,
    size: (u16, u16),
    log_path: Option<PathBuf>,
    utc_offset_secs: i32,
    no_color: bool,
    /// The terminal has the focus (notifications only when it does not).
    focused: bool,
    screen: Screen,
    overlay: Option<Overlay>,
    /// The Export dialog, one layer below `overlay` (help can open above it); only over a chat.
    export: Option<ExportDialog>,
    transcripts_dir: Option<PathBuf>,
    /// The last local id handed out for a message or upload.
    next_local_id: u64,
    /// When the last chat ended (for Home's "last chat ended 5 min ago").
    last_chat_ended_ms: Option<i64>,
    /// The last window title sent, so it is set only when it changes.
    title: String,
    /// The terminal can show pictures (the runtime says so; see `preview`).
    previews_supported: bool,
    quit: bool,
    dirty: bool,
}

impl App {
    pub fn new(init: AppInit) -> (App, Vec<Effect>) {
        let mut app = App {
            screen: Screen::Settings(SettingsState::new(&init.settings)),
            settings: init.settings,
            config_path: init.config_path,
            demo: init.demo,
            now_ms: init.now_ms,
            size: init.size,
            log_path: init.log_path,
            utc_offset_secs: init.utc_offset_secs,
            no_color: init.no_color,
            focused: true,
            overlay: None,
            export: None,
            transcripts_dir: init.transcripts_dir,
            next_local_id: 0,
            last_chat_ended_ms: None,
            title: String::new(),
            previews_supported: false,
            quit: false,
            dirty: true,
        };
        let mut effects = Vec::new();
        // A chat left live by a previous run can be rejoined; only ask with usable settings.
        if app.settings.validate().is_empty() {
            effects.push(Effect::LookForActiveChat);
        }
        effects.extend(app.title_effect());
        (app, effects)
    }

    /// Applies one message. Never blocks and never reads the clock.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.handle(msg);
        effects.extend(self.preview_effects());
        effects.extend(self.title_effect());
        effects
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the state changed since the last draw.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn clear_dirty(&mut self) {
        self.dirty = false;
    }

    /// The earliest time a `Tick` is needed; `None` when idle (an idle app never wakes up).
    /// A relative time label ("Anna Lee wrote 3 min ago") adds at most one wake-up per minute,
    /// and only while it is (or is about to be) on screen.
    pub fn next_wakeup_ms(&self) -> Option<i64> {
        let screen_needs = match &self.screen {
            Screen::Chat(chat) => chat.next_wakeup_ms(self.now_ms),
            Screen::Settings(_) | Screen::Home(_) => None,
        };
        match (screen_needs, self.time_label_wakeup_ms()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The Export dialog, when open.
    pub fn export_dialog(&self) -> Option<&ExportDialog> {
        self.export.as_ref()
    }

    pub fn now_ms(&self) -> i64 {
        self.now_ms
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

    /// The input modes in force, most specific first ([`Mode::Global`] is implied).
    pub fn modes(&self) -> Vec<Mode> {
        match &self.overlay {
            Some(Overlay::Help { .. }) => return vec![Mode::Help],
            Some(Overlay::Confirm(_)) => return vec![Mode::Confirm],
            None => {}
        }
        if self.export.is_some() {
            return vec![Mode::Export];
        }
        match &self.screen {
            Screen::Settings(s) if s.on_button() => vec![Mode::NoText, Mode::Settings],
            Screen::Settings(_) => vec![Mode::SingleLine, Mode::Settings],
            Screen::Home(h) => match h.focus {
                home::HomeFocus::Param(_) => vec![Mode::SingleLine, Mode::Home],
                home::HomeFocus::Message => vec![Mode::Home],
                home::HomeFocus::Image => vec![Mode::PathField, Mode::SingleLine, Mode::Home],
                home::HomeFocus::HelpMe => vec![Mode::NoText, Mode::Home],
            },
            Screen::Chat(chat) => {
                if !chat.is_live() && chat.form.is_none() {
                    return vec![Mode::Ended, Mode::NoText];
                }
                if let Some(form) = &chat.form {
                    return match form.focus() {
                        survey::FormFocus::Rating => {
                            vec![Mode::SurveyRating, Mode::NoText, Mode::Survey]
                        }
                        survey::FormFocus::Resolved => {
                            vec![Mode::SurveyResolved, Mode::NoText, Mode::Survey]
                        }
                        survey::FormFocus::Comment | survey::FormFocus::Text => vec![Mode::Survey],
                        survey::FormFocus::Send => vec![Mode::NoText, Mode::Survey],
                    };
                }
                match &chat.focus {
                    chat::ChatFocus::Composer => vec![Mode::Chat],
                    chat::ChatFocus::Transcript { .. } => {
                        vec![Mode::Transcript, Mode::NoText, Mode::Chat]
                    }
                    chat::ChatFocus::Attach { .. } => {
                        vec![Mode::Attach, Mode::PathField, Mode::Chat]
                    }
                }
            }
        }
    }

    /// Every mode that can be in force on the current screen, for the help overlay.
    pub fn help_modes(&self) -> Vec<Mode> {
        match &self.screen {
            Screen::Settings(_) => vec![Mode::Settings, Mode::SingleLine, Mode::NoText],
            Screen::Home(_) => vec![Mode::Home, Mode::PathField, Mode::SingleLine, Mode::NoText],
            Screen::Chat(_) if self.export.is_some() => vec![Mode::Export],
            Screen::Chat(_) => vec![
                Mode::Chat,
                Mode::Transcript,
                Mode::Attach,
                Mode::PathField,
                Mode::Survey,
                Mode::SurveyRating,
                Mode::SurveyResolved,
                Mode::Ended,
                Mode::Export,
                Mode::NoText,
            ],
        }
    }

    /// The window title for the current state (sanitised parts only).
    pub fn window_title(&self) -> String {
        let what = match &self.screen {
            Screen::Settings(_) => "Settings".to_string(),
            Screen::Home(_) => "Home".to_string(),
            // Not the status line: its countdowns would retitle the window every second.
            Screen::Chat(chat) => match (&chat.agent, chat.is_live()) {
                (_, false) => "Chat ended".to_string(),
                (Some(agent), true) => format!("Chat with {agent}"),
                (None, true) => "Chat".to_string(),
            },
        };
        let unread = match &self.screen {
            Screen::Chat(chat) if chat.unseen_alerts > 0 => format!("({}) ", chat.unseen_alerts),
            Screen::Chat(_) | Screen::Settings(_) | Screen::Home(_) => String::new(),
        };
        crate::text::sanitize_line(&format!("{unread}sp-chat — {what}"))
    }

    fn title_effect(&mut self) -> Option<Effect> {
        let title = self.window_title();
        if title == self.title {
            return None;
        }
        self.title = title.clone();
        Some(Effect::SetTitle(title))
    }
}
