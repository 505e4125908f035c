//! The real `sp-chat` binary in a pseudo-terminal: process start to first frame, CPU time and
//! wake-ups over 10 idle seconds (on the settings screen, and in a connected chat whose only
//! pending work is the long poll), and resident memory. Criterion does not fit (one long run per
//! figure), so this is a plain harness: `cargo bench --bench process`.
//!
//! The terminal (`support/term.rs`) answers the queries crossterm sends at start the way a real
//! terminal does. The chat runs against the simulated tenant served from this
//! process, so the sp-chat process measured does only the client's work.

#[path = "support/fixture.rs"]
mod fixture;
#[path = "support/plain_harness.rs"]
mod plain_harness;
#[path = "support/term.rs"]
mod term;

use fixture::{human, median};
use sp_chat::sim::{SimConfig, SimServer};
use std::time::Duration;
use term::{COLS, ROWS, Term, proc_stats};

const IDLE: Duration = Duration::from_secs(10);
const STARTS: usize = 20;

/// CPU, wake-ups and bytes written over [`IDLE`] of a settled process.
fn idle(term: &Term, what: &str) {
    term.settle(Duration::from_millis(700));
    let (before, bytes) = (proc_stats(term.pid()), term.bytes());
    std::thread::sleep(IDLE);
    let (after, written) = (proc_stats(term.pid()), term.bytes() - bytes);
    let cpu = Duration::from_nanos(after.cpu_ns.saturating_sub(before.cpu_ns));
    println!(
        "idle {what}: CPU {} over {}s (utime+stime {} ticks), {} context switches, {} bytes written, RSS {} kB  [floor: CPU < 20 ms]",
        human(cpu),
        IDLE.as_secs(),
        after.ticks.saturating_sub(before.ticks),
        after.switches.saturating_sub(before.switches),
        written,
        after.rss_kb
    );
}

fn main() {
    if !plain_harness::selected("process") {
        return;
    }
    let clk = 100;
    println!("== process (real binary in a {COLS}×{ROWS} pseudo-terminal; CLK_TCK {clk}) ==");

    // Start to first frame: the settings screen of a first run.
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let mut rss = 0;
    for _ in 0..STARTS {
        let home = tempfile::tempdir().expect("temp home");
        let term = Term::spawn(&[], home.path(), "Tenant URL");
        let (wall, cpu) = term.first_frame(Duration::from_secs(10));
        times.push(wall);
        cpus.push(cpu);
        rss = proc_stats(term.pid()).rss_kb;
    }
    let best = times.iter().min().copied().unwrap_or_default();
    let worst = times.iter().max().copied().unwrap_or_default();
    println!(
        "start to first frame: median {} (min {}, max {}, {STARTS} runs)  [floor: < 30 ms]",
        human(median(times)),
        human(best),
        human(worst)
    );
    println!(
        "CPU time of the process by its first frame: median {}",
        human(median(cpus))
    );
    println!("resident memory after the first frame: {rss} kB");

    // Idle on the settings screen: nothing pending at all.
    let home = tempfile::tempdir().expect("temp home");
    let term = Term::spawn(&[], home.path(), "Tenant URL");
    term.first_frame(Duration::from_secs(10));
    idle(&term, "on the settings screen");
    drop(term);

    // Idle in a connected chat: the long poll (held 30 s by the tenant) is the only thing waiting.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut config = SimConfig::brisk();
    config.poll_hold = Duration::from_secs(30);
    let sim = rt
        .block_on(SimServer::start(config))
        .expect("simulated tenant");
    let home = tempfile::tempdir().expect("temp home");
    let config_path = home.path().join("config.toml");
    let text = format!(
        "{}\n[customer]\nfirst_name = \"Bench\"\nlast_name = \"Customer\"\n",
        sim.settings_toml()
    );
    std::fs::write(&config_path, text).expect("write config");
    let path = config_path.to_str().expect("utf-8 path");
    let term = Term::spawn(&["--config", path], home.path(), "Tenant URL");
    term.first_frame(Duration::from_secs(10));
    term.send(b"\x13"); // Ctrl-S: save, open Home
    term.wait_for("Help me", Duration::from_secs(15));
    term.send(b"Hello");
    term.send(b"\r");
    term.wait_for("How can I help you today?", Duration::from_secs(30));
    idle(&term, "in a connected chat (long poll pending)");
    drop(term);
    drop(sim);
}
