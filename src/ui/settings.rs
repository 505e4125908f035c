//! The Settings screen: one row per field (label, value, and its problem in words), one per
//! choice (its value between ‹ ›), Save.

use super::theme::Theme;
use super::widgets::{button, input_spans, marker};
use crate::app::App;
use crate::app::keymap::{Action, Mode};
use crate::app::settings::SettingsState;
use crate::app::wrap::wrap_lines;
use crate::config::Field;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the label column.
const LABEL_WIDTH: usize = 24;
/// Widest a value box grows.
const MAX_VALUE_WIDTH: usize = 60;

pub fn render(app: &App, state: &SettingsState, theme: &Theme, area: Rect, frame: &mut Frame) {
    let [header, intro, form] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    super::render_header(app, theme, "Settings", header, frame);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                " Where to chat and who you are. Saved to the config file:",
                theme.muted(),
            )),
            Line::from(Span::styled(
                format!(
                    " {}",
                    crate::text::sanitize_line(&app.config_path().display().to_string())
                ),
                theme.muted(),
            )),
        ]),
        intro,
    );

    let value_width = usize::from(form.width)
        .saturating_sub(LABEL_WIDTH + 4)
        .clamp(8, MAX_VALUE_WIDTH);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None;
    let mut focus_row = 0;
    for (i, (field, input)) in state.fields().enumerate() {
        let focused = state.focus() == i;
        if focused {
            focus_row = lines.len();
        }
        let label = format!("{:<LABEL_WIDTH$}", field.label());
        let placeholder = match field {
            Field::ClientId => "(generated on save)",
            _ => "",
        };
        let (value, col) = input_spans(input, value_width, placeholder, theme);
        if focused {
            cursor = Some((lines.len(), 3 + LABEL_WIDTH + col));
        }
        let mut spans = vec![
            marker(focused),
            Span::styled(
                label,
                if focused {
                    theme.focused()
                } else {
                    theme.label()
                },
            ),
        ];
        spans.extend(value);
        lines.push(Line::from(spans));
        if let Some(problem) = state.problem(field) {
            // The label is on the row above: the problem reads on from it, wrapped.
            let indent = 3 + LABEL_WIDTH;
            let width = usize::from(form.width).saturating_sub(indent + 2).max(10);
            for (n, row) in wrap_lines(&problem, width).into_iter().enumerate() {
                let mark = if n == 0 { "✗ " } else { "  " };
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(format!("{mark}{row}"), theme.error()),
                ]));
            }
        }
    }
    for (i, choice) in state.choices().iter().enumerate() {
        let focused = state.focus() == crate::app::settings::FIELDS.len() + i;
        if focused {
            focus_row = lines.len();
        }
        let style = if focused {
            theme.focused()
        } else {
            theme.label()
        };
        let mut spans = vec![
            marker(focused),
            Span::styled(format!("{:<LABEL_WIDTH$}", choice.field.label()), style),
            Span::styled(format!("‹ {} ›", choice.shown()), style),
        ];
        if focused {
            spans.push(Span::styled("  ←/→ to change", theme.muted()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    let on_button = state.on_button();
    if on_button {
        focus_row = lines.len();
    }
    let mut save = vec![Span::raw(" ")];
    save.extend(button(
        if state.is_saving() {
            "Saving…"
        } else {
            "Save"
        },
        on_button,
        theme,
    ));
    save.push(Span::styled(
        format!(
            "   {} saves from any field",
            app.keymap().label(Mode::Settings, Action::SaveSettings)
        ),
        theme.muted(),
    ));
    lines.push(Line::from(save));
    if let Some(error) = &state.error() {
        let width = usize::from(form.width).saturating_sub(4).max(10);
        for (n, row) in wrap_lines(error, width).into_iter().enumerate() {
            let mark = if n == 0 { " ✗ " } else { "   " };
            lines.push(Line::from(Span::styled(
                format!("{mark}{row}"),
                theme.error(),
            )));
        }
    }

    // Scroll so the focused row (and the error under Save) stay in view on short terminals.
    let height = usize::from(form.height);
    let offset = if lines.len() <= height {
        0
    } else {
        let want = if on_button {
            lines.len()
        } else {
            focus_row + 2
        };
        want.saturating_sub(height).min(lines.len() - height)
    };
    if let Some((row, col)) = cursor
        && row >= offset
        && row < offset + height
    {
        let x = form.x + (col as u16).min(form.width.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, form.y + (row - offset) as u16));
    }
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), form);
}
