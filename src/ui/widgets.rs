//! Pieces shared by the screens: one-line fields with horizontal scrolling, multi-line boxes
//! with the cursor kept in view, buttons, a header's right-aligned time label.

use super::theme::Theme;
use crate::app::chat::TimeLabel;
use crate::app::wrap::cluster_width;
use crate::app::{App, Composer};
use crate::text::display_width;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

/// The part of a one-line field that fits in `width` cells with the cursor visible, and the
/// cursor's column in it.
pub fn one_line_view(field: &Composer, width: usize) -> (String, usize) {
    let width = width.max(1);
    let text = field.text();
    let before = display_width(&text[..field.cursor()]);
    let mut start = 0;
    let mut dropped = 0;
    if before >= width {
        for (i, g) in text.grapheme_indices(true) {
            if before - dropped < width {
                break;
            }
            dropped += cluster_width(g);
            start = i + g.len();
        }
    }
    let mut shown = String::new();
    let mut used = 0;
    for g in text[start..].graphemes(true) {
        let w = cluster_width(g);
        if used + w > width {
            break;
        }
        used += w;
        shown.push_str(g);
    }
    (shown, before - dropped)
}

/// Spans of a one-line input: the visible text padded to `width` (so its extent shows), or a
/// placeholder when empty.
pub fn input_spans(
    field: &Composer,
    width: usize,
    placeholder: &str,
    theme: &Theme,
) -> (Vec<Span<'static>>, usize) {
    if field.is_empty() && !placeholder.is_empty() {
        let pad = width.saturating_sub(display_width(placeholder));
        return (
            vec![
                Span::styled(placeholder.to_string(), theme.muted().patch(theme.input())),
                Span::styled(" ".repeat(pad), theme.input()),
            ],
            0,
        );
    }
    let (shown, col) = one_line_view(field, width);
    let pad = width.saturating_sub(display_width(&shown));
    (
        vec![
            Span::styled(shown, theme.input()),
            Span::styled(" ".repeat(pad), theme.input()),
        ],
        col,
    )
}

/// A multi-line text box with a border and title; places the cursor when focused. Shows the
/// rows around the cursor when the text is taller than the box.
pub fn text_box(
    field: &Composer,
    title: &str,
    focused: bool,
    placeholder: &str,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
) {
    let border = if focused {
        theme.focused_border()
    } else {
        theme.border()
    };
    let marker = if focused { "› " } else { "" };
    let block = Block::bordered()
        .border_style(border)
        .title(Span::styled(format!(" {marker}{title} "), theme.label()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    if field.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(placeholder.to_string(), theme.muted())),
            inner,
        );
        if focused {
            frame.set_cursor_position(Position::new(inner.x, inner.y));
        }
        return;
    }
    let layout = field.layout(usize::from(inner.width));
    let height = usize::from(inner.height);
    let first = (layout.cursor_row + 1).saturating_sub(height);
    let lines: Vec<Line> = layout
        .rows
        .into_iter()
        .skip(first)
        .take(height)
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if focused {
        let x = inner.x + layout.cursor_col as u16;
        let y = inner.y + (layout.cursor_row - first) as u16;
        frame.set_cursor_position(Position::new(x, y));
    }
}

/// A button: `[ Label ]`, reversed and marked when focused.
pub fn button(label: &str, focused: bool, theme: &Theme) -> Vec<Span<'static>> {
    if focused {
        vec![Span::styled(format!("› [ {label} ]"), theme.focused())]
    } else {
        vec![Span::styled(format!("  [ {label} ]"), theme.label())]
    }
}

/// A row marker: `›` on the focused row, so focus never rests on colour alone.
pub fn marker(focused: bool) -> Span<'static> {
    Span::styled(if focused { " › " } else { "   " }, Style::default())
}

/// Appends the app's time label ("Anna Lee wrote 3 min ago") to a header line of `width`
/// columns, right-aligned; nothing when there is none or no room.
pub fn push_time_label(app: &App, spans: &mut Vec<Span<'static>>, width: u16, theme: &Theme) {
    let Some(label) = app.time_label(app.now_ms()) else {
        return;
    };
    let used: usize = spans
        .iter()
        .map(|s| crate::text::display_width(&s.content))
        .sum();
    if let Some((pad, text)) = fit_label(&label, used, usize::from(width)) {
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(text.to_string(), theme.muted()));
    }
}

/// Where the time label goes: right-aligned after `used` columns of status, with a gap of at
/// least two columns and one free column at the right edge. The whole label if it fits, else
/// only its relative part, else nothing (what is happening matters more than when). Returns
/// the padding before it and its text.
fn fit_label(label: &TimeLabel, used: usize, width: usize) -> Option<(usize, &str)> {
    const GAP: usize = 2;
    [label.text.as_str(), label.short.as_str()]
        .into_iter()
        .find_map(|text| {
            let room = width.checked_sub(used.saturating_add(GAP + 1))?;
            let pad = room.checked_sub(crate::text::display_width(text))?;
            Some((pad + GAP, text))
        })
}

/// A box of `width`×`height` (at most the area) in the middle of `area`: where dialogs go.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label() -> TimeLabel {
        TimeLabel {
            text: "last message 3 min ago".to_string(),
            short: "3 min ago".to_string(),
        }
    }

    #[test]
    fn the_label_is_right_aligned_with_a_free_last_column() {
        // 10 used + 2 gap + 22 label + 1 edge = 35: a 40-column line pads 7 columns.
        assert_eq!(
            fit_label(&label(), 10, 40),
            Some((7, "last message 3 min ago"))
        );
        assert_eq!(
            fit_label(&label(), 10, 35),
            Some((2, "last message 3 min ago"))
        );
    }

    #[test]
    fn a_narrow_line_keeps_only_the_relative_part_then_nothing() {
        assert_eq!(fit_label(&label(), 10, 34), Some((14, "3 min ago")));
        assert_eq!(fit_label(&label(), 10, 22), Some((2, "3 min ago")));
        assert_eq!(fit_label(&label(), 10, 21), None);
        for width in 0..=1 {
            assert_eq!(fit_label(&label(), 10, width), None);
            assert_eq!(fit_label(&label(), 0, width), None);
        }
        assert_eq!(fit_label(&label(), usize::MAX - 1, 80), None);
    }
}
