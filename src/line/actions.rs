//! What an answer or a command does to the app: the messages it sends, as the keys of the
//! same action would (Tab to a field, the field's text, Enter; a question answered yes when
//! the command itself is the confirmation).
//!
//! A child of `front` (which decides which question a line answers). Does not own a rule of
//! the screens: what is not right is read back from the app's state.

use super::command::{self, Command};
use super::core::Core;
use super::event::LineEvent;
use crate::app::home::HomeFocus;
use crate::app::keymap::Action;
use crate::app::settings::FIELDS;
use crate::app::survey::FormFocus;
use crate::app::views::Confirm;
use crate::app::{Msg, Screen, View};
use crate::config::Field;

pub(super) fn yes_or_no(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err("Answer y or n.".to_string()),
    }
}

pub(super) fn help_lines() -> Vec<LineEvent> {
    let mut lines = vec![LineEvent::notice(
        "A line is a message; commands start with /:",
    )];
    lines.extend(
        command::HELP
            .iter()
            .map(|(name, what)| LineEvent::notice(format!("{name} — {what}"))),
    );
    lines
}

/// Moves the settings' focus to `field` (Tab, as often as it takes).
pub(super) fn focus_setting(core: &mut dyn Core, field: Field) {
    for _ in 0..=FIELDS.len() {
        match core.app().screen() {
            Screen::Settings(s) if FIELDS.get(s.focus()) != Some(&field) => {
                core.send(Msg::Action(Action::FocusNext));
            }
            _ => return,
        }
    }
}

/// Moves Home's focus to `target` (Tab, as often as it takes).
pub(super) fn focus_home(core: &mut dyn Core, target: HomeFocus) {
    let stops = match core.app().screen() {
        Screen::Home(home) => home.params().len() + 5,
        Screen::Settings(_) | Screen::Chat(_) => return,
    };
    for _ in 0..stops {
        match core.app().screen() {
            Screen::Home(home) if home.focus() != target => {
                core.send(Msg::Action(Action::FocusNext));
            }
            _ => return,
        }
    }
}

/// `/quit`: the app's quit, its question answered yes (the command is the confirmation).
pub(super) fn quit(core: &mut dyn Core) {
    core.send(Msg::Action(Action::Quit));
    answer_yes(core, &Confirm::Quit);
}

fn answer_yes(core: &mut dyn Core, question: &Confirm) {
    if core.app().top_view().and_then(View::question) == Some(question) {
        core.send(Msg::Action(Action::Yes));
    }
}

pub(super) fn skip_form(core: &mut dyn Core) {
    core.send(Msg::Action(Action::CancelForm));
    answer_yes(core, &Confirm::SkipForm);
}

pub(super) fn answer_form(core: &mut dyn Core, focus: FormFocus, text: &str) -> Result<(), String> {
    let text = text.trim();
    match focus {
        FormFocus::Rating => match text.parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) => core.send(Msg::Action(Action::Rating(n))),
            _ => return Err("Type a number from 1 to 5.".to_string()),
        },
        FormFocus::Resolved => {
            let yes = yes_or_no(text)?;
            core.send(Msg::Action(if yes {
                Action::ResolvedYes
            } else {
                Action::ResolvedNo
            }));
        }
        FormFocus::Comment | FormFocus::Text => {
            if !text.is_empty() {
                core.send(Msg::SetText(text.to_string()));
            }
        }
        FormFocus::Send => return Ok(()),
    }
    core.send(Msg::Action(Action::FocusNext));
    Ok(())
}

/// A line in a chat: a message, or a command.
pub(super) fn chat_command(core: &mut dyn Core, command: Command) -> Result<(), String> {
    let Some(chat) = core.app().screen().chat() else {
        return Ok(());
    };
    let live = chat.is_live();
    let over = || Err("The chat is over.".to_string());
    match command {
        Command::Say(text) if text.trim().is_empty() => {}
        Command::Say(_) | Command::Attach(_) | Command::Choose(_) | Command::Retry if !live => {
            return over();
        }
        Command::Say(text) => {
            core.send(Msg::SetText(text));
            core.send(Msg::Action(Action::Send));
        }
        Command::Attach(path) => {
            core.send(Msg::Action(Action::Attach));
            core.send(Msg::SetText(path.to_string_lossy().into_owned()));
            core.send(Msg::Action(Action::ConfirmAttach));
        }
        Command::Save(None) => core.send(Msg::Action(Action::DownloadLatest)),
        Command::Save(Some(n)) => {
            let files = chat.agent_files();
            let Some(index) = files.keys().nth(n - 1).copied() else {
                return Err(match files.len() {
                    0 => "The agent has not sent a file.".to_string(),
                    1 => format!("There is no file {n}: the agent sent one (/save 1)."),
                    k => format!("There is no file {n}: the agent sent {k}."),
                });
            };
            core.send(Msg::SelectEntry(index));
            core.send(Msg::Action(Action::DownloadSelected { open: false }));
            core.send(Msg::Action(Action::FocusComposer));
        }
        Command::End if !live => return over(),
        Command::End => {
            core.send(Msg::Action(Action::EndChat));
            answer_yes(core, &Confirm::EndChat);
        }
        Command::History => core.send(Msg::Action(Action::CaseHistory)),
        Command::Export(path) => {
            core.send(Msg::Action(Action::ExportTranscript));
            if matches!(core.app().top_view(), Some(View::Export(_))) {
                core.send(Msg::SetText(path.to_string_lossy().into_owned()));
                core.send(Msg::Action(Action::SaveExport));
            }
        }
        Command::Choose(n) => {
            if chat.transcript().open_buttons().is_none() {
                return Err("There are no quick replies to choose from.".to_string());
            }
            core.send(Msg::Action(Action::QuickReply(n)));
        }
        Command::Retry => {
            if chat.transcript().last_failed().is_none() {
                return Err("No message failed to send.".to_string());
            }
            core.send(Msg::Action(Action::RetryLastFailed));
        }
        Command::Skip => return Err("There is no form to skip.".to_string()),
        // Handled before any question.
        Command::Quit | Command::Help | Command::Search(_) => {}
    }
    Ok(())
}
