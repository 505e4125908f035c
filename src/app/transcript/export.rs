//! Transcript export: the chat as Markdown, plain text or JSON.
//!
//! Owns the pure formatting of transcript entries ([`ExportEntry`], [`render`]) and parsing the
//! JSON form back ([`parse_json`]). Every string passes `text::sanitize` on the way in, so a
//! saved transcript holds no escape sequence even if it is `cat` to a terminal later. Does not
//! own choosing the path (`app::export_dialog`) or writing the file (`runtime::export_file`:
//! create-new, 0600).

use super::{Entry, EntryKind, QuickReplies, Sender, UploadState, clock};
use crate::text;
use serde::{Deserialize, Serialize};

/// The file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Plain,
    Json,
}

impl Format {
    /// The format a file name asks for by its extension (`.json`, `.txt`; anything else is
    /// Markdown).
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("txt") => Format::Plain,
            Some(_) | None => Format::Markdown,
        }
    }

    /// Every format, in the order the export dialog offers them.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Plain, Format::Json];

    /// The file extension this format is saved with (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Plain => "txt",
            Format::Json => "json",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Plain => "Plain text",
            Format::Json => "JSON",
        }
    }

    /// The format whose extension `name` ends with (`.md`, `.txt`, `.json`, any case); `None`
    /// for any other ending (unlike [`Format::from_path`], which falls back to Markdown).
    pub fn from_known_extension(name: &str) -> Option<Format> {
        let (_, ext) = name.rsplit_once('.')?;
        Format::ALL
            .into_iter()
            .find(|f| ext.eq_ignore_ascii_case(f.extension()))
    }
}

/// Who an exported line is from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum From {
    Customer,
    Agent,
    System,
}

/// One line of an exported transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportEntry {
    /// UTC milliseconds.
    pub time_ms: i64,
    pub from: From,
    /// The sender's name; empty for system lines.
    pub name: String,
    pub text: String,
}

/// The transcript's entries as exported lines (upload progress and the like are summarised).
pub fn entries(transcript: &[Entry]) -> Vec<ExportEntry> {
    transcript
        .iter()
        .map(|e| {
            let sender = |s: &Sender| match s {
                Sender::Customer(n) => (From::Customer, n.to_string()),
                Sender::Agent(n) => (From::Agent, n.to_string()),
            };
            let (from, name, body) = match &e.kind {
                EntryKind::Message {
                    sender: s, text, ..
                } => {
                    let (from, name) = sender(s);
                    (from, name, text.clone())
                }
                EntryKind::File {
                    sender: s,
                    name: file,
                    image,
                } => {
                    let (from, name) = sender(s);
                    let what = if *image { "image" } else { "file" };
                    (from, name, format!("[{what}] {file}"))
                }
                EntryKind::Upload { name, state, .. } => {
                    let how = match state {
                        UploadState::Done => "sent".to_string(),
                        UploadState::Failed(why) => format!("failed: {why}"),
                        UploadState::Waiting | UploadState::Progress { .. } => {
                            "not finished".to_string()
                        }
                    };
                    (
                        From::Customer,
                        String::new(),
                        format!("[upload] {name} ({how})"),
                    )
                }
                EntryKind::Buttons {
                    sender: s,
                    replies,
                    chosen,
                } => {
                    let (from, name) = sender(s);
                    (from, name, buttons_text(replies, *chosen))
                }
                EntryKind::System(t) => (From::System, String::new(), t.clone()),
                EntryKind::Warning(t) => (From::System, String::new(), format!("! {t}")),
                EntryKind::Error(t) => (From::System, String::new(), format!("✗ {t}")),
            };
            ExportEntry {
                time_ms: e.time_ms,
                from,
                name: text::sanitize_line(&name),
                text: text::sanitize(&body),
            }
        })
        .collect()
}

/// The whole file in `format`. Times are local (`utc_offset_secs`) `HH:MM`; JSON keeps UTC ms.
pub fn render(entries: &[ExportEntry], format: Format, utc_offset_secs: i32) -> String {
    match format {
        Format::Json => {
            serde_json::to_string_pretty(entries).unwrap_or_else(|_| "[]".into()) + "\n"
        }
        Format::Plain => {
            let mut out = String::new();
            for e in entries {
                let time = clock(e.time_ms, utc_offset_secs);
                let who = speaker(e);
                let mut lines = e.text.lines();
                let first = lines.next().unwrap_or("");
                out.push_str(&format!("[{time}] {who}{first}\n"));
                for more in lines {
                    out.push_str(&format!("        {more}\n"));
                }
            }
            out
        }
        Format::Markdown => {
            let mut out = String::from("# Chat transcript\n\n");
            for e in entries {
                let time = clock(e.time_ms, utc_offset_secs);
                match e.from {
                    From::System => out.push_str(&format!("*{time} — {}*\n\n", e.text)),
                    From::Customer | From::Agent => {
                        out.push_str(&format!("**{}** · {time}\n\n", display_name(e)));
                        for line in e.text.lines() {
                            out.push_str(&format!("> {line}\n"));
                        }
                        out.push('\n');
                    }
                }
            }
            out
        }
    }
}

/// A quick-reply set as text: its message, then the buttons as they were offered
/// (`[Yes] [No]`), then the choice if one was made.
fn buttons_text(replies: &QuickReplies, chosen: Option<usize>) -> String {
    let buttons: Vec<String> = replies.labels.iter().map(|l| format!("[{l}]")).collect();
    let mut out = replies.intro.clone().unwrap_or_default();
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&buttons.join(" "));
    if let Some(label) = chosen.and_then(|c| replies.labels.get(c)) {
        out.push_str(&format!(" (chosen: {label})"));
    }
    out
}

fn display_name(e: &ExportEntry) -> &str {
    match (e.name.is_empty(), e.from) {
        (false, _) => &e.name,
        (true, From::Customer) => "You",
        (true, From::Agent) => "Agent",
        (true, From::System) => "",
    }
}

fn speaker(e: &ExportEntry) -> String {
    match e.from {
        From::System => "— ".to_string(),
        From::Customer | From::Agent => format!("{}: ", display_name(e)),
    }
}

/// Reads a JSON export back.
pub fn parse_json(json: &str) -> Result<Vec<ExportEntry>, serde_json::Error> {
    serde_json::from_str(json)
}

/// `chat-YYYY-MM-DD-HHMM.md`: the default file name for a chat exported at `now_ms` (local).
pub fn default_file_name(now_ms: i64, utc_offset_secs: i32) -> String {
    let local = now_ms.div_euclid(1000) + i64::from(utc_offset_secs);
    let stamp = chrono::DateTime::from_timestamp(local, 0)
        .map(|d| d.format("%Y-%m-%d-%H%M").to_string())
        .unwrap_or_else(|| "unknown".to_string());
    format!("chat-{stamp}.md")
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
