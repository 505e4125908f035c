//! Word wrapping by terminal cells, as byte ranges, grapheme-correct.
//!
//! Owns the one wrapping rule used by the composer (which needs ranges to place its cursor) and by
//! the transcript's line cache. Does not own sanitising (callers wrap sanitised text) or styling.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The cells one grapheme cluster takes, the way ratatui lays it out.
pub fn cluster_width(g: &str) -> usize {
    g.width()
}

/// The visual rows of `text` at `width` cells: byte ranges into `text`, one per row, never
/// containing `'\n'`. Each logical line gives at least one row (an empty line, an empty range).
/// Lines break after whitespace when they can, inside a word when a word is wider than a row.
/// A width of 0 is treated as 1 so that every grapheme still makes progress.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        wrap_line(line, line_start, width, &mut rows);
        line_start += line.len() + 1;
    }
    rows
}

fn wrap_line(line: &str, base: usize, width: usize, rows: &mut Vec<Range<usize>>) {
    let mut row_start = 0;
    let mut row_width = 0;
    // Where the row may break (just after a whitespace cluster) and the width up to there.
    let mut last_break: Option<(usize, usize)> = None;
    for (i, g) in line.grapheme_indices(true) {
        let w = cluster_width(g);
        let blank = g.chars().all(char::is_whitespace);
        if row_width + w > width && i > row_start {
            if blank {
                // Whitespace that overflows stays at the end of its row (drawn clipped).
                rows.push(base + row_start..base + i + g.len());
                row_start = i + g.len();
                row_width = 0;
                last_break = None;
                continue;
            }
            match last_break {
                Some((at, upto)) if at > row_start => {
                    rows.push(base + row_start..base + at);
                    row_start = at;
                    row_width -= upto;
                    if row_width + w > width && i > row_start {
                        rows.push(base + row_start..base + i);
                        row_start = i;
                        row_width = 0;
                    }
                }
                _ => {
                    rows.push(base + row_start..base + i);
                    row_start = i;
                    row_width = 0;
                }
            }
            last_break = None;
        }
        row_width += w;
        if blank {
            last_break = Some((i + g.len(), row_width));
        }
    }
    rows.push(base + row_start..base + line.len());
}

/// The rows of [`wrap_ranges`] as strings, trailing whitespace dropped (for display).
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    wrap_ranges(text, width)
        .into_iter()
        .map(|r| text[r].trim_end().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrap_lines("hello big world", 9), vec!["hello big", "world"]);
        assert_eq!(
            wrap_lines("hello big world", 5),
            vec!["hello", "big", "world"]
        );
    }

    #[test]
    fn splits_words_wider_than_a_row() {
        assert_eq!(wrap_lines("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap_lines("ab abcdefgh", 4), vec!["ab", "abcd", "efgh"]);
    }

    #[test]
    fn keeps_newlines_and_empty_lines() {
        assert_eq!(wrap_lines("a\n\nb", 10), vec!["a", "", "b"]);
        assert_eq!(wrap_ranges("", 10), vec![0..0]);
    }

    #[test]
    fn wide_and_combining_clusters_are_measured_by_cells() {
        // Each CJK char is two cells wide; the combining mark rides on its base.
        assert_eq!(wrap_lines("日本語です", 4), vec!["日本", "語で", "す"]);
        assert_eq!(
            wrap_lines("e\u{301}e\u{301}e\u{301}", 2),
            vec!["e\u{301}e\u{301}", "e\u{301}"]
        );
        // A ZWJ family emoji is one cluster, never split.
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(
            wrap_lines(&format!("{family}{family}"), 3),
            vec![family, family]
        );
    }

    #[test]
    fn zero_width_still_makes_progress() {
        assert_eq!(wrap_lines("abc", 0), vec!["a", "b", "c"]);
    }

    #[test]
    fn ranges_cover_every_byte_but_newlines() {
        let text = "one two three\nfour  five six seven\n\nend";
        for width in 1..20 {
            let covered: usize = wrap_ranges(text, width).iter().map(|r| r.len()).sum();
            assert_eq!(
                covered + text.matches('\n').count(),
                text.len(),
                "width {width}"
            );
        }
    }
}
