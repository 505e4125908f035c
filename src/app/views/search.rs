//! The chat's search line: an incremental, case- and accent-insensitive search of the
//! transcript (`ui::chat` draws it above the message box and highlights what it finds).
//!
//! Owns the query, the matching entries of the last keystroke, which one is shown, and where
//! the reader was when it opened (Esc goes back there). Does not own the search itself
//! (`transcript::search`, one scan of a folded copy) nor the chat's scroll: it asks the chat to
//! show an entry through its [`Reply`] ([`ForChat`]).

use super::{ForChat, Overlay, Reply, ViewCx};
use crate::app::composer::{Composer, FieldEdit};
use crate::app::keymap::{Action, Mode};
use crate::app::transcript::{Scroll, Transcript, search};

#[derive(Clone, Debug, PartialEq)]
pub struct SearchView {
    query: Composer,
    /// The query folded, so the view highlights exactly what was searched.
    folded: String,
    /// Where the reader was when the search opened, and the message selected then.
    origin: Scroll,
    selected: Option<usize>,
    /// The entries that match, oldest first.
    matches: Vec<usize>,
    /// Which one is shown: an index into `matches`.
    current: Option<usize>,
    closed: bool,
}

impl SearchView {
    /// A search opened over a transcript scrolled to `origin`, with message `selected`
    /// selected (when the messages have the focus).
    pub fn new(origin: Scroll, selected: Option<usize>) -> Self {
        SearchView {
            query: Composer::single_line(),
            folded: String::new(),
            origin,
            selected,
            matches: Vec::new(),
            current: None,
            closed: false,
        }
    }

    pub fn query(&self) -> &Composer {
        &self.query
    }

    /// The query in the folded form of [`search::fold`] (empty: nothing to highlight).
    pub fn folded_query(&self) -> &str {
        &self.folded
    }

    /// The entry shown as the current match.
    pub fn current_entry(&self) -> Option<usize> {
        self.current.and_then(|i| self.matches.get(i).copied())
    }

    /// Where the search stands, for its line: "3/17" (counted from the newest), "no match".
    pub fn position(&self) -> String {
        match (self.current, self.matches.len()) {
            _ if self.folded.is_empty() => "type to search".to_string(),
            (_, 0) | (None, _) => "no match".to_string(),
            (Some(i), n) => format!("{}/{n}", n - i),
        }
    }

    /// Searches again for the query as it is now and shows the newest match at or above the
    /// view (wrapping to the newest of all when there is none above).
    fn run(&mut self, transcript: &Transcript) -> Option<ForChat> {
        self.folded = search::fold(self.query.text());
        self.matches = transcript.search(self.query.text());
        if self.matches.is_empty() {
            self.current = None;
            return None;
        }
        let bottom = transcript.anchor().map_or(0, |(entry, _)| entry);
        let above = self.matches.partition_point(|m| *m <= bottom);
        self.current = Some(above.checked_sub(1).unwrap_or(self.matches.len() - 1));
        self.current_entry().map(ForChat::Reveal)
    }

    /// The next match older (`older`) or newer than the shown one, wrapping at either end.
    fn step(&mut self, older: bool) -> Option<ForChat> {
        let n = self.matches.len();
        let i = self.current?;
        self.current = Some(if older { (i + n - 1) % n } else { (i + 1) % n });
        self.current_entry().map(ForChat::Reveal)
    }
}

impl Overlay for SearchView {
    fn modes(&self) -> Vec<Mode> {
        vec![Mode::Search]
    }

    fn on_action(&mut self, action: Action, _cx: ViewCx) -> Reply {
        let chat = match action {
            Action::SearchOlder => self.step(true),
            Action::SearchNewer => self.step(false),
            Action::CloseSearch => {
                self.closed = true;
                Some(ForChat::Restore {
                    scroll: self.origin,
                    selected: self.selected,
                })
            }
            _ => None,
        };
        Reply {
            chat,
            ..Reply::default()
        }
    }

    fn edit(&mut self, edit: FieldEdit) -> bool {
        edit(&mut self.query)
    }

    fn edited(&mut self, cx: ViewCx) -> Reply {
        let chat = cx.transcript.and_then(|t| self.run(t));
        Reply {
            chat,
            ..Reply::default()
        }
    }

    fn is_complete(&self) -> bool {
        self.closed
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
