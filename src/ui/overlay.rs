//! Overlays drawn above any screen: the help (generated from the keymap) and y/n questions.

use super::theme::Theme;
use super::widgets::centered;
use crate::app::App;
use crate::app::composer::EDIT_BINDINGS;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// The help text: each mode of the current screen, global keys, then editing keys.
pub fn help_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let key_width = 22;
    for (title, rows) in app.keymap().help_sections(&app.help_modes()) {
        lines.push(Line::from(Span::styled(title.to_string(), theme.title())));
        for (keys, help) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_width$} "), theme.key()),
                Span::raw(help.to_string()),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled("In text fields", theme.title())));
    let mut seen = Vec::new();
    for (_, edit) in EDIT_BINDINGS {
        if seen.contains(edit) {
            continue;
        }
        seen.push(*edit);
        let keys: Vec<String> = EDIT_BINDINGS
            .iter()
            .filter(|(_, e)| e == edit)
            .map(|(k, _)| k.to_string())
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<key_width$} ", keys.join("/")), theme.key()),
            Span::raw(edit.help().to_string()),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Files", theme.title())));
    let path = |p: Option<&std::path::Path>| match p {
        Some(p) => crate::text::sanitize_line(&p.display().to_string()),
        None => "(none: logging is off)".to_string(),
    };
    lines.push(Line::from(vec![
        Span::styled(format!("  {:<key_width$} ", "Log files"), theme.key()),
        Span::raw(path(app.log_path())),
    ]));
    lines.push(Line::from(vec![
        Span::styled(format!("  {:<key_width$} ", "Config file"), theme.key()),
        Span::raw(path(Some(app.config_path()))),
    ]));
    lines
}

pub fn render_help(app: &App, scroll: u16, theme: &Theme, area: Rect, frame: &mut Frame) {
    let lines = help_lines(app, theme);
    let spot = centered(
        area,
        area.width.saturating_sub(4).min(76),
        area.height.saturating_sub(2),
    );
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(
            " Keys — Esc closes · ↑/↓ scroll ",
            theme.title(),
        ));
    let inner = block.inner(spot);
    let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(Clear, spot);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        spot,
    );
}

pub fn render_confirm(question: &str, theme: &Theme, area: Rect, frame: &mut Frame) {
    let width = area.width.saturating_sub(4).min(60);
    let text_rows =
        (crate::text::display_width(question) as u16).div_ceil(width.saturating_sub(4).max(1));
    let spot = centered(area, width, text_rows + 4);
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(" Question ", theme.title()));
    frame.render_widget(Clear, spot);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(question.to_string(), theme.label())),
            Line::default(),
            Line::from(vec![
                Span::styled("y", theme.key()),
                Span::raw(" yes   "),
                Span::styled("n", theme.key()),
                Span::raw("/"),
                Span::styled("Esc", theme.key()),
                Span::raw(" no"),
            ]),
        ])
        .wrap(Wrap { trim: true })
        .block(block.padding(ratatui::widgets::Padding::horizontal(1))),
        spot,
    );
}
