//! The line mode's commands: a typed line is a message, or a command when it starts with `/`
//! (`//` sends a literal slash). Parsing only; what a command does is `front`'s.

use std::path::PathBuf;

/// One typed line, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Text to send (or to answer the question asked).
    Say(String),
    Help,
    Attach(PathBuf),
    /// The agent's file number N (as the file's line says), or the latest.
    Save(Option<usize>),
    End,
    Quit,
    History,
    Export(PathBuf),
    /// Quick reply N of the agent's latest buttons.
    Choose(u8),
    /// Sends the last message that failed again.
    Retry,
    /// Skips the form being asked.
    Skip,
    /// Lists the messages that contain the words.
    Search(String),
}

/// The commands and what they do, for `/help` (in the order shown).
pub const HELP: &[(&str, &str)] = &[
    ("/help", "this list"),
    ("/attach PATH", "send a file"),
    ("/save [N]", "save the agent's file N (default: the latest)"),
    ("/choose N", "answer with the agent's quick reply N"),
    ("/retry", "send the last failed message again"),
    ("/history", "the earlier chats of this chat's case"),
    ("/export PATH", "save the transcript (.md, .txt or .json)"),
    (
        "/search WORDS",
        "the messages that contain WORDS (case and accents ignored)",
    ),
    ("/skip", "skip the form being asked"),
    ("/end", "end the chat now"),
    ("/quit", "leave sp-chat; a live chat stays open to rejoin"),
    ("//text", "send text that starts with a slash"),
];

/// Parses one line (without its newline). `Err` is a sentence for the customer.
pub fn parse(line: &str) -> Result<Command, String> {
    let Some(rest) = line.trim_start().strip_prefix('/') else {
        return Ok(Command::Say(line.to_string()));
    };
    if rest.starts_with('/') {
        return Ok(Command::Say(line.trim_start()[1..].to_string()));
    }
    let (name, arg) = match rest.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, arg.trim()),
        None => (rest, ""),
    };
    let no_arg = |command: Command| {
        if arg.is_empty() {
            Ok(command)
        } else {
            Err(format!("/{name} takes nothing after it."))
        }
    };
    match name.to_ascii_lowercase().as_str() {
        "help" | "?" => no_arg(Command::Help),
        "end" => no_arg(Command::End),
        "quit" | "exit" => no_arg(Command::Quit),
        "history" => no_arg(Command::History),
        "retry" => no_arg(Command::Retry),
        "skip" => no_arg(Command::Skip),
        "attach" => path_of(arg, "/attach ~/photo.png").map(Command::Attach),
        "export" => path_of(arg, "/export ~/chat.md").map(Command::Export),
        "search" | "find" if arg.is_empty() => {
            Err("Name what to look for: /search refund".to_string())
        }
        "search" | "find" => Ok(Command::Search(arg.to_string())),
        "save" if arg.is_empty() => Ok(Command::Save(None)),
        "save" => match arg.parse::<usize>() {
            Ok(n) if n > 0 => Ok(Command::Save(Some(n))),
            _ => Err("/save takes the file's number, as its line says: /save 1".to_string()),
        },
        "choose" => match arg.parse::<u8>() {
            Ok(n) if n > 0 => Ok(Command::Choose(n)),
            _ => Err("/choose takes the reply's number: /choose 1".to_string()),
        },
        "" => Err("Type a command after the slash: /help lists them.".to_string()),
        _ => Err(format!(
            "There is no command /{}: /help lists them (// sends a line that starts with /).",
            crate::text::sanitize_line(name)
        )),
    }
}

/// A path argument, `~/` expanded to the home folder.
fn path_of(arg: &str, example: &str) -> Result<PathBuf, String> {
    if arg.is_empty() {
        return Err(format!("Name a file: {example}"));
    }
    if let Some(rest) = arg.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
    {
        return Ok(home.join(rest));
    }
    Ok(PathBuf::from(arg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn plain_lines_are_messages_and_a_double_slash_sends_one_slash() {
        assert_eq!(parse("Hello"), Ok(Command::Say("Hello".into())));
        assert_eq!(parse("  spaced"), Ok(Command::Say("  spaced".into())));
        assert_eq!(parse("//etc/hosts"), Ok(Command::Say("/etc/hosts".into())));
        assert_eq!(parse(""), Ok(Command::Say(String::new())));
    }

    #[test]
    fn commands_with_and_without_arguments() {
        assert_eq!(parse("/end"), Ok(Command::End));
        assert_eq!(parse("/END"), Ok(Command::End));
        assert_eq!(parse("/quit"), Ok(Command::Quit));
        assert_eq!(parse("/help"), Ok(Command::Help));
        assert_eq!(parse("/history"), Ok(Command::History));
        assert_eq!(parse("/save"), Ok(Command::Save(None)));
        assert_eq!(parse("/save 2"), Ok(Command::Save(Some(2))));
        assert_eq!(parse("/choose 1"), Ok(Command::Choose(1)));
        assert_eq!(
            parse("/search  crème brûlée "),
            Ok(Command::Search("crème brûlée".into()))
        );
        assert_eq!(
            parse("/attach /tmp/a b.png"),
            Ok(Command::Attach(PathBuf::from("/tmp/a b.png")))
        );
        assert_eq!(
            parse("/export /tmp/chat.json"),
            Ok(Command::Export(PathBuf::from("/tmp/chat.json")))
        );
    }

    #[test]
    fn mistakes_get_a_sentence_not_a_message() {
        for bad in [
            "/", "/nope", "/save x", "/save 0", "/attach", "/export", "/end now", "/choose",
            "/search",
        ] {
            let why = parse(bad).expect_err(bad);
            assert!(why.ends_with('.') || why.contains(':'), "{bad}: {why}");
        }
        let hostile = parse("/\u{1b}[2J").expect_err("unknown");
        assert!(!hostile.contains('\u{1b}'), "{hostile:?}");
    }

    #[test]
    fn a_home_path_is_expanded() {
        let Ok(Command::Attach(path)) = parse("/attach ~/a.png") else {
            panic!("attach");
        };
        assert!(path.is_absolute() || !path.starts_with("~"), "{path:?}");
        assert!(path.ends_with("a.png"));
    }
}
