//! Line mode's eyes: what changed in the app since the last look, as [`LineEvent`]s.
//!
//! Owns what was already said (how many transcript entries, the phase, the link, the typing
//! episode, the last notices) so that each thing is said once. Reads the app only through its
//! accessors; never changes it. Does not own the questions (`prompt`) or the spelling of a
//! line (`event`).
//!
//! Cost: a look walks only the entries added since the last one, plus the few the customer
//! is still waiting on (a message being sent, an upload): never the whole transcript.

use super::event::LineEvent;
use crate::app::chat::{ENDED_LINE, Ending, JOINED_SUFFIX, LEFT_SUFFIX, Link, Phase};
use crate::app::home::Availability;
use crate::app::sentences::wait_sentence;
use crate::app::survey::FormProgress;
use crate::app::transcript::{Delivery, Entry, EntryKind, Sender, UploadState};
use crate::app::{App, ChatState, Screen};

/// Which screen was seen last (a new one starts its own bookkeeping).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seen {
    Nothing,
    Settings,
    Home,
    Chat,
}

/// What was already said about the current chat.
#[derive(Debug, Default)]
struct ChatSeen {
    entries: usize,
    /// Indices of entries whose outcome is still to be said (own messages being sent, uploads).
    watched: Vec<usize>,
    phase: Option<String>,
    link_down: bool,
    leaving: bool,
    typing: Option<String>,
    form_failed: Option<String>,
    /// The tenant answered the request (a chat that never started does not end).
    started: bool,
    /// The end was said.
    ended: bool,
}

#[derive(Debug)]
pub struct Observer {
    screen: Seen,
    chat: ChatSeen,
    availability: Option<String>,
    home_notice: Option<String>,
    settings_error: Option<String>,
    chat_notice: Option<String>,
}

impl Default for Observer {
    fn default() -> Self {
        Observer {
            screen: Seen::Nothing,
            chat: ChatSeen::default(),
            availability: None,
            home_notice: None,
            settings_error: None,
            chat_notice: None,
        }
    }
}

impl Observer {
    /// Whether a message or upload the customer sent is still on its way.
    pub fn waiting(&self) -> bool {
        !self.chat.watched.is_empty()
    }

    /// What is new since the last look. `after_input`: the look follows a line the customer
    /// typed, so the chat's one-line notice (the answer to a command) is worth saying; notices
    /// that arrive with server events are hints for the full-screen keys and are not.
    pub fn observe(&mut self, app: &App, after_input: bool) -> Vec<LineEvent> {
        let mut out = Vec::new();
        let now = match app.screen() {
            Screen::Settings(_) => Seen::Settings,
            Screen::Home(_) => Seen::Home,
            Screen::Chat(_) => Seen::Chat,
        };
        if now != self.screen {
            if self.screen == Seen::Chat && self.chat.started && !self.chat.ended {
                // Gone from the chat in the same step that ended it (the survey answered).
                out.push(LineEvent::Ended {
                    text: "The chat has ended".to_string(),
                });
            }
            self.screen = now;
            self.chat = ChatSeen::default();
            self.availability = None;
            self.home_notice = None;
            self.settings_error = None;
            self.chat_notice = None;
        }
        match app.screen() {
            Screen::Settings(settings) => {
                let error = settings.error().map(str::to_string);
                if error.is_some() && error != self.settings_error {
                    out.extend(error.clone().map(LineEvent::error));
                }
                self.settings_error = error;
            }
            Screen::Home(home) => {
                let availability = match home.availability() {
                    Availability::Checking => None,
                    other => Some(other.sentence()),
                };
                if availability.is_some() && availability != self.availability {
                    out.extend(availability.clone().map(LineEvent::status));
                }
                self.availability = availability;
                let notice = home.notice().map(str::to_string);
                if notice.is_some() && notice != self.home_notice {
                    out.extend(notice.clone().map(LineEvent::notice));
                }
                self.home_notice = notice;
            }
            Screen::Chat(chat) => {
                self.chat_lines(chat, &mut out);
                let notice = chat.notice().map(str::to_string);
                if after_input && notice.is_some() && notice != self.chat_notice {
                    out.extend(notice.clone().map(LineEvent::notice));
                }
                self.chat_notice = notice;
            }
        }
        out
    }

    fn chat_lines(&mut self, chat: &ChatState, out: &mut Vec<LineEvent>) {
        let entries = chat.transcript().entries();
        // Entries whose outcome was awaited first: they happened before the new ones.
        let watched = std::mem::take(&mut self.chat.watched);
        for index in watched {
            if let Some(entry) = entries.get(index) {
                self.outcome(index, entry, out);
            }
        }
        let from = self.chat.entries.min(entries.len());
        for (index, entry) in entries.iter().enumerate().skip(from) {
            self.entry(chat, index, entry, out);
        }
        self.chat.entries = entries.len();
        self.status_lines(chat, out);
    }

    /// A new transcript entry.
    fn entry(&mut self, chat: &ChatState, index: usize, entry: &Entry, out: &mut Vec<LineEvent>) {
        let time_ms = entry.time_ms;
        match &entry.kind {
            EntryKind::Message {
                sender: Sender::Customer(name),
                text,
                ..
            } => {
                if chat.transcript().local_id_at(index).is_some() {
                    // Typed here: the terminal shows it already; only a failure is news.
                    self.outcome(index, entry, out);
                } else {
                    out.push(LineEvent::Message {
                        from: name.to_string(),
                        text: text.clone(),
                        time_ms,
                    });
                }
            }
            EntryKind::Message {
                sender: Sender::Agent(name),
                text,
                ..
            } => out.push(LineEvent::Message {
                from: name.to_string(),
                text: text.clone(),
                time_ms,
            }),
            EntryKind::Buttons {
                sender, replies, ..
            } => {
                let choices: Vec<String> = replies
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, label)| format!("{} {label}", i + 1))
                    .collect();
                let intro = replies.intro.clone().unwrap_or_default();
                let text = format!("{intro} (/choose {})", choices.join(", "))
                    .trim()
                    .to_string();
                out.push(LineEvent::Message {
                    from: sender.name().to_string(),
                    text,
                    time_ms,
                });
            }
            EntryKind::File { sender, name, .. } => {
                let number = match sender {
                    Sender::Agent(_) => chat
                        .agent_files()
                        .keys()
                        .position(|i| *i == index)
                        .map(|p| p + 1),
                    Sender::Customer(_) => None,
                };
                out.push(LineEvent::File {
                    from: sender.name().to_string(),
                    name: name.clone(),
                    number,
                    time_ms,
                });
            }
            EntryKind::Upload { .. } => self.outcome(index, entry, out),
            EntryKind::System(text) => {
                if let Some(who) = text.strip_suffix(JOINED_SUFFIX) {
                    out.push(LineEvent::Joined {
                        who: who.to_string(),
                        time_ms,
                    });
                } else if let Some(who) = text.strip_suffix(LEFT_SUFFIX) {
                    out.push(LineEvent::Left {
                        who: who.to_string(),
                        time_ms,
                    });
                } else if text != ENDED_LINE {
                    // The end is said once, from the chat's phase.
                    out.push(LineEvent::notice(text.clone()));
                }
            }
            EntryKind::Warning(text) => out.push(LineEvent::Notice {
                text: text.clone(),
                urgent: true,
            }),
            EntryKind::Error(text) => out.push(LineEvent::error(text.clone())),
        }
    }

    /// An entry the customer waits on: says how it ended, or keeps watching it.
    fn outcome(&mut self, index: usize, entry: &Entry, out: &mut Vec<LineEvent>) {
        match &entry.kind {
            EntryKind::Message { delivery, .. } => match delivery {
                Delivery::Sending => self.chat.watched.push(index),
                Delivery::Failed(why) => out.push(LineEvent::error(format!(
                    "Your message could not be sent: {why} (/retry sends it again)"
                ))),
                Delivery::Received | Delivery::Sent | Delivery::Delivered | Delivery::Read => {}
            },
            EntryKind::Upload { name, state, .. } => match state {
                UploadState::Waiting | UploadState::Progress { .. } => {
                    self.chat.watched.push(index)
                }
                UploadState::Done => out.push(LineEvent::notice(format!("Sent the file {name}"))),
                UploadState::Failed(why) => {
                    out.push(LineEvent::error(format!("Could not send {name}: {why}")))
                }
            },
            _ => {}
        }
    }

    /// The phase, the link, leaving, typing and the form's failure: each said when it changes.
    fn status_lines(&mut self, chat: &ChatState, out: &mut Vec<LineEvent>) {
        let phase = phase_event(chat);
        let key = phase.as_ref().map(|e| format!("{e:?}"));
        if key != self.chat.phase {
            out.extend(phase);
            self.chat.phase = key;
        }
        self.chat.started |= !matches!(chat.phase(), Phase::Requesting | Phase::Resuming);
        self.chat.ended |= !chat.is_live();
        let down = matches!(chat.link(), Link::Down { .. });
        if down != self.chat.link_down {
            out.push(match chat.link() {
                Link::Down { why, .. } => LineEvent::status(format!("Reconnecting… ({why})")),
                Link::Up => LineEvent::status("Connected again"),
            });
            self.chat.link_down = down;
        }
        if chat.is_leaving() && !self.chat.leaving && chat.is_live() {
            out.push(LineEvent::status("Leaving the chat…"));
        }
        self.chat.leaving = chat.is_leaving();
        let typing = chat.typing().map(|t| t.party_id.clone());
        if typing.is_some() && typing != self.chat.typing {
            out.extend(chat.typing().map(|t| LineEvent::Typing {
                who: t.name.clone(),
            }));
        }
        self.chat.typing = typing;
        let failed = match chat.form().map(|f| &f.progress) {
            Some(FormProgress::Failed(why)) => Some(why.clone()),
            _ => None,
        };
        if failed.is_some() && failed != self.chat.form_failed {
            out.extend(
                failed
                    .clone()
                    .map(|why| LineEvent::error(format!("The form could not be sent: {why}"))),
            );
        }
        self.chat.form_failed = failed;
    }
}

/// The line for the chat's phase; `None` when the phase says nothing a line has not said
/// (connected to an agent whose join was announced).
fn phase_event(chat: &ChatState) -> Option<LineEvent> {
    match chat.phase() {
        Phase::Queued { ewt } => {
            let text = match ewt {
                Some(secs) => format!("In the queue, {}", wait_sentence(*secs)),
                None => "In the queue".to_string(),
            };
            Some(LineEvent::Queue {
                text,
                wait_secs: *ewt,
            })
        }
        Phase::Connected if chat.agent().is_some() => None,
        Phase::Ended(ending) => Some(LineEvent::Ended {
            text: match ending {
                Ending::Ended | Ending::Stopped => "The chat has ended".to_string(),
                Ending::Inactivity => "The chat ended for inactivity".to_string(),
                Ending::Gone => {
                    "The chat no longer exists (the contact center closed it)".to_string()
                }
                Ending::Failed(why) => format!("The chat failed: {why}"),
            },
        }),
        // The phase's own words, without the link and leaving lines said on their own.
        Phase::Requesting | Phase::Resuming | Phase::Connecting | Phase::Ivr | Phase::Connected => {
            Some(LineEvent::status(chat.phase_sentence()))
        }
    }
}

#[cfg(test)]
#[path = "observe_tests.rs"]
mod tests;
