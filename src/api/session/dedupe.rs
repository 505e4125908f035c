//! De-duplication of server events arriving by three roads (polls, Send Events answers, history).
//!
//! Owns the "have we shown this already?" memory of one chat. Keys:
//! - messages by `msg_id`, files by `file_id` (unique within a chat, PROTOCOL.md): seen once,
//!   never again, whatever road brings them;
//! - every other event by a fingerprint: a hash of its wire form (name, party, timestamp and every
//!   field), counted rather than merely remembered, because identical events can legitimately
//!   repeat (a status without a timestamp, typing twice in one second).
//!
//! How counts are used: history is the server's complete ordered record, so the k-th copy of a
//! fingerprint in a history batch is new only if fewer than k copies were seen before. A live
//! event (poll or send answer) with a timestamp is new only if never seen; one without a
//! timestamp cannot be told from a legitimate repeat and is always passed on. Memory: one small
//! key per distinct event (an id costs 16 bytes: `IdSet`).

use crate::api::id_set::IdSet;
use crate::api::types::ServerEvent;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Which road a batch came by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A poll answer or a Send Events answer: new events, in order.
    Live,
    /// Get Chat History: everything so far, in order.
    History,
}

#[derive(Default)]
pub struct Dedupe {
    /// Message ids and file ids, kept apart (an id is unique within its kind only).
    messages: IdSet,
    files: IdSet,
    prints: HashMap<u64, u32>,
}

impl Dedupe {
    /// Remembers a message we sent ourselves, so an echo or history never shows it again.
    pub fn mark_message(&mut self, msg_id: &str) {
        self.messages.insert(msg_id);
    }

    /// Remembers a file we put into the chat ourselves.
    pub fn mark_file(&mut self, file_id: &str) {
        self.files.insert(file_id);
    }

    /// Keeps only the events not seen before, in order, and remembers them.
    pub fn filter(&mut self, events: Vec<ServerEvent>, source: Source) -> Vec<ServerEvent> {
        // Per-batch occurrence counts, for history's multiset matching.
        let mut in_batch: HashMap<u64, u32> = HashMap::new();
        let mut out = Vec::with_capacity(events.len());
        for event in events {
            let keep = match &event {
                ServerEvent::Message(m) if !m.msg_id.is_empty() => self.messages.insert(&m.msg_id),
                ServerEvent::File(f) if !f.file_id.is_empty() => self.files.insert(&f.file_id),
                _ => {
                    let print = fingerprint(&event);
                    let seen = self.prints.entry(print).or_insert(0);
                    match source {
                        Source::History => {
                            let k = in_batch.entry(print).or_insert(0);
                            *k += 1;
                            let new = *k > *seen;
                            *seen = (*seen).max(*k);
                            new
                        }
                        Source::Live if event.timestamp().is_none() => {
                            *seen = seen.saturating_add(1);
                            true
                        }
                        Source::Live => {
                            let new = *seen == 0;
                            *seen = (*seen).max(1);
                            new
                        }
                    }
                }
            };
            if keep {
                out.push(event);
            }
        }
        out
    }
}

/// A hash of the event's whole wire form: name, party, timestamp and salient fields alike.
fn fingerprint(event: &ServerEvent) -> u64 {
    let mut h = DefaultHasher::new();
    event.name().hash(&mut h);
    event.to_value().to_string().hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{ChatState, MessageEvent, PartyEvent, StatusEvent};
    use crate::api::wire::Timestamp;

    fn msg(id: &str) -> ServerEvent {
        ServerEvent::Message(MessageEvent {
            msg_id: id.into(),
            msg: format!("text {id}"),
            party_id: "agent".into(),
            ..Default::default()
        })
    }

    fn status(state: ChatState, secs: Option<i64>) -> ServerEvent {
        ServerEvent::Status(StatusEvent {
            state,
            ewt: None,
            timestamp: secs.map(Timestamp::from_secs),
        })
    }

    fn left(secs: i64) -> ServerEvent {
        ServerEvent::PartyLeft(PartyEvent {
            party_id: "agent".into(),
            timestamp: Some(Timestamp::from_secs(secs)),
        })
    }

    #[test]
    fn messages_are_shown_once_whatever_the_road() {
        let mut d = Dedupe::default();
        assert_eq!(d.filter(vec![msg("1"), msg("2")], Source::Live).len(), 2);
        assert_eq!(
            d.filter(vec![msg("2"), msg("3")], Source::Live),
            vec![msg("3")]
        );
        assert_eq!(
            d.filter(
                vec![msg("1"), msg("2"), msg("3"), msg("4")],
                Source::History
            ),
            vec![msg("4")]
        );
        assert_eq!(d.filter(vec![msg("4")], Source::History), vec![]);
    }

    #[test]
    fn own_messages_marked_as_sent_are_hidden() {
        let mut d = Dedupe::default();
        d.mark_message("c:1");
        assert_eq!(
            d.filter(vec![msg("c:1"), msg("c:2")], Source::History),
            vec![msg("c:2")]
        );
    }

    #[test]
    fn timestamped_events_are_deduplicated_by_fingerprint() {
        let mut d = Dedupe::default();
        assert_eq!(d.filter(vec![left(10)], Source::Live), vec![left(10)]);
        assert_eq!(d.filter(vec![left(10)], Source::Live), vec![]);
        assert_eq!(d.filter(vec![left(11)], Source::Live), vec![left(11)]);
        assert_eq!(d.filter(vec![left(10), left(11)], Source::History), vec![]);
    }

    #[test]
    fn history_keeps_legitimate_repeats_it_has_not_shown() {
        let mut d = Dedupe::default();
        let queued = status(ChatState::Queued, None);
        assert_eq!(d.filter(vec![queued.clone()], Source::Live).len(), 1);
        // History holds the status twice (queued, transferred, queued again): one is new.
        let hist = vec![
            queued.clone(),
            status(ChatState::Connected, None),
            queued.clone(),
        ];
        assert_eq!(
            d.filter(hist.clone(), Source::History),
            vec![status(ChatState::Connected, None), queued.clone()]
        );
        assert_eq!(d.filter(hist, Source::History), vec![]);
    }

    #[test]
    fn live_events_without_timestamps_always_pass() {
        let mut d = Dedupe::default();
        let s = status(ChatState::Connected, None);
        assert_eq!(d.filter(vec![s.clone(), s.clone()], Source::Live).len(), 2);
        assert_eq!(
            d.filter(vec![s.clone(), s.clone()], Source::History),
            vec![]
        );
    }

    #[test]
    fn a_hundred_thousand_messages_are_handled() {
        let mut d = Dedupe::default();
        let all: Vec<ServerEvent> = (0..100_000).map(|i| msg(&i.to_string())).collect();
        assert_eq!(d.filter(all.clone(), Source::Live).len(), 100_000);
        assert_eq!(d.filter(all, Source::History).len(), 0);
    }
}
