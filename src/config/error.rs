//! [`ConfigError`]: what went wrong with the config file, said so that a person can find and fix
//! it (file, line, key) without the message ever repeating a value, since a value may be a
//! credential and these messages are printed and logged.

use crate::text::sanitize_line;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading or writing the file (or its directory) failed.
    #[error("{}: {source}", shown(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML, has an unknown key, or a value of the wrong type.
    #[error("{}", describe(Some(path), *line, *column, key.as_deref(), message))]
    Parse {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        key: Option<String>,
        /// A value-free description, e.g. "must be true or false".
        message: String,
    },
    /// A setting is present and well-typed but unusable (see `FieldError`).
    #[error("{}", describe(path.as_deref(), *line, None, Some(key), problem))]
    Invalid {
        path: Option<PathBuf>,
        line: Option<usize>,
        key: String,
        problem: String,
    },
    /// `[network] ca_file` names a file that gives no certificate: missing, unreadable, not
    /// PEM, or without a `CERTIFICATE` block.
    #[error("key `network.ca_file`: {} {}", shown(path), sanitize_line(problem))]
    CaFile { path: PathBuf, problem: String },
    /// A `[keys]` entry that cannot be used: an unknown action, a key that does not parse, or
    /// a key already in use. Key specs are not secrets: the value is shown (sanitised).
    #[error(
        "{}: [keys] {} = \"{}\": {}",
        shown(path),
        sanitize_line(action),
        sanitize_line(value),
        sanitize_line(problem)
    )]
    Keys {
        path: PathBuf,
        action: String,
        value: String,
        problem: String,
    },
    #[error(
        "cannot tell where configuration files go (no home directory?); \
         pass --config PATH or set SP_CHAT_CONFIG"
    )]
    NoConfigDir,
}

impl ConfigError {
    /// A validation problem as an error, for callers (like the CLI) that cannot go on without a
    /// usable setting.
    pub fn invalid(path: Option<&Path>, error: &super::FieldError) -> ConfigError {
        ConfigError::Invalid {
            path: path.map(Path::to_path_buf),
            line: None,
            key: error.field.key().to_owned(),
            // "Tenant URL is required": the label makes the sentence.
            problem: error.to_string(),
        }
    }
}

/// Paths come from the command line or the environment; they are shown, so they are sanitised
/// like any other text that may reach a terminal.
fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

/// `<path>, line 3, column 1, key `app_id`: <message>`, leaving out what is not known.
fn describe(
    path: Option<&Path>,
    line: Option<usize>,
    column: Option<usize>,
    key: Option<&str>,
    message: &str,
) -> String {
    let mut parts = Vec::with_capacity(4);
    if let Some(path) = path {
        parts.push(shown(path));
    }
    if let Some(line) = line {
        parts.push(format!("line {line}"));
    }
    if let Some(column) = column {
        parts.push(format!("column {column}"));
    }
    if let Some(key) = key {
        parts.push(format!("key `{}`", sanitize_line(key)));
    }
    if parts.is_empty() {
        sanitize_line(message)
    } else {
        format!("{}: {}", parts.join(", "), sanitize_line(message))
    }
}
