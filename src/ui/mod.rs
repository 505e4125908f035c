//! The terminal app's views: pure functions of the [`App`] state.
//!
//! Owns layout and styling. Does not own state (a view reads, never writes) or terminal I/O.

use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Below this size the app shows a notice instead of a screen.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole app. Survives any frame size, including 0×0.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, frame);
        return;
    }
    let _ = app;
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
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
