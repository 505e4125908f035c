//! The outbox: client events waiting to go out, in order, one at a time.
//!
//! Owns what is queued (messages, files to announce, form answers, disconnect/end), the
//! customer's message numbering (`<chat_id>:<n>`, n from 1) and the messages set aside after
//! failing. It does no I/O and keeps no clock: the worker decides when the front item is sent and
//! reports back with [`Outbox::succeeded`] / [`Outbox::failed`].
//!
//! Decisions:
//! - A message gets its `msg_id` at its first send attempt and keeps it on every retry and on
//!   `RetryMessage`, so a resend the server already committed is recognisable (history
//!   de-duplicates it, and the worker checks history before resending after a failure).
//! - A message that exhausts its attempts is set aside (the app offers "retry"); later items go on.
//!   `RetryMessage` puts it back at the end of the queue with the same `msg_id`.
//! - Disconnect and End have no attempt limit: they are the customer's way out, and the link
//!   banner already says why they are waiting.

use crate::api::types::{ClientEvent, ServerEvent};
use crate::api::wire::FormRequestId;
use crate::text::escape_html;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// What an outbox item puts into the chat.
#[derive(Clone, Debug, PartialEq)]
pub enum OutKind {
    /// Cleaned plain text (escaped into HTML when sent).
    Message {
        text: String,
    },
    File {
        file_id: String,
        file_name: String,
        file_type: String,
    },
    Form {
        form_request_id: FormRequestId,
        form_name: String,
        data: BTreeMap<String, String>,
        secure: bool,
    },
    FormCancel {
        form_request_id: FormRequestId,
        form_name: String,
        secure: bool,
    },
    /// A v2 receipt for one of the agent's messages (`read`: read, else delivered).
    Receipt {
        ref_msg_id: String,
        read: bool,
    },
    Disconnect,
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutItem {
    /// The app's id for the answer event (0 for items the app does not track).
    pub local_id: u64,
    pub kind: OutKind,
    /// Assigned at the first attempt (messages only), then never changed.
    pub msg_id: Option<String>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// A previous attempt failed in a way that may have reached the server: check history first.
    pub maybe_committed: bool,
}

impl OutItem {
    pub fn new(local_id: u64, kind: OutKind) -> Self {
        OutItem {
            local_id,
            kind,
            msg_id: None,
            attempts: 0,
            maybe_committed: false,
        }
    }

    /// Whether retries are bounded (everything but Disconnect and End).
    pub fn is_bounded(&self) -> bool {
        match self.kind {
            OutKind::Message { .. }
            | OutKind::File { .. }
            | OutKind::Form { .. }
            | OutKind::FormCancel { .. }
            | OutKind::Receipt { .. } => true,
            OutKind::Disconnect | OutKind::End => false,
        }
    }

    /// The client event this item sends.
    pub fn to_event(&self) -> ClientEvent {
        match &self.kind {
            OutKind::Message { text } => ClientEvent::Message {
                msg_id: self.msg_id.clone().unwrap_or_default(),
                msg: escape_html(text),
                msg_text: Some(text.clone()),
            },
            OutKind::File {
                file_id,
                file_name,
                file_type,
            } => ClientEvent::File {
                file_id: file_id.clone(),
                file_name: file_name.clone(),
                file_type: file_type.clone(),
            },
            OutKind::Form {
                form_request_id,
                form_name,
                data,
                secure,
            } => {
                let (form_request_id, form_name, data) =
                    (form_request_id.clone(), form_name.clone(), data.clone());
                if *secure {
                    ClientEvent::SecureFormData {
                        form_request_id,
                        form_name,
                        data,
                    }
                } else {
                    ClientEvent::FormData {
                        form_request_id,
                        form_name,
                        data,
                    }
                }
            }
            OutKind::FormCancel {
                form_request_id,
                form_name,
                secure,
            } => {
                let (form_request_id, form_name) = (form_request_id.clone(), form_name.clone());
                if *secure {
                    ClientEvent::SecureFormCancel {
                        form_request_id,
                        form_name,
                    }
                } else {
                    ClientEvent::FormCancel {
                        form_request_id,
                        form_name,
                    }
                }
            }
            OutKind::Receipt { ref_msg_id, read } => {
                let ref_msg_id = ref_msg_id.clone();
                if *read {
                    ClientEvent::MessageRead { ref_msg_id }
                } else {
                    ClientEvent::MessageDelivered { ref_msg_id }
                }
            }
            OutKind::Disconnect => ClientEvent::Disconnect,
            OutKind::End => ClientEvent::End,
        }
    }
}

#[derive(Default)]
pub struct Outbox {
    queue: VecDeque<OutItem>,
    set_aside: HashMap<u64, OutItem>,
    /// The highest customer message number used (or seen in history) so far.
    last_n: u64,
}

impl Outbox {
    pub fn push(&mut self, item: OutItem) {
        self.queue.push_back(item);
    }

    pub fn front(&self) -> Option<&OutItem> {
        self.queue.front()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Gives the front item its `msg_id` if it is a message without one; returns the new id.
    pub fn assign_msg_id(&mut self, chat_id: &str) -> Option<String> {
        let item = self.queue.front_mut()?;
        if !matches!(item.kind, OutKind::Message { .. }) || item.msg_id.is_some() {
            return None;
        }
        self.last_n += 1;
        let id = format!("{chat_id}:{}", self.last_n);
        item.msg_id = Some(id.clone());
        Some(id)
    }

    /// Continues the numbering after the customer's highest `<chat_id>:<n>` in `history`.
    pub fn note_history(&mut self, chat_id: &str, history: &[ServerEvent]) {
        let prefix = format!("{chat_id}:");
        for e in history {
            if let ServerEvent::Message(m) = e
                && let Some(n) = m.msg_id.strip_prefix(&prefix)
                && let Ok(n) = n.parse::<u64>()
            {
                self.last_n = self.last_n.max(n);
            }
        }
    }

    /// The front item went out: remove and return it.
    pub fn succeeded(&mut self) -> Option<OutItem> {
        self.queue.pop_front()
    }

    /// The front item failed once; returns its attempt count so far.
    pub fn failed(&mut self, maybe_committed: bool) -> u32 {
        match self.queue.front_mut() {
            Some(item) => {
                item.attempts += 1;
                item.maybe_committed |= maybe_committed;
                item.attempts
            }
            None => 0,
        }
    }

    /// The front item is given up: remove it; a message is kept aside for `retry`.
    pub fn give_up(&mut self) -> Option<OutItem> {
        let item = self.queue.pop_front()?;
        if let OutKind::Message { .. } = item.kind {
            self.set_aside.insert(item.local_id, item.clone());
        }
        Some(item)
    }

    /// Puts a set-aside message back at the end of the queue, same `msg_id`. False if unknown.
    pub fn retry(&mut self, local_id: u64) -> bool {
        match self.set_aside.remove(&local_id) {
            Some(mut item) => {
                item.attempts = 0;
                self.queue.push_back(item);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::MessageEvent;

    fn message(local_id: u64, text: &str) -> OutItem {
        OutItem::new(
            local_id,
            OutKind::Message {
                text: text.to_string(),
            },
        )
    }

    #[test]
    fn message_ids_count_from_one_and_stick_to_their_message() {
        let mut o = Outbox::default();
        o.push(message(1, "a"));
        o.push(message(2, "b"));
        assert_eq!(o.assign_msg_id("c").as_deref(), Some("c:1"));
        assert_eq!(o.assign_msg_id("c"), None, "a retry keeps its id");
        assert_eq!(o.failed(true), 1);
        assert_eq!(
            o.front().and_then(|i| i.msg_id.clone()).as_deref(),
            Some("c:1")
        );
        o.succeeded();
        assert_eq!(o.assign_msg_id("c").as_deref(), Some("c:2"));
    }

    #[test]
    fn numbering_resumes_after_history() {
        let mut o = Outbox::default();
        let h = |id: &str| {
            ServerEvent::Message(MessageEvent {
                msg_id: id.into(),
                ..Default::default()
            })
        };
        o.note_history("c", &[h("c:3"), h("c:12"), h("other:40"), h("c:x"), h("9")]);
        o.push(message(1, "a"));
        assert_eq!(o.assign_msg_id("c").as_deref(), Some("c:13"));
    }

    #[test]
    fn a_given_up_message_is_set_aside_and_retried_with_the_same_id() {
        let mut o = Outbox::default();
        o.push(message(1, "a"));
        o.push(message(2, "b"));
        o.assign_msg_id("c");
        o.give_up();
        assert_eq!(o.assign_msg_id("c").as_deref(), Some("c:2"));
        o.succeeded();
        assert!(o.is_empty());
        assert!(o.retry(1));
        assert!(!o.retry(1));
        let item = o.front().expect("requeued");
        assert_eq!((item.msg_id.as_deref(), item.attempts), (Some("c:1"), 0));
    }

    #[test]
    fn messages_are_escaped_with_plain_text_alongside() {
        let mut item = message(1, "<b>hi</b> & \"you\"\n'ok'");
        item.msg_id = Some("c:1".into());
        assert_eq!(
            item.to_event(),
            ClientEvent::Message {
                msg_id: "c:1".into(),
                msg: "&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br>&#39;ok&#39;".into(),
                msg_text: Some("<b>hi</b> & \"you\"\n'ok'".into()),
            }
        );
    }

    #[test]
    fn forms_keep_their_request_id_and_pick_the_secure_variant() {
        let form = |secure| {
            OutItem::new(
                0,
                OutKind::Form {
                    form_request_id: FormRequestId::Number(7),
                    form_name: "MobileChatSurvey".into(),
                    data: BTreeMap::from([("rating".into(), "5".into())]),
                    secure,
                },
            )
        };
        assert!(matches!(
            form(false).to_event(),
            ClientEvent::FormData {
                form_request_id: FormRequestId::Number(7),
                ..
            }
        ));
        assert!(matches!(
            form(true).to_event(),
            ClientEvent::SecureFormData { .. }
        ));
        let cancel = OutItem::new(
            0,
            OutKind::FormCancel {
                form_request_id: FormRequestId::Text("r".into()),
                form_name: "f".into(),
                secure: false,
            },
        );
        assert!(matches!(cancel.to_event(), ClientEvent::FormCancel { .. }));
    }
}
