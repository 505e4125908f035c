//! The Export dialog's view: a small centred box over the chat with the path field, the format
//! choice, where bare names go, the last failure, and the dialog's keys (from the keymap).
//!
//! Reads `app::ExportDialog`; owns no state. Drawn above the screen and below the overlays (help
//! can open over it).

use super::theme::Theme;
use super::widgets::{centered, input_spans, one_line_view};
use crate::app::ExportDialog;
use crate::app::keymap::{Keymap, Mode};
use crate::app::transcript::export::Format;
use crate::app::wrap::wrap_lines;
use crate::text::{display_width, sanitize_line, truncate_to_width};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

/// The label before the path field.
const FILE_LABEL: &str = "File ";
const FORMAT_LABEL: &str = "Format ";
/// The most rows a failure's reason takes.
const MAX_REASON_ROWS: usize = 3;
/// The widest the box grows (a full default path fits at 80 columns).
const MAX_WIDTH: u16 = 90;

pub fn render(
    dialog: &ExportDialog,
    keymap: &Keymap,
    on_top: bool,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
) {
    let width = area.width.saturating_sub(2).min(MAX_WIDTH);
    // Borders and padding: 2 cells each side.
    let text_width = usize::from(width.saturating_sub(4)).max(1);
    let mut lines = body(dialog, keymap, theme, text_width, false);
    if lines.len() + 2 > usize::from(area.height) {
        lines = body(dialog, keymap, theme, text_width, true);
    }
    let spot = centered(area, width, (lines.len() as u16).saturating_add(2));
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(" Export transcript ", theme.title()))
        .padding(Padding::horizontal(1));
    let inner = block.inner(spot);
    frame.render_widget(Clear, spot);
    frame.render_widget(Paragraph::new(lines).block(block), spot);
    // The field is the first row; above it, an open help or question keeps the cursor.
    if on_top && !inner.is_empty() {
        let field_width = usize::from(inner.width).saturating_sub(FILE_LABEL.len());
        let (_, col) = one_line_view(dialog.field(), field_width);
        let x = inner.x + (FILE_LABEL.len() + col) as u16;
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            inner.y,
        ));
    }
}

/// The box's rows at `width` cells: long texts are wrapped here, so the box's height is exactly
/// the row count. `compact` (a short terminal) drops the spacing rows and keeps the note on
/// where bare names go to one row, so the keys row still shows.
fn body(
    dialog: &ExportDialog,
    keymap: &Keymap,
    theme: &Theme,
    width: usize,
    compact: bool,
) -> Vec<Line<'static>> {
    let field_width = width.saturating_sub(FILE_LABEL.len());
    let (field, _) = input_spans(dialog.field(), field_width, "chat.md", theme);
    let mut file = vec![Span::styled(FILE_LABEL, theme.label())];
    file.extend(field);

    // The choices, packed on as few rows as fit (two at the narrowest).
    let mut format_rows = vec![vec![Span::styled(FORMAT_LABEL, theme.label())]];
    let mut used = FORMAT_LABEL.len();
    for format in Format::ALL {
        let chosen = format == dialog.format();
        // The choice is marked, never shown by colour alone.
        let (mark, style) = if chosen {
            ("(•) ", theme.focused())
        } else {
            ("( ) ", theme.label())
        };
        let text = format!("{mark}{}", format.label());
        let cost = display_width(&text);
        if used + cost > width && used > FORMAT_LABEL.len() {
            format_rows.push(vec![Span::raw(" ".repeat(FORMAT_LABEL.len()))]);
            used = FORMAT_LABEL.len();
        }
        used += cost + 2;
        if let Some(row) = format_rows.last_mut() {
            row.push(Span::styled(text, style));
            row.push(Span::raw("  "));
        }
    }

    let where_to = match dialog.dir() {
        Some(dir) => format!(
            "A bare name is saved in {}",
            sanitize_line(&dir.display().to_string())
        ),
        None => "No data folder is known: type a full path (/… or ~/…)".to_string(),
    };

    let mut keys = Vec::new();
    for binding in keymap.bindings_of(Mode::Export).filter(|b| b.footer) {
        if !keys.is_empty() {
            keys.push(Span::raw("   "));
        }
        keys.push(Span::styled(binding.key.to_string(), theme.key()));
        keys.push(Span::styled(
            format!(" {}", binding.action.hint()),
            theme.muted(),
        ));
    }

    let where_rows = if compact {
        vec![truncate_to_width(&where_to, width)]
    } else {
        wrap_lines(&where_to, width)
    };
    let mut lines = vec![Line::from(file)];
    lines.extend(format_rows.into_iter().map(Line::from));
    if !compact {
        lines.push(Line::default());
    }
    lines.extend(
        where_rows
            .into_iter()
            .map(|row| Line::from(Span::styled(row, theme.muted()))),
    );
    // The failure or the save in flight; an empty row otherwise, so the box keeps its size.
    let status = if dialog.is_saving() {
        Some(("Saving…".to_string(), theme.muted()))
    } else {
        dialog.error().map(|why| {
            (
                format!("✗ Not saved: {}", sanitize_line(why)),
                theme.error(),
            )
        })
    };
    match status {
        Some((text, style)) => lines.extend(
            capped_rows(&text, width, if compact { 1 } else { MAX_REASON_ROWS })
                .into_iter()
                .map(|row| Line::from(Span::styled(row, style))),
        ),
        None => lines.push(Line::default()),
    }
    if !compact {
        lines.push(Line::default());
    }
    lines.push(Line::from(keys));
    lines
}

/// `text` wrapped at `width`, at most `max` rows, the last ending in `…` when cut (a reason
/// naming a huge path must not push the field off the box).
fn capped_rows(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut rows = wrap_lines(text, width);
    if rows.len() > max {
        rows.truncate(max);
        if let Some(last) = rows.last_mut() {
            *last = truncate_to_width(&format!("{last}…"), width);
            if !last.ends_with('…') {
                last.pop();
                last.push('…');
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use crate::app::test_support::*;
    use crate::app::{App, Msg};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyCode;

    fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
        app.update(Msg::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        terminal.draw(|f| super::super::draw(app, f)).expect("draw");
        terminal
    }

    fn dialog_app() -> App {
        let mut app = connected_app();
        app.update(events(vec![agent_says(
            "a1",
            "Your printer needs a new drum.",
        )]));
        app.update(key(KeyCode::F(3)));
        app
    }

    #[test]
    fn the_dialog_over_a_chat() {
        let mut app = dialog_app();
        insta::assert_snapshot!("export_dialog_80x24", render(&mut app, 80, 24).backend());
    }

    #[test]
    fn the_dialog_after_a_failure_with_json_chosen() {
        let mut app = dialog_app();
        app.update(key(KeyCode::Tab));
        app.update(key(KeyCode::Tab));
        app.update(key(KeyCode::Enter));
        app.update(Msg::TranscriptExported(Err(
            "a file with that name already exists (choose another name)".to_string(),
        )));
        insta::assert_snapshot!(
            "export_dialog_failed_80x24",
            render(&mut app, 80, 24).backend()
        );
    }

    #[test]
    fn the_dialog_at_the_smallest_size_keeps_every_row() {
        let mut app = dialog_app();
        app.update(key(KeyCode::Enter));
        insta::assert_snapshot!(
            "export_dialog_saving_40x12",
            render(&mut app, 40, 12).backend()
        );
    }

    #[test]
    fn the_cursor_sits_at_the_end_of_the_path() {
        let mut app = dialog_app();
        let mut terminal = render(&mut app, 80, 24);
        let at = terminal.get_cursor_position().expect("cursor");
        let row: String = (0..80)
            .map(|x| terminal.backend().buffer()[(x, at.y)].symbol().to_string())
            .collect();
        assert!(row.contains("File /home/sam/"), "{row}");
        // Right after the last character of the path.
        let before: String = (0..at.x)
            .map(|x| terminal.backend().buffer()[(x, at.y)].symbol().to_string())
            .collect();
        assert!(before.ends_with("-2213.md"), "{before:?}");
    }
}
