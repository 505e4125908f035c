//! What line mode prints: one [`LineEvent`] per thing that happened or is asked, and its two
//! spellings, a plain line (`Anna Lee: Hello`) or a JSON object (`--json`).
//!
//! The last sink before the terminal or the pipe: every string is sanitised here once more
//! (the app's state is sanitised where it entered; this guards whatever a later change adds),
//! so no escape byte from the server is ever written. Colour only when asked (`--color
//! always`), as SGR sequences around our own words, never inside server text.

use crate::text::{sanitize, sanitize_line};
use ratatui::crossterm::style::Stylize;
use serde_json::{Value, json};

/// One printed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineEvent {
    /// A message from someone else (the customer's own are not echoed, except those of a
    /// rejoined chat's history).
    Message {
        from: String,
        text: String,
        time_ms: i64,
    },
    Joined {
        who: String,
        time_ms: i64,
    },
    Left {
        who: String,
        time_ms: i64,
    },
    /// A message that `/search` found (an earlier one, not news).
    Found {
        from: String,
        text: String,
        time_ms: i64,
    },
    /// Once per typing episode.
    Typing {
        who: String,
    },
    /// Where the chat stands (requesting, connecting, reconnecting, availability).
    Status {
        text: String,
    },
    /// Waiting in the queue.
    Queue {
        text: String,
        wait_secs: Option<u64>,
    },
    /// A file in the chat; `number` is what `/save N` takes (`None`: the customer's own).
    File {
        from: String,
        name: String,
        number: Option<usize>,
        time_ms: i64,
    },
    /// A field of a form (the survey) asked as a question.
    Form {
        form: String,
        question: String,
    },
    /// Any other question (a setting, the pre-chat form, a y/n question).
    Prompt {
        question: String,
    },
    /// The chat is over.
    Ended {
        text: String,
    },
    Error {
        text: String,
    },
    /// Anything else worth a line; `urgent` for warnings (inactivity).
    Notice {
        text: String,
        urgent: bool,
    },
}

impl LineEvent {
    pub fn notice(text: impl Into<String>) -> Self {
        LineEvent::Notice {
            text: text.into(),
            urgent: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        LineEvent::Error { text: text.into() }
    }

    pub fn status(text: impl Into<String>) -> Self {
        LineEvent::Status { text: text.into() }
    }

    /// The JSON `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            LineEvent::Message { .. } => "message",
            LineEvent::Joined { .. } => "joined",
            LineEvent::Left { .. } => "left",
            LineEvent::Found { .. } => "found",
            LineEvent::Typing { .. } => "typing",
            LineEvent::Status { .. } => "status",
            LineEvent::Queue { .. } => "queue",
            LineEvent::File { .. } => "file",
            LineEvent::Form { .. } => "form",
            LineEvent::Prompt { .. } => "prompt",
            LineEvent::Ended { .. } => "ended",
            LineEvent::Error { .. } => "error",
            LineEvent::Notice { .. } => "notice",
        }
    }
}

/// How lines are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain { color: bool },
    Json,
}

/// The event as one line (no newline at the end).
pub fn render(event: &LineEvent, style: Style) -> String {
    match style {
        Style::Plain { color } => plain(event, color),
        Style::Json => json_line(event),
    }
}

/// Text of several lines as one: the lines joined with " / ".
fn one_line(text: &str) -> String {
    sanitize(text)
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

fn plain(event: &LineEvent, color: bool) -> String {
    let name = |n: &str| {
        let n = sanitize_line(n);
        if color {
            n.bold().cyan().to_string()
        } else {
            n
        }
    };
    let marked = |mark: &str, text: String| {
        if color {
            format!("{} {text}", mark.dark_grey())
        } else {
            format!("{mark} {text}")
        }
    };
    match event {
        LineEvent::Message { from, text, .. } => format!("{}: {}", name(from), one_line(text)),
        LineEvent::Found { from, text, .. } if from.is_empty() => format!("  {}", one_line(text)),
        LineEvent::Found { from, text, .. } => format!("  {}: {}", name(from), one_line(text)),
        LineEvent::Joined { who, .. } => marked("*", format!("{} joined the chat", name(who))),
        LineEvent::Left { who, .. } => marked("*", format!("{} left the chat", name(who))),
        LineEvent::Typing { who } => marked("*", format!("{} is typing…", name(who))),
        LineEvent::Status { text } | LineEvent::Queue { text, .. } => {
            marked("*", sanitize_line(text))
        }
        LineEvent::File {
            from,
            name: file,
            number,
            ..
        } => {
            let file = sanitize_line(file);
            match number {
                Some(n) => marked(
                    "*",
                    format!("{} sent a file: {file} — /save {n}", name(from)),
                ),
                None => marked("*", format!("{} sent a file: {file}", name(from))),
            }
        }
        LineEvent::Form { question, .. } | LineEvent::Prompt { question } => {
            let q = sanitize_line(question);
            if color { q.bold().to_string() } else { q }
        }
        LineEvent::Ended { text } => marked("*", sanitize_line(text)),
        LineEvent::Error { text } => {
            let text = sanitize_line(text);
            if color {
                format!("{} {}", "!".red().bold(), text)
            } else {
                format!("! {text}")
            }
        }
        LineEvent::Notice { text, urgent } => {
            marked(if *urgent { "!" } else { "*" }, one_line(text))
        }
    }
}

/// A time as RFC 3339 in UTC (`2026-12-06T22:05:00Z`).
fn rfc3339(ms: i64) -> Value {
    chrono::DateTime::from_timestamp_millis(ms).map_or(Value::Null, |t| {
        Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    })
}

fn json_line(event: &LineEvent) -> String {
    let s = |t: &str| Value::String(sanitize(t));
    let mut object = match event {
        LineEvent::Message {
            from,
            text,
            time_ms,
        }
        | LineEvent::Found {
            from,
            text,
            time_ms,
        } => json!({"from": s(from), "text": s(text), "time": rfc3339(*time_ms)}),
        LineEvent::Joined { who, time_ms } | LineEvent::Left { who, time_ms } => {
            json!({"from": s(who), "time": rfc3339(*time_ms)})
        }
        LineEvent::Typing { who } => json!({"from": s(who)}),
        LineEvent::Status { text } | LineEvent::Ended { text } | LineEvent::Error { text } => {
            json!({"text": s(text)})
        }
        LineEvent::Queue { text, wait_secs } => json!({"text": s(text), "wait_secs": wait_secs}),
        LineEvent::File {
            from,
            name,
            number,
            time_ms,
        } => json!({"from": s(from), "name": s(name), "number": number, "time": rfc3339(*time_ms)}),
        LineEvent::Form { form, question } => json!({"form": s(form), "question": s(question)}),
        LineEvent::Prompt { question } => json!({"question": s(question)}),
        LineEvent::Notice { text, urgent } => json!({"text": s(text), "urgent": urgent}),
    };
    if let Value::Object(map) = &mut object {
        map.insert("type".to_string(), Value::String(event.kind().to_string()));
    }
    object.to_string()
}

#[cfg(test)]
#[path = "event_tests.rs"]
mod tests;
