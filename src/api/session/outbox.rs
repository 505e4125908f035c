//! The outbox: the customer's own events waiting to go out, in order, several per request.
//!
//! Owns what is queued (messages, files to announce, form answers, disconnect/end), the
//! customer's message numbering (`<chat_id>:<n>`, n from 1), how many front items the next Send
//! Events carries, and the messages set aside after failing. It does no I/O and keeps no clock:
//! the worker decides when a batch is sent and reports back with [`Outbox::succeeded`] /
//! [`Outbox::failed`]. Courtesies (receipts, typing) are not queued here (`receipts.rs`,
//! `typing.rs`): nothing of the customer's ever waits behind them.
//!
//! Decisions:
//! - Send Events takes an array (PROTOCOL.md): the next request carries the front items, in
//!   order, up to [`MAX_EVENTS_PER_SEND`] events and about [`MAX_SEND_BYTES`] of JSON (always at
//!   least one item).
//! - A message gets its `msg_id` when it first joins a batch and keeps it on every retry and on
//!   `RetryMessage`, so a resend the server already committed is recognisable (history
//!   de-duplicates it, and the worker checks history before resending after a failure).
//! - A failed batch is retried from the front; items queued meanwhile may join it (order is
//!   still the customer's). After a refusal that is not worth retrying, the next request carries
//!   one item alone, so one bad event cannot sink the others.
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
            | OutKind::FormCancel { .. } => true,
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
            OutKind::Disconnect => ClientEvent::Disconnect,
            OutKind::End => ClientEvent::End,
        }
    }
}

/// At most this many events in one Send Events request.
pub const MAX_EVENTS_PER_SEND: usize = 100;
/// About this much JSON in one Send Events request (one item alone may exceed it).
pub const MAX_SEND_BYTES: usize = 64 * 1024;

#[derive(Default)]
pub struct Outbox {
    queue: VecDeque<OutItem>,
    set_aside: HashMap<u64, OutItem>,
    /// The highest customer message number used (or seen in history) so far.
    last_n: u64,
    /// A batch was refused outright: its items go one per request, this many still.
    solo_left: usize,
}

impl Outbox {
    pub fn push(&mut self, item: OutItem) {
        self.queue.push_back(item);
    }

    pub fn front(&self) -> Option<&OutItem> {
        self.queue.front()
    }

    /// The first `n` items (a batch being sent).
    pub fn batch(&self, n: usize) -> impl Iterator<Item = &OutItem> {
        self.queue.iter().take(n)
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Chooses the next batch: how many front items go in one request, leaving room for
    /// `reserved` events (a "stopped typing" in front). Messages in it get their `msg_id`
    /// now; the ids given are returned (the worker marks them so an echo is not shown twice).
    pub fn next_batch(&mut self, chat_id: &str, reserved: usize) -> (usize, Vec<String>) {
        let max_items = if self.solo_left > 0 {
            1
        } else {
            MAX_EVENTS_PER_SEND.saturating_sub(reserved).max(1)
        };
        let mut count = 0;
        let mut bytes = 0;
        let mut new_ids = Vec::new();
        for i in 0..self.queue.len().min(max_items) {
            // The id's few bytes do not matter to the size estimate; it is given only to an
            // item that goes.
            let size = serde_json::to_vec(&self.queue[i].to_event()).map_or(0, |v| v.len());
            if count > 0 && bytes + size > MAX_SEND_BYTES {
                break;
            }
            if let Some(id) = self.assign_msg_id(i, chat_id) {
                new_ids.push(id);
            }
            bytes += size;
            count += 1;
        }
        (count, new_ids)
    }

    /// Gives item `i` its `msg_id` if it is a message without one; returns the new id.
    fn assign_msg_id(&mut self, i: usize, chat_id: &str) -> Option<String> {
        let item = self.queue.get_mut(i)?;
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

    /// The first `n` items went out: remove and return them, in order.
    pub fn succeeded(&mut self, n: usize) -> Vec<OutItem> {
        self.solo_left = self.solo_left.saturating_sub(n);
        let n = n.min(self.queue.len());
        self.queue.drain(..n).collect()
    }

    /// The first `n` items failed once; returns the highest attempt count among them.
    pub fn failed(&mut self, n: usize, maybe_committed: bool) -> u32 {
        self.queue
            .iter_mut()
            .take(n)
            .map(|item| {
                item.attempts += 1;
                item.maybe_committed |= maybe_committed;
                item.attempts
            })
            .max()
            .unwrap_or(0)
    }

    /// The first `n` items were refused outright. Removes them all when `n` is 1 (or `all`),
    /// else none: the next requests carry one item each, to find the one the server refuses.
    /// Messages given up are kept aside for `retry`.
    pub fn refused(&mut self, n: usize, all: bool) -> Vec<OutItem> {
        if n > 1 && !all {
            self.solo_left = n;
            return Vec::new();
        }
        self.solo_left = self.solo_left.saturating_sub(n);
        let n = n.min(self.queue.len());
        let gone: Vec<OutItem> = self.queue.drain(..n).collect();
        self.keep_aside(&gone);
        gone
    }

    /// Removes the bounded items among the first `n` that reached `limit` attempts (the
    /// others stay, in order); messages are kept aside for `retry`.
    pub fn give_up_exhausted(&mut self, n: usize, limit: u32) -> Vec<OutItem> {
        let n = n.min(self.queue.len());
        let mut kept = VecDeque::with_capacity(self.queue.len());
        let mut gone = Vec::new();
        for (i, item) in std::mem::take(&mut self.queue).into_iter().enumerate() {
            if i < n && item.is_bounded() && item.attempts >= limit {
                gone.push(item);
            } else {
                kept.push_back(item);
            }
        }
        self.queue = kept;
        self.keep_aside(&gone);
        gone
    }

    fn keep_aside(&mut self, gone: &[OutItem]) {
        for item in gone {
            if let OutKind::Message { .. } = item.kind {
                self.set_aside.insert(item.local_id, item.clone());
            }
        }
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
        assert_eq!(o.next_batch("c", 0), (2, vec!["c:1".into(), "c:2".into()]));
        assert_eq!(o.next_batch("c", 0), (2, vec![]), "a retry keeps its ids");
        assert_eq!(o.failed(2, true), 1);
        assert_eq!(
            o.front().and_then(|i| i.msg_id.clone()).as_deref(),
            Some("c:1")
        );
        o.succeeded(1);
        o.push(message(3, "c"));
        assert_eq!(o.next_batch("c", 0), (2, vec!["c:3".into()]));
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
        assert_eq!(o.next_batch("c", 0).1, vec!["c:13".to_string()]);
    }

    #[test]
    fn a_given_up_message_is_set_aside_and_retried_with_the_same_id() {
        let mut o = Outbox::default();
        o.push(message(1, "a"));
        o.next_batch("c", 0);
        o.failed(1, true);
        assert_eq!(o.give_up_exhausted(1, 1).len(), 1);
        o.push(message(2, "b"));
        assert_eq!(o.next_batch("c", 0).1, vec!["c:2".to_string()]);
        o.succeeded(1);
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

    #[test]
    fn a_batch_is_capped_by_events_and_bytes_and_leaves_room_for_a_stop() {
        let mut o = Outbox::default();
        for i in 0..250 {
            o.push(message(i, "hello"));
        }
        assert_eq!(o.next_batch("c", 0).0, MAX_EVENTS_PER_SEND);
        assert_eq!(o.next_batch("c", 1).0, MAX_EVENTS_PER_SEND - 1);
        let mut big = Outbox::default();
        // A message carries its text twice (escaped `msg` and plain `msg_text`): ~20 KB each.
        let long = "x".repeat(10 * 1024);
        for i in 0..5 {
            big.push(message(i, &long));
        }
        let (count, ids) = big.next_batch("c", 0);
        assert_eq!(count, 3, "about 64 KB of JSON");
        assert_eq!(ids.len(), 3, "only what goes gets an id");
        let mut huge = Outbox::default();
        huge.push(message(1, &"y".repeat(100 * 1024)));
        assert_eq!(huge.next_batch("c", 0).0, 1, "one item always goes");
    }

    #[test]
    fn exhausted_items_leave_but_the_way_out_stays() {
        let mut o = Outbox::default();
        o.push(message(1, "a"));
        o.push(OutItem::new(0, OutKind::End));
        o.push(message(2, "b"));
        o.next_batch("c", 0);
        o.failed(2, true);
        let gone = o.give_up_exhausted(2, 1);
        assert_eq!(gone.len(), 1);
        assert_eq!(o.front().map(|i| &i.kind), Some(&OutKind::End));
        assert_eq!(o.len(), 2);
    }

    #[test]
    fn a_refused_batch_is_retried_one_item_at_a_time() {
        let mut o = Outbox::default();
        for i in 1..=3 {
            o.push(message(i, "m"));
        }
        let (n, _) = o.next_batch("c", 0);
        assert_eq!(n, 3);
        assert!(o.refused(n, false).is_empty(), "nothing lost yet");
        assert_eq!(o.next_batch("c", 0).0, 1);
        o.succeeded(1);
        assert_eq!(o.next_batch("c", 0).0, 1, "still one by one");
        assert_eq!(o.refused(1, false).len(), 1, "the culprit goes");
        o.push(message(4, "m"));
        assert_eq!(o.next_batch("c", 0).0, 1);
        o.succeeded(1);
        assert_eq!(o.next_batch("c", 0).0, 1, "the last of the refused batch");
        o.succeeded(1);
        o.push(message(5, "m"));
        o.push(message(6, "m"));
        assert_eq!(o.next_batch("c", 0).0, 2, "batches again");
    }
}
