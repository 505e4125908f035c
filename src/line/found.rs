//! `/search WORD`: the messages of this chat that contain a word, as lines.
//!
//! The transcript's own search answers (`Transcript::search`: the same folded copy and the same
//! comparison as the full screen's `Ctrl-F`, case and accents ignored); this only says what it
//! found, the newest [`MAX_SHOWN`] at most, oldest first, under a line that counts them.

use super::event::LineEvent;
use crate::app::App;
use crate::app::transcript::{EntryKind, Sender};
use crate::text::sanitize_line;

/// The most matches printed for one search (the count says how many there are).
pub const MAX_SHOWN: usize = 20;

/// The lines `/search query` prints.
pub fn search_lines(app: &App, query: &str) -> Vec<LineEvent> {
    let Some(chat) = app.screen().chat() else {
        return vec![LineEvent::error(
            "There is no chat to search yet: /search works in a chat.",
        )];
    };
    let transcript = chat.transcript();
    let found = transcript.search(query);
    let word = sanitize_line(query.trim());
    if found.is_empty() {
        return vec![LineEvent::notice(format!("No message contains “{word}”."))];
    }
    let shown = &found[found.len().saturating_sub(MAX_SHOWN)..];
    let heading = match (found.len(), shown.len()) {
        (1, _) => format!("1 message contains “{word}”:"),
        (all, n) if n == all => format!("{all} messages contain “{word}”:"),
        (all, n) => format!("{all} messages contain “{word}”; the newest {n}:"),
    };
    let mut out = vec![LineEvent::notice(heading)];
    let entries = transcript.entries();
    for &index in shown {
        let Some(entry) = entries.get(index) else {
            continue;
        };
        let from = match &entry.kind {
            EntryKind::Message { sender, .. }
            | EntryKind::File { sender, .. }
            | EntryKind::Buttons { sender, .. } => sender_name(sender),
            EntryKind::Upload { sender, .. } => sender.clone(),
            EntryKind::System(_) | EntryKind::Warning(_) | EntryKind::Error(_) => String::new(),
        };
        out.push(LineEvent::Found {
            from,
            text: entry.kind.plain_text().into_owned(),
            time_ms: entry.time_ms,
        });
    }
    out
}

fn sender_name(sender: &Sender) -> String {
    sender.name().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::test_support::{agent_says, connected_app, events};
    use crate::line::event::{Style, render};

    fn plain(lines: &[LineEvent]) -> Vec<String> {
        lines
            .iter()
            .map(|l| render(l, Style::Plain { color: false }))
            .collect()
    }

    #[test]
    fn the_matches_are_counted_and_listed_oldest_first_accents_ignored() {
        let mut app = connected_app();
        app.update(events(vec![
            agent_says("a1", "Your crème brûlée is on its way"),
            agent_says("a2", "Nothing to see"),
            agent_says("a3", "Another CREME for you"),
        ]));
        let lines = plain(&search_lines(&app, "creme"));
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0], "* 2 messages contain “creme”:");
        assert!(
            lines[1].ends_with("Your crème brûlée is on its way"),
            "{lines:?}"
        );
        assert!(lines[2].ends_with("Another CREME for you"), "{lines:?}");
        assert_eq!(
            plain(&search_lines(&app, "refund")),
            vec!["* No message contains “refund”."]
        );
    }

    #[test]
    fn only_the_newest_are_shown_and_the_count_says_so() {
        let mut app = connected_app();
        app.update(events(
            (0..30)
                .map(|i| agent_says(&format!("a{i}"), &format!("order {i}")))
                .collect(),
        ));
        let lines = plain(&search_lines(&app, "order"));
        assert_eq!(lines.len(), 1 + MAX_SHOWN);
        assert_eq!(lines[0], "* 30 messages contain “order”; the newest 20:");
        assert!(lines[MAX_SHOWN].ends_with("order 29"), "{lines:?}");
    }

    #[test]
    fn a_hostile_query_and_no_chat_are_sentences_without_escapes() {
        let app = crate::app::test_support::home_app();
        let lines = plain(&search_lines(&app, "x"));
        assert_eq!(
            lines,
            vec!["! There is no chat to search yet: /search works in a chat."]
        );
        let app = connected_app();
        let lines = plain(&search_lines(&app, "\u{1b}]52;c;aGk=\u{7}"));
        assert!(
            lines
                .iter()
                .all(|l| !l.contains('\u{1b}') && !l.contains('\u{7}')),
            "{lines:?}"
        );
    }
}
