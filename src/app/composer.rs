//! A grapheme-correct text field: the chat composer and every form field.
//!
//! Owns: the text, a cursor that is always a byte offset on a grapheme boundary, emacs-style
//! editing ([`Edit`], bound once in [`EDIT_BINDINGS`]), input history, a size cap, and the
//! wrapped layout with the cursor's cell ([`Composer::layout`]). Does not own: what Enter means
//! (the screen decides), drawing (`ui`), or sending (the app emits effects).
//!
//! Written here rather than taken from ratatui-textarea: that widget has no soft wrap (a chat
//! message must wrap), keeps its viewport in interior-mutable cells updated while rendering, is
//! not comparable with `==` (tests compare whole states) and brings its own key bindings that
//! clash with ours (Ctrl-X, Ctrl-O...).

use super::keymap::KeyCombo;
use super::wrap::{cluster_width, wrap_ranges};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

/// An edit to run on the focused text field: `true` when it changed the text.
pub type FieldEdit<'f> = &'f mut dyn FnMut(&mut Composer) -> bool;

/// The most a field holds. A 10 MB paste is cut here, so editing and drawing stay instant.
pub const MAX_BYTES: usize = 64 * 1024;

/// Entries kept in the input history.
const HISTORY_LEN: usize = 100;

/// One editing operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    /// Up a line; on the first line, the previous history entry.
    Up,
    /// Down a line; on the last line, the next history entry.
    Down,
    Backspace,
    Delete,
    KillToEnd,
    KillToStart,
    DeleteWordBack,
}

impl Edit {
    pub fn help(self) -> &'static str {
        match self {
            Edit::Left => "character left",
            Edit::Right => "character right",
            Edit::WordLeft => "word left",
            Edit::WordRight => "word right",
            Edit::LineStart => "start of line",
            Edit::LineEnd => "end of line",
            Edit::Up => "line up / earlier message",
            Edit::Down => "line down / later message",
            Edit::Backspace => "delete before the cursor",
            Edit::Delete => "delete at the cursor",
            Edit::KillToEnd => "delete to end of line",
            Edit::KillToStart => "delete to start of line",
            Edit::DeleteWordBack => "delete the word before",
        }
    }
}

const fn k(code: KeyCode, mods: KeyModifiers) -> KeyCombo {
    KeyCombo { code, mods }
}
const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// The editing keys, shared by every text field. Consulted after the keymap's modes, so a
/// screen's binding (End in the chat scrolls to the bottom) wins over an editing one.
pub const EDIT_BINDINGS: &[(KeyCombo, Edit)] = &[
    (k(KeyCode::Left, NONE), Edit::Left),
    (k(KeyCode::Char('b'), CTRL), Edit::Left),
    (k(KeyCode::Right, NONE), Edit::Right),
    (k(KeyCode::Char('f'), CTRL), Edit::Right),
    (k(KeyCode::Left, CTRL), Edit::WordLeft),
    (k(KeyCode::Char('b'), ALT), Edit::WordLeft),
    (k(KeyCode::Right, CTRL), Edit::WordRight),
    (k(KeyCode::Char('f'), ALT), Edit::WordRight),
    (k(KeyCode::Home, NONE), Edit::LineStart),
    (k(KeyCode::Char('a'), CTRL), Edit::LineStart),
    (k(KeyCode::Char('e'), CTRL), Edit::LineEnd),
    (k(KeyCode::Up, NONE), Edit::Up),
    (k(KeyCode::Char('p'), CTRL), Edit::Up),
    (k(KeyCode::Down, NONE), Edit::Down),
    (k(KeyCode::Char('n'), CTRL), Edit::Down),
    (k(KeyCode::Backspace, NONE), Edit::Backspace),
    (k(KeyCode::Char('h'), CTRL), Edit::Backspace),
    (k(KeyCode::Delete, NONE), Edit::Delete),
    (k(KeyCode::Char('d'), CTRL), Edit::Delete),
    (k(KeyCode::Char('k'), CTRL), Edit::KillToEnd),
    (k(KeyCode::Char('u'), CTRL), Edit::KillToStart),
    (k(KeyCode::Char('w'), CTRL), Edit::DeleteWordBack),
    (k(KeyCode::Backspace, ALT), Edit::DeleteWordBack),
];

/// The editing operation of a key, if it has one.
pub fn edit_binding(key: KeyCombo) -> Option<Edit> {
    EDIT_BINDINGS
        .iter()
        .find(|(combo, _)| *combo == key)
        .map(|(_, edit)| *edit)
}

/// The character a key types, if it types one (plain or shifted printable characters).
pub fn typed_char(key: KeyCombo) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if key.mods.is_empty() && !c.is_control() => Some(c),
        _ => None,
    }
}

/// Where the cursor is drawn: row and column in cells within the wrapped rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub rows: Vec<String>,
    pub cursor_row: usize,
    pub cursor_col: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Composer {
    text: String,
    /// Byte offset, always on a grapheme boundary.
    cursor: usize,
    single_line: bool,
    history: Vec<String>,
    /// Which history entry is shown, while browsing.
    history_pos: Option<usize>,
    /// The unsent text put aside while browsing history.
    draft: String,
}

impl Composer {
    pub fn multi_line() -> Self {
        Composer::default()
    }

    pub fn single_line() -> Self {
        Composer {
            single_line: true,
            ..Composer::default()
        }
    }

    /// A field prefilled with `text` (cursor at the end).
    pub fn with_text(mut self, text: &str) -> Self {
        self.set_text(text);
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text (cleaned like a paste), cursor at the end.
    pub fn set_text(&mut self, text: &str) {
        self.text.clear();
        self.cursor = 0;
        self.insert_str(text);
    }

    /// Empties the field and returns what it held; a non-blank text joins the history.
    pub fn take(&mut self) -> String {
        let text = std::mem::take(&mut self.text);
        self.cursor = 0;
        self.history_pos = None;
        self.draft.clear();
        if !text.trim().is_empty() && self.history.last() != Some(&text) {
            self.history.push(text.clone());
            if self.history.len() > HISTORY_LEN {
                self.history.remove(0);
            }
        }
        text
    }

    /// Inserts text at the cursor: control and bidi characters are dropped (so a pasted escape
    /// sequence can neither reach the screen nor be sent), line ends normalised, newlines
    /// turned into spaces in a one-line field. Returns `false` when the text was cut at
    /// [`MAX_BYTES`].
    pub fn insert_str(&mut self, s: &str) -> bool {
        let mut clean = clean_input(s);
        if self.single_line {
            clean = clean.replace('\n', " ");
        }
        let room = MAX_BYTES.saturating_sub(self.text.len());
        let complete = clean.len() <= room;
        if !complete {
            // Cut on a grapheme boundary at or below the room left.
            let cut = clean
                .grapheme_indices(true)
                .map(|(i, g)| i + g.len())
                .take_while(|end| *end <= room)
                .last()
                .unwrap_or(0);
            clean.truncate(cut);
        }
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
        self.snap_cursor();
        complete
    }

    pub fn insert_char(&mut self, c: char) -> bool {
        let mut buf = [0u8; 4];
        self.insert_str(c.encode_utf8(&mut buf))
    }

    pub fn insert_newline(&mut self) {
        if !self.single_line {
            self.insert_str("\n");
        }
    }

    /// Applies an edit; returns whether the text changed.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let before = self.text.len();
        let changed_text = match edit {
            Edit::Left => {
                self.cursor = self.prev_boundary(self.cursor);
                false
            }
            Edit::Right => {
                self.cursor = self.next_boundary(self.cursor);
                false
            }
            Edit::WordLeft => {
                self.cursor = self.word_left();
                false
            }
            Edit::WordRight => {
                self.cursor = self.word_right();
                false
            }
            Edit::LineStart => {
                self.cursor = self.line_start(self.cursor);
                false
            }
            Edit::LineEnd => {
                self.cursor = self.line_end(self.cursor);
                false
            }
            Edit::Up => self.move_vertically(false),
            Edit::Down => self.move_vertically(true),
            Edit::Backspace => {
                let start = self.prev_boundary(self.cursor);
                self.remove(start..self.cursor)
            }
            Edit::Delete => {
                let end = self.next_boundary(self.cursor);
                self.remove(self.cursor..end)
            }
            Edit::KillToEnd => {
                let end = self.line_end(self.cursor);
                // At the end of a line, join the next one (as emacs does).
                let end = if end == self.cursor {
                    self.next_boundary(end)
                } else {
                    end
                };
                self.remove(self.cursor..end)
            }
            Edit::KillToStart => {
                let start = self.line_start(self.cursor);
                self.remove(start..self.cursor)
            }
            Edit::DeleteWordBack => {
                let start = self.word_left();
                self.remove(start..self.cursor)
            }
        };
        changed_text || before != self.text.len()
    }

    /// The rows at `width` cells and where the cursor goes.
    pub fn layout(&self, width: usize) -> Layout {
        let width = width.max(1);
        let ranges = wrap_ranges(&self.text, width);
        let mut cursor_row = 0;
        for (i, r) in ranges.iter().enumerate() {
            if r.start <= self.cursor && self.cursor <= r.end {
                cursor_row = i;
                // At a soft wrap the cursor belongs to the start of the next row.
                let soft_next = ranges.get(i + 1).is_some_and(|n| n.start == self.cursor);
                if !soft_next {
                    break;
                }
            }
        }
        let row = ranges.get(cursor_row).cloned().unwrap_or(0..0);
        let upto = self.cursor.clamp(row.start, row.end);
        let col = width_of(&self.text[row.start..upto]).min(width - 1);
        Layout {
            rows: ranges
                .into_iter()
                .map(|r| self.text[r].to_string())
                .collect(),
            cursor_row,
            cursor_col: col,
        }
    }

    fn remove(&mut self, range: std::ops::Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        self.cursor = range.start;
        self.text.replace_range(range, "");
        self.history_pos = None;
        true
    }

    fn prev_boundary(&self, at: usize) -> usize {
        self.text[..at]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(0)
    }

    fn next_boundary(&self, at: usize) -> usize {
        at + self.text[at..]
            .graphemes(true)
            .next()
            .map(str::len)
            .unwrap_or(0)
    }

    /// Inserting can merge clusters (a combining mark after a letter): keep the cursor on a
    /// boundary.
    fn snap_cursor(&mut self) {
        let next = self.next_boundary(self.prev_boundary(self.cursor));
        if next != self.cursor && self.cursor < self.text.len() {
            self.cursor = next.min(self.text.len());
        }
    }

    fn line_start(&self, at: usize) -> usize {
        self.text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)
    }

    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .find('\n')
            .map(|i| at + i)
            .unwrap_or(self.text.len())
    }

    fn word_left(&self) -> usize {
        let mut pos = self.cursor;
        let mut seen_word = false;
        for (i, g) in self.text[..self.cursor].grapheme_indices(true).rev() {
            let blank = g.chars().all(char::is_whitespace);
            if blank && seen_word {
                break;
            }
            seen_word |= !blank;
            pos = i;
        }
        pos
    }

    fn word_right(&self) -> usize {
        let mut seen_word = false;
        for (i, g) in self.text[self.cursor..].grapheme_indices(true) {
            let blank = g.chars().all(char::is_whitespace);
            if blank && seen_word {
                return self.cursor + i;
            }
            seen_word |= !blank;
        }
        self.text.len()
    }

    /// Moves to the same column one logical line up/down, or through the history at the edges.
    /// Returns whether the text changed (history recall).
    fn move_vertically(&mut self, down: bool) -> bool {
        let start = self.line_start(self.cursor);
        let col = width_of(&self.text[start..self.cursor]);
        let target_line = if down {
            let end = self.line_end(self.cursor);
            (end < self.text.len()).then_some(end + 1)
        } else {
            (start > 0).then(|| self.line_start(start - 1))
        };
        match target_line {
            Some(line) => {
                let end = self.line_end(line);
                let mut pos = line;
                let mut used = 0;
                for (i, g) in self.text[line..end].grapheme_indices(true) {
                    let w = cluster_width(g);
                    if used + w > col {
                        break;
                    }
                    used += w;
                    pos = line + i + g.len();
                }
                self.cursor = pos;
                false
            }
            None if self.single_line => false,
            None => self.recall(down),
        }
    }

    fn recall(&mut self, newer: bool) -> bool {
        let next = match (self.history_pos, newer) {
            (None, false) if !self.history.is_empty() => Some(self.history.len() - 1),
            (None, _) => return false,
            (Some(0), false) => return false,
            (Some(p), false) => Some(p - 1),
            (Some(p), true) if p + 1 < self.history.len() => Some(p + 1),
            (Some(_), true) => None,
        };
        if self.history_pos.is_none() {
            self.draft = self.text.clone();
        }
        self.text = match next {
            Some(p) => self.history[p].clone(),
            None => std::mem::take(&mut self.draft),
        };
        self.history_pos = next;
        self.cursor = self.text.len();
        true
    }
}

fn width_of(s: &str) -> usize {
    s.graphemes(true).map(cluster_width).sum()
}

/// What may enter a field: text without control, bidi or tag characters, `\n` line ends, tabs
/// as spaces.
fn clean_input(s: &str) -> String {
    let s = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    s.chars()
        .filter(|c| *c == '\n' || !is_forbidden(*c))
        .collect()
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
#[path = "composer_tests.rs"]
mod tests;
