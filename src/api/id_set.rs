//! A set of wire ids (message ids, file ids) that costs 16 bytes an id, whatever its length.
//!
//! Why: a chat of 100,000 messages is remembered twice (the session worker's de-duplication and
//! the transcript's); as `String`s that is ~65 bytes an id in each. Each id is kept as a 128-bit
//! keyed hash instead: two SipHash-1-3 runs under keys drawn at random per process (shared by
//! every set, so two sets of the same ids compare equal), so a server
//! cannot aim for a collision, and an accidental one has a chance of about 2⁻⁹⁴ in a chat of a
//! million ids (nothing in a customer's lifetime). What it cannot do is list its members;
//! nothing needs that.

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct IdSet {
    ids: HashSet<u128>,
}

/// The process's two hash keys (each `RandomState::new()` has keys of its own).
fn keys() -> &'static (RandomState, RandomState) {
    static KEYS: OnceLock<(RandomState, RandomState)> = OnceLock::new();
    KEYS.get_or_init(|| (RandomState::new(), RandomState::new()))
}

impl IdSet {
    fn key(&self, id: &str) -> u128 {
        let (a, b) = keys();
        (u128::from(a.hash_one(id)) << 64) | u128::from(b.hash_one(id))
    }

    /// Adds `id`; `false` if it was there already.
    pub fn insert(&mut self, id: &str) -> bool {
        let key = self.key(id);
        self.ids.insert(key)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(&self.key(id))
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

impl std::fmt::Debug for IdSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdSet({} ids)", self.ids.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_it_was_given_and_nothing_else() {
        let mut set = IdSet::default();
        assert!(set.insert("chat1:1"));
        assert!(!set.insert("chat1:1"), "a repeat is refused");
        assert!(set.insert("chat1:2"));
        assert!(set.contains("chat1:1"));
        assert!(!set.contains("chat1:3"));
        assert!(set.insert(""), "the empty id is an id like another");
        assert_eq!(set.len(), 3);
        let mut other = IdSet::default();
        for id in ["", "chat1:2", "chat1:1"] {
            other.insert(id);
        }
        assert_eq!(set, other, "the same ids, the same set");
    }

    #[test]
    fn a_hundred_thousand_ids_do_not_collide() {
        let mut set = IdSet::default();
        for i in 0..100_000 {
            assert!(set.insert(&format!("m{i}")));
        }
        assert_eq!(set.len(), 100_000);
    }
}
