use super::*;
use pretty_assertions::assert_eq;

fn typed(s: &str) -> Composer {
    let mut c = Composer::multi_line();
    for ch in s.chars() {
        c.insert_char(ch);
    }
    c
}

#[test]
fn cursor_moves_by_grapheme_not_by_char() {
    let mut c = typed("ae\u{301}👨\u{200d}👩");
    assert_eq!(c.cursor(), c.text().len());
    c.apply(Edit::Left);
    assert_eq!(&c.text()[c.cursor()..], "👨\u{200d}👩");
    c.apply(Edit::Left);
    assert_eq!(&c.text()[c.cursor()..], "e\u{301}👨\u{200d}👩");
    c.apply(Edit::Backspace);
    assert_eq!(c.text(), "e\u{301}👨\u{200d}👩");
    c.apply(Edit::Delete);
    assert_eq!(c.text(), "👨\u{200d}👩");
}

#[test]
fn combining_mark_typed_after_a_letter_keeps_cursor_on_a_boundary() {
    let mut c = typed("ab");
    c.apply(Edit::Left);
    c.insert_char('\u{301}');
    assert_eq!(c.text(), "a\u{301}b");
    assert!(c.text().is_char_boundary(c.cursor()));
    c.apply(Edit::Right);
    assert_eq!(c.cursor(), c.text().len());
}

#[test]
fn emacs_keys_edit_lines_and_words() {
    let mut c = typed("hello big world");
    c.apply(Edit::DeleteWordBack);
    assert_eq!(c.text(), "hello big ");
    c.apply(Edit::WordLeft);
    assert_eq!(&c.text()[c.cursor()..], "big ");
    c.apply(Edit::KillToEnd);
    assert_eq!(c.text(), "hello ");
    c.apply(Edit::LineStart);
    assert_eq!(c.cursor(), 0);
    c.apply(Edit::WordRight);
    assert_eq!(c.cursor(), 5);
    c.apply(Edit::KillToStart);
    assert_eq!(c.text(), " ");
}

#[test]
fn up_and_down_keep_the_column_across_lines() {
    let mut c = typed("abcdef\nxy\n日本語");
    c.apply(Edit::Up);
    assert_eq!(&c.text()[c.cursor()..], "\n日本語");
    c.apply(Edit::Up);
    assert_eq!(&c.text()[c.cursor()..], "cdef\nxy\n日本語");
    c.apply(Edit::Down);
    c.apply(Edit::Down);
    // Column 2 on "日本語" is after the first two-cell char.
    assert_eq!(&c.text()[c.cursor()..], "本語");
}

#[test]
fn history_recalls_sent_texts_and_restores_the_draft() {
    let mut c = typed("first");
    c.take();
    c.insert_str("second");
    c.take();
    c.insert_str("draft");
    assert!(c.apply(Edit::Up));
    assert_eq!(c.text(), "second");
    c.apply(Edit::Up);
    assert_eq!(c.text(), "first");
    assert!(!c.apply(Edit::Up));
    c.apply(Edit::Down);
    c.apply(Edit::Down);
    assert_eq!(c.text(), "draft");
}

#[test]
fn pasted_control_and_bidi_characters_are_dropped() {
    let mut c = Composer::multi_line();
    c.insert_str("a\x1b[2Jb\r\nc\u{202E}d\u{9b}e\tf");
    assert_eq!(c.text(), "a[2Jb\ncde    f");
}

#[test]
fn one_line_fields_turn_newlines_into_spaces() {
    let mut c = Composer::single_line();
    c.insert_str("a\nb");
    c.insert_newline();
    assert_eq!(c.text(), "a b");
    assert!(!c.apply(Edit::Up));
}

#[test]
fn huge_paste_is_cut_at_the_cap_on_a_boundary() {
    let mut c = Composer::multi_line();
    let big = "é".repeat(MAX_BYTES);
    assert!(!c.insert_str(&big));
    assert!(c.text().len() <= MAX_BYTES);
    assert!(c.text().len() > MAX_BYTES - 4);
    assert!(c.insert_str(""));
}

#[test]
fn layout_places_the_cursor_after_wide_chars_and_soft_wraps() {
    let c = typed("日本語 text");
    let l = c.layout(6);
    assert_eq!(l.rows, vec!["日本語 ".to_string(), "text".to_string()]);
    assert_eq!((l.cursor_row, l.cursor_col), (1, 4));
    let mut c = typed("abcdef");
    c.apply(Edit::LineStart);
    for _ in 0..3 {
        c.apply(Edit::Right);
    }
    let l = c.layout(3);
    // At the soft wrap, the cursor is at the start of the next row.
    assert_eq!((l.cursor_row, l.cursor_col), (1, 0));
    let l = typed("a\n").layout(10);
    assert_eq!((l.cursor_row, l.cursor_col), (1, 0));
}

#[test]
fn seeded_random_editing_never_leaves_a_grapheme_boundary() {
    use rand::{Rng, SeedableRng, rngs::StdRng};
    const PIECES: &[&str] = &[
        "a",
        "日",
        "e\u{301}",
        "👨\u{200d}👩\u{200d}👧",
        " ",
        "\n",
        "\u{5d0}",
        "🇫🇷",
        "x\u{308}\u{301}",
    ];
    const EDITS: &[Edit] = &[
        Edit::Left,
        Edit::Right,
        Edit::WordLeft,
        Edit::WordRight,
        Edit::LineStart,
        Edit::LineEnd,
        Edit::Up,
        Edit::Down,
        Edit::Backspace,
        Edit::Delete,
        Edit::KillToEnd,
        Edit::KillToStart,
        Edit::DeleteWordBack,
    ];
    let mut rng = StdRng::seed_from_u64(7);
    let mut c = Composer::multi_line();
    for _ in 0..5000 {
        if rng.random_bool(0.5) {
            c.insert_str(PIECES[rng.random_range(0..PIECES.len())]);
        } else {
            c.apply(EDITS[rng.random_range(0..EDITS.len())]);
        }
        let boundaries: Vec<usize> = c
            .text()
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([c.text().len()])
            .collect();
        assert!(
            boundaries.contains(&c.cursor()),
            "cursor {} in {:?}",
            c.cursor(),
            c.text()
        );
        let l = c.layout(7);
        assert!(l.cursor_row < l.rows.len());
        assert!(l.cursor_col < 7);
    }
}
