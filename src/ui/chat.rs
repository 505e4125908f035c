//! The Chat screen: status line, transcript (only the rows in view), typing indicator, and the
//! bottom panel (composer, attach prompt, survey, or the "chat ended" line).

use super::images::{self, Hidden, Previews};
use super::marks;
use super::theme::Theme;
use super::widgets::{button, input_spans, marker, push_time_label, text_box};
use crate::app::App;
use crate::app::chat::layout::{STATUS_ROWS, TYPING_ROWS};
use crate::app::chat::{ChatFocus, ChatState, Link, SPINNER_MS};
use crate::app::keymap::{Action, Keymap, Mode};
use crate::app::survey::{FormFocus, FormKind, FormProgress, FormState};
use crate::app::transcript::{GUTTER, Tone};
use crate::app::views::{SearchView, View};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const MAX_COMPLETIONS: usize = 4;

pub fn render(
    app: &App,
    chat: &ChatState,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
    previews: &mut dyn Previews,
) {
    let bottom_height = bottom_height(chat, area);
    let [status, transcript, typing, bottom] = Layout::vertical([
        Constraint::Length(STATUS_ROWS),
        Constraint::Min(1),
        Constraint::Length(TYPING_ROWS),
        Constraint::Length(bottom_height),
    ])
    .areas(area);
    render_status(app, chat, theme, status, frame);
    // An overlay or the export dialog is drawn over the transcript afterwards: pictures (which
    // some terminals paint outside the cell grid) wait until it is closed. The search line
    // covers only the typing line: pictures stay.
    let covered = app.views().iter().any(|v| !matches!(v, View::Search(_)));
    let previews: &mut dyn Previews = if covered { &mut Hidden } else { previews };
    let search = match app.views().last() {
        Some(View::Search(search)) => Some(search),
        _ => None,
    };
    let decor = Decor {
        query: search.map_or("", SearchView::folded_query),
        hyperlinks: app.hyperlinks_on(),
    };
    render_transcript(chat, theme, transcript, frame, previews, &decor);
    render_typing(chat, theme, typing, frame);
    match (chat.form(), chat.is_live()) {
        (Some(form), _) => render_form(form, app.keymap(), theme, bottom, frame),
        (None, false) => render_ended(app.keymap(), theme, bottom, frame),
        (None, true) => match chat.focus() {
            ChatFocus::Attach { path, completions } => {
                render_attach(path, completions, app.keymap(), theme, bottom, frame)
            }
            ChatFocus::Composer | ChatFocus::Transcript { .. } => text_box(
                chat.composer(),
                &format!(
                    "Message ({} sends · {} new line)",
                    app.keymap().label(Mode::Chat, Action::Send),
                    app.keymap().label(Mode::Chat, Action::NewLine)
                ),
                *chat.focus() == ChatFocus::Composer,
                "Type a message",
                theme,
                bottom,
                frame,
            ),
        },
    }
    // Over the typing line, just above the message box; drawn last, so it keeps the cursor.
    if let Some(search) = search {
        render_search(search, theme, typing, frame);
    }
}

/// What the transcript's rows get on top of their own styles.
struct Decor<'a> {
    /// The search's folded query: its occurrences are highlighted (empty: none).
    query: &'a str,
    /// Links are written as terminal hyperlinks.
    hyperlinks: bool,
}

/// The search line: the query, where the search stands ("3/17", "no match").
fn render_search(search: &SearchView, theme: &Theme, area: Rect, frame: &mut Frame) {
    if area.is_empty() {
        return;
    }
    let label = " Search: ";
    let position = format!("  {} ", search.position());
    let room = usize::from(area.width)
        .saturating_sub(label.len() + crate::text::display_width(&position) + 1);
    let (value, col) = input_spans(search.query(), room, "words in the transcript", theme);
    let mut spans = vec![Span::styled(label, theme.label())];
    spans.extend(value);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let w = (crate::text::display_width(&position) as u16).min(area.width);
    let spot = Rect::new(area.right() - w, area.y, w, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(position, theme.focused())),
        spot,
    );
    frame.set_cursor_position(Position::new(
        (area.x + (label.len() + col) as u16).min(area.right().saturating_sub(1)),
        area.y,
    ));
}

fn bottom_height(chat: &ChatState, area: Rect) -> u16 {
    // Measured by the chat itself, so paging and receipts agree with what is drawn.
    chat.bottom_rows(area.width, area.height)
}

fn render_status(app: &App, chat: &ChatState, theme: &Theme, area: Rect, frame: &mut Frame) {
    let now = app.now_ms();
    let status = chat.status(now);
    let lead = if status.busy {
        let frame_no = now.div_euclid(SPINNER_MS).rem_euclid(SPINNER.len() as i64) as usize;
        format!(" {} ", SPINNER[frame_no])
    } else {
        " ".to_string()
    };
    let mut spans = vec![
        Span::styled(" sp-chat", theme.title()),
        Span::styled(" ·", theme.muted()),
        Span::styled(lead, theme.status(status.tone)),
        Span::styled(status.text, theme.status(status.tone)),
    ];
    if app.is_demo() {
        spans.push(Span::styled("  [demo]", theme.muted()));
    }
    push_time_label(app, &mut spans, area.width, theme);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_transcript(
    chat: &ChatState,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
    previews: &mut dyn Previews,
    decor: &Decor,
) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width.saturating_sub(GUTTER));
    let (selected, button) = match chat.focus() {
        ChatFocus::Transcript { selected, button } => (Some(*selected), *button),
        ChatFocus::Composer | ChatFocus::Attach { .. } => (None, 0),
    };
    // Straight into the buffer from the cached rows: no row is copied and nothing is wrapped
    // again, so a frame costs what is on screen whatever the transcript's length.
    let buf = frame.buffer_mut();
    let mut y = area.y;
    let rows_area = Rect {
        x: area.x + GUTTER.min(area.width),
        width: area.width.saturating_sub(GUTTER),
        ..area
    };
    for span in chat.transcript().visible(width, usize::from(area.height)) {
        let is_selected = selected == Some(span.entry);
        let span_top = y;
        // The buttons of the selected entry above the rows in view, so the highlighted one is
        // found by its number whatever is scrolled out.
        let mut buttons_seen = span.rows[..span.range.start]
            .iter()
            .flat_map(|row| &row.0)
            .filter(|(tone, _)| *tone == Tone::Button)
            .count();
        for (row_index, row) in span
            .rows
            .iter()
            .enumerate()
            .take(span.range.end)
            .skip(span.range.start)
        {
            if y >= area.bottom() {
                break;
            }
            let marker = if is_selected { "▌" } else { " " };
            let (mut x, _) = buf.set_stringn(
                area.x,
                y,
                marker,
                usize::from(area.width),
                theme.focused_border(),
            );
            let row_x = x;
            for (piece, (tone, text)) in row.0.iter().enumerate() {
                let left = usize::from(area.right().saturating_sub(x));
                if left == 0 {
                    break;
                }
                let style = theme.tone(*tone);
                let highlighted = is_selected && *tone == Tone::Button && buttons_seen == button;
                if *tone == Tone::Button {
                    buttons_seen += 1;
                }
                let style = if highlighted {
                    // Out of the selection's reverse video, underlined: the one Enter chooses.
                    style.add_modifier(Modifier::UNDERLINED)
                } else if is_selected {
                    style.patch(theme.focused())
                } else {
                    style
                };
                let piece_x = x;
                (x, _) = buf.set_stringn(x, y, text, left, style);
                if decor.hyperlinks && matches!(tone, Tone::Link | Tone::LinkMore) {
                    let url = marks::link_url(&span.rows, row_index, piece);
                    marks::link_cells(buf, (piece_x, x, y), &url);
                }
            }
            if !decor.query.is_empty() {
                let text = row.text();
                let at = (row_x, y, area.right());
                marks::highlight(buf, at, &text, decor.query, theme.search_match());
            }
            y += 1;
        }
        // Over the blank rows just drawn, which it replaces.
        if let Some(entry) = chat.transcript().entries().get(span.entry) {
            images::draw_span(&span, entry.id, span_top, rows_area, previews, theme, buf);
        }
    }
    if chat.transcript().unseen() > 0 {
        let label = format!(" ↓ {} new — End to jump ", chat.transcript().unseen());
        let w = (crate::text::display_width(&label) as u16).min(area.width);
        let spot = Rect::new(area.right() - w, area.bottom() - 1, w, 1);
        frame.render_widget(Paragraph::new(Span::styled(label, theme.focused())), spot);
    }
}

fn render_typing(chat: &ChatState, theme: &Theme, area: Rect, frame: &mut Frame) {
    let line = match (&chat.link(), &chat.typing(), &chat.notice()) {
        (Link::Down { why, .. }, _, _) => {
            let long = format!("  ! Connection lost: {why}. Messages will wait and go out.");
            let text = if crate::text::display_width(&long) <= usize::from(area.width) {
                long
            } else {
                format!("  ! Connection lost: {why}")
            };
            Span::styled(
                crate::text::truncate_to_width(&text, usize::from(area.width)),
                theme.warning(),
            )
        }
        (Link::Up, Some(t), _) => Span::styled(format!("  {} is typing…", t.name), theme.muted()),
        (Link::Up, None, Some(notice)) => Span::styled(format!("  ! {notice}"), theme.warning()),
        (Link::Up, None, None) => return,
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn render_ended(keymap: &Keymap, theme: &Theme, area: Rect, frame: &mut Frame) {
    frame.render_widget(
        Paragraph::new(vec![
            Line::default(),
            Line::from(Span::styled(
                format!(
                    "  Chat ended — press {} to return to Home",
                    keymap.label(Mode::Ended, Action::BackHome)
                ),
                theme.label(),
            )),
        ]),
        area,
    );
}

fn render_attach(
    path: &crate::app::Composer,
    completions: &[String],
    keymap: &Keymap,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
) {
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(
            format!(
                " › Attach a file ({} uploads · {} completes · {} cancels) ",
                keymap.label(Mode::Attach, Action::ConfirmAttach),
                keymap.label(Mode::PathField, Action::CompletePath),
                keymap.label(Mode::Attach, Action::Cancel)
            ),
            theme.label(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let label = "Path ";
    let width = usize::from(inner.width).saturating_sub(label.len() + 1);
    let (value, col) = input_spans(path, width, "~/Pictures/photo.png", theme);
    let mut spans = vec![Span::styled(label, theme.label())];
    spans.extend(value);
    let mut lines = vec![Line::from(spans)];
    if !completions.is_empty() {
        let mut shown: Vec<String> = completions.iter().take(MAX_COMPLETIONS).cloned().collect();
        if completions.len() > MAX_COMPLETIONS {
            shown.push(format!("+{} more", completions.len() - MAX_COMPLETIONS));
        }
        lines.push(Line::from(Span::styled(shown.join("  "), theme.muted())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position(Position::new(
        (inner.x + (label.len() + col) as u16).min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}

fn render_form(form: &FormState, keymap: &Keymap, theme: &Theme, area: Rect, frame: &mut Frame) {
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {} ", form.title), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let focus = form.focus();
    let send_row = match &form.kind {
        FormKind::Survey {
            rating,
            resolved,
            comment,
        } => {
            let [rating_row, resolved_row, comment_box, send_row] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(3),
                Constraint::Length(1),
            ])
            .areas(inner);
            let mut spans = vec![
                marker(focus == FormFocus::Rating),
                label_span("Rating", focus == FormFocus::Rating, theme),
            ];
            for n in 1..=5u8 {
                let text = if *rating == Some(n) {
                    format!("[{n}]")
                } else {
                    format!(" {n} ")
                };
                let style = if *rating == Some(n) {
                    theme.focused()
                } else {
                    theme.label()
                };
                spans.push(Span::styled(text, style));
                spans.push(Span::raw(" "));
            }
            let said = match rating {
                Some(n) => format!(" {n} of 5"),
                None => " not rated yet".to_string(),
            };
            spans.push(Span::styled(said, theme.muted()));
            frame.render_widget(Paragraph::new(Line::from(spans)), rating_row);

            let check = |on: bool| if on { "[x]" } else { "[ ]" };
            let spans = vec![
                marker(focus == FormFocus::Resolved),
                label_span("Resolved?", focus == FormFocus::Resolved, theme),
                Span::styled(
                    format!(
                        "{} yes  {} no",
                        check(*resolved == Some(true)),
                        check(*resolved == Some(false))
                    ),
                    theme.label(),
                ),
                Span::styled("   Space, y or n", theme.muted()),
            ];
            frame.render_widget(Paragraph::new(Line::from(spans)), resolved_row);
            text_box(
                comment,
                "Comment (optional)",
                focus == FormFocus::Comment,
                "Anything to add?",
                theme,
                comment_box,
                frame,
            );
            send_row
        }
        FormKind::Generic { text } => {
            let [text_area, send_row] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(inner);
            // A secure form's answer (a card number, ...) never shows on screen.
            let masked;
            let (text, label) = if form.secure {
                let mut m = crate::app::Composer::multi_line();
                m.set_text(&"•".repeat(text.text().chars().count()));
                masked = m;
                (&masked, "Your answer (hidden as you type)")
            } else {
                (text, "Your answer")
            };
            text_box(
                text,
                label,
                focus == FormFocus::Text,
                "Type your answer",
                theme,
                text_area,
                frame,
            );
            send_row
        }
    };
    let mut spans = button("Send", focus == FormFocus::Send, theme);
    match &form.progress {
        FormProgress::Filling => spans.push(Span::styled(
            format!(
                "   {} sends · {} skips",
                keymap.label(Mode::Survey, Action::SubmitForm),
                keymap.label(Mode::Survey, Action::CancelForm)
            ),
            theme.muted(),
        )),
        FormProgress::Sending => spans.push(Span::styled("   Sending…", theme.muted())),
        FormProgress::Sent => spans.push(Span::styled("   ✓ Sent", theme.good())),
        FormProgress::Failed(why) => spans.push(Span::styled(
            format!(
                "   ✗ Not sent: {why} — {} tries again",
                keymap.label(Mode::Survey, Action::SubmitForm)
            ),
            theme.error(),
        )),
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), send_row);
}

fn label_span(label: &str, focused: bool, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!("{label:<12}"),
        if focused {
            theme.focused()
        } else {
            theme.label()
        },
    )
}
