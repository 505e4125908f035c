//! A local file made ready to upload: the checks (a regular file, not a symlink, within the
//! size limit, checked before anything is sent), the bytes, and the content type sniffed from
//! its first bytes, never its name.
//!
//! A leaf of `session`: the transport takes a [`PreparedFile`], the upload loop (`upload`)
//! prepares one.

use crate::api::error::{Error, ErrorKind};
use std::path::Path;

/// A file ready to upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedFile {
    pub file_name: String,
    pub content_type: &'static str,
    /// `image` for images, else `attachment` (the `file_type` of `chat_session_file`).
    pub file_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Reads `path` for upload, refusing symlinks, special files and files over `max_bytes`.
pub async fn prepare(path: &Path, max_bytes: u64) -> Result<PreparedFile, Error> {
    let meta = tokio::fs::symlink_metadata(path)
        .await
        .map_err(|e| local(&format!("cannot open the file ({})", e.kind())))?;
    if meta.file_type().is_symlink() {
        return Err(local("a symbolic link (choose the file itself)"));
    }
    if !meta.is_file() {
        return Err(local("not a regular file"));
    }
    if meta.len() > max_bytes {
        return Err(too_large(max_bytes));
    }
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| local(&format!("cannot read the file ({})", e.kind())))?;
    // The file may have grown between the check and the read.
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(max_bytes));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "file".to_string());
    let content_type = sniff(&bytes);
    let file_type = if content_type.starts_with("image/") {
        "image"
    } else {
        "attachment"
    };
    Ok(PreparedFile {
        file_name,
        content_type,
        file_type,
        bytes,
    })
}

/// The content type from the file's magic number: PNG, JPEG, GIF, WebP, PDF; else octet-stream.
pub fn sniff(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "image/gif"
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else if bytes.starts_with(b"%PDF-") {
        "application/pdf"
    } else {
        "application/octet-stream"
    }
}

fn local(detail: &str) -> Error {
    Error::new(ErrorKind::LocalFile, detail)
}

fn too_large(max: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("larger than the {} MB limit", max / (1024 * 1024)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_come_from_magic_numbers() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), "image/png");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), "image/jpeg");
        assert_eq!(sniff(b"GIF89a..."), "image/gif");
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), "image/webp");
        assert_eq!(sniff(b"%PDF-1.7"), "application/pdf");
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVE"), "application/octet-stream");
        assert_eq!(sniff(b""), "application/octet-stream");
    }

    #[tokio::test]
    async fn a_png_named_txt_is_still_an_image() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, b"\x89PNG\r\n\x1a\nxx").expect("write");
        let p = prepare(&path, 1024).await.expect("prepared");
        assert_eq!(
            (
                p.file_name.as_str(),
                p.content_type,
                p.file_type,
                p.bytes.len()
            ),
            ("notes.txt", "image/png", "image", 10)
        );
        std::fs::write(&path, b"hello").expect("write");
        let p = prepare(&path, 1024).await.expect("prepared");
        assert_eq!(
            (p.content_type, p.file_type),
            ("application/octet-stream", "attachment")
        );
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn oversize_symlinks_dirs_and_missing_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.bin");
        std::fs::write(&big, vec![0u8; 2048]).expect("write");
        assert_eq!(
            prepare(&big, 1024).await.expect_err("big").kind,
            ErrorKind::TooLarge
        );
        let link = dir.path().join("link.bin");
        std::os::unix::fs::symlink(&big, &link).expect("symlink");
        assert_eq!(
            prepare(&link, 4096).await.expect_err("link").kind,
            ErrorKind::LocalFile
        );
        assert_eq!(
            prepare(dir.path(), 4096).await.expect_err("dir").kind,
            ErrorKind::LocalFile
        );
        let missing = dir.path().join("missing");
        assert_eq!(
            prepare(&missing, 4096).await.expect_err("missing").kind,
            ErrorKind::LocalFile
        );
    }
}
