//! The Chat screen's state: one chat from request to end, as the session worker reports it.
//!
//! Owns: the chat's phase and link state, the transcript, the composer, the typing indicator,
//! the attach prompt, the survey, and turning [`SessionEvent`](crate::api::session::SessionEvent)s into transcript entries (once:
//! echoes and history are de-duplicated by message and file id). Commands for the worker are
//! returned as effects at once: the session worker holds what arrives before the chat has
//! started (`api::session`, one buffer for the app and library users alike), so the first
//! message and image typed on Home go out once the chat id is known.
//!
//! Does not own: screen changes (`App`), drawing (`ui::chat`), the network.
//!
//! Children (each a further `impl ChatState`): `session.rs` (the worker's reports),
//! `events.rs` (server events into entries), `keys.rs` (the screen's actions), `extras.rs`
//! (receipts, agent files, photo), `pictures.rs` (inline previews), `form.rs` (answering the
//! form), `status.rs` (the status line and its clock), `recency.rs` (time labels), `layout.rs`
//! (the screen's rows).

use super::composer::Composer;
use super::context::Ctx;
use super::msg::{Effect, PreviewSource};
use super::step::ChatStart;
use super::survey::FormState;
use super::transcript::{Delivery, EntryKind, Sender, Transcript, UploadState, looks_like_image};
use crate::api::session::SessionCommand;
use crate::api::types::ChatState as WireState;
use crate::text::{sanitize, sanitize_line};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A typing indicator with no news for this long is dropped.
pub const TYPING_TIMEOUT_MS: i64 = 30_000;
/// Spinner frame length.
pub const SPINNER_MS: i64 = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Requesting,
    Resuming,
    Queued {
        ewt: Option<u64>,
    },
    Connecting,
    /// An automated scenario (IVR/bot) is talking.
    Ivr,
    Connected,
    Ended(Ending),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    Ended,
    Inactivity,
    Gone,
    /// The sentence says why.
    Failed(String),
    Stopped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    Up,
    Down { why: String, retry_at_ms: i64 },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ChatFocus {
    Composer,
    /// Selecting messages (to retry one, or choose a quick reply: `button` is the highlighted
    /// button of a selected set).
    Transcript {
        selected: usize,
        button: usize,
    },
    /// The "attach a file" path prompt.
    Attach {
        path: Composer,
        completions: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typing {
    pub party_id: String,
    pub name: String,
    pub until_ms: i64,
}

/// A file the agent sent: what a download of its transcript entry fetches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentFile {
    pub file_id: String,
    /// The name as the server gave it (sanitised for display; made safe again when saved).
    pub name: String,
    /// Where it was saved, once it was.
    pub saved: Option<PathBuf>,
}

/// What the customer did with the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormAnswer {
    Submitted,
    Cancelled,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChatState {
    chat_id: Option<String>,
    phase: Phase,
    link: Link,
    transcript: Transcript,
    composer: Composer,
    focus: ChatFocus,
    typing: Option<Typing>,
    /// The agent's name, once one joined.
    agent: Option<String>,
    form: Option<FormState>,
    form_answer: Option<FormAnswer>,
    /// Agent messages and forms that arrived while the terminal was not focused (shown in the
    /// window title; reset when the focus comes back).
    unseen_alerts: u32,
    /// `Disconnect` was sent: waiting for a survey or the end.
    leaving: bool,
    /// A one-line notice under the composer ("Paste cut to 64 kB").
    notice: Option<String>,
    /// The agent's files, by transcript entry index.
    agent_files: BTreeMap<usize, AgentFile>,
    /// The agent's profile photo (image bytes and content type), once fetched: drawn by the
    /// views that can show images.
    agent_photo: Option<crate::api::Downloaded>,
    /// An agent joined whose photo has not been asked for yet (the app asks).
    photo_wanted: Option<String>,
    /// Picture entries (by index) that could have an inline preview, not yet asked for.
    preview_candidates: Vec<(usize, PreviewSource)>,
    /// Agent messages shown but not yet acknowledged (receipts go out after each batch).
    unacknowledged: Vec<String>,
    /// Agent messages marked delivered while not in view (the terminal had no focus, or the
    /// transcript was scrolled up): read once they are.
    unread: Vec<String>,
    /// The next batch is a resumed chat's history: no receipts for it (the customer saw those
    /// messages before, and a long history would queue a receipt per line ahead of new sends).
    history_next: bool,
    parties: HashMap<String, Arc<str>>,
    /// Joins and leaves already shown, by (kind, party, timestamp): a history re-read after a
    /// gap must not repeat them (messages and files have ids; these do not).
    seen_presence: HashSet<(bool, String, i64)>,
    typing_reported: bool,
    customer_name: Arc<str>,
    /// The CRM case this chat is linked to (`chat_session_case_set`), for the case history.
    case_id: Option<String>,
    /// The first message, until it is sent (restored on Home if the chat cannot start).
    first_message: Option<String>,
    /// The callback number given on Home (sanitised), for the status line while waiting.
    callback: Option<String>,
}

impl ChatState {
    pub fn new(customer_name: &str, utc_offset_secs: i32) -> Self {
        ChatState {
            chat_id: None,
            phase: Phase::Requesting,
            link: Link::Up,
            transcript: Transcript::new(utc_offset_secs),
            composer: Composer::multi_line(),
            focus: ChatFocus::Composer,
            typing: None,
            agent: None,
            form: None,
            form_answer: None,
            unseen_alerts: 0,
            leaving: false,
            notice: None,
            agent_files: BTreeMap::new(),
            agent_photo: None,
            photo_wanted: None,
            preview_candidates: Vec::new(),
            unacknowledged: Vec::new(),
            unread: Vec::new(),
            history_next: false,
            parties: HashMap::new(),
            seen_presence: HashSet::new(),
            typing_reported: false,
            customer_name: if customer_name.trim().is_empty() {
                Arc::from("You")
            } else {
                Arc::from(sanitize_line(customer_name))
            },
            first_message: None,
            case_id: None,
            callback: None,
        }
    }

    /// The chat screen *Help me* opens: the first message and image queued until the chat has
    /// started, and the Request Chat that starts it.
    pub fn start(start: ChatStart, ctx: &mut Ctx) -> (Self, Vec<Effect>) {
        let mut chat = ChatState::new(&start.customer_name, ctx.utc_offset_secs);
        let phone = sanitize_line(start.request.phone_number.trim());
        chat.callback = Some(phone).filter(|p| !p.is_empty());
        // The worker first, so the queued commands have somewhere to wait.
        let mut effects = vec![Effect::StartChat {
            request: start.request,
        }];
        effects.extend(chat.queue_first(start.first_message, start.image, ctx));
        (chat, effects)
    }

    /// A chat found live at start, being rejoined.
    pub fn resuming(customer_name: &str, utc_offset_secs: i32, chat_id: &str) -> Self {
        let mut chat = ChatState::new(customer_name, utc_offset_secs);
        chat.phase = Phase::Resuming;
        chat.chat_id = Some(chat_id.to_string());
        chat
    }

    /// Queues the first message and image typed on Home (sent once the chat is started).
    fn queue_first(
        &mut self,
        message: Option<String>,
        image: Option<PathBuf>,
        ctx: &mut Ctx,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(text) = message {
            self.first_message = Some(text.clone());
            effects.extend(self.queue_message(text, ctx));
        }
        if let Some(path) = image {
            effects.extend(self.queue_upload(path, ctx));
        }
        effects
    }

    pub fn chat_id(&self) -> Option<&str> {
        self.chat_id.as_deref()
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn link(&self) -> &Link {
        &self.link
    }

    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    pub fn composer(&self) -> &Composer {
        &self.composer
    }

    pub fn focus(&self) -> &ChatFocus {
        &self.focus
    }

    pub fn typing(&self) -> Option<&Typing> {
        self.typing.as_ref()
    }

    /// The agent's name, once one joined.
    /// The callback number given on Home, sanitised; `None` when none was.
    pub fn callback(&self) -> Option<&str> {
        self.callback.as_deref()
    }

    pub fn agent(&self) -> Option<&str> {
        self.agent.as_deref()
    }

    pub fn form(&self) -> Option<&FormState> {
        self.form.as_ref()
    }

    /// Agent messages and forms that arrived while the terminal was not focused.
    pub fn unseen_alerts(&self) -> u32 {
        self.unseen_alerts
    }

    /// `Disconnect` was sent: waiting for a survey or the end.
    pub fn is_leaving(&self) -> bool {
        self.leaving
    }

    /// A one-line notice under the composer.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The agent's files, by transcript entry index.
    pub fn agent_files(&self) -> &BTreeMap<usize, AgentFile> {
        &self.agent_files
    }

    /// The agent's profile photo, once fetched.
    pub fn agent_photo(&self) -> Option<&crate::api::Downloaded> {
        self.agent_photo.as_ref()
    }

    pub fn is_live(&self) -> bool {
        !matches!(self.phase, Phase::Ended(_))
    }

    fn sender_name(&self, party_id: &str) -> Arc<str> {
        match (self.parties.get(party_id), &self.agent) {
            (Some(name), _) => name.clone(),
            (None, Some(agent)) => Arc::from(agent.as_str()),
            (None, None) => Arc::from("Agent"),
        }
    }

    fn is_own(&self, party_id: &str) -> bool {
        self.chat_id.as_deref() == Some(party_id)
    }

    /// A command for the worker (which holds it until the chat has started).
    fn command(&mut self, cmd: SessionCommand) -> Vec<Effect> {
        vec![Effect::Session(cmd)]
    }

    fn queue_message(&mut self, text: String, ctx: &mut Ctx) -> Vec<Effect> {
        let local_id = ctx.local_id();
        self.transcript.push_local(
            local_id,
            ctx.now_ms,
            EntryKind::Message {
                sender: Sender::Customer(self.customer_name.clone()),
                text: sanitize(&text),
                delivery: Delivery::Sending,
            },
        );
        self.transcript.scroll_to_bottom();
        self.command(SessionCommand::SendMessage { local_id, text })
    }

    fn queue_upload(&mut self, path: PathBuf, ctx: &mut Ctx) -> Vec<Effect> {
        let local_id = ctx.local_id();
        let name = file_label(&path);
        let is_image = looks_like_image(&name);
        let index = self.transcript.push_local(
            local_id,
            ctx.now_ms,
            EntryKind::Upload {
                local_id,
                sender: self.customer_name.to_string(),
                name,
                state: UploadState::Waiting,
            },
        );
        if is_image {
            self.preview_candidates
                .push((index, PreviewSource::Local(path.clone())));
        }
        self.transcript.scroll_to_bottom();
        let mut effects = self.command(SessionCommand::UploadFile { local_id, path });
        effects.extend(self.preview_effects(ctx));
        effects
    }

    /// Enter in the composer: sends its text (nothing for blank text).
    pub fn send(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        if !self.is_live() || self.composer.text().trim().is_empty() {
            return Vec::new();
        }
        let text = self.composer.take();
        let mut effects = self.queue_message(text, ctx);
        if self.typing_reported {
            self.typing_reported = false;
            effects.extend(self.command(SessionCommand::Typing(false)));
        }
        effects
    }

    /// After an edit of the composer: report typing (the worker throttles; never queued).
    pub fn after_edit(&mut self, changed: bool) -> Vec<Effect> {
        if !changed || self.chat_id.is_none() || !self.is_live() {
            return Vec::new();
        }
        if self.composer.is_empty() {
            if !self.typing_reported {
                return Vec::new();
            }
            self.typing_reported = false;
            vec![Effect::Session(SessionCommand::Typing(false))]
        } else {
            self.typing_reported = true;
            vec![Effect::Session(SessionCommand::Typing(true))]
        }
    }

    /// Sends again the message at `index` if it failed.
    pub fn retry(&mut self, index: usize) -> Vec<Effect> {
        let failed = matches!(
            self.transcript.entries().get(index).map(|e| &e.kind),
            Some(EntryKind::Message {
                delivery: Delivery::Failed(_),
                ..
            })
        );
        let Some(local_id) = self.transcript.local_id_at(index).filter(|_| failed) else {
            return Vec::new();
        };
        self.transcript.modify(index, |kind| {
            if let EntryKind::Message { delivery, .. } = kind {
                *delivery = Delivery::Sending;
            }
        });
        self.command(SessionCommand::RetryMessage { local_id })
    }

    /// Enter in the attach prompt: uploads the file named there.
    pub fn confirm_attach(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let ChatFocus::Attach { path, .. } = &self.focus else {
            return Vec::new();
        };
        let path = path.text().trim().to_string();
        self.focus = ChatFocus::Composer;
        if path.is_empty() || !self.is_live() {
            return Vec::new();
        }
        self.queue_upload(PathBuf::from(path), ctx)
    }

    /// Ctrl-X confirmed: leave, letting a survey follow.
    pub fn disconnect(&mut self) -> Vec<Effect> {
        if !self.is_live() || self.leaving {
            return Vec::new();
        }
        self.leaving = true;
        self.command(SessionCommand::Disconnect)
    }
}

/// The phase a wire state means; `None` for states that end the chat (the worker's `Ended`
/// follows) or that this client does not know.
fn phase_of(state: &WireState, ewt: Option<u64>) -> Option<Phase> {
    match state {
        WireState::Queued => Some(Phase::Queued { ewt }),
        WireState::Connecting => Some(Phase::Connecting),
        WireState::Connected => Some(Phase::Connected),
        WireState::Ivr => Some(Phase::Ivr),
        WireState::Failed | WireState::Completed | WireState::Other(_) => None,
    }
}

/// The last component of a path, sanitised, for the upload line.
fn file_label(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned());
    sanitize_line(&name)
}

mod buttons;
mod events;
mod extras;
pub mod find;
mod form;
mod keys;
pub mod layout;
mod pictures;
mod recency;
mod session;
mod status;
pub use events::{ENDED_LINE, JOINED_SUFFIX, LEFT_SUFFIX};
pub use recency::TimeLabel;
pub use status::{Status, StatusTone};
