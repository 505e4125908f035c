//! Build script: the version line of `sp-chat --version`, "0.1.0 (1a2b3c4 2026-12-06)" with the
//! commit the binary was built from and that commit's date, or just "0.1.0" outside a git
//! checkout (a crate tarball) or without git. Never fails the build.
//!
//! Re-runs only when HEAD moves (`.git/HEAD`, the branch it points to, packed refs), so a
//! commit recompiles this crate once and nothing else does.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let line = match commit() {
        Some((hash, date)) => format!("{version} ({hash} {date})"),
        None => version,
    };
    println!("cargo:rustc-env=SP_CHAT_VERSION={line}");
}

/// The short hash and the date (YYYY-MM-DD) of HEAD, and the files to watch for a new HEAD.
fn commit() -> Option<(String, String)> {
    let head = git(&["rev-parse", "--git-path", "HEAD"])?;
    watch(Path::new(&head));
    // The branch HEAD points to (a worktree keeps its refs in the common directory: ask git).
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        if let Some(file) = git(&["rev-parse", "--git-path", &branch]) {
            let file = PathBuf::from(file);
            // A packed branch has no file until its next commit writes one: watch the folder.
            match file.parent().filter(|_| !file.exists()) {
                Some(dir) => watch(dir),
                None => watch(&file),
            }
        }
    }
    if let Some(packed) = git(&["rev-parse", "--git-path", "packed-refs"]) {
        watch(Path::new(&packed));
    }
    let hash = git(&["rev-parse", "--short=7", "HEAD"])?;
    let date = git(&["log", "-1", "--format=%cs", "HEAD"])?;
    Some((hash, date))
}

fn watch(path: &Path) {
    // Relative paths from git are relative to the package directory, where cargo runs us.
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// The trimmed output of a git command, `None` if git is missing or says no.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}
