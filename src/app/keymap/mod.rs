//! The one keymap: which key does what, in which mode.
//!
//! Owns: [`KeyCombo`] (a key plus modifiers, parsed once from crossterm events; defined in the
//! child `combo.rs`), [`Mode`] (the input contexts: a screen, a focused field kind, an
//! overlay), [`Action`] (what a key means, with its help text) and the binding table
//! [`BINDINGS`]. The help overlay and every footer are generated from this table, so they cannot
//! disagree with the keys.
//!
//! Non-responsibilities: what an action *does* in a given state is `App::update`'s job; text
//! editing keys of the composer live in `composer::edit_binding` (one shared table).
//!
//! [`BINDINGS`] is the default table; the one in force is a [`Keymap`] (in `effective.rs`): the
//! defaults with the config's `[keys]` remappings, by the actions' config names (`names.rs`).
//!
//! Lookup order ([`Keymap::lookup`]): the modes the app reports as active, most specific first (an
//! overlay, then the focused field kind, then the screen), then [`Mode::Global`].

use ratatui::crossterm::event::KeyCode;

mod combo;
mod effective;
pub mod from_config;
mod listing;
mod names;
pub use combo::{KeyCombo, SpecError};
#[cfg(test)]
pub(crate) use effective::cell_lists;
pub use effective::{Keymap, MODE_STACKS, RemapError};
pub use listing::{config_example_block, table_text};

/// An input context. Several are active at once (see [`lookup`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Always active, except the bare keys of modal overlays win.
    Global,
    /// Focus is not in a text field: single-letter keys are free.
    NoText,
    /// Focus is in a single-line field of a form (Settings, Home's image path).
    SingleLine,
    /// Focus is in a field holding a file path.
    PathField,
    /// Focus is on a setting with a few named values (Settings: pictures on/off, protocol).
    Choice,
    Settings,
    Home,
    /// The chat screen with the composer focused.
    Chat,
    /// The chat screen with the transcript focused (selecting messages).
    Transcript,
    /// The "attach a file" path prompt of the chat screen.
    Attach,
    /// The chat is over and no survey is open.
    Ended,
    Survey,
    SurveyRating,
    SurveyResolved,
    Help,
    Confirm,
    /// The Export dialog (path field and format choice).
    Export,
    /// The case history view.
    History,
    /// The search line of the chat (typing edits the query).
    Search,
    /// The numbered links of the selected message.
    Links,
}

impl Mode {
    /// The heading of this mode's section in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Everywhere",
            Mode::NoText => "Outside text fields",
            Mode::SingleLine => "In a one-line field",
            Mode::PathField => "In a file path field",
            Mode::Choice => "On a choice",
            Mode::Settings => "Settings",
            Mode::Home => "Home",
            Mode::Chat => "Chat",
            Mode::Transcript => "Chat, messages focused",
            Mode::Attach => "Attaching a file",
            Mode::Ended => "Chat ended",
            Mode::Survey => "Survey",
            Mode::SurveyRating => "Survey rating",
            Mode::SurveyResolved => "Survey: resolved?",
            Mode::Help => "This help",
            Mode::Confirm => "A question",
            Mode::Export => "Export dialog",
            Mode::History => "Case history",
            Mode::Search => "Searching the transcript",
            Mode::Links => "Links of a message",
        }
    }
}

/// What a key means. What it does depends on the state (`App::update`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    ShowHelp,
    FocusNext,
    FocusPrev,
    /// Press the focused button.
    Activate,
    SaveSettings,
    LeaveSettings,
    /// A choice field: the next / previous value.
    NextChoice,
    PrevChoice,
    HelpMe,
    NewLine,
    OpenSettings,
    RefreshAvailability,
    CompletePath,
    Send,
    Attach,
    EndChat,
    /// Open the Export dialog (file and format of the saved transcript).
    ExportTranscript,
    /// Open the case history (earlier chats of the linked CRM case).
    CaseHistory,
    /// Close the case history.
    CloseHistory,
    /// Export dialog: write the file.
    SaveExport,
    /// Export dialog: close without saving.
    CloseExport,
    /// Export dialog: the next / previous format.
    NextFormat,
    PrevFormat,
    ScrollUp,
    ScrollDown,
    ScrollBottom,
    ScrollTop,
    RetryLastFailed,
    RetrySelected,
    /// Save the selected file from the agent (`open`: and open it).
    DownloadSelected {
        open: bool,
    },
    /// Save the agent's latest file.
    DownloadLatest,
    SelectPrev,
    SelectNext,
    /// Choose quick reply `n` (1–9) of the newest set not answered yet.
    QuickReply(u8),
    /// The previous / next button of the selected quick-reply set.
    PrevButton,
    NextButton,
    /// Choose the highlighted button of the selected quick-reply set.
    ChooseButton,
    FocusComposer,
    ConfirmAttach,
    Cancel,
    BackHome,
    RatingDown,
    RatingUp,
    Rating(u8),
    ToggleResolved,
    ResolvedYes,
    ResolvedNo,
    SubmitForm,
    CancelForm,
    CloseHelp,
    Yes,
    No,
    /// Open the search line of the chat.
    Search,
    /// Search: the next match up (older) / down (newer).
    SearchOlder,
    SearchNewer,
    /// Close the search line, back to where the reader was.
    CloseSearch,
    /// Copy the selected message's text to the clipboard (OSC 52).
    CopyMessage,
    /// Copy the whole transcript as text (capped).
    CopyTranscript,
    /// List the selected message's links, to open one.
    OpenLinks,
    /// Open link `n` (1–9) of the list.
    OpenLink(u8),
    /// Open the highlighted link of the list.
    ChooseLink,
    CloseLinks,
}

impl Action {
    /// The help text, a short verb phrase.
    pub fn help(self) -> &'static str {
        match self {
            Action::Quit => "quit (asks first if a chat is live)",
            Action::ShowHelp => "show this help",
            Action::FocusNext => "next field or button",
            Action::FocusPrev => "previous field or button",
            Action::Activate => "press the focused button",
            Action::SaveSettings => "save the settings",
            Action::LeaveSettings => "back to Home without saving (if valid)",
            Action::NextChoice => "the next value",
            Action::PrevChoice => "the previous value",
            Action::HelpMe => "start the chat (Help me)",
            Action::NewLine => "new line",
            Action::OpenSettings => "open the settings",
            Action::RefreshAvailability => "check availability again",
            Action::CompletePath => "complete the path",
            Action::Send => "send the message",
            Action::Attach => "attach a file",
            Action::EndChat => "end the chat (asks first)",
            Action::ExportTranscript => "save the transcript (choose file and format)",
            Action::CaseHistory => "earlier chats of this case",
            Action::CloseHistory => "close the case history",
            Action::SaveExport => "save the transcript to this file",
            Action::CloseExport => "close without saving",
            Action::NextFormat => "next format (Markdown, plain text, JSON)",
            Action::PrevFormat => "previous format",
            Action::ScrollUp => "scroll up",
            Action::ScrollDown => "scroll down",
            Action::ScrollBottom => "jump to the newest message",
            Action::ScrollTop => "jump to the first message",
            Action::RetryLastFailed => "retry the last failed message",
            Action::RetrySelected => "retry the selected failed message",
            Action::DownloadSelected { open: false } => "save the selected file (download folder)",
            Action::DownloadSelected { open: true } => "save the selected file and open it",
            Action::DownloadLatest => "save the agent's latest file",
            Action::SelectPrev => "select the previous message",
            Action::SelectNext => "select the next message",
            Action::QuickReply(_) => "quick reply 1–9",
            Action::PrevButton => "previous quick-reply button",
            Action::NextButton => "next quick-reply button",
            Action::ChooseButton => "choose the highlighted quick reply",
            Action::FocusComposer => "back to the message box",
            Action::ConfirmAttach => "upload the file",
            Action::Cancel => "cancel",
            Action::BackHome => "return to Home",
            Action::RatingDown => "lower rating",
            Action::RatingUp => "higher rating",
            Action::Rating(_) => "set the rating",
            Action::ToggleResolved => "toggle yes / no",
            Action::ResolvedYes => "yes",
            Action::ResolvedNo => "no",
            Action::SubmitForm => "send the answers",
            Action::CancelForm => "skip the form (asks first)",
            Action::CloseHelp => "close the help",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Search => "search the transcript",
            Action::SearchOlder => "the next older match",
            Action::SearchNewer => "the next newer match",
            Action::CloseSearch => "close the search, back to where you were",
            Action::CopyMessage => "copy the selected message (clipboard)",
            Action::CopyTranscript => "copy the whole transcript as text (clipboard)",
            Action::OpenLinks => "list the selected message's links, to open one",
            Action::OpenLink(_) => "open link 1–9",
            Action::ChooseLink => "open the highlighted link",
            Action::CloseLinks => "close the list of links",
        }
    }

    /// A shorter form for the one-line footer.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ShowHelp => "help",
            Action::SaveSettings => "save",
            Action::LeaveSettings => "back",
            Action::NextChoice | Action::PrevChoice => "change",
            Action::HelpMe => "Help me",
            Action::NewLine => "new line",
            Action::OpenSettings => "settings",
            Action::RefreshAvailability => "refresh",
            Action::CompletePath => "complete",
            Action::Send => "send",
            Action::Attach => "attach",
            Action::EndChat => "end chat",
            Action::ExportTranscript => "export",
            Action::SaveExport => "save",
            Action::CloseExport => "cancel",
            Action::CaseHistory => "case history",
            Action::CloseHistory => "close",
            Action::NextFormat | Action::PrevFormat => "format",
            Action::ScrollUp | Action::ScrollDown => "scroll",
            Action::RetryLastFailed | Action::RetrySelected => "retry",
            Action::DownloadSelected { open: false } | Action::DownloadLatest => "save file",
            Action::DownloadSelected { open: true } => "open file",
            Action::FocusNext => "next",
            Action::ConfirmAttach => "upload",
            Action::Cancel => "cancel",
            Action::BackHome => "Home",
            Action::Rating(_) => "rate",
            Action::QuickReply(_) | Action::ChooseButton => "reply",
            Action::PrevButton | Action::NextButton => "button",
            Action::SubmitForm => "send",
            Action::CancelForm => "skip",
            Action::CloseHelp => "close",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Search => "search",
            Action::SearchOlder => "older",
            Action::SearchNewer => "newer",
            Action::CloseSearch | Action::CloseLinks => "close",
            Action::CopyMessage => "copy",
            Action::CopyTranscript => "copy all",
            Action::OpenLinks => "links",
            Action::OpenLink(_) | Action::ChooseLink => "open",
            other => other.help(),
        }
    }
}

/// One row of the keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    pub mode: Mode,
    pub key: KeyCombo,
    pub action: Action,
    /// Shown in the footer (the full list is in the help overlay).
    pub footer: bool,
}

/// A binding listed in the footer as well as in the help.
const fn shown(mode: Mode, key: KeyCombo, action: Action) -> Binding {
    Binding {
        mode,
        key,
        action,
        footer: true,
    }
}

/// A binding listed in the help only (an alternative key, or one the footer has no room for).
const fn hidden(mode: Mode, key: KeyCombo, action: Action) -> Binding {
    Binding {
        footer: false,
        ..shown(mode, key, action)
    }
}

use Action as A;
use KeyCode as K;
use KeyCombo as C;
use Mode as M;

/// The keymap. Order matters only for display (help and footers list bindings in this order).
pub const BINDINGS: &[Binding] = &[
    shown(M::Global, C::ctrl('c'), A::Quit),
    shown(M::Global, C::plain(K::F(1)), A::ShowHelp),
    hidden(M::Global, C::plain(K::Tab), A::FocusNext),
    hidden(M::Global, C::plain(K::BackTab), A::FocusPrev),
    hidden(M::NoText, C::ch('?'), A::ShowHelp),
    hidden(M::SingleLine, C::plain(K::Down), A::FocusNext),
    hidden(M::SingleLine, C::plain(K::Up), A::FocusPrev),
    shown(M::PathField, C::plain(K::Tab), A::CompletePath),
    shown(M::Choice, C::plain(K::Right), A::NextChoice),
    hidden(M::Choice, C::plain(K::Left), A::PrevChoice),
    hidden(M::Choice, C::ch(' '), A::NextChoice),
    hidden(M::Choice, C::plain(K::Down), A::FocusNext),
    hidden(M::Choice, C::plain(K::Up), A::FocusPrev),
    // Settings
    shown(M::Settings, C::ctrl('s'), A::SaveSettings),
    hidden(M::Settings, C::plain(K::Enter), A::Activate),
    shown(M::Settings, C::plain(K::Esc), A::LeaveSettings),
    // Home
    shown(M::Home, C::plain(K::Enter), A::HelpMe),
    shown(M::Home, C::alt(K::Enter), A::NewLine),
    shown(M::Home, C::plain(K::F(2)), A::OpenSettings),
    shown(M::Home, C::plain(K::F(5)), A::RefreshAvailability),
    // Chat, composer focused
    shown(M::Chat, C::plain(K::Enter), A::Send),
    shown(M::Chat, C::alt(K::Enter), A::NewLine),
    hidden(M::Chat, C::shift(K::Enter), A::NewLine),
    shown(M::Chat, C::ctrl('o'), A::Attach),
    shown(M::Chat, C::ctrl('x'), A::EndChat),
    hidden(M::Chat, C::plain(K::F(3)), A::ExportTranscript),
    hidden(M::Chat, C::plain(K::F(4)), A::CaseHistory),
    shown(M::Chat, C::plain(K::PageUp), A::ScrollUp),
    hidden(M::Chat, C::plain(K::PageDown), A::ScrollDown),
    hidden(M::Chat, C::plain(K::End), A::ScrollBottom),
    hidden(M::Chat, C::ctrl_key(K::Home), A::ScrollTop),
    hidden(M::Chat, C::ctrl('r'), A::RetryLastFailed),
    hidden(M::Chat, C::ctrl('g'), A::DownloadLatest),
    hidden(M::Chat, C::alt(K::Char('1')), A::QuickReply(1)),
    hidden(M::Chat, C::alt(K::Char('2')), A::QuickReply(2)),
    hidden(M::Chat, C::alt(K::Char('3')), A::QuickReply(3)),
    hidden(M::Chat, C::alt(K::Char('4')), A::QuickReply(4)),
    hidden(M::Chat, C::alt(K::Char('5')), A::QuickReply(5)),
    hidden(M::Chat, C::alt(K::Char('6')), A::QuickReply(6)),
    hidden(M::Chat, C::alt(K::Char('7')), A::QuickReply(7)),
    hidden(M::Chat, C::alt(K::Char('8')), A::QuickReply(8)),
    hidden(M::Chat, C::alt(K::Char('9')), A::QuickReply(9)),
    // Chat, transcript focused
    shown(M::Transcript, C::plain(K::Up), A::SelectPrev),
    shown(M::Transcript, C::plain(K::Down), A::SelectNext),
    shown(M::Transcript, C::ch('r'), A::RetrySelected),
    shown(
        M::Transcript,
        C::ch('d'),
        A::DownloadSelected { open: false },
    ),
    shown(
        M::Transcript,
        C::ch('o'),
        A::DownloadSelected { open: true },
    ),
    shown(M::Transcript, C::plain(K::Esc), A::FocusComposer),
    hidden(M::Transcript, C::plain(K::Enter), A::ChooseButton),
    hidden(M::Transcript, C::plain(K::Left), A::PrevButton),
    hidden(M::Transcript, C::plain(K::Right), A::NextButton),
    // Attaching a file
    shown(M::Attach, C::plain(K::Enter), A::ConfirmAttach),
    shown(M::Attach, C::plain(K::Esc), A::Cancel),
    // Chat over
    shown(M::Ended, C::plain(K::Enter), A::BackHome),
    hidden(M::Ended, C::plain(K::Esc), A::BackHome),
    shown(M::Ended, C::ch('e'), A::ExportTranscript),
    hidden(M::Ended, C::plain(K::F(3)), A::ExportTranscript),
    hidden(M::Ended, C::plain(K::F(4)), A::CaseHistory),
    shown(M::Ended, C::plain(K::PageUp), A::ScrollUp),
    hidden(M::Ended, C::plain(K::PageDown), A::ScrollDown),
    hidden(M::Ended, C::plain(K::End), A::ScrollBottom),
    // Survey
    shown(M::Survey, C::ctrl('s'), A::SubmitForm),
    hidden(M::Survey, C::plain(K::Enter), A::Activate),
    shown(M::Survey, C::plain(K::Esc), A::CancelForm),
    hidden(M::Survey, C::alt(K::Enter), A::NewLine),
    shown(M::Survey, C::plain(K::F(3)), A::ExportTranscript),
    hidden(M::SurveyRating, C::plain(K::Left), A::RatingDown),
    hidden(M::SurveyRating, C::plain(K::Right), A::RatingUp),
    shown(M::SurveyRating, C::ch('1'), A::Rating(1)),
    hidden(M::SurveyRating, C::ch('2'), A::Rating(2)),
    hidden(M::SurveyRating, C::ch('3'), A::Rating(3)),
    hidden(M::SurveyRating, C::ch('4'), A::Rating(4)),
    hidden(M::SurveyRating, C::ch('5'), A::Rating(5)),
    shown(M::SurveyResolved, C::ch(' '), A::ToggleResolved),
    hidden(M::SurveyResolved, C::ch('y'), A::ResolvedYes),
    hidden(M::SurveyResolved, C::ch('n'), A::ResolvedNo),
    // Export dialog (Tab switches the format: the dialog has one text field)
    shown(M::Export, C::plain(K::Enter), A::SaveExport),
    shown(M::Export, C::plain(K::Tab), A::NextFormat),
    hidden(M::Export, C::plain(K::BackTab), A::PrevFormat),
    shown(M::Export, C::plain(K::Esc), A::CloseExport),
    // Overlays
    // Case history
    shown(M::History, C::plain(K::Esc), A::CloseHistory),
    hidden(M::History, C::plain(K::F(4)), A::CloseHistory),
    shown(M::History, C::plain(K::PageUp), A::ScrollUp),
    hidden(M::History, C::plain(K::PageDown), A::ScrollDown),
    hidden(M::History, C::plain(K::Up), A::SelectPrev),
    hidden(M::History, C::plain(K::Down), A::SelectNext),
    hidden(M::History, C::plain(K::Home), A::ScrollTop),
    hidden(M::History, C::plain(K::End), A::ScrollBottom),
    shown(M::Help, C::plain(K::Esc), A::CloseHelp),
    hidden(M::Help, C::plain(K::F(1)), A::CloseHelp),
    hidden(M::Help, C::ch('?'), A::CloseHelp),
    hidden(M::Help, C::ch('q'), A::CloseHelp),
    hidden(M::Help, C::plain(K::Up), A::ScrollUp),
    hidden(M::Help, C::plain(K::Down), A::ScrollDown),
    hidden(M::Help, C::plain(K::PageUp), A::ScrollUp),
    hidden(M::Help, C::plain(K::PageDown), A::ScrollDown),
    shown(M::Confirm, C::ch('y'), A::Yes),
    shown(M::Confirm, C::ch('n'), A::No),
    hidden(M::Confirm, C::plain(K::Esc), A::No),
    // Search, copy and links
    shown(M::Chat, C::ctrl('f'), A::Search),
    hidden(M::Ended, C::ctrl('f'), A::Search),
    hidden(M::Ended, C::ch('Y'), A::CopyTranscript),
    hidden(M::Transcript, C::ch('/'), A::Search),
    shown(M::Transcript, C::ch('y'), A::CopyMessage),
    hidden(M::Transcript, C::ch('Y'), A::CopyTranscript),
    shown(M::Transcript, C::ch('u'), A::OpenLinks),
    shown(M::Search, C::plain(K::Enter), A::SearchOlder),
    hidden(M::Search, C::ctrl('n'), A::SearchOlder),
    hidden(M::Search, C::plain(K::Up), A::SearchOlder),
    shown(M::Search, C::ctrl('p'), A::SearchNewer),
    hidden(M::Search, C::plain(K::Down), A::SearchNewer),
    shown(M::Search, C::plain(K::Esc), A::CloseSearch),
    shown(M::Links, C::plain(K::Enter), A::ChooseLink),
    hidden(M::Links, C::plain(K::Up), A::SelectPrev),
    hidden(M::Links, C::plain(K::Down), A::SelectNext),
    hidden(M::Links, C::ch('1'), A::OpenLink(1)),
    hidden(M::Links, C::ch('2'), A::OpenLink(2)),
    hidden(M::Links, C::ch('3'), A::OpenLink(3)),
    hidden(M::Links, C::ch('4'), A::OpenLink(4)),
    hidden(M::Links, C::ch('5'), A::OpenLink(5)),
    hidden(M::Links, C::ch('6'), A::OpenLink(6)),
    hidden(M::Links, C::ch('7'), A::OpenLink(7)),
    hidden(M::Links, C::ch('8'), A::OpenLink(8)),
    hidden(M::Links, C::ch('9'), A::OpenLink(9)),
    shown(M::Links, C::plain(K::Esc), A::CloseLinks),
];

#[cfg(test)]
pub(crate) mod tests;
