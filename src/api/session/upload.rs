//! Uploading a local file: the upload itself with its retries and progress events (the file is
//! checked and read by `prepared_file`).
//!
//! Owns everything up to the server's `file_id`; the worker then announces the file in the chat
//! (`chat_session_file`) through the outbox, in order with the messages. Rules (QUALITY.md "Files"): the
//! size limit is checked before anything is sent; a symlink or anything but a regular file is
//! refused; the content type comes from the file's first bytes, never its name; progress is
//! reported as the file goes out, every 256 KiB.

use super::backoff::Backoff;
use super::prepared_file::prepare;
use super::transport::ChatTransport;
use super::{SessionEvent, SessionOptions};
use crate::api::error::{Error, ErrorKind};
use std::path::PathBuf;
use tokio::sync::mpsc::UnboundedSender;

/// The outcome of one upload command: `(file_id, file_name, file_type)` or why it failed.
pub(super) struct UploadDone {
    pub local_id: u64,
    pub result: Result<(String, String, String), Error>,
}

/// Prepares and uploads `path`, retrying retryable failures with backoff up to
/// `send_attempts`; reports progress at the start, as the file goes out, and at the end.
pub(super) async fn upload<T: ChatTransport>(
    t: T,
    events: UnboundedSender<SessionEvent>,
    local_id: u64,
    path: PathBuf,
    opts: SessionOptions,
    seed: u64,
) -> UploadDone {
    let result = async {
        let p = prepare(&path, opts.max_upload_bytes).await?;
        let total = p.bytes.len() as u64;
        // A closed receiver is noticed by the worker itself; nothing to do here.
        let _ = events.send(SessionEvent::UploadProgress {
            local_id,
            sent: 0,
            total,
        });
        let mut backoff = Backoff::new(opts.backoff, Some(seed));
        // The last progress reported, shared with each attempt's reporter.
        let reported = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let mut n = 0;
        let resp = loop {
            n += 1;
            // A retry starts the transfer again from zero: say so if more was shown.
            if reported.swap(0, std::sync::atomic::Ordering::Relaxed) > 0 {
                let _ = events.send(SessionEvent::UploadProgress {
                    local_id,
                    sent: 0,
                    total,
                });
            }
            let progress = reporter(events.clone(), local_id, total, reported.clone());
            match t.upload_file(&p, progress).await {
                Ok(r) if !r.file_id.is_empty() => break r,
                Ok(_) => return Err(Error::new(ErrorKind::BadResponse, "no file id")),
                Err(e) if e.is_retryable() && n < opts.send_attempts => {
                    tokio::time::sleep(backoff.delay(n, e.retry_after)).await;
                }
                Err(e) => return Err(e),
            }
        };
        let _ = events.send(SessionEvent::UploadProgress {
            local_id,
            sent: total,
            total,
        });
        let name = resp
            .file_name
            .filter(|n| !n.is_empty())
            .unwrap_or(p.file_name);
        Ok((resp.file_id, name, p.file_type.to_string()))
    }
    .await;
    UploadDone { local_id, result }
}

/// Reports progress at most every [`PROGRESS_STEP`] bytes (and at the end), so a large file
/// shows how far along it is without flooding the app with events.
pub const PROGRESS_STEP: u64 = 256 * 1024;

fn reporter(
    events: UnboundedSender<SessionEvent>,
    local_id: u64,
    total: u64,
    last: std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> crate::api::client::UploadProgressFn {
    std::sync::Arc::new(move |sent: u64| {
        use std::sync::atomic::Ordering;
        let before = last.load(Ordering::Relaxed);
        // The end is reported once the server has answered, not when the last byte left.
        if sent < total && sent >= before + PROGRESS_STEP {
            last.store(sent, Ordering::Relaxed);
            let _ = events.send(SessionEvent::UploadProgress {
                local_id,
                sent,
                total,
            });
        }
    })
}
