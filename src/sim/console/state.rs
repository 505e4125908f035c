//! The agent console's state machine: pure, no I/O, no terminal, no clock.
//!
//! Owns what the person playing the agent sees (the live chats, the selected chat's lines, the
//! customer's typing indicator, the composer, the file-path prompt) and turns keys into
//! [`ConsoleAction`]s. Does not own executing them (`runner::apply`), reading the tenant
//! (`runner::snapshot`) or drawing (`view`).
//!
//! The story: the runner hands in a [`ChatSnapshot`] list whenever the tenant changes; the
//! console rebuilds each chat's lines from its history (every string sanitised here, where the
//! untrusted text enters). A new chat is selected when nothing was. Typing in the composer tells
//! the customer "agent typing" once; Enter sends and clears it. Ctrl-F asks for a file path,
//! Ctrl-S shows the survey, Ctrl-E ends the chat, Tab/Shift-Tab switch chats, Ctrl-C quits.

use crate::api::types::{PartyType, ServerEvent};
use crate::text;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The survey the console shows (the simulated tenant's demo form, PROTOCOL.md).
pub const SURVEY_FORM: &str = "MobileChatSurvey";

/// One chat as the tenant has it now.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatSnapshot {
    pub chat_id: String,
    /// What Request Chat carried in `from` (may be empty).
    pub customer: String,
    pub history: Vec<ServerEvent>,
    pub ended: bool,
}

/// Who a line is from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Customer,
    Agent,
    System,
}

/// One line of a chat, sanitised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub who: Who,
    pub text: String,
}

/// A chat as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleChat {
    pub chat_id: String,
    /// Sanitised; "Customer" when the request named nobody.
    pub customer: String,
    pub lines: Vec<ConsoleLine>,
    pub customer_typing: bool,
    pub ended: bool,
}

/// What the runner must do against the tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleAction {
    Say { chat_id: String, text: String },
    Typing { chat_id: String, on: bool },
    SendFile { chat_id: String, path: String },
    ShowSurvey { chat_id: String },
    EndChat { chat_id: String },
}

/// Where the keys go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Composer,
    /// Asking for the path of a file to push; the text typed so far.
    FilePath(String),
}

/// The console's keys, in the order the footer lists them: (keys, what they do). The footer is
/// generated from this table and a test checks every row is handled.
pub const CONSOLE_KEYS: &[(&str, &str)] = &[
    ("Enter", "send"),
    ("Tab/S-Tab", "switch chat"),
    ("^F", "push file"),
    ("^S", "survey"),
    ("^E", "end chat"),
    ("^C", "quit"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleState {
    chats: Vec<ConsoleChat>,
    /// The selected chat's id (kept across snapshots even when the order changes).
    selected: Option<String>,
    composer: String,
    input: Input,
    /// Whether "typing" was sent to the selected chat and not yet taken back.
    typing_sent: bool,
    /// The last outcome worth a line (an error pushing a file, a key with no chat).
    notice: Option<String>,
    /// The client settings lines, shown so a customer can configure sp-chat.
    settings: Vec<String>,
    quit: bool,
}

impl ConsoleState {
    pub fn new(settings: Vec<String>) -> ConsoleState {
        ConsoleState {
            chats: Vec::new(),
            selected: None,
            composer: String::new(),
            input: Input::Composer,
            typing_sent: false,
            notice: None,
            settings: settings.iter().map(|s| text::sanitize_line(s)).collect(),
            quit: false,
        }
    }

    pub fn chats(&self) -> &[ConsoleChat] {
        &self.chats
    }

    pub fn selected(&self) -> Option<&ConsoleChat> {
        let id = self.selected.as_deref()?;
        self.chats.iter().find(|c| c.chat_id == id)
    }

    pub fn composer(&self) -> &str {
        &self.composer
    }

    pub fn input(&self) -> &Input {
        &self.input
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn settings(&self) -> &[String] {
        &self.settings
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Shows an outcome (sanitised) under the composer.
    pub fn set_notice(&mut self, notice: &str) {
        self.notice = Some(text::sanitize_line(notice));
    }

    /// Replaces the chats with the tenant's current ones. Keeps the selection; selects the
    /// newest live chat when nothing (or an ended chat) was selected and a live one exists.
    pub fn sync(&mut self, snapshots: Vec<ChatSnapshot>) {
        self.chats = snapshots.into_iter().map(build_chat).collect();
        let current_live = self.selected().is_some_and(|c| !c.ended);
        if !current_live
            && let Some(newest) = self.chats.iter().rev().find(|c| !c.ended)
            && self.selected.as_deref() != Some(newest.chat_id.as_str())
        {
            self.selected = Some(newest.chat_id.clone());
            self.typing_sent = false;
        }
        if self.selected().is_none() {
            self.selected = self.chats.last().map(|c| c.chat_id.clone());
        }
    }

    /// A bracketed paste goes into whatever is being typed.
    pub fn paste(&mut self, pasted: &str) -> Vec<ConsoleAction> {
        let clean = text::sanitize_line(pasted);
        match &mut self.input {
            Input::FilePath(path) => {
                path.push_str(&clean);
                Vec::new()
            }
            Input::Composer => {
                self.composer.push_str(&clean);
                self.typing_changed()
            }
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> Vec<ConsoleAction> {
        if !matches!(key.kind, KeyEventKind::Press | KeyEventKind::Repeat) {
            return Vec::new();
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q')) {
            self.quit = true;
            return self.stop_typing();
        }
        if let Input::FilePath(path) = &mut self.input {
            return match key.code {
                KeyCode::Esc => {
                    self.input = Input::Composer;
                    Vec::new()
                }
                KeyCode::Enter => {
                    let path = path.trim().to_string();
                    self.input = Input::Composer;
                    match self.live_chat_id() {
                        Some(chat_id) if !path.is_empty() => {
                            vec![ConsoleAction::SendFile { chat_id, path }]
                        }
                        Some(_) | None => Vec::new(),
                    }
                }
                KeyCode::Backspace => {
                    path.pop();
                    Vec::new()
                }
                KeyCode::Char(c) if !ctrl => {
                    path.push(c);
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        match key.code {
            KeyCode::Char('f') if ctrl => {
                if self.live_chat_id().is_some() {
                    self.input = Input::FilePath(String::new());
                }
                self.no_chat_notice()
            }
            KeyCode::Char('s') if ctrl => {
                self.with_live_chat(|chat_id| vec![ConsoleAction::ShowSurvey { chat_id }])
            }
            KeyCode::Char('e') if ctrl => {
                let mut actions = self.stop_typing();
                actions.extend(
                    self.with_live_chat(|chat_id| vec![ConsoleAction::EndChat { chat_id }]),
                );
                actions
            }
            KeyCode::Tab => self.select_step(1),
            KeyCode::BackTab => self.select_step(-1),
            KeyCode::Enter => self.send(),
            KeyCode::Backspace => {
                self.composer.pop();
                self.typing_changed()
            }
            KeyCode::Esc => {
                self.composer.clear();
                self.typing_changed()
            }
            KeyCode::Char(c) if !ctrl => {
                self.composer.push(c);
                self.typing_changed()
            }
            _ => Vec::new(),
        }
    }

    fn live_chat_id(&self) -> Option<String> {
        self.selected()
            .filter(|c| !c.ended)
            .map(|c| c.chat_id.clone())
    }

    fn with_live_chat(
        &mut self,
        f: impl FnOnce(String) -> Vec<ConsoleAction>,
    ) -> Vec<ConsoleAction> {
        match self.live_chat_id() {
            Some(chat_id) => f(chat_id),
            None => self.no_chat_notice(),
        }
    }

    fn no_chat_notice(&mut self) -> Vec<ConsoleAction> {
        if self.live_chat_id().is_none() {
            self.notice = Some("No live chat selected: wait for a customer.".to_string());
        }
        Vec::new()
    }

    fn send(&mut self) -> Vec<ConsoleAction> {
        let text = self.composer.trim().to_string();
        if text.is_empty() {
            return Vec::new();
        }
        let Some(chat_id) = self.live_chat_id() else {
            return self.no_chat_notice();
        };
        self.composer.clear();
        // Sending a message takes "typing" back on the customer's side by itself.
        self.typing_sent = false;
        self.notice = None;
        vec![ConsoleAction::Say { chat_id, text }]
    }

    /// "Typing" follows whether the composer holds text: sent once on, once off.
    fn typing_changed(&mut self) -> Vec<ConsoleAction> {
        let want = !self.composer.trim().is_empty();
        if want == self.typing_sent {
            return Vec::new();
        }
        let Some(chat_id) = self.live_chat_id() else {
            return Vec::new();
        };
        self.typing_sent = want;
        vec![ConsoleAction::Typing { chat_id, on: want }]
    }

    fn stop_typing(&mut self) -> Vec<ConsoleAction> {
        if !self.typing_sent {
            return Vec::new();
        }
        self.typing_sent = false;
        match self.live_chat_id() {
            Some(chat_id) => vec![ConsoleAction::Typing { chat_id, on: false }],
            None => Vec::new(),
        }
    }

    fn select_step(&mut self, step: isize) -> Vec<ConsoleAction> {
        if self.chats.is_empty() {
            return Vec::new();
        }
        let actions = self.stop_typing();
        let len = self.chats.len() as isize;
        let at = self
            .selected
            .as_deref()
            .and_then(|id| self.chats.iter().position(|c| c.chat_id == id))
            .map_or(0, |i| i as isize);
        let next = (at + step).rem_euclid(len) as usize;
        self.selected = Some(self.chats[next].chat_id.clone());
        actions
    }
}

/// A chat's lines from its history: the customer's own events carry `party_id == chat_id`.
fn build_chat(snapshot: ChatSnapshot) -> ConsoleChat {
    let ChatSnapshot {
        chat_id,
        customer,
        history,
        ended,
    } = snapshot;
    let mut lines = Vec::new();
    let mut customer_typing = false;
    let mine = |party: &str| party == chat_id.as_str();
    let mut push = |who: Who, raw: &str| {
        lines.push(ConsoleLine {
            who,
            text: text::sanitize(raw),
        });
    };
    for event in history {
        match event {
            ServerEvent::Message(m) => {
                let body = m
                    .msg_text
                    .clone()
                    .unwrap_or_else(|| text::html_to_text(&m.msg));
                if mine(&m.party_id) {
                    customer_typing = false;
                    push(Who::Customer, &body);
                } else {
                    push(Who::Agent, &body);
                }
            }
            ServerEvent::Typing(p) if mine(&p.party_id) => customer_typing = true,
            ServerEvent::NotTyping(p) if mine(&p.party_id) => customer_typing = false,
            ServerEvent::Typing(_) | ServerEvent::NotTyping(_) => {}
            ServerEvent::File(f) => {
                let who = if mine(&f.party_id) {
                    Who::Customer
                } else {
                    Who::Agent
                };
                push(who, &format!("[file] {} ({})", f.file_name, f.file_type));
            }
            ServerEvent::PartyJoined(p) => {
                let name = if p.display_name.is_empty() {
                    format!("{} {}", p.first_name, p.last_name)
                } else {
                    p.display_name.clone()
                };
                let what = match p.party_type {
                    PartyType::Internal => "agent",
                    PartyType::Scenario => "scenario",
                    PartyType::External => "outside party",
                    PartyType::Other(_) => "party",
                };
                push(Who::System, &format!("{} joined ({what})", name.trim()));
            }
            ServerEvent::PartyLeft(_) => push(Who::System, "the agent left"),
            ServerEvent::FormShow(f) | ServerEvent::SecureFormShow(f) => {
                push(Who::System, &format!("form shown: {}", f.form_name));
            }
            ServerEvent::FormData(f) => {
                let answers: Vec<String> = f
                    .data
                    .iter()
                    .map(|(k, v)| match v.as_str() {
                        Some(s) => format!("{k}={s}"),
                        None => format!("{k}={v}"),
                    })
                    .collect();
                push(
                    Who::Customer,
                    &format!("[{} answered] {}", f.form_name, answers.join(", ")),
                );
            }
            ServerEvent::FormCancel(f) => {
                push(Who::Customer, &format!("[{} declined]", f.form_name));
            }
            ServerEvent::Disconnected(_) => push(Who::System, "the customer left"),
            ServerEvent::EndRequested(_) => push(Who::System, "the customer ended the chat"),
            ServerEvent::Ended(_) => push(Who::System, "chat ended"),
            ServerEvent::InactivityTimeout(n) => {
                push(Who::System, &format!("inactivity timeout: {}", n.msg));
            }
            ServerEvent::Location(l) => {
                let coord = |v: &Option<serde_json::Value>| {
                    v.as_ref().map(ToString::to_string).unwrap_or_default()
                };
                push(
                    Who::Customer,
                    &format!("[location] {} {}", coord(&l.latitude), coord(&l.longitude)),
                );
            }
            ServerEvent::Status(_)
            | ServerEvent::TimeoutWarning(_)
            | ServerEvent::MessageDelivered(_)
            | ServerEvent::MessageRead(_)
            | ServerEvent::CaseSet(_)
            | ServerEvent::Navigation(_)
            | ServerEvent::Info(_)
            | ServerEvent::Unsupported { .. }
            | ServerEvent::Unknown { .. } => {}
        }
    }
    let customer = text::sanitize_line(customer.trim());
    ConsoleChat {
        customer: if customer.is_empty() {
            "Customer".to_string()
        } else {
            customer
        },
        chat_id,
        lines,
        customer_typing: customer_typing && !ended,
        ended,
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
