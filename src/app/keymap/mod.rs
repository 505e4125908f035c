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
//! Lookup order ([`lookup`]): the modes the app reports as active, most specific first (an
//! overlay, then the focused field kind, then the screen), then [`Mode::Global`].

use ratatui::crossterm::event::KeyCode;

mod combo;
pub use combo::KeyCombo;

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
}

impl Mode {
    /// The heading of this mode's section in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Everywhere",
            Mode::NoText => "Outside text fields",
            Mode::SingleLine => "In a one-line field",
            Mode::PathField => "In a file path field",
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
            Action::HelpMe => "start the chat (Help me)",
            Action::NewLine => "new line",
            Action::OpenSettings => "open the settings",
            Action::RefreshAvailability => "check availability again",
            Action::CompletePath => "complete the path",
            Action::Send => "send the message",
            Action::Attach => "attach a file",
            Action::EndChat => "end the chat (asks first)",
            Action::ExportTranscript => "save the transcript (choose file and format)",
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
        }
    }

    /// A shorter form for the one-line footer.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ShowHelp => "help",
            Action::SaveSettings => "save",
            Action::LeaveSettings => "back",
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
            Action::SubmitForm => "send",
            Action::CancelForm => "skip",
            Action::CloseHelp => "close",
            Action::Yes => "yes",
            Action::No => "no",
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

const fn b(mode: Mode, key: KeyCombo, action: Action, footer: bool) -> Binding {
    Binding {
        mode,
        key,
        action,
        footer,
    }
}

use KeyCode as K;
use Mode as M;

/// The keymap. Order matters only for display (help and footers list bindings in this order).
pub const BINDINGS: &[Binding] = &[
    b(M::Global, KeyCombo::ctrl('c'), Action::Quit, true),
    b(M::Global, KeyCombo::plain(K::F(1)), Action::ShowHelp, true),
    b(M::Global, KeyCombo::plain(K::Tab), Action::FocusNext, false),
    b(
        M::Global,
        KeyCombo::plain(K::BackTab),
        Action::FocusPrev,
        false,
    ),
    b(M::NoText, KeyCombo::ch('?'), Action::ShowHelp, false),
    b(
        M::SingleLine,
        KeyCombo::plain(K::Down),
        Action::FocusNext,
        false,
    ),
    b(
        M::SingleLine,
        KeyCombo::plain(K::Up),
        Action::FocusPrev,
        false,
    ),
    b(
        M::PathField,
        KeyCombo::plain(K::Tab),
        Action::CompletePath,
        true,
    ),
    // Settings
    b(M::Settings, KeyCombo::ctrl('s'), Action::SaveSettings, true),
    b(
        M::Settings,
        KeyCombo::plain(K::Enter),
        Action::Activate,
        false,
    ),
    b(
        M::Settings,
        KeyCombo::plain(K::Esc),
        Action::LeaveSettings,
        true,
    ),
    // Home
    b(M::Home, KeyCombo::plain(K::Enter), Action::HelpMe, true),
    b(M::Home, KeyCombo::alt(K::Enter), Action::NewLine, true),
    b(
        M::Home,
        KeyCombo::plain(K::F(2)),
        Action::OpenSettings,
        true,
    ),
    b(
        M::Home,
        KeyCombo::plain(K::F(5)),
        Action::RefreshAvailability,
        true,
    ),
    // Chat, composer focused
    b(M::Chat, KeyCombo::plain(K::Enter), Action::Send, true),
    b(M::Chat, KeyCombo::alt(K::Enter), Action::NewLine, true),
    b(M::Chat, KeyCombo::shift(K::Enter), Action::NewLine, false),
    b(M::Chat, KeyCombo::ctrl('o'), Action::Attach, true),
    b(M::Chat, KeyCombo::ctrl('x'), Action::EndChat, true),
    b(
        M::Chat,
        KeyCombo::plain(K::F(3)),
        Action::ExportTranscript,
        false,
    ),
    b(M::Chat, KeyCombo::plain(K::PageUp), Action::ScrollUp, true),
    b(
        M::Chat,
        KeyCombo::plain(K::PageDown),
        Action::ScrollDown,
        false,
    ),
    b(
        M::Chat,
        KeyCombo::plain(K::End),
        Action::ScrollBottom,
        false,
    ),
    b(
        M::Chat,
        KeyCombo::ctrl_key(K::Home),
        Action::ScrollTop,
        false,
    ),
    b(M::Chat, KeyCombo::ctrl('r'), Action::RetryLastFailed, false),
    b(M::Chat, KeyCombo::ctrl('g'), Action::DownloadLatest, false),
    // Chat, transcript focused
    b(
        M::Transcript,
        KeyCombo::plain(K::Up),
        Action::SelectPrev,
        true,
    ),
    b(
        M::Transcript,
        KeyCombo::plain(K::Down),
        Action::SelectNext,
        true,
    ),
    b(
        M::Transcript,
        KeyCombo::ch('r'),
        Action::RetrySelected,
        true,
    ),
    b(
        M::Transcript,
        KeyCombo::ch('d'),
        Action::DownloadSelected { open: false },
        true,
    ),
    b(
        M::Transcript,
        KeyCombo::ch('o'),
        Action::DownloadSelected { open: true },
        true,
    ),
    b(
        M::Transcript,
        KeyCombo::plain(K::Esc),
        Action::FocusComposer,
        true,
    ),
    // Attaching a file
    b(
        M::Attach,
        KeyCombo::plain(K::Enter),
        Action::ConfirmAttach,
        true,
    ),
    b(M::Attach, KeyCombo::plain(K::Esc), Action::Cancel, true),
    // Chat over
    b(M::Ended, KeyCombo::plain(K::Enter), Action::BackHome, true),
    b(M::Ended, KeyCombo::plain(K::Esc), Action::BackHome, false),
    b(M::Ended, KeyCombo::ch('e'), Action::ExportTranscript, true),
    b(
        M::Ended,
        KeyCombo::plain(K::F(3)),
        Action::ExportTranscript,
        false,
    ),
    b(M::Ended, KeyCombo::plain(K::PageUp), Action::ScrollUp, true),
    b(
        M::Ended,
        KeyCombo::plain(K::PageDown),
        Action::ScrollDown,
        false,
    ),
    b(
        M::Ended,
        KeyCombo::plain(K::End),
        Action::ScrollBottom,
        false,
    ),
    // Survey
    b(M::Survey, KeyCombo::ctrl('s'), Action::SubmitForm, true),
    b(
        M::Survey,
        KeyCombo::plain(K::Enter),
        Action::Activate,
        false,
    ),
    b(M::Survey, KeyCombo::plain(K::Esc), Action::CancelForm, true),
    b(M::Survey, KeyCombo::alt(K::Enter), Action::NewLine, false),
    b(
        M::Survey,
        KeyCombo::plain(K::F(3)),
        Action::ExportTranscript,
        true,
    ),
    b(
        M::SurveyRating,
        KeyCombo::plain(K::Left),
        Action::RatingDown,
        false,
    ),
    b(
        M::SurveyRating,
        KeyCombo::plain(K::Right),
        Action::RatingUp,
        false,
    ),
    b(M::SurveyRating, KeyCombo::ch('1'), Action::Rating(1), true),
    b(M::SurveyRating, KeyCombo::ch('2'), Action::Rating(2), false),
    b(M::SurveyRating, KeyCombo::ch('3'), Action::Rating(3), false),
    b(M::SurveyRating, KeyCombo::ch('4'), Action::Rating(4), false),
    b(M::SurveyRating, KeyCombo::ch('5'), Action::Rating(5), false),
    b(
        M::SurveyResolved,
        KeyCombo::ch(' '),
        Action::ToggleResolved,
        true,
    ),
    b(
        M::SurveyResolved,
        KeyCombo::ch('y'),
        Action::ResolvedYes,
        false,
    ),
    b(
        M::SurveyResolved,
        KeyCombo::ch('n'),
        Action::ResolvedNo,
        false,
    ),
    // Export dialog (Tab switches the format: the dialog has one text field)
    b(
        M::Export,
        KeyCombo::plain(K::Enter),
        Action::SaveExport,
        true,
    ),
    b(M::Export, KeyCombo::plain(K::Tab), Action::NextFormat, true),
    b(
        M::Export,
        KeyCombo::plain(K::BackTab),
        Action::PrevFormat,
        false,
    ),
    b(
        M::Export,
        KeyCombo::plain(K::Esc),
        Action::CloseExport,
        true,
    ),
    // Overlays
    b(M::Help, KeyCombo::plain(K::Esc), Action::CloseHelp, true),
    b(M::Help, KeyCombo::plain(K::F(1)), Action::CloseHelp, false),
    b(M::Help, KeyCombo::ch('?'), Action::CloseHelp, false),
    b(M::Help, KeyCombo::ch('q'), Action::CloseHelp, false),
    b(M::Help, KeyCombo::plain(K::Up), Action::ScrollUp, false),
    b(M::Help, KeyCombo::plain(K::Down), Action::ScrollDown, false),
    b(M::Help, KeyCombo::plain(K::PageUp), Action::ScrollUp, false),
    b(
        M::Help,
        KeyCombo::plain(K::PageDown),
        Action::ScrollDown,
        false,
    ),
    b(M::Confirm, KeyCombo::ch('y'), Action::Yes, true),
    b(M::Confirm, KeyCombo::ch('n'), Action::No, true),
    b(M::Confirm, KeyCombo::plain(K::Esc), Action::No, false),
];

/// The action a key has in the given modes (most specific first), then in [`Mode::Global`].
pub fn lookup(modes: &[Mode], key: KeyCombo) -> Option<Action> {
    modes
        .iter()
        .chain(std::iter::once(&Mode::Global))
        .find_map(|mode| {
            BINDINGS
                .iter()
                .find(|b| b.mode == *mode && b.key == key)
                .map(|b| b.action)
        })
}

/// The bindings of one mode, in table order.
pub fn bindings_of(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.mode == mode)
}

/// The footer hints for these active modes: `(keys, hint)` pairs, keys of one action joined
/// with `/`, most specific mode first, global last.
pub fn footer_hints(modes: &[Mode]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut shadowed: Vec<KeyCombo> = Vec::new();
    for mode in modes.iter().chain(std::iter::once(&Mode::Global)) {
        for binding in bindings_of(*mode) {
            // A key already taken by a more specific mode does not do this here.
            if shadowed.contains(&binding.key) {
                continue;
            }
            if binding.footer {
                out.push((binding.key.to_string(), binding.action.hint()));
            }
        }
        shadowed.extend(bindings_of(*mode).map(|b| b.key));
    }
    out
}

/// The help sections for these active modes: `(title, [(keys, help)])`, keys of the same action
/// in one mode joined with `/`.
pub fn help_sections(modes: &[Mode]) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let mut sections = Vec::new();
    for mode in modes.iter().chain(std::iter::once(&Mode::Global)) {
        let mut rows: Vec<(String, &'static str, Action)> = Vec::new();
        for binding in bindings_of(*mode) {
            let action = match binding.action {
                // 1..5 read as one row.
                Action::Rating(_) => Action::Rating(0),
                other => other,
            };
            match rows.iter_mut().find(|(_, _, a)| *a == action) {
                Some(row) => {
                    row.0.push('/');
                    row.0.push_str(&binding.key.to_string());
                }
                None => rows.push((binding.key.to_string(), action.help(), action)),
            }
        }
        if !rows.is_empty() {
            sections.push((
                mode.title(),
                rows.into_iter().map(|(k, h, _)| (k, h)).collect(),
            ));
        }
    }
    sections
}

#[cfg(test)]
mod tests;
