//! The agent console's view: a pure function of [`ConsoleState`].
//!
//! Regions: the client settings (so the customer can configure sp-chat from this screen), the
//! chat list, the selected chat (its last lines, the customer's typing indicator), the composer
//! or the file-path prompt, and a key footer generated from [`CONSOLE_KEYS`]. Every string it
//! shows was sanitised by the state; it does not own colours beyond a few modifiers (the console
//! is a developer tool, and must read the same under `NO_COLOR`).

use super::state::{CONSOLE_KEYS, ConsoleChat, ConsoleState, Input, Who};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(state: &ConsoleState, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 40 || area.height < 14 {
        frame.render_widget(
            Paragraph::new("Terminal too small for the agent console (40×14).")
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let settings_rows = u16::try_from(state.settings().len()).unwrap_or(4) + 2;
    let [settings, body, notice, footer] = Layout::vertical([
        Constraint::Length(settings_rows),
        Constraint::Min(6),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_settings(state, settings, frame);
    let [list, chat] =
        Layout::horizontal([Constraint::Length(26), Constraint::Min(10)]).areas(body);
    render_list(state, list, frame);
    render_chat(state, chat, frame);
    if let Some(text) = state.notice() {
        frame.render_widget(Paragraph::new(Span::raw(text.to_string()).italic()), notice);
    }
    render_footer(state, footer, frame);
}

fn render_settings(state: &ConsoleState, area: Rect, frame: &mut Frame) {
    let lines: Vec<Line> = state
        .settings()
        .iter()
        .map(|s| Line::raw(s.clone()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Client settings (for sp-chat's config) ")),
        area,
    );
}

fn render_list(state: &ConsoleState, area: Rect, frame: &mut Frame) {
    let selected = state.selected().map(|c| c.chat_id.as_str());
    let lines: Vec<Line> = if state.chats().is_empty() {
        vec![
            Line::raw("waiting for a").dim(),
            Line::raw("customer…").dim(),
        ]
    } else {
        state
            .chats()
            .iter()
            .rev()
            .map(|c| {
                let mark = if Some(c.chat_id.as_str()) == selected {
                    "▶ "
                } else {
                    "  "
                };
                let status = if c.ended { " (ended)" } else { "" };
                let line = Line::raw(crate::text::truncate_to_width(
                    &format!("{mark}{}{status}", c.customer),
                    usize::from(area.width.saturating_sub(2)),
                ));
                if Some(c.chat_id.as_str()) == selected {
                    line.bold().reversed()
                } else {
                    line
                }
            })
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Chats ")),
        area,
    );
}

fn render_chat(state: &ConsoleState, area: Rect, frame: &mut Frame) {
    let [lines_area, typing, composer] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(3),
    ])
    .areas(area);
    match state.selected() {
        Some(chat) => render_lines(chat, lines_area, frame),
        None => frame.render_widget(
            Paragraph::new("No chat yet. Start sp-chat with the settings above and press Help me.")
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" Chat ")),
            lines_area,
        ),
    }
    if let Some(chat) = state.selected() {
        let text = if chat.ended {
            "this chat is over".to_string()
        } else if chat.customer_typing {
            format!("{} is typing…", chat.customer)
        } else {
            String::new()
        };
        frame.render_widget(Paragraph::new(Span::raw(text).italic()), typing);
    }
    let (title, text) = match state.input() {
        Input::Composer => (" Your answer (as the agent) ", state.composer().to_string()),
        Input::FilePath(path) => (" File to push (Enter sends, Esc cancels) ", path.clone()),
    };
    let block = Block::bordered().title(title);
    let inner = block.inner(composer);
    // Show the end of a long draft: the cursor is always at the end.
    let width = usize::from(inner.width.saturating_sub(1));
    let shown = tail_to_width(&text, width);
    let cursor_x = inner.x + u16::try_from(crate::text::display_width(&shown)).unwrap_or(0);
    frame.render_widget(Paragraph::new(shown).block(block), composer);
    frame.set_cursor_position((cursor_x.min(inner.right().saturating_sub(1)), inner.y));
}

fn render_lines(chat: &ConsoleChat, area: Rect, frame: &mut Frame) {
    let block = Block::bordered().title(format!(" Chat with {} ", chat.customer));
    let inner = block.inner(area);
    let width = usize::from(inner.width.max(1));
    let mut rows: Vec<Line> = Vec::new();
    for l in &chat.lines {
        let (label, style) = match l.who {
            Who::Customer => (format!("{}: ", chat.customer), Style::new().bold()),
            Who::Agent => ("you: ".to_string(), Style::new()),
            Who::System => ("— ".to_string(), Style::new().dim()),
        };
        let full = format!("{label}{}", l.text);
        for (i, row) in crate::app::wrap::wrap_lines(&full, width)
            .into_iter()
            .enumerate()
        {
            // The label keeps its style on the first row only.
            match row.strip_prefix(label.as_str()) {
                Some(rest) if i == 0 => rows.push(Line::from(vec![
                    Span::styled(label.clone(), style),
                    Span::raw(rest.to_string()),
                ])),
                Some(_) | None => rows.push(Line::raw(row)),
            }
        }
    }
    // Keep the newest rows in view.
    let skip = rows.len().saturating_sub(usize::from(inner.height));
    let shown: Vec<Line> = rows.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

fn render_footer(state: &ConsoleState, area: Rect, frame: &mut Frame) {
    let mut spans = Vec::new();
    let keys: &[(&str, &str)] = match state.input() {
        Input::Composer => CONSOLE_KEYS,
        Input::FilePath(_) => &[("Enter", "push"), ("Esc", "cancel"), ("^C", "quit")],
    };
    for (key, what) in keys {
        spans.push(Span::raw((*key).to_string()).bold());
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The end of `text` that fits in `width` columns.
fn tail_to_width(text: &str, width: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = crate::text::display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.into_iter().rev().collect()
}
