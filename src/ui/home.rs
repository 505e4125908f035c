//! The Home screen: availability, the first message, an optional image, *Help me*.

use super::theme::Theme;
use super::widgets::{button, input_spans, marker, text_box};
use crate::app::App;
use crate::app::home::{Availability, HomeFocus, HomeState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Path completions listed under the image field.
const MAX_COMPLETIONS: usize = 4;

pub fn render(app: &App, state: &HomeState, theme: &Theme, area: Rect, frame: &mut Frame) {
    let message_height = (area.height / 3).clamp(3, 8);
    let [
        header,
        availability,
        notice,
        _,
        message,
        image,
        completions,
        _,
        help_me,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(message_height),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    super::render_header(app, theme, "Home", header, frame);

    let (mark, style) = match &state.availability {
        Availability::Checking => ("… ", theme.muted()),
        Availability::Available { .. } => ("✓ ", theme.good()),
        Availability::NotAvailable => ("! ", theme.warning()),
        Availability::Failed(_) => ("✗ ", theme.error()),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("{mark}{}", state.availability.sentence()), style),
            Span::styled("   (F5 checks again)", theme.muted()),
        ])),
        availability,
    );
    if let Some(text) = &state.notice {
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), theme.label())),
            notice,
        );
    }

    text_box(
        &state.message,
        "How can we help? (Enter: Help me · Alt-Enter: new line)",
        state.focus == HomeFocus::Message,
        "Type your question (optional)",
        theme,
        message,
        frame,
    );

    let label = "Image (optional) ";
    let focused = state.focus == HomeFocus::Image;
    let width = usize::from(image.width).saturating_sub(3 + label.len() + 1);
    let (value, col) = input_spans(&state.image, width, "path to a picture to send", theme);
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
    frame.render_widget(Paragraph::new(Line::from(spans)), image);
    if focused {
        let x = image.x + (3 + label.len() + col) as u16;
        frame.set_cursor_position(Position::new(
            x.min(image.right().saturating_sub(1)),
            image.y,
        ));
    }
    if !state.completions.is_empty() {
        let mut shown: Vec<String> = state
            .completions
            .iter()
            .take(MAX_COMPLETIONS)
            .cloned()
            .collect();
        if state.completions.len() > MAX_COMPLETIONS {
            shown.push(format!(
                "+{} more",
                state.completions.len() - MAX_COMPLETIONS
            ));
        }
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("   {}", shown.join("  ")),
                theme.muted(),
            )),
            completions,
        );
    }

    let mut spans = vec![Span::raw(" ")];
    spans.extend(button("Help me", state.focus == HomeFocus::HelpMe, theme));
    spans.push(Span::styled("   F2 settings", theme.muted()));
    frame.render_widget(Paragraph::new(Line::from(spans)), help_me);
}
