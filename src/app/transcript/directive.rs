//! Quick replies: the `/buttons` and `/buttons-column` chat directives (Bright Pattern help,
//! "Chat directives"), parsed from an agent's message text.
//!
//! `Did that help? /buttons [Yes, please] [No]`: the text before the directive (if any) is the
//! message, each bracketed label a button. Owns the grammar only ([`parse`]); drawing the
//! buttons is `layout.rs`, choosing one is `chat`. Anything that does not parse whole (no
//! brackets, an empty label, more than [`MAX_BUTTONS`], nested or unterminated brackets, words
//! between the brackets) is `None`: the message stays plain text and nothing is lost.

/// At most this many buttons (Alt-1 … Alt-9 reach them all).
pub const MAX_BUTTONS: usize = 9;

/// How the buttons are laid out: `/buttons` side by side, `/buttons-column` one under another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButtonLayout {
    Row,
    Column,
}

/// A parsed directive: the message before it and the buttons' labels (sanitised, one line each).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickReplies {
    pub intro: Option<String>,
    pub layout: ButtonLayout,
    pub labels: Vec<String>,
}

/// The directive in `text` (an agent's message, made plain), if it has one that parses whole.
/// The directive word must start the text or follow whitespace; what follows it must be only
/// bracketed labels and whitespace.
pub fn parse(text: &str) -> Option<QuickReplies> {
    let text = text.trim_end();
    // From the end: the directive closes the message. A few candidates at most, so a message
    // of many "/buttons" words costs a few scans of it, not one per word.
    let candidates = text
        .rmatch_indices("/buttons")
        .map(|(start, _)| start)
        .filter(|&start| {
            text[..start]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
        })
        .take(MAX_CANDIDATES);
    for start in candidates {
        let word = &text[start..];
        let (layout, rest) = match word.strip_prefix("/buttons-column") {
            Some(rest) => (ButtonLayout::Column, rest),
            None => (ButtonLayout::Row, &word["/buttons".len()..]),
        };
        if !rest.starts_with(|c: char| c == '[' || c.is_whitespace()) {
            continue;
        }
        if let Some(labels) = labels(rest) {
            let intro = text[..start].trim();
            return Some(QuickReplies {
                intro: (!intro.is_empty()).then(|| intro.to_string()),
                layout,
                labels,
            });
        }
    }
    None
}

/// How many "/buttons" words, from the end, are tried as the directive.
const MAX_CANDIDATES: usize = 4;

/// `[a] [b] …` and nothing else: the labels, each trimmed and sanitised, 1 to [`MAX_BUTTONS`].
fn labels(mut rest: &str) -> Option<Vec<String>> {
    let mut labels = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let inner = rest.strip_prefix('[')?;
        let end = inner.find(']')?;
        let label = &inner[..end];
        if label.contains('[') {
            return None;
        }
        let label = crate::text::sanitize_line(label).trim().to_string();
        if label.is_empty() || labels.len() == MAX_BUTTONS {
            return None;
        }
        labels.push(label);
        rest = &inner[end + 1..];
    }
    (!labels.is_empty()).then_some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn row(intro: Option<&str>, labels: &[&str]) -> Option<QuickReplies> {
        Some(QuickReplies {
            intro: intro.map(str::to_string),
            layout: ButtonLayout::Row,
            labels: labels.iter().map(|l| l.to_string()).collect(),
        })
    }

    #[test]
    fn a_row_of_labels_parses_with_commas_kept() {
        assert_eq!(
            parse("/buttons [Yes, please] [No] [Not sure]"),
            row(None, &["Yes, please", "No", "Not sure"])
        );
    }

    #[test]
    fn text_before_the_directive_is_the_message() {
        assert_eq!(
            parse("Did that help? /buttons [Yes] [No]\n"),
            row(Some("Did that help?"), &["Yes", "No"])
        );
        assert_eq!(
            parse("Pick one:\n/buttons[A][B]"),
            row(Some("Pick one:"), &["A", "B"])
        );
    }

    #[test]
    fn a_column_parses() {
        assert_eq!(
            parse("/buttons-column [Red] [Blue]"),
            Some(QuickReplies {
                intro: None,
                layout: ButtonLayout::Column,
                labels: vec!["Red".into(), "Blue".into()],
            })
        );
    }

    #[test]
    fn labels_are_trimmed_and_sanitised() {
        assert_eq!(
            parse("/buttons [  Yes  ] [N\u{1b}o\u{7}] [\u{202e}Left] [\u{1b}]"),
            // Control and bidi characters show as a replacement mark, never as themselves.
            row(
                None,
                &["Yes", "N\u{fffd}o\u{fffd}", "\u{fffd}Left", "\u{fffd}"]
            )
        );
    }

    #[test]
    fn malformed_directives_stay_text() {
        for text in [
            "/buttons and no brackets",
            "/buttons",
            "/buttons []",
            "/buttons [ ] [No]",
            "/buttons [Yes] or [No]",
            "/buttons [Yes] [No",
            "/buttons [Yes]]",
            "/buttons [a [b] c]",
            "/buttons [[a]]",
            "/buttons [a] [b] [c] [d] [e] [f] [g] [h] [i] [j]",
            "/buttonsy [A]",
            "/buttons-row [A]",
            "see/buttons [A]",
            "/buttons [A\u{1b}[31mB]",
            "just text",
            "",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn nine_labels_are_the_most() {
        let nine = "/buttons [a] [b] [c] [d] [e] [f] [g] [h] [i]";
        assert_eq!(parse(nine).map(|q| q.labels.len()), Some(9));
    }

    #[test]
    fn a_later_directive_that_parses_wins_over_an_earlier_mention() {
        assert_eq!(
            parse("Type /buttons to see them. /buttons [OK]"),
            row(Some("Type /buttons to see them."), &["OK"])
        );
    }

    #[test]
    fn html_made_plain_parses() {
        let plain = crate::text::sanitize(&crate::text::html_to_text(
            "<p>/buttons [Fish &amp; chips] [<b>No</b>]</p>",
        ));
        assert_eq!(parse(&plain), row(None, &["Fish & chips", "No"]));
    }

    #[test]
    fn huge_hostile_input_is_refused_quickly() {
        let text = format!("/buttons {}", "[".repeat(200_000));
        assert_eq!(parse(&text), None);
        let text = "/buttons [x ".repeat(20_000);
        assert_eq!(parse(&text), None);
    }
}
