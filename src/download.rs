//! Saving a file the agent sent, safely, and opening it with the system's opener.
//!
//! Owns: turning an untrusted file name into one safe last path component
//! ([`safe_file_name`]), writing bytes into the download directory without ever overwriting
//! anything ([`save_download`]), and starting the system opener without waiting for it
//! ([`open_detached`]). Does not own: fetching the bytes (`api::Client::get_file`), choosing
//! the directory (`Settings::resolved_download_dir`), or telling the customer (the app).
//!
//! How a save stays safe:
//! - only a sanitised last component of the server's name is used (no `/`, `\`, `..`, leading
//!   dots, control, bidi or tag characters; capped in length, extension kept), so the file
//!   lands inside the download directory and nowhere else;
//! - the bytes go to a fresh temporary file in the same directory (create-new), are synced,
//!   then **hard-linked** to the final name: `link(2)` fails if the name exists, so an existing
//!   file is never replaced, even one created a moment ago by someone else. On a clash the next
//!   name is tried (`name (1).ext`, `name (2).ext`, …). Then the temporary name is removed.
//! - where hard links are not supported, the final name is reserved with create-new and the
//!   temporary file renamed over that empty file, which only this process created.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The longest name produced, in bytes (file systems allow 255; room is left for ` (99)`).
pub const MAX_NAME_BYTES: usize = 120;
/// Suffixed names tried before giving up.
const MAX_SUFFIX: u32 = 999;

/// A name for an untrusted file name: its last component, with nothing that could escape the
/// directory, hide the real extension, or disturb a terminal. Never empty.
pub fn safe_file_name(suggested: &str) -> String {
    let last = suggested.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| if is_unsafe(c) { '_' } else { c })
        .collect();
    // No hidden files, no `.`/`..`, no names ending in dots or spaces.
    let trimmed = cleaned
        .trim_start_matches(['.', ' ', '_'])
        .trim_end_matches(['.', ' ']);
    let name = if trimmed.is_empty() || trimmed.chars().all(|c| c == '_') {
        "download".to_string()
    } else {
        trimmed.to_string()
    };
    cap_length(&name, MAX_NAME_BYTES)
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '\u{7f}')
        || matches!(c, '\u{80}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
        || matches!(c, '\u{e0000}'..='\u{e007f}')
}

/// Cuts `name` to at most `max` bytes on a character boundary, keeping a short extension.
fn cap_length(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let (stem, ext) = split_ext(name);
    let ext = if ext.len() <= 16 { ext } else { "" };
    let budget = max.saturating_sub(ext.len());
    let mut end = budget.min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ext}", &stem[..end])
}

/// `("report", ".pdf")`; a name without a dot (or only a leading one) has no extension.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// The `n`-th candidate name: `name`, then `name (1).ext`, `name (2).ext`, ….
fn candidate(name: &str, n: u32) -> String {
    if n == 0 {
        return name.to_string();
    }
    let (stem, ext) = split_ext(name);
    format!("{stem} ({n}){ext}")
}

/// Saves `bytes` in `dir` (created if missing, 0700) under a safe form of `suggested`, never
/// replacing an existing file. Returns the path written.
pub fn save_download(dir: &Path, suggested: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    create_dir_private(dir)?;
    let name = safe_file_name(suggested);
    let temp = write_temp(dir, bytes)?;
    let result = place(dir, &name, &temp);
    // The temporary name goes in every case (after a link it is a second name of the file).
    let _ = fs::remove_file(&temp);
    result
}

fn create_dir_private(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Writes the bytes to a new hidden file in `dir` and syncs it.
fn write_temp(dir: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    for _ in 0..16 {
        let path = dir.join(format!(".sp-chat-{}.part", uuid::Uuid::new_v4().simple()));
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        return Ok(path);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary name",
    ))
}

/// Gives `temp` its final name: the first free candidate.
fn place(dir: &Path, name: &str, temp: &Path) -> io::Result<PathBuf> {
    for n in 0..=MAX_SUFFIX {
        let target = dir.join(candidate(name, n));
        match fs::hard_link(temp, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            // No hard links here (some network or FAT file systems): reserve, then rename.
            Err(_) => match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
            {
                Ok(reserved) => {
                    drop(reserved);
                    fs::rename(temp, &target)?;
                    return Ok(target);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            },
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many files with this name",
    ))
}

/// Names another program than the system's opener, for files and links alike (the tests'
/// hook: a fake opener that records what it was given).
pub const OPENER_ENV: &str = "SP_CHAT_OPENER";

/// The program that opens a file or a link with the user's default application on this
/// system: `$SP_CHAT_OPENER` when set, else `open` (macOS) or `xdg-open`.
pub fn system_opener() -> String {
    match std::env::var(OPENER_ENV) {
        Ok(program) if !program.trim().is_empty() => program,
        _ if cfg!(target_os = "macos") => "open".to_string(),
        _ => "xdg-open".to_string(),
    }
}

/// Starts `opener target` detached from the terminal (no stdin, output discarded) and returns
/// at once; the caller reaps the child off the event loop. `target` is one argument, never
/// seen by a shell. A missing opener is an error.
pub fn open_detached(opener: &str, target: impl AsRef<std::ffi::OsStr>) -> io::Result<Child> {
    Command::new(opener)
        .arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

#[cfg(test)]
#[path = "download_tests.rs"]
mod tests;
