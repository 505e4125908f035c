//! Export formats: JSON round-trips, Markdown and plain text hold each message once, in order,
//! with names and times; nothing unsanitised gets out.

use super::*;
use crate::app::transcript::{Delivery, Entry, EntryKind, Sender};
use pretty_assertions::assert_eq;

/// 2023-11-14 22:13:20 UTC.
const T0: i64 = 1_700_000_000_000;

fn entry(id: u64, minutes: i64, kind: EntryKind) -> Entry {
    Entry {
        id,
        revision: 0,
        time_ms: T0 + minutes * 60_000,
        kind,
    }
}

fn sample() -> Vec<Entry> {
    vec![
        entry(
            1,
            0,
            EntryKind::System("Anna Lee has joined the chat".into()),
        ),
        entry(
            2,
            1,
            EntryKind::Message {
                sender: Sender::Customer("Ada".into()),
                text: "Hello\nsecond line".into(),
                delivery: Delivery::Sent,
            },
        ),
        entry(
            3,
            2,
            EntryKind::Message {
                sender: Sender::Agent("Anna Lee".into()),
                text: "Hi x\u{1b}]52;c;AAAA\u{7}y".into(),
                delivery: Delivery::Received,
            },
        ),
        entry(
            4,
            3,
            EntryKind::File {
                sender: Sender::Agent("Anna Lee".into()),
                name: "label.png".into(),
                image: true,
            },
        ),
    ]
}

#[test]
fn json_round_trips() {
    let exported = entries(&sample());
    let json = render(&exported, Format::Json, 0);
    assert_eq!(parse_json(&json).expect("parses"), exported);
    assert_eq!(exported[1].from, From::Customer);
    assert_eq!(exported[3].text, "[image] label.png");
}

#[test]
fn markdown_and_plain_hold_each_message_once_in_order_with_names_and_times() {
    let exported = entries(&sample());
    for format in [Format::Markdown, Format::Plain] {
        let out = render(&exported, format, 3600);
        let mut at = 0;
        for needle in [
            "Anna Lee has joined",
            "Hello",
            "second line",
            "Hi ",
            "label.png",
        ] {
            let found = out[at..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} after {at} in {format:?}:\n{out}"));
            at += found + needle.len();
        }
        for (name, time) in [
            ("Ada", "23:14"),
            ("Anna Lee", "23:15"),
            ("Anna Lee", "23:16"),
        ] {
            assert!(
                out.lines().any(|l| l.contains(name) && l.contains(time)),
                "{name} at {time} in {format:?}:\n{out}"
            );
        }
        assert_eq!(out.matches("Hello").count(), 1, "{out}");
        assert_eq!(out.matches("label.png").count(), 1, "{out}");
    }
}

#[test]
fn nothing_unsanitised_reaches_the_file() {
    let exported = entries(&sample());
    for format in [Format::Markdown, Format::Plain, Format::Json] {
        let out = render(&exported, format, 0);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format:?}: {out:?}"
        );
    }
}

#[test]
fn format_follows_the_extension_and_the_default_name_is_dated() {
    use std::path::Path;
    assert_eq!(Format::from_path(Path::new("a.JSON")), Format::Json);
    assert_eq!(Format::from_path(Path::new("a.txt")), Format::Plain);
    assert_eq!(Format::from_path(Path::new("a.md")), Format::Markdown);
    assert_eq!(Format::from_path(Path::new("a")), Format::Markdown);
    assert_eq!(default_file_name(T0, 3600), "chat-2023-11-14-2313.md");
}

#[test]
fn plain_text_sample() {
    let out = render(&entries(&sample()), Format::Plain, 0);
    assert_eq!(
        out,
        "[22:13] — Anna Lee has joined the chat\n\
         [22:14] Ada: Hello\n        second line\n\
         [22:15] Anna Lee: Hi x\u{fffd}]52;c;AAAA\u{fffd}y\n\
         [22:16] Anna Lee: [image] label.png\n"
    );
}

#[test]
fn a_quick_reply_set_exports_its_text_its_buttons_and_the_choice() {
    let replies = crate::app::transcript::QuickReplies {
        intro: Some("Did that help?".into()),
        layout: crate::app::transcript::ButtonLayout::Row,
        labels: vec!["Yes".into(), "No".into()],
    };
    let kind = |chosen| EntryKind::Buttons {
        sender: Sender::Agent("Anna Lee".into()),
        replies: Box::new(replies.clone()),
        chosen,
    };
    let out = entries(&[entry(1, 0, kind(None)), entry(2, 1, kind(Some(1)))]);
    let texts: Vec<&str> = out.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Did that help?\n[Yes] [No]",
            "Did that help?\n[Yes] [No] (chosen: No)"
        ]
    );
    assert_eq!(out[0].name, "Anna Lee");
}
