//! Finding text in the transcript: case- and accent-insensitive, a plain substring.
//!
//! Owns [`fold`] (the one comparison form: compatibility decomposition, accents
//! dropped, lower case, `ß` as `ss`), [`fold_mapped`] (the same with the way back to the
//! original bytes, for highlighting a row) and [`SearchIndex`]: a folded copy of every entry's
//! text, kept as entries arrive, so a keystroke is one substring scan over one buffer, never a
//! fold of the history. Does not own which entry is shown or highlighted (the search view and
//! `ui`), nor sanitising (entries hold sanitised text already).
//!
//! Any front end can search: [`Transcript::search`](super::Transcript::search) answers the
//! entries that contain a query, oldest first.

use memchr::memmem;
use unicode_normalization::char::decompose_compatible;

/// Between two entries' folded texts in the buffer: NUL, which sanitised text never holds, so
/// no match spans two entries (a query holding it matches nothing).
const SEPARATOR: char = '\0';

/// `text` in the form searches compare: `"Crème BRÛLÉE"` and `"creme brulee"` fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out, |_, _| {});
    out
}

/// [`fold`], and for each byte of the folded text the offset of the original character it came
/// from (so a match in the folded text maps back to cells of the original).
pub fn fold_mapped(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    fold_into(text, &mut out, |added, at| {
        map.extend(std::iter::repeat_n(at, added))
    });
    (out, map)
}

/// Appends `text` folded to `out`; `mark(bytes added, original offset)` follows each character.
fn fold_into(text: &str, out: &mut String, mut mark: impl FnMut(usize, usize)) {
    for (at, c) in text.char_indices() {
        let before = out.len();
        if c.is_ascii() {
            // The common case, kept cheap: a history of 10,000 messages arrives in one poll.
            out.push(c.to_ascii_lowercase());
        } else {
            decompose_compatible(c, |d| {
                if is_accent(d) {
                    return;
                }
                match d {
                    'ß' | 'ẞ' => out.push_str("ss"),
                    'ς' => out.push('σ'),
                    _ => out.extend(d.to_lowercase()),
                }
            });
        }
        mark(out.len() - before, at);
    }
}

/// A diacritic that a search ignores (é finds e). Only the accent blocks: other combining
/// marks carry meaning (a Japanese dakuten makes こ into ご, an Indic vowel sign is a letter).
fn is_accent(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}')
}

/// The folded text of every entry, in one buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Each entry's folded text followed by [`SEPARATOR`].
    folded: String,
    /// Where each entry's text starts in `folded`.
    starts: Vec<usize>,
}

impl SearchIndex {
    /// Adds the next entry's searchable text.
    pub fn push(&mut self, text: &str) {
        self.starts.push(self.folded.len());
        fold_into(text, &mut self.folded, |_, _| {});
        self.folded.push(SEPARATOR);
    }

    /// Entry `index`'s text changed: folds it again. Only what follows it moves (a change is
    /// nearly always to one of the newest entries), and nothing when the folded text is the same.
    pub fn set(&mut self, index: usize, text: &str) {
        let Some(&start) = self.starts.get(index) else {
            return;
        };
        let end = self.end_of(index);
        let mut fresh = fold(text);
        fresh.push(SEPARATOR);
        if self.folded[start..end] == fresh {
            return;
        }
        let tail = self.folded.split_off(end);
        self.folded.truncate(start);
        self.folded.push_str(&fresh);
        let moved = self.folded.len() as isize - end as isize;
        self.folded.push_str(&tail);
        for later in &mut self.starts[index + 1..] {
            *later = (*later as isize + moved) as usize;
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The bytes of folded text and offsets the copy holds (for the benchmark's figure; the
    /// buffers' spare capacity is not counted: untouched, it is not resident).
    pub fn held_bytes(&self) -> usize {
        self.folded.len() + self.starts.len() * std::mem::size_of::<usize>()
    }

    /// The entries whose text contains `query` (folded here), oldest first; none for a query
    /// that folds to nothing.
    pub fn find(&self, query: &str) -> Vec<usize> {
        let needle = fold(query);
        let mut found = Vec::new();
        if needle.is_empty() || needle.contains(SEPARATOR) {
            return found;
        }
        let finder = memmem::Finder::new(needle.as_bytes());
        let haystack = self.folded.as_bytes();
        let mut from = 0;
        while let Some(at) = finder.find(&haystack[from..]) {
            let entry = self.starts.partition_point(|s| *s <= from + at) - 1;
            found.push(entry);
            // One hit per entry: go on after it.
            from = self.end_of(entry);
        }
        found
    }

    /// Where entry `index`'s text ends, its separator included.
    fn end_of(&self, index: usize) -> usize {
        self.starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.folded.len())
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
