//! The case history (F4 once the chat is linked to a CRM case): the case's earlier
//! conversations from Get Case History, read-only and scrollable; `ui::history` draws it.
//!
//! Owns turning the answer into lines: each session under its date, then its messages and
//! files with the sender's name and time, all through the one sanitiser (the answer is as
//! untrusted as any server text). A failure is a sentence; no earlier conversation says so.

use super::{Overlay, Reply, ViewCx};
use crate::api::Error;
use crate::api::types::{CaseHistoryResponse, CaseSession, ServerEvent};
use crate::app::keymap::{Action, Mode};
use crate::app::msg::Msg;
use crate::app::relative_time;
use crate::app::sentences::error_sentence;
use crate::app::transcript::clock;
use crate::text::sanitize_line;
use std::collections::HashMap;

/// One line of the history: a session's heading, or a message under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryLine {
    Session(String),
    Message {
        time: String,
        from: String,
        text: String,
    },
}

/// Where the history stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryState {
    Loading,
    Ready(Vec<HistoryLine>),
    /// The sentence says why there is no history to show.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryView {
    case_id: String,
    state: HistoryState,
    /// Lines scrolled past the top.
    scroll: usize,
    closed: bool,
}

impl HistoryView {
    /// Opened for case `case_id`, while its history is fetched.
    pub fn loading(case_id: &str) -> Self {
        HistoryView {
            case_id: sanitize_line(case_id),
            state: HistoryState::Loading,
            scroll: 0,
            closed: false,
        }
    }

    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    pub fn state(&self) -> &HistoryState {
        &self.state
    }

    pub fn scroll_offset(&self) -> usize {
        self.scroll
    }

    fn lines(&self) -> usize {
        match &self.state {
            HistoryState::Ready(lines) => lines.len(),
            HistoryState::Loading | HistoryState::Failed(_) => 0,
        }
    }

    fn scroll_by(&mut self, up: bool, rows: usize) {
        let last = self.lines().saturating_sub(1);
        self.scroll = if up {
            self.scroll.saturating_sub(rows)
        } else {
            self.scroll.saturating_add(rows).min(last)
        };
    }

    /// Get Case History answered.
    fn fetched(&mut self, answer: &Result<CaseHistoryResponse, Error>, utc_offset_secs: i32) {
        self.state = match answer {
            Ok(history) => HistoryState::Ready(lines_of(&history.sessions, utc_offset_secs)),
            Err(e) => HistoryState::Failed(format!(
                "Could not get the case history: {}.",
                error_sentence(e)
            )),
        };
        self.scroll = 0;
    }
}

/// The sessions as lines, oldest first as the server lists them.
fn lines_of(sessions: &[CaseSession], utc_offset_secs: i32) -> Vec<HistoryLine> {
    let mut lines = Vec::new();
    for session in sessions {
        let date = session.created_time.map_or_else(
            || "an earlier chat".to_string(),
            |t| {
                format!(
                    "Chat of {}",
                    relative_time::local_date(t.0, utc_offset_secs)
                )
            },
        );
        lines.push(HistoryLine::Session(date));
        // Names come from the session's joins; the customer's own party id is the chat id.
        let mut names: HashMap<&str, String> = HashMap::new();
        let before = lines.len();
        for event in &session.events {
            let (party_id, timestamp, text) = match event {
                ServerEvent::PartyJoined(p) => {
                    names.insert(&p.party_id, p.name());
                    continue;
                }
                ServerEvent::Message(m) => (&m.party_id, m.timestamp, m.display_text()),
                ServerEvent::File(f) => (
                    &f.party_id,
                    f.timestamp,
                    format!("sent a file: {}", sanitize_line(&f.file_name)),
                ),
                _ => continue,
            };
            let from = if *party_id == session.chat_id {
                "You".to_string()
            } else {
                names
                    .get(party_id.as_str())
                    .cloned()
                    .unwrap_or_else(|| "Agent".to_string())
            };
            let time = timestamp.map_or_else(String::new, |t| clock(t.0, utc_offset_secs));
            lines.push(HistoryLine::Message { time, from, text });
        }
        if lines.len() == before {
            lines.push(HistoryLine::Message {
                time: String::new(),
                from: String::new(),
                text: "(no messages)".to_string(),
            });
        }
    }
    lines
}

impl Overlay for HistoryView {
    fn is_complete(&self) -> bool {
        self.closed
    }

    fn on_action(&mut self, action: Action, _cx: ViewCx) -> Reply {
        match action {
            Action::CloseHistory => self.closed = true,
            Action::ScrollUp => self.scroll_by(true, 10),
            Action::ScrollDown => self.scroll_by(false, 10),
            Action::SelectPrev => self.scroll_by(true, 1),
            Action::SelectNext => self.scroll_by(false, 1),
            Action::ScrollTop => self.scroll = 0,
            Action::ScrollBottom => self.scroll = self.lines().saturating_sub(1),
            _ => {}
        }
        Reply::default()
    }

    fn modes(&self) -> Vec<Mode> {
        vec![Mode::History]
    }

    fn scroll(&mut self, up: bool, rows: u16) -> bool {
        self.scroll_by(up, usize::from(rows));
        true
    }

    fn answered(&mut self, msg: &Msg, utc_offset_secs: i32) -> bool {
        match msg {
            Msg::CaseHistoryFetched(answer) if self.state == HistoryState::Loading => {
                self.fetched(answer, utc_offset_secs);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
