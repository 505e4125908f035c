//! Draws the case history view (`app::views::HistoryView`): a box over the screen with each
//! earlier chat under its date. Reads the view; owns no state. Lines wrap to the box, and the
//! view's scroll offset is the first line shown.

use super::theme::Theme;
use super::widgets::centered;
use crate::app::keymap::{Action, Keymap, Mode};
use crate::app::views::{HistoryLine, HistoryState, HistoryView};
use crate::app::wrap::wrap_lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// The widest the box grows.
const MAX_WIDTH: u16 = 90;

pub fn render(view: &HistoryView, keymap: &Keymap, theme: &Theme, area: Rect, frame: &mut Frame) {
    let spot = centered(
        area,
        area.width.saturating_sub(4).min(MAX_WIDTH),
        area.height.saturating_sub(2),
    );
    let key = |action| keymap.label(Mode::History, action);
    let title = format!(
        " Case {} — {} closes · {}/{} scroll ",
        view.case_id(),
        key(Action::CloseHistory),
        key(Action::ScrollUp),
        key(Action::ScrollDown)
    );
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(spot);
    let width = usize::from(inner.width).max(1);
    let lines = match view.state() {
        HistoryState::Loading => vec![Line::styled("Getting the case history…", theme.label())],
        HistoryState::Failed(why) => sentence(why, width, theme),
        HistoryState::Ready(lines) if lines.is_empty() => {
            sentence("No earlier conversations in this case.", width, theme)
        }
        HistoryState::Ready(lines) => lines
            .iter()
            .skip(view.scroll_offset())
            .flat_map(|line| rows(line, width, theme))
            .take(usize::from(inner.height))
            .collect(),
    };
    frame.render_widget(Clear, spot);
    frame.render_widget(Paragraph::new(lines).block(block), spot);
}

fn sentence(text: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    wrap_lines(text, width)
        .into_iter()
        .map(|row| Line::styled(row, theme.label()))
        .collect()
}

/// One history line as the rows it takes at `width`.
fn rows(line: &HistoryLine, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    match line {
        HistoryLine::Session(heading) => wrap_lines(heading, width)
            .into_iter()
            .map(|row| Line::styled(row, theme.title()))
            .collect(),
        HistoryLine::Message { time, from, text } => {
            let head = match (time.is_empty(), from.is_empty()) {
                (true, true) => String::new(),
                (true, false) => format!("{from}: "),
                (false, true) => format!("{time} "),
                (false, false) => format!("{time} {from}: "),
            };
            let mut rows = wrap_lines(&format!("{head}{text}"), width).into_iter();
            let first = rows.next().unwrap_or_default();
            // The time and name stand out on the first row; the text follows as written.
            let lead_len = head.trim_end().len();
            let split = if first.starts_with(head.trim_end()) {
                lead_len
            } else {
                0
            };
            let (lead, rest) = first.split_at(split);
            let mut out = vec![Line::from(vec![
                Span::styled(lead.to_string(), theme.key()),
                Span::raw(rest.to_string()),
            ])];
            out.extend(rows.map(Line::from));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::test_support::*;
    use crate::app::{App, Msg};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyCode;
    use serde_json::json;

    /// A chat linked to a case, its history open with one earlier chat of Anna's.
    fn history_app(answer: serde_json::Value) -> App {
        let mut app = connected_app();
        app.update(events(vec![ev(
            json!({"event": "chat_session_case_set", "case_id": "CASE-1042"}),
        )]));
        app.update(key(KeyCode::F(4)));
        let history = serde_json::from_value(answer).expect("a case history");
        app.update(Msg::CaseHistoryFetched(Ok(history)));
        app
    }

    fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
        app.update(Msg::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        terminal.draw(|f| crate::ui::draw(app, f)).expect("draw");
        terminal
    }

    #[test]
    fn the_case_history_lists_earlier_chats_under_their_dates() {
        let mut app = history_app(json!({"sessions": [
            {"chat_id": "old-1", "created_time": T0 - 86_400_000, "events": [
                {"event": "chat_session_party_joined", "party_id": "a9",
                 "display_name": "Anna Lee", "type": "internal", "timestamp": T0 - 86_400_000},
                {"event": "chat_session_message", "msg_id": "m1", "party_id": "a9",
                 "msg": "Your order SO-12345678 ships today; here is a long line that wraps inside the box as a reader expects.",
                 "timestamp": T0 - 86_340_000},
                {"event": "chat_session_message", "msg_id": "m2", "party_id": "old-1",
                 "msg": "Thanks!", "timestamp": T0 - 86_300_000}
            ]}
        ]}));
        insta::assert_snapshot!("case_history_80x24", render(&mut app, 80, 24).backend());
    }

    #[test]
    fn no_earlier_chat_and_hostile_text_are_drawn_as_words() {
        let mut app = history_app(json!({"sessions": []}));
        let text = format!("{:?}", render(&mut app, 60, 16).backend());
        assert!(
            text.contains("No earlier conversations in this case."),
            "{text}"
        );
        let mut app = history_app(json!({"sessions": [{"chat_id": "o", "events": [
            {"event": "chat_session_message", "msg_id": "m", "party_id": "x",
             "msg": "\u{1b}]0;owned\u{7}\u{1b}[2Jhi\u{9b}31m"}]}]}));
        let terminal = render(&mut app, 60, 16);
        for cell in terminal.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "a control character reached the screen"
            );
        }
    }
}
