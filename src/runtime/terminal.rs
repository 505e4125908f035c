//! Terminal setup and restore, as one documented pair, plus the panic hook.
//!
//! Owns every terminal mode the app turns on: raw mode, the alternate screen, mouse capture,
//! bracketed paste, focus reporting, keyboard-enhancement flags and the hidden cursor. `restore`
//! undoes all of them, runs every step even when one fails, and is safe to call twice (the panic
//! hook, a signal and a normal exit may all race to it). It does not draw anything.

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
    supports_keyboard_enhancement,
};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Whether the terminal is currently in our modes; `restore` runs only once per setup.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether keyboard-enhancement flags were pushed (only on terminals that support them).
static ENHANCED: AtomicBool = AtomicBool::new(false);
/// Where a crash report goes; set once at start.
static CRASH_DIR: OnceLock<PathBuf> = OnceLock::new();
/// Serialises restore between the panic hook, signal handlers and the normal exit path.
static RESTORE_LOCK: Mutex<()> = Mutex::new(());

/// Enters every mode the app needs. On error, whatever was entered is undone.
pub fn setup() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    let entered = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        EnableFocusChange
    );
    if let Err(e) = entered {
        let _ = restore();
        return Err(e);
    }
    // Disambiguated keys let terminals that support it report Shift-Enter and Alt-Enter
    // distinctly; elsewhere Alt-Enter still works and Shift-Enter is a plain Enter.
    if matches!(supports_keyboard_enhancement(), Ok(true)) {
        let pushed = execute!(
            out,
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        );
        ENHANCED.store(pushed.is_ok(), Ordering::SeqCst);
    }
    Ok(())
}

/// Leaves every mode `setup` entered. Runs every step, returns the first error. Idempotent.
pub fn restore() -> io::Result<()> {
    let _guard = RESTORE_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let mut out = io::stdout();
    let mut first_error: Option<io::Error> = None;
    let mut keep = |r: io::Result<()>| {
        if let Err(e) = r {
            first_error.get_or_insert(e);
        }
    };
    if ENHANCED.swap(false, Ordering::SeqCst) {
        keep(execute!(out, PopKeyboardEnhancementFlags));
    }
    keep(execute!(out, DisableFocusChange));
    keep(execute!(out, DisableBracketedPaste));
    keep(execute!(out, DisableMouseCapture));
    keep(execute!(out, LeaveAlternateScreen));
    keep(execute!(out, Show));
    keep(disable_raw_mode());
    keep(out.flush());
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Sets where crash reports are written (the app's state directory).
pub fn set_crash_dir(dir: PathBuf) {
    let _ = CRASH_DIR.set(dir);
}

/// Installs a panic hook for the main thread and every tokio task: restore the terminal first,
/// write a crash report, say where it is, then exit non-zero. Exiting from the hook is deliberate:
/// a panicking tokio task would otherwise leave the app running on a terminal it no longer owns.
pub fn install_panic_hook() {
    // The default hook is not chained: it would print the panic message raw on stderr, and the
    // message may quote untrusted text. Ours prints it sanitised.
    std::panic::set_hook(Box::new(move |info| {
        if CONTAINED.get() {
            // Inside `contain_panic`: the caller turns it into an error, the app goes on.
            tracing::warn!(message = %crate::text::sanitize_line(&panic_message(info)), "contained panic");
            return;
        }
        let _ = restore();
        let message = panic_message(info);
        let report = crash_report(info, &message);
        let path = write_crash_report(&report);
        eprintln!("{}", crash_notice(path.as_deref(), &message));
        std::process::exit(101);
    }));
}

thread_local! {
    /// This thread is inside [`contain_panic`].
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`; a panic inside it becomes `Err(message)` instead of a crash. For third-party code
/// fed untrusted bytes (picture decoders and encoders): a bug there must cost one preview, not
/// the customer's chat. Everything else still crashes loudly through the hook.
pub fn contain_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINED.replace(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.set(outer);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string())
    })
}

fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    info.payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string())
}

/// What is printed on stderr after a panic, once the terminal is restored.
pub fn crash_notice(report: Option<&std::path::Path>, message: &str) -> String {
    use crate::text::sanitize_line;
    let what = crate::text::truncate_to_width(&sanitize_line(message), 200);
    match report {
        Some(path) => format!(
            "sp-chat crashed ({what}); the terminal was restored. A crash report is in {}",
            sanitize_line(&path.display().to_string())
        ),
        None => format!("sp-chat crashed ({what}); the terminal was restored."),
    }
}

fn crash_report(info: &std::panic::PanicHookInfo<'_>, message: &str) -> String {
    let location = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let backtrace = std::backtrace::Backtrace::force_capture();
    let thread = std::thread::current();
    format_crash_report(
        thread.name().unwrap_or("unnamed"),
        &location,
        message,
        &backtrace.to_string(),
    )
}

/// The crash report's text. The payload may quote untrusted text and the report may be `cat`
/// to a terminal, so every part is sanitised.
pub fn format_crash_report(thread: &str, location: &str, payload: &str, backtrace: &str) -> String {
    use crate::text::{sanitize, sanitize_line};
    format!(
        "sp-chat {} crash report\nthread: {}\nat: {}\nmessage: {}\n\nbacktrace:\n{}\n",
        env!("CARGO_PKG_VERSION"),
        sanitize_line(thread),
        sanitize_line(location),
        sanitize(payload),
        sanitize(backtrace)
    )
}

/// The line printed on stderr when the app fails before the terminal is set up or after it is
/// restored: the message may quote untrusted text (a server's error), so it is sanitised.
pub fn failure_line(message: &str) -> String {
    format!("sp-chat: {}", crate::text::sanitize(message))
}

fn write_crash_report(report: &str) -> Option<PathBuf> {
    let dir = CRASH_DIR.get()?.clone();
    std::fs::create_dir_all(&dir).ok()?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = dir.join(format!("crash-{stamp}-{}.txt", std::process::id()));
    std::fs::write(&path, report).ok()?;
    Some(path)
}
