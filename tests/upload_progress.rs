//! A large upload over real HTTP shows its progress as it goes: several `UploadProgress` events
//! between 0 and the total, rising, and the file arrives intact with a content type sniffed
//! from its bytes.

mod common;

use common::{client, fast_options, wait_event};
use sp_chat::api::types::ChatRequest;
use sp_chat::api::{SessionEvent, Start};

#[tokio::test]
async fn a_large_upload_reports_progress_as_it_goes() {
    let sim = common::quiet_sim().await;
    let ctl = sim.control();
    let (h, mut rx) = sp_chat::api::start(
        client(&sim),
        Start::New(ChatRequest::default()),
        fast_options(),
    );
    let mut log = Vec::new();
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Started { .. })
    })
    .await;

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scan.dat");
    // A PDF by its bytes, 2 MiB, under a name that says nothing.
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..2 * 1024 * 1024).map(|i: u32| (i % 251) as u8));
    std::fs::write(&path, &bytes).expect("write");
    let local_id = h.upload(path);
    let done = wait_event(&mut rx, &mut log, |e| {
        matches!(
            e,
            SessionEvent::UploadDone { .. } | SessionEvent::UploadFailed { .. }
        )
    })
    .await;
    let SessionEvent::UploadDone { file_id, .. } = done else {
        panic!("upload failed: {done:?}");
    };
    let total = bytes.len() as u64;
    let progress: Vec<u64> = log
        .iter()
        .filter_map(|e| match e {
            SessionEvent::UploadProgress {
                local_id: id,
                sent,
                total: t,
            } if *id == local_id => {
                assert_eq!(*t, total);
                Some(*sent)
            }
            _ => None,
        })
        .collect();
    assert_eq!(progress.first(), Some(&0));
    assert_eq!(progress.last(), Some(&total));
    assert!(
        progress.windows(2).all(|w| w[0] < w[1]),
        "rising: {progress:?}"
    );
    assert!(
        progress.len() >= 6,
        "a 2 MiB file reports every 256 KiB: {progress:?}"
    );
    let (_, content_type, stored) = ctl.uploaded_file(&file_id).expect("stored");
    assert_eq!(content_type, "application/pdf");
    assert_eq!(stored, bytes);
    h.shutdown();
}
