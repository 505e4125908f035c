//! Errors as sentences a customer understands.
//!
//! Owns the one mapping from [`api::ErrorKind`] to words (the API layer classifies, the UI
//! phrases). Details from the server are already sanitised and capped by `api::Error`.

use crate::api::{self, ErrorKind};

/// A sentence for an API error, without a trailing full stop so callers can add context.
pub fn error_sentence(e: &api::Error) -> String {
    let base = match e.kind {
        ErrorKind::Offline => "cannot reach the server — check the network",
        ErrorKind::Timeout => "the server is not answering",
        ErrorKind::Unauthorized => {
            "the server refused our app ID or client ID — check the settings (F2)"
        }
        ErrorKind::NotFound => "the chat is over on the server",
        ErrorKind::TooLarge => "the file is too large",
        ErrorKind::RateLimited => "the server is busy",
        ErrorKind::BadRequest => "the server refused the request",
        ErrorKind::ServerError => "the server has a problem",
        ErrorKind::BadResponse => "the server's answer could not be read",
        ErrorKind::InvalidSettings => "the settings are not valid — fix them (F2)",
        ErrorKind::LocalFile => "the file cannot be read",
        ErrorKind::Certificate(problem) => problem.sentence(),
        ErrorKind::Proxy(problem) => problem.sentence(),
    };
    // The detail helps where the server or the file system said something specific.
    let with_detail = matches!(
        e.kind,
        ErrorKind::BadRequest
            | ErrorKind::InvalidSettings
            | ErrorKind::LocalFile
            | ErrorKind::TooLarge
    );
    if with_detail && !e.detail.is_empty() && !e.detail.starts_with("HTTP ") {
        format!("{base} ({})", e.detail)
    } else {
        base.to_string()
    }
}

/// An estimated wait for people: "less than a minute", "about 2 min".
pub fn wait_sentence(ewt_secs: u64) -> String {
    if ewt_secs < 60 {
        "less than a minute".to_string()
    } else {
        format!("about {} min", (ewt_secs + 30) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn details_are_added_only_where_they_help() {
        let e = api::Error::new(ErrorKind::LocalFile, "no such file");
        assert_eq!(error_sentence(&e), "the file cannot be read (no such file)");
        let e = api::Error::from_status(503, None, None, None);
        assert_eq!(error_sentence(&e), "the server has a problem");
    }

    #[test]
    fn waits_round_to_minutes() {
        assert_eq!(wait_sentence(20), "less than a minute");
        assert_eq!(wait_sentence(100), "about 2 min");
        assert_eq!(wait_sentence(120), "about 2 min");
    }
}
