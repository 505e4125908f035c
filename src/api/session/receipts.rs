//! Read receipts waiting to go out: merged, capped, never sent twice, flushed rarely.
//!
//! Owns the pending receipts (v2 `chat_session_message_delivered` / `_read` for the agent's
//! messages), the memory of what was already sent, and when a flush of receipts alone is due.
//! The worker owns the send slot: receipts ride along with the customer's own events whenever
//! those go, and otherwise leave at most once per [`FLUSH_INTERVAL`], at most
//! [`super::outbox::MAX_EVENTS_PER_SEND`] per request.
//!
//! Decisions (PROTOCOL.md: receipts are courtesies that "may be merged or dropped; never the
//! same receipt twice"):
//! - A read receipt covers the delivered one: a pending "delivered" becomes "read"; a
//!   "delivered" after "read" (pending or sent) is dropped.
//! - At most [`MAX_PENDING`] wait; past that the oldest "delivered" ones are dropped first (a
//!   burst of thousands of messages costs a few requests, not thousands).
//! - A receipt is remembered as sent once a request carrying it was answered, or once such a
//!   request failed in a way that may have reached the server (timeout, cut answer): it is then
//!   dropped rather than risk a duplicate. Only a request the server refused outright ("slow
//!   down", 5xx, 4xx) gives its receipts back, and only once more.
//! - The memory of sent receipts is bounded ([`REMEMBERED`] per kind): the app asks for each
//!   receipt once, so this only guards against a repeat close in time.

use crate::api::types::ClientEvent;
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;
use tokio::time::Instant;

/// Receipts alone leave at most this often.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// At most this many receipts wait to go out.
pub const MAX_PENDING: usize = 300;
/// How many sent receipts of each kind are remembered to refuse a repeat.
const REMEMBERED: usize = 4096;

/// One receipt for an agent message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub ref_msg_id: String,
    /// Read (the customer could see it), else delivered.
    pub read: bool,
    /// Given back once after a refusal already.
    retried: bool,
}

impl Receipt {
    pub fn new(ref_msg_id: String, read: bool) -> Self {
        Receipt {
            ref_msg_id,
            read,
            retried: false,
        }
    }

    pub fn to_event(&self) -> ClientEvent {
        let ref_msg_id = self.ref_msg_id.clone();
        if self.read {
            ClientEvent::MessageRead { ref_msg_id }
        } else {
            ClientEvent::MessageDelivered { ref_msg_id }
        }
    }
}

/// A bounded set that forgets its oldest members.
#[derive(Default)]
struct Recent {
    order: VecDeque<String>,
    set: HashSet<String>,
}

impl Recent {
    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    fn insert(&mut self, id: &str) {
        if self.set.insert(id.to_string()) {
            self.order.push_back(id.to_string());
            if self.order.len() > REMEMBERED
                && let Some(old) = self.order.pop_front()
            {
                self.set.remove(&old);
            }
        }
    }
}

#[derive(Default)]
pub struct Receipts {
    /// Waiting, oldest first.
    pending: VecDeque<Receipt>,
    /// Index of `pending` by message id: whether the pending one is a read receipt.
    pending_read: HashMap<String, bool>,
    sent_read: Recent,
    sent_delivered: Recent,
    /// When receipts alone last left.
    last_flush: Option<Instant>,
    /// Dropped to respect [`MAX_PENDING`] (reported in logs).
    dropped: u64,
}

impl Receipts {
    /// Queues a receipt, merging it with what is pending or was sent.
    pub fn push(&mut self, receipt: Receipt) {
        let id = receipt.ref_msg_id.as_str();
        if self.sent_read.contains(id) || (!receipt.read && self.sent_delivered.contains(id)) {
            return;
        }
        match self.pending_read.get(id).copied() {
            Some(true) => return,
            Some(false) if receipt.read => {
                // Read covers delivered: upgrade in place, keeping its turn.
                if let Some(p) = self.pending.iter_mut().find(|p| p.ref_msg_id == id) {
                    p.read = true;
                }
                self.pending_read.insert(id.to_string(), true);
                return;
            }
            Some(false) => return,
            None => {}
        }
        self.pending_read.insert(id.to_string(), receipt.read);
        self.pending.push_back(receipt);
        if self.pending.len() > MAX_PENDING {
            self.drop_one();
        }
    }

    /// Drops the oldest delivered receipt (else the oldest read one).
    fn drop_one(&mut self) {
        let at = self.pending.iter().position(|p| !p.read).unwrap_or(0);
        if let Some(p) = self.pending.remove(at) {
            self.pending_read.remove(&p.ref_msg_id);
            self.dropped += 1;
            if self.dropped.is_power_of_two() {
                tracing::info!(dropped = self.dropped, "receipts merged away in a burst");
            }
        }
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// When a flush of receipts alone may start (`None`: nothing pending); `now` if it may
    /// start at once. The caller's `now`, not a fresh reading: comparing against a later clock
    /// reading would never be due and spin the loop.
    pub fn flush_at(&self, now: Instant) -> Option<Instant> {
        if self.pending.is_empty() {
            return None;
        }
        Some(match self.last_flush {
            Some(last) => last + FLUSH_INTERVAL,
            None => now,
        })
    }

    /// Takes up to `max` receipts to send: read ones first (what the customer saw matters
    /// most), then delivered, each group oldest first. `alone`: they make a request of their
    /// own (which starts the flush interval).
    pub fn take(&mut self, max: usize, alone: bool) -> Vec<Receipt> {
        if max == 0 || self.pending.is_empty() {
            return Vec::new();
        }
        if alone {
            self.last_flush = Some(Instant::now());
        }
        let mut taken = Vec::new();
        for read in [true, false] {
            let mut i = 0;
            while i < self.pending.len() && taken.len() < max {
                if self.pending[i].read == read {
                    if let Some(p) = self.pending.remove(i) {
                        self.pending_read.remove(&p.ref_msg_id);
                        taken.push(p);
                    }
                } else {
                    i += 1;
                }
            }
        }
        taken
    }

    /// The request carrying `sent` was answered, or may have reached the server.
    pub fn settled(&mut self, sent: &[Receipt]) {
        for r in sent {
            if r.read {
                self.sent_read.insert(&r.ref_msg_id);
            } else {
                self.sent_delivered.insert(&r.ref_msg_id);
            }
        }
    }

    /// `unsent` never left (their request was not needed after all): back in the queue.
    pub fn give_back(&mut self, unsent: Vec<Receipt>) {
        for r in unsent {
            self.push(r);
        }
    }

    /// The request carrying `refused` was refused outright: each is given back once.
    pub fn refused(&mut self, refused: Vec<Receipt>) {
        for mut r in refused {
            if r.retried {
                continue;
            }
            r.retried = true;
            self.push(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str, read: bool) -> Receipt {
        Receipt::new(id.to_string(), read)
    }

    fn ids(v: &[Receipt]) -> Vec<(&str, bool)> {
        v.iter().map(|r| (r.ref_msg_id.as_str(), r.read)).collect()
    }

    #[test]
    fn read_covers_delivered_and_nothing_goes_twice() {
        let mut q = Receipts::default();
        q.push(r("a", false));
        q.push(r("a", true));
        q.push(r("a", false));
        q.push(r("b", false));
        q.push(r("b", false));
        let taken = q.take(10, true);
        assert_eq!(ids(&taken), vec![("a", true), ("b", false)]);
        q.settled(&taken);
        q.push(r("a", true));
        q.push(r("a", false));
        q.push(r("b", false));
        assert!(q.is_empty(), "sent receipts are not sent again");
        q.push(r("b", true));
        assert_eq!(
            ids(&q.take(10, true)),
            vec![("b", true)],
            "read after delivered"
        );
    }

    #[test]
    fn a_burst_is_capped_dropping_the_oldest_delivered_first() {
        let mut q = Receipts::default();
        q.push(r("newest-read", true));
        for i in 0..1000 {
            q.push(r(&format!("m{i}"), false));
        }
        assert_eq!(q.len(), MAX_PENDING);
        let taken = q.take(100, true);
        assert_eq!(taken[0].ref_msg_id, "newest-read");
        assert_eq!(taken[1].ref_msg_id, format!("m{}", 1000 - MAX_PENDING + 1));
        assert_eq!(taken.len(), 100);
    }

    #[tokio::test(start_paused = true)]
    async fn receipts_alone_leave_once_per_interval() {
        let mut q = Receipts::default();
        let t0 = Instant::now();
        assert_eq!(q.flush_at(t0), None);
        q.push(r("a", true));
        assert_eq!(q.flush_at(t0), Some(t0));
        q.take(100, true);
        q.push(r("b", true));
        assert_eq!(q.flush_at(t0), Some(t0 + FLUSH_INTERVAL));
        q.take(100, false);
        q.push(r("c", true));
        assert_eq!(
            q.flush_at(t0),
            Some(t0 + FLUSH_INTERVAL),
            "riding along does not start the interval"
        );
    }

    #[test]
    fn a_refused_receipt_comes_back_once() {
        let mut q = Receipts::default();
        q.push(r("a", true));
        let first = q.take(10, true);
        q.refused(first);
        let second = q.take(10, true);
        assert_eq!(ids(&second), vec![("a", true)]);
        q.refused(second);
        assert!(q.is_empty());
    }
}
