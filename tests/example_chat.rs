//! The library example (`examples/chat.rs`) completes a whole chat against the simulated tenant:
//! the public face of the library is enough for another Rust program to chat.

use sp_chat::sim::{SimConfig, SimServer};
use std::path::PathBuf;
use std::time::Duration;

/// Cargo builds examples next to the test binaries (`target/<profile>/examples/`).
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    profile_dir.join("examples").join("chat")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_client_completes_a_chat_against_the_simulator() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("photo.png");
    // A 1×1 PNG: the worker sniffs the type from these bytes.
    std::fs::write(
        &image,
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
        ],
    )
    .unwrap();
    let bin = example_binary();
    assert!(bin.exists(), "example not built at {}", bin.display());
    let child = tokio::process::Command::new(bin)
        .args(["--server", &sim.base_url()])
        .args(["--tenant", "sim.sp-chat.test", "--app-id", "SimChat"])
        .args(["--client-id", "123e4567-e89b-12d3-a456-426614174000"])
        .arg("--image")
        .arg(&image)
        .args(["--timeout", "30"])
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(60), child)
        .await
        .expect("example finished in time")
        .expect("example ran");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("chat ended"), "{stdout}");
    let chat_id = sim.control().chat_ids().pop().expect("a chat was opened");
    let events = sim.control().client_events(&chat_id);
    use sp_chat::api::ClientEvent;
    assert!(events.iter().any(|e| matches!(e, ClientEvent::File { .. })));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ClientEvent::FormData { .. }))
    );
}
