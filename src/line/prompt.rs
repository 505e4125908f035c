//! What line mode asks now ([`Question`]), read from the app's state, and its words: each
//! field one question, with its type and range in words.
//!
//! Owns the questions' wording and which one is in force for a given state. Does not own
//! what an answer does (`front`) nor any rule of the screens: a value is checked by the
//! screen's own function (`SettingsState::problem`, `prechat::problem`) after it is typed.

use super::event::LineEvent;
use crate::app::home::HomeState;
use crate::app::home::prechat::PreChatField;
use crate::app::survey::{FormFocus, FormKind, FormProgress, FormState};
use crate::app::views::{Confirm, HistoryState};
use crate::app::{App, Screen, View};
use crate::config::Field;

/// The question in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// A setting of an incomplete config.
    Setting(Field),
    /// A y/n question of the app (rejoin a live chat).
    Confirm(Confirm),
    /// Field N of the pre-chat form (one the settings left empty).
    PreChat(usize),
    /// Home's first message: answering it asks for an agent.
    FirstMessage,
    /// In a live chat: a line is a message or a command (nothing is printed for it).
    Chat,
    /// A field of the form the agent (or the end of the chat) shows.
    Form(FormFocus),
    /// The form could not be sent: again, or skip?
    FormAgain,
    /// The chat is over and stays on screen: Enter returns to Home.
    ChatOver,
}

/// What line mode waits for before it asks anything on Home: the availability, the pre-chat
/// form and the answer to "is a chat of a previous run still live?" (which may ask to rejoin).
pub fn home_ready(app: &App, home: &HomeState) -> bool {
    !app.looking_for_active_chat()
        && home.form_known()
        && *home.availability() != crate::app::home::Availability::Checking
}

/// The question for the app's state; `None` while the app waits for something (a save, an
/// answer from the tenant) or a view line mode handles on its own is open. `pending_setting`
/// and `prechat_asked` are the front end's progress through the settings and the form.
pub fn current(
    app: &App,
    pending_setting: Option<Field>,
    prechat_asked: usize,
) -> Option<Question> {
    match app.top_view() {
        Some(View::Confirm(view)) => return Some(Question::Confirm(view.question().clone())),
        Some(
            View::Help(_) | View::Export(_) | View::History(_) | View::Search(_) | View::Links(_),
        ) => return None,
        None => {}
    }
    match app.screen() {
        Screen::Settings(settings) if settings.is_saving() => None,
        Screen::Settings(_) => pending_setting.map(Question::Setting),
        Screen::Home(home) if !home_ready(app, home) => None,
        // Only what the settings did not answer (or answered wrong) is asked: with a complete
        // `[customer]` the first line typed asks for an agent.
        Screen::Home(home) => Some(
            home.params()
                .iter()
                .enumerate()
                .skip(prechat_asked)
                .find(|(i, f)| {
                    f.value.text().trim().is_empty()
                        || crate::app::home::prechat::problem(&home.params()[*i..=*i]).is_some()
                })
                .map_or(Question::FirstMessage, |(i, _)| Question::PreChat(i)),
        ),
        Screen::Chat(chat) => match chat.form() {
            Some(form) => match &form.progress {
                FormProgress::Filling if form.focus() == FormFocus::Send => None,
                FormProgress::Filling => Some(Question::Form(form.focus())),
                FormProgress::Failed(_) => Some(Question::FormAgain),
                FormProgress::Sending | FormProgress::Sent => None,
            },
            None if !chat.is_live() => Some(Question::ChatOver),
            None if chat.is_leaving() => None,
            None => Some(Question::Chat),
        },
    }
}

impl Question {
    /// The line that asks it (`None` for [`Question::Chat`]: the chat's lines need no prompt).
    pub fn event(&self, app: &App) -> Option<LineEvent> {
        let prompt = |q: String| Some(LineEvent::Prompt { question: q });
        match self {
            Question::Setting(field) => prompt(setting_question(app, *field)),
            Question::Confirm(question) => prompt(format!("{} (y/n)", question.question())),
            Question::PreChat(i) => match app.screen() {
                Screen::Home(home) => home.params().get(*i).map(|f| LineEvent::Prompt {
                    question: prechat_question(f),
                }),
                Screen::Settings(_) | Screen::Chat(_) => None,
            },
            Question::FirstMessage => prompt("Your question (Enter to ask for an agent):".into()),
            Question::Chat => None,
            Question::Form(focus) => {
                let form = app.screen().chat().and_then(|c| c.form())?;
                Some(LineEvent::Form {
                    form: form.wire_name.clone(),
                    question: form_question(form, *focus),
                })
            }
            Question::FormAgain => prompt("Send the form again? (y/n)".into()),
            Question::ChatOver => prompt(
                "The chat is over. Enter returns to Home for a new chat, /export PATH saves \
                 the transcript, /quit leaves:"
                    .into(),
            ),
        }
    }
}

fn setting_question(app: &App, field: Field) -> String {
    let current = match app.screen() {
        Screen::Settings(s) => s
            .fields()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| c.text().trim().to_string())
            .unwrap_or_default(),
        Screen::Home(_) | Screen::Chat(_) => String::new(),
    };
    // The value is not repeated: a client id is as good as a password to some tenants.
    let hint = match (current.is_empty(), field) {
        (false, _) => " (Enter keeps the current one)",
        (true, Field::ClientId) => " (Enter makes a new one)",
        (true, _) => "",
    };
    format!("{}{hint}:", field.label())
}

fn prechat_question(field: &PreChatField) -> String {
    let value = field.value.text().trim();
    if value.is_empty() {
        format!("{} (optional, Enter skips):", field.label)
    } else {
        format!("{} (Enter keeps \u{201c}{value}\u{201d}):", field.label)
    }
}

/// A form field's question, with its type and range in words.
pub fn form_question(form: &FormState, focus: FormFocus) -> String {
    match (focus, &form.kind) {
        (FormFocus::Rating, _) => "Rate our service from 1 to 5:".to_string(),
        (FormFocus::Resolved, _) => "Was your issue resolved? (y/n)".to_string(),
        (FormFocus::Comment, _) => "Comment (optional, Enter skips):".to_string(),
        (FormFocus::Text, FormKind::Generic { .. }) if form.secure => {
            "Your answer (secure: sent, not kept here, but shown as you type; Enter skips):"
                .to_string()
        }
        (FormFocus::Text | FormFocus::Send, _) => "Your answer (Enter skips):".to_string(),
    }
}

/// The lines of a case history that has answered, or `None` while it loads.
pub fn history_lines(state: &HistoryState, case_id: &str) -> Option<Vec<LineEvent>> {
    use crate::app::views::HistoryLine;
    match state {
        HistoryState::Loading => None,
        HistoryState::Failed(why) => Some(vec![LineEvent::error(why.clone())]),
        HistoryState::Ready(lines) if lines.is_empty() => Some(vec![LineEvent::notice(format!(
            "Case {case_id} has no earlier chats."
        ))]),
        HistoryState::Ready(lines) => {
            let mut out = vec![LineEvent::notice(format!("History of case {case_id}:"))];
            out.extend(lines.iter().map(|line| match line {
                HistoryLine::Session(heading) => LineEvent::notice(heading.clone()),
                HistoryLine::Message { time, from, text } => {
                    let from = if from.is_empty() {
                        String::new()
                    } else {
                        format!("{from}: ")
                    };
                    LineEvent::notice(format!("{time} {from}{text}").trim().to_string())
                }
            }));
            Some(out)
        }
    }
}

#[cfg(test)]
#[path = "prompt_tests.rs"]
mod tests;
