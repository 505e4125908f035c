//! The terminal app's views: pure functions of the [`App`] state.
//!
//! Owns layout and styling: one module per screen (`settings`, `home`, `chat`), the Export
//! dialog (`export_dialog`), the overlays (`overlay`), shared pieces (`widgets`) and the palette
//! (`theme`). Does not own state (a view reads, never writes: the only thing it records is the
//! transcript's row memo, see `app::transcript`) or terminal I/O (`runtime`).
//!
//! Every screen has a header row, its body, and a one-line footer of key hints generated from
//! the keymap. Below [`MIN_WIDTH`]×[`MIN_HEIGHT`] a notice replaces everything; a 0×0 frame draws
//! nothing.

mod chat;
mod export_dialog;
mod history;
mod home;
pub mod images;
mod links;
mod marks;
mod overlay;
mod settings;
pub mod theme;
mod widgets;

use crate::app::{App, Screen, View};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use theme::Theme;

/// Below this size the app shows a notice instead of a screen.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole app. Survives any frame size, including 0×0.
pub fn draw(app: &App, frame: &mut Frame) {
    draw_with_previews(app, frame, &mut images::NoPreviews);
}

/// Draws the whole app, with inline pictures from `previews` (the runtime's store).
pub fn draw_with_previews(app: &App, frame: &mut Frame, previews: &mut dyn images::Previews) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, frame);
        return;
    }
    let theme = Theme {
        no_color: app.no_color(),
        high_contrast: app.settings().high_contrast(),
    };
    let [body, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(crate::app::chat::layout::FOOTER_ROWS),
    ])
    .areas(area);
    match app.screen() {
        Screen::Settings(state) => settings::render(app, state, &theme, body, frame),
        Screen::Home(state) => home::render(app, state, &theme, body, frame),
        Screen::Chat(state) => chat::render(app, state, &theme, body, frame, previews),
    }
    render_footer(app, &theme, footer, frame);
    // The views, bottom first; the top one keeps the cursor.
    let views = app.views();
    for (i, view) in views.iter().enumerate() {
        let on_top = i + 1 == views.len();
        match view {
            // Over the body only: the footer below keeps listing the dialog's keys.
            View::Export(dialog) => {
                export_dialog::render(dialog, app.keymap(), on_top, &theme, body, frame)
            }
            View::Help(help) => {
                overlay::render_help(app, help.scroll_offset(), &theme, area, frame)
            }
            View::History(history) => history::render(history, app.keymap(), &theme, area, frame),
            View::Confirm(question) => overlay::render_confirm(
                &question.question().question(),
                app.keymap(),
                &theme,
                area,
                frame,
            ),
            // The chat draws its search line (above the message box, over the typing line).
            View::Search(_) => {}
            View::Links(links) => links::render(links, &theme, area, frame),
        }
    }
}

fn render_too_small(area: Rect, frame: &mut Frame) {
    if area.is_empty() {
        return;
    }
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}",
            area.width, area.height
        )),
        Line::from("Ctrl-C quits"),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// The one-line key hints of the modes in force, from the keymap (never typed by hand).
fn render_footer(app: &App, theme: &Theme, area: Rect, frame: &mut Frame) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(area.width);
    for (keys, hint) in app.footer_hints() {
        let sep = if spans.is_empty() { " " } else { "  " };
        let cost = sep.len() + crate::text::display_width(&keys) + 1 + hint.len();
        if used + cost > width {
            break;
        }
        used += cost;
        spans.push(Span::raw(sep));
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {hint}"), theme.muted()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The header row: the app's name, the screen, a demo tag, and the screen's time label.
fn render_header(app: &App, theme: &Theme, what: &str, area: Rect, frame: &mut Frame) {
    let mut spans = vec![
        Span::styled(" sp-chat", theme.title()),
        Span::styled(format!(" · {what}"), theme.label()),
    ];
    if app.is_demo() {
        spans.push(Span::styled("  [demo: simulated tenant]", theme.muted()));
    }
    widgets::push_time_label(app, &mut spans, area.width, theme);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
#[path = "buttons_tests.rs"]
mod buttons_tests;
#[cfg(test)]
#[path = "find_tests.rs"]
mod find_tests;
#[cfg(test)]
#[path = "hostile_tests.rs"]
pub(crate) mod hostile_tests;
#[cfg(test)]
#[path = "images_tests.rs"]
mod images_tests;
#[cfg(test)]
#[path = "recency_tests.rs"]
mod recency_tests;
#[cfg(test)]
#[path = "tests.rs"]
mod tests;
