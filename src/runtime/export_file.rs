//! Writing an exported transcript to the exact path the customer chose.
//!
//! Owns the default transcripts dir ([`transcripts_dir`]) and [`write_transcript`]: `~/`
//! expanded, the file created new with mode 0600 (never overwriting, never renamed behind the
//! customer's back), the folder created (0700) only when it is the default transcripts dir, and
//! every failure said as a short phrase ("a file with that name already exists") that reads
//! after "Not saved:" in the dialog. Does not own choosing the path or the format (the app's
//! Export dialog) or running off the event loop (`effects` spawns it on the blocking pool).

use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// `<data dir>/transcripts`: where exported transcripts go by default.
pub fn transcripts_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("com", "sp-chat", "sp-chat")
        .map(|d| d.data_dir().join("transcripts"))
}

/// Writes `bytes` to `path` (`~/` → `home`) as a new 0600 file and returns the path written.
/// When `create_dir`, the parent folder is created (0700) if missing; otherwise it must exist.
/// A failed write removes the partial file, so the same name can be tried again.
pub fn write_transcript(
    path: &Path,
    bytes: &[u8],
    create_dir: bool,
    home: Option<&Path>,
) -> Result<PathBuf, String> {
    let path = match path.strip_prefix("~") {
        Ok(rest) => match home {
            Some(home) => home.join(rest),
            None => return Err("no home folder is known for ~/".to_string()),
        },
        Err(_) => path.to_path_buf(),
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) | None => PathBuf::from("."),
    };
    if create_dir {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&folder)
            .map_err(|e| folder_problem(&e, &folder))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => {
                "a file with that name already exists (choose another name)".to_string()
            }
            ErrorKind::IsADirectory => "that is a folder: add a file name".to_string(),
            _ => folder_problem(&e, &folder),
        })?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(format!("writing failed ({})", short_cause(&e)));
    }
    Ok(path)
}

/// Why a file could not be created in (or a folder made at) `folder`.
fn folder_problem(e: &std::io::Error, folder: &Path) -> String {
    let shown = folder.display();
    match e.kind() {
        ErrorKind::NotFound => format!("the folder {shown} does not exist"),
        ErrorKind::NotADirectory => format!("part of {shown} is a file, not a folder"),
        ErrorKind::PermissionDenied => format!("you may not write in {shown}"),
        ErrorKind::ReadOnlyFilesystem => format!("{shown} is on a read-only disk"),
        ErrorKind::StorageFull => "the disk is full".to_string(),
        _ => format!("cannot write in {shown} ({})", short_cause(e)),
    }
}

/// An I/O error in the OS's words ("input/output error"), without its error number.
fn short_cause(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => e.kind().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::transcript::export::{self, ExportEntry, Format, From};
    use pretty_assertions::assert_eq;
    use std::os::unix::fs::PermissionsExt;

    fn sample() -> Vec<ExportEntry> {
        vec![
            ExportEntry {
                time_ms: 1_700_000_000_000,
                from: From::Customer,
                name: "Sam Carter".into(),
                text: "My printer shows E42".into(),
            },
            ExportEntry {
                time_ms: 1_700_000_060_000,
                from: From::Agent,
                name: "Anna Lee".into(),
                text: "Let me check.\nOne moment.".into(),
            },
            ExportEntry {
                time_ms: 1_700_000_120_000,
                from: From::System,
                name: String::new(),
                text: "Chat ended".into(),
            },
        ]
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
    }

    #[test]
    fn each_format_is_written_private_and_reads_back() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("transcripts");
        let entries = sample();
        for format in Format::ALL {
            let path = dir.join(format!("chat.{}", format.extension()));
            let contents = export::render(&entries, format, 0);
            let written =
                write_transcript(&path, contents.as_bytes(), true, None).expect("written");
            assert_eq!(written, path);
            let back = std::fs::read_to_string(&path).expect("read back");
            assert_eq!(back, contents);
            assert_eq!(mode(&path), 0o600);
            match format {
                Format::Json => assert_eq!(export::parse_json(&back).expect("json"), entries),
                Format::Markdown => assert!(back.contains("> One moment."), "{back}"),
                Format::Plain => assert!(back.contains("Anna Lee: Let me check."), "{back}"),
            }
        }
        assert_eq!(mode(&dir), 0o700);
    }

    #[tokio::test]
    async fn the_effect_writes_off_the_loop_and_answers_with_the_path_or_the_reason() {
        use crate::app::{Effect, Msg};
        use crate::runtime::effects::{EffectRunner, Flow};
        let tmp = tempfile::tempdir().expect("tempdir");
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut runner = EffectRunner::new(
            tx,
            tmp.path().join("config.toml"),
            crate::config::Settings::default(),
        );
        let path = tmp.path().join("transcripts/chat.json");
        let contents = export::render(&sample(), Format::Json, 0);
        for expected in [
            Ok(path.clone()),
            Err("a file with that name already exists (choose another name)".to_string()),
        ] {
            let flow = runner.run(Effect::ExportTranscript {
                path: path.clone(),
                create_dir: true,
                contents: contents.clone(),
            });
            assert_eq!(flow, Flow::Continue);
            match rx.recv().await {
                Some(Msg::TranscriptExported(got)) => assert_eq!(got, expected),
                other => panic!("{other:?}"),
            }
        }
        let back = std::fs::read_to_string(&path).expect("read back");
        assert_eq!(export::parse_json(&back).expect("json"), sample());
    }

    #[test]
    fn an_existing_file_is_never_overwritten_nor_renamed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("chat.md");
        std::fs::write(&path, b"precious").expect("seed");
        let err = write_transcript(&path, b"new", false, None).expect_err("exists");
        assert_eq!(
            err,
            "a file with that name already exists (choose another name)"
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"precious");
        assert_eq!(std::fs::read_dir(tmp.path()).expect("dir").count(), 1);
    }

    #[test]
    fn a_missing_folder_is_created_only_for_the_default_dir() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("nope/deeper/chat.md");
        let err = write_transcript(&path, b"x", false, None).expect_err("missing");
        assert_eq!(
            err,
            format!(
                "the folder {} does not exist",
                tmp.path().join("nope/deeper").display()
            )
        );
        assert!(!tmp.path().join("nope").exists());
        write_transcript(&path, b"x", true, None).expect("created with its folder");
    }

    #[test]
    fn tilde_is_the_home_folder_and_a_file_in_the_way_is_named() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let got = write_transcript(Path::new("~/t.txt"), b"x", false, Some(tmp.path()));
        assert_eq!(got, Ok(tmp.path().join("t.txt")));
        assert_eq!(
            write_transcript(Path::new("~/t.txt"), b"x", false, None),
            Err("no home folder is known for ~/".to_string())
        );
        let err = write_transcript(&tmp.path().join("t.txt/x.md"), b"x", false, None)
            .expect_err("file in the way");
        assert!(err.contains("is a file, not a folder"), "{err}");
    }

    #[test]
    fn folder_problems_read_as_short_phrases_without_os_noise() {
        let folder = Path::new("/srv/x");
        let said = |kind: ErrorKind| folder_problem(&std::io::Error::from(kind), folder);
        assert_eq!(
            said(ErrorKind::PermissionDenied),
            "you may not write in /srv/x"
        );
        assert_eq!(
            said(ErrorKind::ReadOnlyFilesystem),
            "/srv/x is on a read-only disk"
        );
        assert_eq!(said(ErrorKind::StorageFull), "the disk is full");
        let raw = std::io::Error::from_raw_os_error(5);
        assert_eq!(
            folder_problem(&raw, folder),
            "cannot write in /srv/x (input/output error)"
        );
        assert!(!folder_problem(&raw, folder).contains("os error"));
    }

    #[test]
    fn an_unwritable_folder_is_said_in_words() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let locked = tmp.path().join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).expect("chmod");
        let result = write_transcript(&locked.join("chat.md"), b"x", false, None);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        // Root writes anywhere: there the file simply appears.
        if result.is_ok() {
            assert!(locked.join("chat.md").exists());
            return;
        }
        assert_eq!(
            result,
            Err(format!("you may not write in {}", locked.display()))
        );
    }
}
