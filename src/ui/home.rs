//! The Home screen: availability, the first message, a callback number, an optional image,
//! *Help me*.

use super::theme::Theme;
use super::widgets::{button, input_spans, marker, text_box};
use crate::app::App;
use crate::app::home::{Availability, HomeFocus, HomeState};
use crate::app::keymap::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Path completions listed under the image field.
const MAX_COMPLETIONS: usize = 4;

/// The labels of the one-line fields under the message, padded to one width so the values line
/// up.
const CALLBACK_LABEL: &str = "Callback number (optional) ";
const IMAGE_LABEL: &str = "Image (optional)           ";
const _: () = assert!(CALLBACK_LABEL.len() == IMAGE_LABEL.len());

pub fn render(app: &App, state: &HomeState, theme: &Theme, area: Rect, frame: &mut Frame) {
    let message_height = (area.height / 3).clamp(3, 8);
    let form_rows = u16::try_from(state.params().len()).unwrap_or(u16::MAX);
    let [
        header,
        availability,
        notice,
        _,
        form,
        message,
        callback,
        image,
        completions,
        _,
        help_me,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(form_rows),
        Constraint::Length(message_height),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    super::render_header(app, theme, "Home", header, frame);

    let (mark, style) = match &state.availability() {
        Availability::Checking => ("… ", theme.muted()),
        Availability::Available { .. } => ("✓ ", theme.good()),
        Availability::NotAvailable => ("! ", theme.warning()),
        Availability::Failed(_) => ("✗ ", theme.error()),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("{mark}{}", state.availability().sentence()), style),
            Span::styled(
                format!(
                    "   ({} checks again)",
                    app.keymap().label(Mode::Home, Action::RefreshAvailability)
                ),
                theme.muted(),
            ),
        ])),
        availability,
    );
    if let Some(text) = &state.notice() {
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), theme.label())),
            notice,
        );
    }

    let label_width = state
        .params()
        .iter()
        .map(|f| crate::text::display_width(&f.label))
        .max()
        .unwrap_or(0)
        + 2;
    for (i, field) in state.params().iter().enumerate() {
        let row = Rect {
            y: form.y + u16::try_from(i).unwrap_or(u16::MAX),
            height: 1,
            ..form
        };
        if row.y >= form.bottom() {
            break;
        }
        let label = format!(
            "{}{}",
            field.label,
            " ".repeat(label_width - crate::text::display_width(&field.label))
        );
        line_field(
            &field.value,
            &label,
            state.focus() == HomeFocus::Param(i),
            "(optional)",
            theme,
            row,
            frame,
        );
    }

    text_box(
        state.message(),
        &format!(
            "How can we help? ({}: Help me · {}: new line)",
            app.keymap().label(Mode::Home, Action::HelpMe),
            app.keymap().label(Mode::Home, Action::NewLine)
        ),
        state.focus() == HomeFocus::Message,
        "Type your question (optional)",
        theme,
        message,
        frame,
    );

    line_field(
        state.callback(),
        CALLBACK_LABEL,
        state.focus() == HomeFocus::Callback,
        "a number to call you back on",
        theme,
        callback,
        frame,
    );
    line_field(
        state.image(),
        IMAGE_LABEL,
        state.focus() == HomeFocus::Image,
        "path to a picture to send",
        theme,
        image,
        frame,
    );
    if !state.completions().is_empty() {
        let mut shown: Vec<String> = state
            .completions()
            .iter()
            .take(MAX_COMPLETIONS)
            .cloned()
            .collect();
        if state.completions().len() > MAX_COMPLETIONS {
            shown.push(format!(
                "+{} more",
                state.completions().len() - MAX_COMPLETIONS
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
    spans.extend(button("Help me", state.focus() == HomeFocus::HelpMe, theme));
    spans.push(Span::styled(
        format!(
            "   {} settings",
            app.keymap().label(Mode::Home, Action::OpenSettings)
        ),
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), help_me);
}

/// A one-line field: marker, label, value (or placeholder), and the cursor when focused.
fn line_field(
    value: &crate::app::Composer,
    label: &str,
    focused: bool,
    placeholder: &str,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
) {
    let label_width = crate::text::display_width(label);
    let width = usize::from(area.width).saturating_sub(3 + label_width + 1);
    let (spans_value, col) = input_spans(value, width, placeholder, theme);
    let mut spans = vec![
        marker(focused),
        Span::styled(
            label.to_string(),
            if focused {
                theme.focused()
            } else {
                theme.label()
            },
        ),
    ];
    spans.extend(spans_value);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if focused {
        let x = area.x + u16::try_from(3 + label_width + col).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}
