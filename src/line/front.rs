//! The line front end's logic, without I/O: typed lines in, [`LineEvent`]s out, the app driven
//! in between with the same messages a key press would cause (`Msg::Action`, `Msg::SetText`).
//!
//! Owns the lines not yet used (a script's stdin arrives at once; each line waits for the
//! question it answers), the progress through the settings and the pre-chat form, the steps
//! line mode takes on its own (leaving valid settings, sending a completed form, printing and
//! closing the case history), when an ended input may quit, and how the run ended
//! ([`Outcome`]). Does not own a rule of the app: every check is the screen's own.

use super::actions::{
    answer_form, chat_command, focus_home, focus_setting, help_lines, quit, skip_form, yes_or_no,
};
use super::command::{self, Command};
use super::event::LineEvent;
use super::observe::Observer;
use super::prompt::{self, Question};
use crate::api::ErrorKind;
use crate::api::session::{EndReason, SessionEvent};
use crate::app::home::HomeFocus;
use crate::app::keymap::Action;
use crate::app::settings::FIELDS;
use crate::app::survey::{FormFocus, FormProgress};
use crate::app::{App, Msg, Screen, View};
use crate::config::Field;
use std::collections::VecDeque;

use super::core::Core;

/// How the run ended, as the exit code says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The chat ended, or the customer quit: 0.
    Done,
    /// The settings are incomplete and were not completed: 2.
    BadConfig,
    /// The tenant could not be reached: 3.
    Unreachable,
    /// The chat could not start, or failed: 4.
    ChatFailed,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::BadConfig => 2,
            Outcome::Unreachable => 3,
            Outcome::ChatFailed => 4,
        }
    }
}

/// The plugin's four settings, always asked when the config is incomplete.
const PLUGIN_SETTINGS: [Field; 4] = [
    Field::TenantUrl,
    Field::ClientWebServerUrl,
    Field::AppId,
    Field::ClientId,
];

/// More steps taken alone than this between two lines is a loop (never expected: a guard).
const MAX_ALONE_STEPS: usize = 1_000;

#[derive(Debug)]
pub struct LineFront {
    observer: Observer,
    input: VecDeque<String>,
    eof: bool,
    /// The question last printed (printed again only when it changes or was answered wrong).
    asked: Option<Question>,
    ask_again: bool,
    /// The chat's one-line hint was given (once per screen).
    hinted: bool,
    /// Settings still to ask (`None`: the settings screen was not looked at yet).
    settings_queue: Option<VecDeque<Field>>,
    save_sent: bool,
    prechat_asked: usize,
    /// Which screen the progress above belongs to.
    screen: Option<std::mem::Discriminant<Screen>>,
    outcome: Outcome,
    /// Nothing more can be done (settings that cannot be saved): quit.
    give_up: bool,
    /// The run stopped before what was sent had gone out ([`LineFront::stop_waiting`]).
    cut_short: bool,
}

impl Default for LineFront {
    fn default() -> Self {
        LineFront {
            observer: Observer::default(),
            input: VecDeque::new(),
            eof: false,
            asked: None,
            ask_again: false,
            hinted: false,
            settings_queue: None,
            save_sent: false,
            prechat_asked: 0,
            screen: None,
            outcome: Outcome::Done,
            give_up: false,
            cut_short: false,
        }
    }
}

impl LineFront {
    /// A line typed (without its line ending).
    pub fn push_line(&mut self, line: String) {
        self.input.push_back(line);
    }

    /// Stdin is closed: quit once what was asked for has gone out.
    pub fn end_of_input(&mut self) {
        self.eof = true;
    }

    pub fn input_ended(&self) -> bool {
        self.eof
    }

    /// Notes what a message from the runtime says about how the run ends (before it is
    /// applied).
    pub fn seen(&mut self, msg: &Msg) {
        let unreachable = |kind: &ErrorKind| {
            matches!(
                kind,
                ErrorKind::Offline
                    | ErrorKind::Timeout
                    | ErrorKind::Certificate(_)
                    | ErrorKind::Proxy(_)
            )
        };
        match msg {
            Msg::AvailabilityChecked(Err(e)) if unreachable(&e.kind) => {
                self.outcome = Outcome::Unreachable;
            }
            Msg::AvailabilityChecked(Ok(_)) if self.outcome == Outcome::Unreachable => {
                self.outcome = Outcome::Done;
            }
            Msg::Session(SessionEvent::StartFailed(e)) => {
                self.outcome = if unreachable(&e.kind) {
                    Outcome::Unreachable
                } else {
                    Outcome::ChatFailed
                };
            }
            Msg::Session(SessionEvent::Started { .. }) => self.outcome = Outcome::Done,
            Msg::Session(SessionEvent::Ended(EndReason::Fatal(_))) => {
                self.outcome = Outcome::ChatFailed;
            }
            _ => {}
        }
    }

    /// The input ended long ago and what was sent has still not gone out: the run stops.
    pub fn stop_waiting(&mut self) {
        self.cut_short = true;
    }

    /// How the run ended, for the exit code.
    pub fn outcome(&self, app: &App) -> Outcome {
        use crate::app::chat::Phase;
        match app.screen() {
            Screen::Settings(_) if !app.settings().validate().is_empty() => Outcome::BadConfig,
            _ if self.give_up => Outcome::BadConfig,
            // Stopped while the tenant had not even answered the request.
            Screen::Chat(chat) if self.cut_short && *chat.phase() == Phase::Requesting => {
                Outcome::Unreachable
            }
            _ => self.outcome,
        }
    }

    /// Whether the run is over: settings that cannot be saved, or the input ended and nothing
    /// the customer asked for is still on its way.
    pub fn finished(&self, app: &App) -> bool {
        self.give_up || (self.eof && self.input.is_empty() && self.settled(app))
    }

    fn settled(&self, app: &App) -> bool {
        match app.top_view() {
            Some(View::History(h)) if *h.state() == crate::app::views::HistoryState::Loading => {
                return false;
            }
            Some(View::Export(dialog)) if dialog.is_saving() => return false,
            _ => {}
        }
        match app.screen() {
            Screen::Settings(s) => !s.is_saving(),
            Screen::Home(_) => true,
            Screen::Chat(chat) => {
                use crate::app::chat::Phase;
                let form_sending = chat
                    .form()
                    .is_some_and(|f| f.progress == FormProgress::Sending);
                let starting = matches!(chat.phase(), Phase::Requesting | Phase::Resuming);
                // Leaving: the end (or a survey) must come back first; a survey left
                // unanswered when the input ended cannot be answered any more.
                let awaiting_end = chat.is_leaving() && chat.form().is_none();
                !form_sending
                    && (!chat.is_live() || (!starting && !awaiting_end && !self.observer.waiting()))
            }
        }
    }

    /// Uses the lines the app is ready for and says what changed: call after every message
    /// applied and every line or end of input.
    pub fn pump(&mut self, core: &mut dyn Core) -> Vec<LineEvent> {
        let mut out = Vec::new();
        let mut after_input = false;
        let mut alone = 0;
        while alone < MAX_ALONE_STEPS {
            out.extend(self.observer.observe(core.app(), after_input));
            after_input = false;
            self.follow_screen(core.app());
            if self.give_up || core.app().should_quit() {
                break;
            }
            if self.step_alone(core, &mut out) {
                alone += 1;
                continue;
            }
            let question = prompt::current(core.app(), self.pending_setting(), self.prechat_asked);
            if question != self.asked || self.ask_again {
                if question == Some(Question::Chat) && !self.hinted {
                    self.hinted = true;
                    out.push(LineEvent::notice(
                        "Type a message and press Enter; /help lists the commands.",
                    ));
                }
                out.extend(question.as_ref().and_then(|q| q.event(core.app())));
                self.asked = question.clone();
                self.ask_again = false;
            }
            let Some(question) = question else { break };
            let Some(line) = self.input.pop_front() else {
                break;
            };
            after_input = true;
            alone = 0;
            if let Err(why) = self.answer(&question, line, core, &mut out) {
                out.push(LineEvent::error(why));
                // Asked again, under the reason.
                self.ask_again = true;
            }
        }
        out
    }

    /// Progress belongs to one screen: a new screen starts over.
    fn follow_screen(&mut self, app: &App) {
        let now = std::mem::discriminant(app.screen());
        if self.screen != Some(now) {
            self.screen = Some(now);
            self.settings_queue = None;
            self.save_sent = false;
            self.prechat_asked = 0;
            self.hinted = false;
        }
    }

    fn pending_setting(&self) -> Option<Field> {
        self.settings_queue
            .as_ref()
            .and_then(|q| q.front().copied())
    }

    /// A step line mode takes without a line; `true` when it changed something.
    fn step_alone(&mut self, core: &mut dyn Core, out: &mut Vec<LineEvent>) -> bool {
        match core.app().top_view() {
            Some(View::History(view)) => {
                return match prompt::history_lines(view.state(), view.case_id()) {
                    Some(lines) => {
                        out.extend(lines);
                        core.send(Msg::Action(Action::CloseHistory));
                        true
                    }
                    None => false,
                };
            }
            Some(View::Export(dialog)) => {
                if dialog.is_saving() {
                    return false;
                }
                if let Some(why) = dialog.error() {
                    out.push(LineEvent::error(format!("Could not export: {why}")));
                }
                core.send(Msg::Action(Action::CloseExport));
                return true;
            }
            Some(View::Help(_)) => {
                core.send(Msg::Action(Action::CloseHelp));
                return true;
            }
            // Views of the full screen's keys; line mode has `/search` and `/open` instead.
            Some(View::Search(_)) => {
                core.send(Msg::Action(Action::CloseSearch));
                return true;
            }
            Some(View::Links(_)) => {
                core.send(Msg::Action(Action::CloseLinks));
                return true;
            }
            // A question takes the keys: nothing else moves until it is answered.
            Some(View::Confirm(_)) => return false,
            None => {}
        }
        match core.app().screen() {
            Screen::Settings(settings) => {
                if settings.is_saving() {
                    return false;
                }
                let Some(queue) = &self.settings_queue else {
                    if core.app().settings().validate().is_empty() {
                        // Complete settings: straight to Home, as Esc does.
                        core.send(Msg::Action(Action::LeaveSettings));
                    } else {
                        let mut queue: VecDeque<Field> = PLUGIN_SETTINGS.into();
                        let more: Vec<Field> = problem_fields(core.app())
                            .filter(|f| !PLUGIN_SETTINGS.contains(f))
                            .collect();
                        queue.extend(more);
                        self.settings_queue = Some(queue);
                    }
                    return true;
                };
                if !queue.is_empty() {
                    return false;
                }
                if !self.save_sent {
                    self.save_sent = true;
                    core.send(Msg::Action(Action::SaveSettings));
                    return true;
                }
                // Saving failed: ask again what is wrong, or give up when nothing here is.
                let wrong: VecDeque<Field> = problem_fields(core.app()).collect();
                if wrong.is_empty() {
                    self.give_up = true;
                } else {
                    self.settings_queue = Some(wrong);
                    self.save_sent = false;
                }
                true
            }
            Screen::Chat(chat) => match chat.form() {
                Some(form)
                    if form.progress == FormProgress::Filling
                        && form.focus() == FormFocus::Send =>
                {
                    core.send(Msg::Action(Action::SubmitForm));
                    true
                }
                _ => false,
            },
            Screen::Home(_) => false,
        }
    }

    /// Answers `question` with `line`; `Err` is why it is asked again.
    fn answer(
        &mut self,
        question: &Question,
        line: String,
        core: &mut dyn Core,
        out: &mut Vec<LineEvent>,
    ) -> Result<(), String> {
        let command = command::parse(&line)?;
        match command {
            Command::Quit => {
                quit(core);
                return Ok(());
            }
            Command::Help => {
                out.extend(help_lines());
                return Ok(());
            }
            Command::Search(query) => {
                out.extend(super::found::search_lines(core.app(), &query));
                return Ok(());
            }
            _ => {}
        }
        match question {
            Question::Setting(field) => self.set_setting(core, *field, &said(command)?),
            Question::Confirm(_) => {
                let yes = yes_or_no(&said(command)?)?;
                core.send(Msg::Action(if yes { Action::Yes } else { Action::No }));
                Ok(())
            }
            Question::PreChat(i) => self.prechat(core, *i, &said(command)?),
            Question::FirstMessage => {
                let Command::Say(text) = command else {
                    return Err("That works in a chat: type your question first.".to_string());
                };
                focus_home(core, HomeFocus::Message);
                core.send(Msg::SetText(text));
                core.send(Msg::Action(Action::HelpMe));
                // A field that is not right keeps Home (its notice says why): ask again.
                self.prechat_asked = 0;
                Ok(())
            }
            Question::Chat => chat_command(core, command),
            Question::Form(focus) => match command {
                Command::Say(text) => answer_form(core, *focus, &text),
                Command::Skip => {
                    skip_form(core);
                    Ok(())
                }
                // The chat goes on under a form: /end, /save, /export work as in the chat.
                command => chat_command(core, command),
            },
            Question::FormAgain => match command {
                Command::Skip => {
                    skip_form(core);
                    Ok(())
                }
                command => {
                    if yes_or_no(&said(command)?)? {
                        core.send(Msg::Action(Action::SubmitForm));
                    } else {
                        skip_form(core);
                    }
                    Ok(())
                }
            },
            Question::ChatOver => match command {
                Command::Say(text) if text.trim().is_empty() => {
                    core.send(Msg::Action(Action::BackHome));
                    Ok(())
                }
                // Not a new chat: a script's answers to a survey that never came must not
                // start one.
                Command::Say(_) => Err("The chat is over: Enter returns to Home.".to_string()),
                Command::End => Err("The chat is over already.".to_string()),
                command => chat_command(core, command),
            },
        }
    }

    fn set_setting(&mut self, core: &mut dyn Core, field: Field, text: &str) -> Result<(), String> {
        focus_setting(core, field);
        let text = text.trim();
        if !text.is_empty() {
            core.send(Msg::SetText(text.to_string()));
        }
        if let Screen::Settings(settings) = core.app().screen()
            && let Some(problem) = settings.problem(field)
        {
            return Err(format!(
                "{} {}.",
                field.label(),
                problem.trim_end_matches('.')
            ));
        }
        if let Some(queue) = &mut self.settings_queue {
            queue.pop_front();
        }
        Ok(())
    }

    fn prechat(&mut self, core: &mut dyn Core, index: usize, text: &str) -> Result<(), String> {
        focus_home(core, HomeFocus::Param(index));
        let text = text.trim();
        if !text.is_empty() {
            core.send(Msg::SetText(text.to_string()));
        }
        if let Screen::Home(home) = core.app().screen()
            && let Some(field) = home.params().get(index..=index)
            && let Some(problem) = crate::app::home::prechat::problem(field)
        {
            return Err(problem);
        }
        self.prechat_asked = index + 1;
        Ok(())
    }
}

/// The settings the screen shows that have a problem now.
fn problem_fields(app: &App) -> impl Iterator<Item = Field> + '_ {
    FIELDS.iter().copied().filter(move |f| match app.screen() {
        Screen::Settings(s) => s.problem(*f).is_some(),
        Screen::Home(_) | Screen::Chat(_) => false,
    })
}

/// The text of a line that must answer a question, not run a command.
fn said(command: Command) -> Result<String, String> {
    match command {
        Command::Say(text) => Ok(text),
        _ => Err("Answer the question first (or /quit).".to_string()),
    }
}

#[cfg(test)]
#[path = "front_tests.rs"]
mod tests;
