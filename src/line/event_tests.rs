use super::*;
use pretty_assertions::assert_eq;

const HOSTILE: &str = "hi\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}[2J\u{7}\u{9b}31m there";

fn every_kind(text: &str) -> Vec<LineEvent> {
    vec![
        LineEvent::Message {
            from: text.into(),
            text: text.into(),
            time_ms: 1_700_000_000_000,
        },
        LineEvent::Joined {
            who: text.into(),
            time_ms: 0,
        },
        LineEvent::Left {
            who: text.into(),
            time_ms: 0,
        },
        LineEvent::Typing { who: text.into() },
        LineEvent::status(text),
        LineEvent::Queue {
            text: text.into(),
            wait_secs: Some(90),
        },
        LineEvent::File {
            from: text.into(),
            name: text.into(),
            number: Some(1),
            time_ms: 0,
        },
        LineEvent::Form {
            form: text.into(),
            question: text.into(),
        },
        LineEvent::Prompt {
            question: text.into(),
        },
        LineEvent::Ended { text: text.into() },
        LineEvent::error(text),
        LineEvent::notice(text),
    ]
}

#[test]
fn each_event_is_one_plain_line_with_a_speaker_or_a_marker() {
    let lines: Vec<String> = every_kind("Zelda Quill")
        .iter()
        .map(|e| render(e, Style::Plain { color: false }))
        .collect();
    assert_eq!(
        lines,
        [
            "Zelda Quill: Zelda Quill",
            "* Zelda Quill joined the chat",
            "* Zelda Quill left the chat",
            "* Zelda Quill is typing…",
            "* Zelda Quill",
            "* Zelda Quill",
            "* Zelda Quill sent a file: Zelda Quill — /save 1",
            "Zelda Quill",
            "Zelda Quill",
            "* Zelda Quill",
            "! Zelda Quill",
            "* Zelda Quill",
        ]
    );
}

#[test]
fn a_message_of_several_lines_is_printed_as_one() {
    let event = LineEvent::Message {
        from: "Anna Lee".into(),
        text: "First\n\nsecond\r\nthird".into(),
        time_ms: 0,
    };
    assert_eq!(
        render(&event, Style::Plain { color: false }),
        "Anna Lee: First / second / third"
    );
}

#[test]
fn json_lines_carry_a_type_and_the_fields() {
    let message = LineEvent::Message {
        from: "Anna Lee".into(),
        text: "Hello\nthere".into(),
        time_ms: 1_700_000_000_000,
    };
    let value: Value = serde_json::from_str(&render(&message, Style::Json)).expect("json");
    assert_eq!(
        value,
        json!({"type": "message", "from": "Anna Lee", "text": "Hello\nthere",
               "time": "2023-11-14T22:13:20Z"})
    );
    for event in every_kind("x") {
        let line = render(&event, Style::Json);
        assert!(!line.contains('\n'), "{line}");
        let value: Value = serde_json::from_str(&line).expect("json");
        assert_eq!(value["type"], event.kind(), "{line}");
    }
    let file = LineEvent::File {
        from: "Anna Lee".into(),
        name: "invoice.pdf".into(),
        number: Some(2),
        time_ms: 0,
    };
    let value: Value = serde_json::from_str(&render(&file, Style::Json)).expect("json");
    assert_eq!(value["name"], "invoice.pdf");
    assert_eq!(value["number"], 2);
}

#[test]
fn hostile_text_never_writes_an_escape_byte_a_bell_or_a_c1_control() {
    for style in [
        Style::Plain { color: false },
        Style::Plain { color: true },
        Style::Json,
    ] {
        for event in every_kind(HOSTILE) {
            let line = render(&event, style);
            let server_part = match style {
                // Our own colour codes are the only escapes allowed: strip them first.
                Style::Plain { color: true } => strip_sgr(&line),
                _ => line.clone(),
            };
            for bad in ['\u{1b}', '\u{7}', '\u{9b}'] {
                assert!(!server_part.contains(bad), "{style:?} {bad:?} in {line:?}");
            }
            // JSON may escape them as \u001b: the escape must not be there either.
            assert!(!line.contains("\\u001b"), "{line}");
        }
    }
}

#[test]
fn colour_only_when_asked() {
    let event = LineEvent::Typing {
        who: "Anna Lee".into(),
    };
    assert!(!render(&event, Style::Plain { color: false }).contains('\u{1b}'));
    let coloured = render(&event, Style::Plain { color: true });
    assert!(coloured.contains("\u{1b}["), "{coloured:?}");
    assert_eq!(strip_sgr(&coloured), "* Anna Lee is typing…");
}

/// The line without its SGR sequences (`ESC [ … m`).
fn strip_sgr(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
