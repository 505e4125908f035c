//! The list of a message's links (`u`), numbered, over the chat.

use super::theme::Theme;
use super::widgets::centered;
use crate::app::views::LinksView;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn render(view: &LinksView, theme: &Theme, area: Rect, frame: &mut Frame) {
    let width = area.width.saturating_sub(4).min(100);
    let shown = view
        .urls()
        .len()
        .min(usize::from(area.height.saturating_sub(6)));
    let spot = centered(area, width, shown as u16 + 3);
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(
            " Links — 1–9 or Enter opens · Esc closes ",
            theme.title(),
        ));
    let room = usize::from(width.saturating_sub(8));
    let mut lines = vec![Line::from(Span::styled(
        "Opened with the system's opener (your browser or mail program):",
        theme.muted(),
    ))];
    // Keep the highlighted one in view when the list is longer than the box.
    let first = view.selected().saturating_sub(shown.saturating_sub(1));
    for (i, url) in view.urls().iter().enumerate().skip(first).take(shown) {
        let number = if i < 9 {
            format!("{} ", i + 1)
        } else {
            "  ".to_string()
        };
        let style = if i == view.selected() {
            theme.focused()
        } else {
            theme.label()
        };
        lines.push(Line::from(vec![
            Span::styled(number, theme.key()),
            Span::styled(crate::text::truncate_to_width(url, room), style),
        ]));
    }
    frame.render_widget(Clear, spot);
    frame.render_widget(
        Paragraph::new(lines).block(block.padding(ratatui::widgets::Padding::horizontal(1))),
        spot,
    );
}
