//! The terminal app's state machine: pure, no I/O, no clock reads, no terminal.
//!
//! Owns: [`App`] (the screen, the stack of views above it, the quit flag) and the routing of a
//! [`Msg`] to the top view or the current screen, which decide (they change their own state
//! and return [`Effect`]s and maybe a [`Change`] the App carries out). Does not own: the
//! vocabulary (`msg`), what a screen or view does (their own files), drawing (`ui`), executing
//! effects or reading the clock (`runtime`), the network (`api::session`).
//!
//! The story, top-down: the app starts on **Settings** (prefilled from the config) and asks the
//! runtime to look for a chat left live by a previous run. Saving the settings opens **Home**
//! (availability, first message, optional image, *Help me*), which starts a **Chat**; the chat
//! may show a **survey** before it ends, then the customer returns to Home. A live chat found at
//! start is offered for rejoining in a question. Views (help, questions, the Export dialog) sit
//! on a small stack above any screen; the top one takes the keys while open.

use crate::config;
use std::path::PathBuf;

pub mod chat;
pub mod completion;
pub mod composer;
pub mod context;
pub mod home;
pub mod keymap;
pub mod msg;
pub mod notify;
pub mod preview;
pub mod relative_time;
pub mod screen;
pub mod sentences;
pub mod settings;
pub mod step;
pub mod survey;
pub mod transcript;
pub mod views;
pub mod wrap;

mod time_labels;
mod update;

#[cfg(test)]
#[path = "buttons_tests.rs"]
mod buttons_tests;
#[cfg(test)]
#[path = "callback_tests.rs"]
mod callback_tests;
#[cfg(test)]
#[path = "command_msgs_tests.rs"]
mod command_msgs_tests;
#[cfg(test)]
#[path = "copy_tests.rs"]
mod copy_tests;
#[cfg(test)]
#[path = "fuzz_tests.rs"]
mod fuzz_tests;
#[cfg(test)]
#[path = "idle_tests.rs"]
mod idle_tests;
#[cfg(test)]
#[path = "preview_tests.rs"]
mod preview_tests;
#[cfg(test)]
#[path = "rejoin_tests.rs"]
mod rejoin_tests;
#[cfg(test)]
pub mod test_support;
#[cfg(test)]
#[path = "tests.rs"]
mod tests;

pub use chat::ChatState;
pub use composer::Composer;
pub use home::{HomeState, prechat};
pub use keymap::{Action, Binding, KeyCombo, Mode};
pub use msg::{AppInit, Effect, Msg, PreviewSource};
pub use screen::Screen;
pub use settings::SettingsState;
pub use step::{Change, ChatStart, Step, Unsent};
pub use views::{Confirm, ExportDialog, View};

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
    /// Overlays, the top one last: it takes the keys.
    views: Vec<View>,
    transcripts_dir: Option<PathBuf>,
    /// The keys in force (defaults plus the config's remappings).
    keymap: keymap::Keymap,
    /// The last local id handed out for a message or upload (see [`context::Ctx::local_id`]).
    next_local_id: u64,
    /// When the last chat ended (for Home's "last chat ended 5 min ago").
    last_chat_ended_ms: Option<i64>,
    /// The last window title sent, so it is set only when it changes.
    title: String,
    /// The terminal can show pictures (the runtime says so; see `preview`).
    previews_supported: bool,
    /// The terminal may get hyperlinks (not `TERM=dumb`; the runtime says so).
    hyperlinks_supported: bool,
    /// Get Active Chat was asked and has not answered yet.
    looking_for_active_chat: bool,
    quit: bool,
    /// Something on screen changed since the last draw: set in one place, `update`.
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
            views: Vec::new(),
            transcripts_dir: init.transcripts_dir,
            keymap: init.keymap,
            next_local_id: 0,
            last_chat_ended_ms: None,
            title: String::new(),
            previews_supported: false,
            hyperlinks_supported: true,
            looking_for_active_chat: false,
            quit: false,
            dirty: true,
        };
        let mut effects = Vec::new();
        // A chat left live by a previous run can be rejoined; only ask with usable settings.
        if app.settings.validate().is_empty() {
            app.looking_for_active_chat = true;
            effects.push(Effect::LookForActiveChat);
        }
        effects.extend(app.title_effect());
        (app, effects)
    }

    /// Applies one message. Never blocks and never reads the clock.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let (mut effects, redraw) = self.handle(msg);
        self.dirty |= redraw;
        // Whatever brought the agent's delivered messages into view (focus back, a scroll down
        // to the newest, a view closed), they are read now: one check for every path.
        let focused = self.focused;
        if let Some(chat) = self.screen.chat_mut() {
            effects.extend(chat.read_in_view(focused));
        }
        effects.extend(self.title_effect());
        effects
    }

    /// Get Active Chat was asked and has not answered: a question to rejoin may still come.
    pub fn looking_for_active_chat(&self) -> bool {
        self.looking_for_active_chat
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
        let screen_needs = self
            .screen
            .chat()
            .and_then(|c| c.next_wakeup_ms(self.now_ms));
        match (screen_needs, self.time_label_wakeup_ms()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The open views, bottom first (the last one takes the keys).
    pub fn views(&self) -> &[View] {
        &self.views
    }

    /// The view that takes the keys, when one is open.
    pub fn top_view(&self) -> Option<&View> {
        self.views.last()
    }

    /// The Export dialog, when open (the tests look at it; the view draws every open view).
    #[cfg(test)]
    pub fn export_dialog(&self) -> Option<&ExportDialog> {
        self.views.iter().find_map(|v| {
            let View::Export(dialog) = v else { return None };
            Some(dialog)
        })
    }

    /// Other keys in force (the tests' way to try a remapping on an app already in a state).
    #[cfg(test)]
    pub fn set_keymap(&mut self, keymap: keymap::Keymap) {
        self.keymap = keymap;
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

    /// Whether previews are drawn: the runtime found a way to show pictures in this terminal
    /// ([`App::enable_previews`]) and the customer has not switched them off.
    pub fn previews_on(&self) -> bool {
        self.previews_supported && self.settings.ui.show_images
    }

    /// Called by the runtime once it knows this terminal can show pictures. Until then (and in
    /// tests that do not call it) no preview is asked for.
    pub fn enable_previews(&mut self) {
        self.previews_supported = true;
    }

    /// Called by the runtime when the picture settings changed and it can no longer show
    /// pictures (switched off, or half-blocks under `NO_COLOR`).
    pub fn disable_previews(&mut self) {
        self.previews_supported = false;
    }

    /// The keys in force: what the footer and the help show, and what [`App::update`] looks
    /// keys up in.
    pub fn keymap(&self) -> &keymap::Keymap {
        &self.keymap
    }

    /// The footer's key hints for the modes in force, with the screen's words when no view is
    /// open (see [`Screen::hint`]).
    pub fn footer_hints(&self) -> Vec<(String, &'static str)> {
        let modes = self.modes();
        if self.views.is_empty() {
            self.keymap
                .footer_hints_with(&modes, |action| self.screen.hint(action))
        } else {
            self.keymap.footer_hints(&modes)
        }
    }

    /// Whether links are written as terminal hyperlinks (OSC 8): the customer has not turned
    /// them off and the terminal is not a dumb one.
    pub fn hyperlinks_on(&self) -> bool {
        self.hyperlinks_supported && self.settings.ui.hyperlinks
    }

    /// Called by the runtime for a terminal that must not get hyperlinks (`TERM=dumb`).
    pub fn disable_hyperlinks(&mut self) {
        self.hyperlinks_supported = false;
    }

    /// The input modes in force, most specific first ([`Mode::Global`] is implied): the top
    /// view's, or else the screen's.
    pub fn modes(&self) -> Vec<Mode> {
        match self.views.last() {
            Some(view) => view.overlay().modes(),
            None => self.screen.modes(),
        }
    }

    /// The top view that is not the help (the one the help describes), if any.
    fn view_below_help(&self) -> Option<&View> {
        self.views
            .iter()
            .rev()
            .find(|v| !matches!(v, View::Help(_)))
    }

    /// The modes in force below the help (what its first sections show): the view's under it,
    /// or else the screen's.
    pub fn help_here(&self) -> Vec<Mode> {
        match self.view_below_help() {
            Some(view) => view.overlay().modes(),
            None => self.screen.modes(),
        }
    }

    /// Every mode that can be in force below the help, for the help overlay: the view under
    /// it (the Export dialog), or else every mode of the screen in its present phase.
    pub fn help_modes(&self) -> Vec<Mode> {
        match self.view_below_help() {
            Some(view) => view.overlay().modes(),
            None => self.screen.help_modes(),
        }
    }

    /// The window title for the current state (sanitised parts only).
    pub fn window_title(&self) -> String {
        let what = match &self.screen {
            Screen::Settings(_) => "Settings".to_string(),
            Screen::Home(_) => "Home".to_string(),
            // Not the status line: its countdowns would retitle the window every second.
            Screen::Chat(chat) => match (chat.agent(), chat.is_live()) {
                (_, false) => "Chat ended".to_string(),
                (Some(agent), true) => format!("Chat with {agent}"),
                (None, true) => "Chat".to_string(),
            },
        };
        let unread = match self.screen.chat().map(ChatState::unseen_alerts) {
            Some(n) if n > 0 => format!("({n}) "),
            Some(_) | None => String::new(),
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
