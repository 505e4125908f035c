//! Pieces shared by the screens: one-line fields with horizontal scrolling, multi-line boxes
//! with the cursor kept in view, buttons.

use super::theme::Theme;
use crate::app::Composer;
use crate::app::wrap::cluster_width;
use crate::text::display_width;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
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
