//! Logging to a daily-rotated file in the app's state directory, never to the terminal.
//!
//! Owns the tracing subscriber and the sanitising writer in front of the log file: log lines may
//! quote untrusted text (server errors, names), so every line goes through `text::sanitize`
//! before it is written, and no raw escape sequence can reach a terminal that `cat`s the log.
//! It does not decide what is logged; secrets are kept out at the call sites (and by the
//! redacting `Debug` of the settings).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Keeps the background log writer alive; logs are flushed when it is dropped.
pub struct LogGuard {
    _guard: WorkerGuard,
    pub path: PathBuf,
}

/// The directory for logs and crash reports: XDG state dir, else the local data dir.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("com", "sp-chat", "sp-chat")?;
    Some(
        dirs.state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().to_path_buf()),
    )
}

/// Starts logging to `<dir>/sp-chat.log.<date>` at `level` (overridden by `RUST_LOG`).
/// Returns `None` when the directory cannot be created: the app runs without a log then.
pub fn init(dir: &Path, level: &str) -> Option<LogGuard> {
    std::fs::create_dir_all(dir).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("sp-chat")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(SanitizingWriter { inner: appender });
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .is_ok();
    installed.then(|| LogGuard {
        _guard: guard,
        path: dir.to_path_buf(),
    })
}

/// Passes text through `text::sanitize` on its way to the inner writer.
pub struct SanitizingWriter<W> {
    pub inner: W,
}

impl<W: Write> Write for SanitizingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.inner.write_all(clean_log_text(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<'a, W: Write + 'a> MakeWriter<'a> for SanitizingWriter<W>
where
    W: Clone,
{
    type Writer = SanitizingWriter<W>;

    fn make_writer(&'a self) -> Self::Writer {
        SanitizingWriter {
            inner: self.inner.clone(),
        }
    }
}

/// One log record: sanitised, newlines kept only as record separators.
pub fn clean_log_text(text: &str) -> String {
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    // A newline inside a record could forge a fake log line: keep records on one line.
    let mut out = crate::text::sanitize_line(body);
    if ends_with_newline {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_records_carry_no_control_characters() {
        let mut sink = Vec::new();
        {
            let mut w = SanitizingWriter { inner: &mut sink };
            w.write_all(b"agent said \x1b]52;c;cm0=\x07 and \x1b[2J\nforged line\n")
                .unwrap();
        }
        let written = String::from_utf8(sink).unwrap();
        assert!(!written.contains('\x1b'));
        assert!(!written.contains('\x07'));
        assert_eq!(written.matches('\n').count(), 1, "{written:?}");
    }
}
