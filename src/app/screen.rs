//! The screen shown ([`Screen`]).
//!
//! Owns the routing from a screen-sized question ("which modes are in force?", "this action",
//! "this edit") to the one screen that answers it. Does not own what a screen does: each
//! screen's own file does (`settings`, `home`, `chat::keys`).

use super::chat::ChatState;
use super::composer::FieldEdit;
use super::context::Ctx;
use super::home::HomeState;
use super::keymap::{Action, Mode};
use super::msg::Effect;
use super::settings::SettingsState;
use super::step::Step;
use super::views::Confirm;

/// The screen shown, with its state.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Settings(SettingsState),
    Home(HomeState),
    Chat(Box<ChatState>),
}

impl Screen {
    /// The input modes in force, most specific first ([`Mode::Global`] is implied).
    pub fn modes(&self) -> Vec<Mode> {
        match self {
            Screen::Settings(s) => s.modes(),
            Screen::Home(h) => h.modes(),
            Screen::Chat(chat) => chat.modes(),
        }
    }

    /// The footer's word for `action` on this screen (the keymap's, unless the state changes
    /// what the key does: Tab in Home's empty image field moves on).
    pub fn hint(&self, action: Action) -> &'static str {
        match self {
            Screen::Home(h) => h.hint(action),
            Screen::Settings(_) | Screen::Chat(_) => action.hint(),
        }
    }

    /// Every mode that can be in force on this screen, for the help overlay.
    pub fn help_modes(&self) -> Vec<Mode> {
        match self {
            Screen::Settings(_) => SettingsState::help_modes(),
            Screen::Home(_) => HomeState::help_modes(),
            Screen::Chat(chat) => chat.help_modes(),
        }
    }

    pub fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Step {
        match self {
            Screen::Settings(s) => s.on_action(action, ctx),
            Screen::Home(h) => h.on_action(action, ctx),
            Screen::Chat(chat) => chat.on_action(action, ctx),
        }
    }

    /// Runs `edit` on the focused text field, if any; returns what the change causes.
    pub fn edit(&mut self, edit: FieldEdit, ctx: &mut Ctx) -> Vec<Effect> {
        match self {
            Screen::Settings(s) => {
                s.edit(edit);
                Vec::new()
            }
            Screen::Home(h) => {
                h.edit(edit);
                Vec::new()
            }
            Screen::Chat(chat) => chat.edit(edit, ctx),
        }
    }

    /// A paste was cut to the field's limit: say so where the customer is looking.
    pub fn paste_was_cut(&mut self) {
        if let Screen::Chat(chat) = self {
            chat.paste_was_cut();
        }
    }

    /// The mouse wheel: `rows` up or down.
    pub fn scroll(&mut self, up: bool, rows: usize, ctx: &Ctx) {
        if let Screen::Chat(chat) = self {
            chat.scroll(up, rows, ctx);
        }
    }

    /// A question this screen asked was answered yes.
    pub fn confirmed(&mut self, question: &Confirm, ctx: &mut Ctx) -> Vec<Effect> {
        match self {
            Screen::Chat(chat) => chat.confirmed(question, ctx),
            Screen::Settings(_) | Screen::Home(_) => Vec::new(),
        }
    }

    /// The answer to `Effect::CompletePath` for the path field that asked.
    pub fn path_completed(&mut self, input: &str, candidates: Vec<String>) {
        match self {
            Screen::Home(h) => h.path_completed(input, candidates),
            Screen::Chat(chat) => chat.path_completed(input, candidates),
            Screen::Settings(_) => {}
        }
    }

    /// A line for the customer about something that finished in the background (a saved
    /// transcript, an opener that failed).
    pub fn say(&mut self, line: super::transcript::EntryKind, now_ms: i64) {
        match self {
            Screen::Chat(chat) => chat.say(line, now_ms),
            Screen::Home(h) => h.say(line),
            Screen::Settings(_) => {}
        }
    }

    pub fn chat(&self) -> Option<&ChatState> {
        match self {
            Screen::Chat(chat) => Some(chat),
            Screen::Settings(_) | Screen::Home(_) => None,
        }
    }

    pub fn chat_mut(&mut self) -> Option<&mut ChatState> {
        match self {
            Screen::Chat(chat) => Some(chat),
            Screen::Settings(_) | Screen::Home(_) => None,
        }
    }

    pub fn is_live_chat(&self) -> bool {
        self.chat().is_some_and(ChatState::is_live)
    }
}
