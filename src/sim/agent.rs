//! The scripted agent: one task per chat that waits in the queue, joins, greets and answers.
//!
//! Owns timing (tokio time, so tests can pause it) and what the agent says. Every answer is
//! "typing" → `typing_time` → "not typing" + the message. A message mentioning an image, picture
//! or photo gets a PNG; one mentioning a file or document gets a text attachment; an uploaded
//! file is acknowledged by name. Quick replies (the `/buttons` directive, PROTOCOL-NOTES.md):
//! with the order summary the agent asks "Did that help?" with [Yes] [No] and answers either
//! choice; "options" or "menu" gets a column of topics. Joining and leaving, the survey and the end are the scenario's
//! (`scenario`); with `autopilot` off the agent only joins. The task ends when the chat ends
//! (its input channel is dropped) or once the agent is no longer in the chat.

use super::assets::{ORDER_SUMMARY_TXT, PRODUCT_PNG};
use super::extras::{self, AgentAct};
use super::html::escape_html;
use super::state::{Shared, StoredFile};
use crate::api::types::ChatState;
use std::sync::Arc;
use tokio::sync::mpsc;

/// What the agent hears about (sent by the scenario as client events arrive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AgentInput {
    Message { msg_id: String, text: String },
    File { name: String, is_image: bool },
    FormAnswered { cancelled: bool },
    Location,
}

/// Something the agent sends along with an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attachment {
    Picture,
    Document,
}

/// One answer: HTML for `msg`, plain text for `msg_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub html: String,
    pub plain: String,
    pub attachment: Option<Attachment>,
    /// A request the agent makes after the message (`extras`).
    pub act: Option<AgentAct>,
}

impl Reply {
    fn text(plain: String) -> Reply {
        Reply {
            html: escape_html(&plain),
            plain,
            attachment: None,
            act: None,
        }
    }

    fn with_act(mut self, act: AgentAct) -> Reply {
        self.act = Some(act);
        self
    }

    fn with(mut self, attachment: Attachment) -> Reply {
        self.attachment = Some(attachment);
        self
    }
}

/// Starts the agent of `chat_id`, listening on `inputs`; its abort handle is kept so the server
/// can stop it.
pub(crate) fn spawn(
    shared: &Arc<Shared>,
    chat_id: &str,
    inputs: mpsc::UnboundedReceiver<AgentInput>,
) {
    let task = tokio::spawn(run(shared.clone(), chat_id.to_string(), inputs));
    let mut state = shared.lock();
    state.agents.retain(|h| !h.is_finished());
    state.agents.push(task.abort_handle());
}

pub(crate) async fn run(
    shared: Arc<Shared>,
    chat_id: String,
    mut inputs: mpsc::UnboundedReceiver<AgentInput>,
) {
    let script = shared.config.agent.clone();
    tokio::time::sleep(script.queue_time).await;
    let joined = {
        let mut state = shared.lock();
        match state.chats.get_mut(&chat_id) {
            Some(chat) if !chat.ended && !chat.disconnected => {
                chat.set_status(ChatState::Connecting, None);
                chat.set_status(ChatState::Connected, None);
                chat.agent_join(&script);
                true
            }
            _ => false,
        }
    };
    if !joined || !script.autopilot {
        // Without autopilot the task has nothing more to do; inputs are simply dropped.
        return;
    }
    if !answer(&shared, &chat_id, greeting(&script.first_name), None).await {
        return;
    }
    let mut turn = 0usize;
    while let Some(input) = inputs.recv().await {
        let read = match &input {
            AgentInput::Message { msg_id, .. } => Some(msg_id.clone()),
            AgentInput::File { .. } | AgentInput::FormAnswered { .. } | AgentInput::Location => {
                None
            }
        };
        let reply = compose(&input, turn);
        let idle = reply.act == Some(AgentAct::IdleWarning);
        turn += 1;
        if !answer(&shared, &chat_id, reply, read).await {
            return;
        }
        if idle {
            // The warning is out: silence for the idle time ends the chat.
            match tokio::time::timeout(script.idle_timeout, inputs.recv()).await {
                Ok(Some(next)) => {
                    let read = match &next {
                        AgentInput::Message { msg_id, .. } => Some(msg_id.clone()),
                        AgentInput::File { .. }
                        | AgentInput::FormAnswered { .. }
                        | AgentInput::Location => None,
                    };
                    let reply = compose(&next, turn);
                    turn += 1;
                    if !answer(&shared, &chat_id, reply, read).await {
                        return;
                    }
                }
                Ok(None) => return,
                Err(_) => {
                    let mut state = shared.lock();
                    if let Some(chat) = state.chats.get_mut(&chat_id) {
                        chat.inactivity_end();
                    }
                    return;
                }
            }
        }
    }
}

/// Types, waits, then sends `reply`. False once the agent is no longer in the chat.
async fn answer(shared: &Shared, chat_id: &str, reply: Reply, read: Option<String>) -> bool {
    {
        let mut state = shared.lock();
        let Some(chat) = state.chats.get_mut(chat_id).filter(|c| c.agent_present()) else {
            return false;
        };
        if let Some(msg_id) = read {
            chat.receipt(true, &msg_id);
        }
        chat.agent_typing(true);
    }
    tokio::time::sleep(shared.config.agent.typing_time).await;
    let mut state = shared.lock();
    let file = reply.attachment.map(|a| {
        let (name, content_type, bytes) = match a {
            Attachment::Picture => ("headset.png", "image/png", PRODUCT_PNG.to_vec()),
            Attachment::Document => (
                "order-summary.txt",
                "text/plain",
                ORDER_SUMMARY_TXT.as_bytes().to_vec(),
            ),
        };
        let id = state.store_file(StoredFile {
            name: name.to_string(),
            content_type: content_type.to_string(),
            bytes,
            owner: None,
        });
        (id, name, content_type)
    });
    let Some(chat) = state.chats.get_mut(chat_id).filter(|c| c.agent_present()) else {
        return false;
    };
    chat.agent_typing(false);
    chat.agent_message(reply.html, reply.plain);
    if let Some((id, name, content_type)) = file {
        chat.agent_file(id, name, content_type);
    }
    if let Some(act) = reply.act {
        let form_id = state.next_form_id();
        if let Some(chat) = state.chats.get_mut(chat_id) {
            chat.agent_act(act, form_id);
        }
    }
    true
}

fn greeting(first_name: &str) -> Reply {
    Reply {
        html: format!(
            "Hi, I'm <b>{}</b>. How can I help you today?",
            escape_html(first_name)
        ),
        plain: format!("Hi, I'm {first_name}. How can I help you today?"),
        attachment: None,
        act: None,
    }
}

/// What the agent answers to `input`; `turn` varies the small talk.
pub(crate) fn compose(input: &AgentInput, turn: usize) -> Reply {
    match input {
        AgentInput::Message { text, .. } => answer_message(text, turn),
        AgentInput::File { name, is_image } => Reply::text(if *is_image {
            format!("Thanks, I got your picture \u{201c}{name}\u{201d}. It looks clear to me!")
        } else {
            format!("Thanks, I received \u{201c}{name}\u{201d}. I'll take a look at it.")
        }),
        AgentInput::FormAnswered { cancelled: false } => {
            Reply::text("Thanks for filling in the form!".to_string())
        }
        AgentInput::FormAnswered { cancelled: true } => {
            Reply::text("No problem, we can skip the form.".to_string())
        }
        AgentInput::Location => {
            Reply::text("Thanks, I can see your location on the map now.".to_string())
        }
    }
}

fn answer_message(text: &str, turn: usize) -> Reply {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |stems: &[&str]| words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)));
    if has(&["image", "picture", "photo", "pic"]) {
        return Reply::text("Sure! Here is a picture of the headset you asked about.".to_string())
            .with(Attachment::Picture);
    }
    if has(&["file", "document", "pdf", "attachment"]) {
        return Reply::text(format!(
            "Of course. I've attached your order summary. {DID_THAT_HELP}"
        ))
        .with(Attachment::Document);
    }
    if let Some(answer) = quick_reply_answer(text) {
        return Reply::text(answer.to_string());
    }
    if has(&["option", "menu"]) {
        return Reply::text(TOPICS.to_string());
    }
    if let Some((act, text)) = extras::act_for(&words) {
        return Reply::text(text.to_string()).with_act(act);
    }
    if has(&["track", "parcel"]) {
        return Reply::text(TRACKING.to_string());
    }
    if has(&["thank", "thx"]) {
        return Reply::text("You're very welcome! Anything else I can do for you?".to_string());
    }
    if has(&["bye", "goodbye"]) {
        return Reply::text("Thanks for chatting with us today. Take care!".to_string());
    }
    if words
        .iter()
        .any(|w| ["hi", "hello", "hey", "hallo"].contains(w))
    {
        return Reply::text("Hello again! What can I do for you?".to_string());
    }
    if text.trim().is_empty() {
        return Reply::text(
            "It looks like that message was empty. What did you mean to say?".into(),
        );
    }
    let quote: String = text.trim().chars().take(60).collect();
    let ellipsis = if text.trim().chars().count() > 60 {
        "…"
    } else {
        ""
    };
    let plain = match (text.contains('?'), turn % 3) {
        (true, 0) => format!(
            "Good question! About \u{201c}{quote}{ellipsis}\u{201d}: yes, that's covered by your plan."
        ),
        (true, 1) => "Let me check that for you... All right, I can confirm it's possible.".into(),
        (true, _) => "Great question. Our records say it was shipped yesterday.".into(),
        (false, 0) => {
            format!("I see: \u{201c}{quote}{ellipsis}\u{201d}. Let me look into that for you.")
        }
        (false, 1) => "Got it. Give me a moment to check our system.".into(),
        (false, _) => "Thanks for the details, that helps a lot.".into(),
    };
    Reply::text(plain)
}

/// The agent's answer about a parcel: links to click, list with `u` and copy with `y`.
pub(crate) const TRACKING: &str = "You can follow your parcel at \
     https://example.com/track/SP-1042?lang=en (updated hourly), or write to \
     mailto:help@example.com if it is late.";

/// The quick-reply question the agent asks after sending the order summary.
pub(crate) const DID_THAT_HELP: &str = "Did that help? /buttons [Yes] [No]";
/// The topics the agent offers, one under another.
pub(crate) const TOPICS: &str =
    "What can I help you with? /buttons-column [Billing] [Shipping] [Returns]";

/// The agent's answer to a choice of [`DID_THAT_HELP`] (the label comes back as the message).
fn quick_reply_answer(text: &str) -> Option<&'static str> {
    match text.trim() {
        "Yes" => Some("Great, glad that helped! Anything else?"),
        "No" => Some("Sorry about that. Tell me what is missing and I'll find it for you."),
        _ => None,
    }
}

#[cfg(test)]
#[path = "agent_tests.rs"]
mod tests;
