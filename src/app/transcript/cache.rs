//! The bounded memo of entries' rows, keyed by (entry id, revision, width).
//!
//! A child of `transcript`; split off so each file stays readable. Does not own laying an entry
//! out (`layout.rs`) nor deciding what is visible (`Transcript::visible`).

use super::Row;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Rows computed per entry, keyed by (entry id, revision, width). A memo, not state: the view
/// draws the same with or without it, clones start empty and it never affects `==`.
///
/// Bounded, so that reading back through a long chat does not keep every entry's rows: two
/// generations of at most [`CACHE_GENERATION`] entries each; when the young one is full it
/// becomes the old one and the previous old one is dropped. A hit in the old generation moves
/// the entry to the young one, so whatever is on screen always survives a turnover.
#[derive(Default)]
pub(super) struct RowCache(pub(super) RefCell<Generations>);

#[derive(Default)]
pub(super) struct Generations {
    young: HashMap<u64, CachedRows>,
    old: HashMap<u64, CachedRows>,
}

/// Entries per cache generation: many screens' worth, a bounded few MB at most.
pub(super) const CACHE_GENERATION: usize = 2048;

/// (revision, width, rows) of one entry.
type CachedRows = (u32, usize, Arc<[Row]>);

impl Generations {
    pub(super) fn get(&mut self, id: u64, revision: u32, width: usize) -> Option<Arc<[Row]>> {
        let fresh = |c: &CachedRows| c.0 == revision && c.1 == width;
        if let Some(c) = self.young.get(&id) {
            return fresh(c).then(|| c.2.clone());
        }
        let c = self.old.remove(&id).filter(fresh)?;
        let rows = c.2.clone();
        self.insert(id, c);
        Some(rows)
    }

    pub(super) fn insert(&mut self, id: u64, rows: CachedRows) {
        if self.young.len() >= CACHE_GENERATION && !self.young.contains_key(&id) {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(id, rows);
    }

    pub(super) fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

impl Clone for RowCache {
    fn clone(&self) -> Self {
        RowCache::default()
    }
}
impl PartialEq for RowCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl fmt::Debug for RowCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RowCache({} entries)", self.0.borrow().len())
    }
}
