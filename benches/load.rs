//! The real `sp-chat` binary under load, against the simulated tenant served from this process
//! (v2, so receipts flow): what it puts on the wire, and what the load costs it.
//!
//! - (a) A 300-message burst while the chat is open, with the customer pressing Enter during it:
//!   Send Events requests it caused, receipts sent, duplicate receipts, whether the newest
//!   message was marked read, and the time from Enter to the message's arrival at the tenant.
//! - (b) 100,000 messages of 60 characters in bursts of 1,000: resident memory growth, Send
//!   Events requests during the load and in the 15 s after, Enter to arrival after the load,
//!   and CPU time (utime + stime) over 10 quiet seconds.
//! - (c) TCP connections of a whole ordinary chat (greeting, a picture, survey), as the tenant
//!   counts them.
//!
//! Every request is answered a round trip late (20 ms; `SP_CHAT_LOAD_RTT_MS=0` for none), as
//! from a cloud tenant, so that a request per event costs what it costs on a real network.
//!
//! A plain harness (one long run per figure): `cargo bench --bench load`. The terminal is
//! `support/term.rs`; the figures come from the tenant's counters and its log of client events.

#[path = "support/fixture.rs"]
mod fixture;
#[path = "support/plain_harness.rs"]
mod plain_harness;
#[path = "support/term.rs"]
mod term;

use fixture::human;
use sp_chat::api::types::ClientEvent;
use sp_chat::sim::{Fault, Route, SimConfig, SimControl, SimServer};
use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};
use term::{Term, proc_stats};

/// How long one step of a conversation may take before the bench gives up on it.
const STEP: Duration = Duration::from_secs(30);
/// How long Enter to arrival is waited for before it is reported as "not arrived".
const ARRIVAL_LIMIT: Duration = Duration::from_secs(60);
const BURST: usize = 300;
const LOAD_MESSAGES: usize = 100_000;
const LOAD_BURST: usize = 1_000;
const LOAD_PACE: Duration = Duration::from_millis(100);
const AFTER_LOAD: Duration = Duration::from_secs(15);
const QUIET: Duration = Duration::from_secs(10);
/// The default round trip added to every request (`SP_CHAT_LOAD_RTT_MS`, 0 for none): on
/// localhost a request costs ~0.1 ms and a client that sends one request per receipt looks
/// free; a cloud tenant is tens of milliseconds away.
const DEFAULT_RTT_MS: u64 = 20;
/// CLK_TCK on Linux: /proc/PID/stat counts CPU time in 10 ms ticks.
const TICK: Duration = Duration::from_millis(10);

const CTRL_S: &[u8] = b"\x13";
const CTRL_X: &[u8] = b"\x18";
const ENTER: &[u8] = b"\r";
const TAB: &[u8] = b"\t";

/// The figures of (a).
struct BurstReport {
    send_events: u64,
    events_sent: u64,
    receipts: usize,
    duplicate_receipts: usize,
    newest_read: bool,
    enter_to_arrival: Option<Duration>,
    /// Receipts the tenant got before the typed message: what the message waited behind.
    receipts_before_message: usize,
    /// From the burst to the last Send Events it caused.
    burst_to_last_send: Option<Duration>,
}

/// The figures of (b).
struct LoadReport {
    rss_before_kb: u64,
    rss_after_kb: u64,
    load_time: Duration,
    send_events_during: u64,
    send_events_after: u64,
    enter_to_arrival: Option<Duration>,
    quiet_ticks: u64,
    quiet_cpu: Duration,
    quiet_send_events: u64,
}

/// The figures of (c).
struct ChatReport {
    connections: u64,
    requests: u64,
    send_events: u64,
}

/// The tenant for (a) and (b): an agent that only joins (the bench speaks for it), polls held
/// 10 s as on a real tenant.
fn quiet_agent() -> SimConfig {
    let mut config = SimConfig::brisk();
    config.poll_hold = Duration::from_secs(10);
    config.agent.autopilot = false;
    config
}

fn rtt() -> Duration {
    let ms = std::env::var("SP_CHAT_LOAD_RTT_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_RTT_MS);
    Duration::from_millis(ms)
}

/// Starts a tenant whose every answer is delayed by the round trip.
fn start_sim(rt: &tokio::runtime::Runtime, config: SimConfig) -> SimServer {
    let sim = rt
        .block_on(SimServer::start(config))
        .expect("simulated tenant");
    let rtt = rtt();
    if !rtt.is_zero() {
        sim.control()
            .inject(Route::Any, Fault::Delay(rtt), usize::MAX);
    }
    sim
}

/// Writes a config for `sim` into `home` and starts the app on it, on the settings screen.
fn spawn_client(sim: &SimServer, home: &Path) -> Term {
    let config_path = home.join("config.toml");
    let text = format!(
        "{}\n[customer]\nfirst_name = \"Bench\"\nlast_name = \"Customer\"\n",
        sim.settings_toml()
    );
    std::fs::write(&config_path, text).expect("write config");
    let path = config_path.to_str().expect("utf-8 path");
    let term = Term::spawn(&["--config", path], home, "Tenant URL");
    term.first_frame(STEP);
    term
}

/// Saves the settings, asks for a chat with `first` and waits for the agent to join.
fn open_chat(term: &Term, control: &SimControl, first: &str) -> String {
    term.send(CTRL_S);
    term.wait_for("Help me", STEP);
    term.wait_for("Agents are available", STEP);
    term.send(first.as_bytes());
    term.send(ENTER);
    term.wait_for("has joined the chat", STEP);
    control
        .chat_ids()
        .last()
        .cloned()
        .expect("the chat is open")
}

/// Waits until the client's Send Events count stayed still for `quiet` (at most `max`).
fn settle_sends(control: &SimControl, quiet: Duration, max: Duration) {
    let deadline = Instant::now() + max;
    let mut last = control.stats().send_events;
    let mut still_since = Instant::now();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        let now = control.stats().send_events;
        if now != last {
            last = now;
            still_since = Instant::now();
        } else if still_since.elapsed() >= quiet {
            return;
        }
    }
}

/// Presses Enter (the composer holds `text`) and times it to the message's arrival at the tenant.
fn enter_to_arrival(
    term: &Term,
    control: &SimControl,
    chat_id: &str,
    text: &str,
) -> Option<Duration> {
    term.send(ENTER);
    let entered = Instant::now();
    while entered.elapsed() < ARRIVAL_LIMIT {
        if control
            .customer_messages(chat_id)
            .iter()
            .any(|(_, msg)| msg.contains(text))
        {
            return Some(entered.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

/// The receipts among `events`: (read, ref_msg_id).
fn receipts(events: &[ClientEvent]) -> Vec<(bool, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::MessageDelivered { ref_msg_id } => Some((false, ref_msg_id.clone())),
            ClientEvent::MessageRead { ref_msg_id } => Some((true, ref_msg_id.clone())),
            _ => None,
        })
        .collect()
}

fn duplicates(receipts: &[(bool, String)]) -> usize {
    let mut seen = HashSet::new();
    receipts.iter().filter(|r| !seen.insert(*r)).count()
}

/// (a): a burst while the chat is open, Enter pressed as soon as the client starts on it.
fn burst(term: &Term, control: &SimControl, chat_id: &str) -> BurstReport {
    const PROBE: &str = "typed during the burst";
    // The message is typed beforehand, so only Enter falls into the burst.
    term.send(PROBE.as_bytes());
    settle_sends(control, Duration::from_secs(2), STEP);
    let before = control.client_events(chat_id).len();
    control.reset_stats();
    let burst_at = tokio::time::Instant::now();
    let ids = control.agent_burst_n(chat_id, BURST);
    // Enter at the client's first request about the burst (or after 2 s without one).
    let started = Instant::now();
    while control.stats().send_events == 0 && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_micros(200));
    }
    let enter_to_arrival = enter_to_arrival(term, control, chat_id, PROBE);
    settle_sends(control, Duration::from_secs(3), Duration::from_secs(120));
    let events = control.client_events(chat_id);
    let since = events.get(before..).unwrap_or_default();
    let sent = receipts(since);
    let receipts_before_message = since
        .iter()
        .take_while(|e| !matches!(e, ClientEvent::Message { msg, .. } if msg.contains(PROBE)))
        .filter(|e| {
            matches!(
                e,
                ClientEvent::MessageDelivered { .. } | ClientEvent::MessageRead { .. }
            )
        })
        .count();
    let last_send = control
        .request_log()
        .iter()
        .filter(|e| e.route == Some(Route::SendEvents))
        .map(|e| e.at)
        .max();
    let newest = ids.last().cloned().unwrap_or_default();
    let stats = control.stats();
    BurstReport {
        send_events: stats.send_events,
        events_sent: stats.events_received,
        receipts: sent.len(),
        duplicate_receipts: duplicates(&sent),
        newest_read: sent.iter().any(|(read, id)| *read && *id == newest),
        enter_to_arrival,
        receipts_before_message,
        burst_to_last_send: last_send.map(|at| at.saturating_duration_since(burst_at)),
    }
}

/// (b): 100,000 messages in bursts, then 15 s, then Enter, then 10 quiet seconds.
fn load(term: &Term, control: &SimControl, chat_id: &str) -> LoadReport {
    settle_sends(control, Duration::from_secs(2), STEP);
    let pid = term.pid();
    let rss_before_kb = proc_stats(pid).rss_kb;
    control.reset_stats();
    let started = Instant::now();
    for i in 0..LOAD_MESSAGES / LOAD_BURST {
        control.agent_burst_n(chat_id, LOAD_BURST);
        let next = LOAD_PACE * u32::try_from(i + 1).unwrap_or(u32::MAX);
        std::thread::sleep(next.saturating_sub(started.elapsed()));
    }
    let load_time = started.elapsed();
    let send_events_during = control.stats().send_events;
    std::thread::sleep(AFTER_LOAD);
    let send_events_after = control.stats().send_events - send_events_during;
    let rss_after_kb = proc_stats(pid).rss_kb;
    const PROBE: &str = "typed after the load";
    term.send(PROBE.as_bytes());
    // Let the composer take the text before Enter, as a person's typing would.
    std::thread::sleep(Duration::from_millis(100));
    let enter_to_arrival = enter_to_arrival(term, control, chat_id, PROBE);
    term.settle(Duration::from_millis(700));
    let (cpu_before, sends_before) = (proc_stats(pid), control.stats().send_events);
    std::thread::sleep(QUIET);
    let cpu_after = proc_stats(pid);
    LoadReport {
        rss_before_kb,
        rss_after_kb,
        load_time,
        send_events_during,
        send_events_after,
        enter_to_arrival,
        quiet_ticks: cpu_after.ticks.saturating_sub(cpu_before.ticks),
        quiet_cpu: Duration::from_nanos(cpu_after.cpu_ns.saturating_sub(cpu_before.cpu_ns)),
        quiet_send_events: control.stats().send_events - sends_before,
    }
}

/// (c): a whole ordinary chat with the autopilot agent, from the settings screen back to Home.
fn ordinary_chat(rt: &tokio::runtime::Runtime) -> ChatReport {
    let mut config = SimConfig::brisk();
    config.poll_hold = Duration::from_secs(10);
    let sim = rt
        .block_on(SimServer::start(config))
        .expect("simulated tenant");
    let control = sim.control();
    let home = tempfile::tempdir().expect("temp home");
    let term = spawn_client(&sim, home.path());
    open_chat(&term, &control, "Hello");
    term.wait_for("How can I help you today?", STEP);
    term.send(b"Could you send me a picture?");
    term.send(ENTER);
    term.wait_for("[image]", STEP);
    term.send(b"Thanks");
    term.send(ENTER);
    term.wait_for("You're very welcome", STEP);
    term.send(CTRL_X);
    term.wait_for("y yes", STEP);
    term.send(b"y");
    term.wait_for("How did we do?", STEP);
    term.send(b"5");
    term.send(TAB);
    term.send(b"y");
    term.send(TAB);
    term.send(b"Quick");
    term.send(CTRL_S);
    term.wait_for("Thank you for your feedback", STEP);
    term.wait_for("Help me", STEP);
    let stats = control.stats();
    drop(term);
    drop(sim);
    ChatReport {
        connections: stats.connections,
        requests: stats.requests,
        send_events: stats.send_events,
    }
}

fn arrival(d: Option<Duration>) -> String {
    d.map_or_else(
        || format!("not arrived in {} s", ARRIVAL_LIMIT.as_secs()),
        human,
    )
}

fn row(figure: &str, value: impl std::fmt::Display) {
    println!("| {figure:<62} | {value:>22} |");
}

fn main() {
    if !plain_harness::selected("load") {
        return;
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = start_sim(&rt, quiet_agent());
    let control = sim.control();
    let home = tempfile::tempdir().expect("temp home");
    let term = spawn_client(&sim, home.path());
    let chat_id = open_chat(&term, &control, "Hello");
    let a = burst(&term, &control, &chat_id);
    let b = load(&term, &control, &chat_id);
    drop(term);
    drop(sim);
    let c = ordinary_chat(&rt);

    println!(
        "== load (real binary against the simulated tenant, v2; {} added to every request) ==",
        human(rtt())
    );
    println!("| {:<62} | {:>22} |", "figure", "value");
    println!("|{}|{}|", "-".repeat(64), "-".repeat(24));
    row(
        &format!("(a) {BURST}-message burst: Send Events requests"),
        a.send_events,
    );
    row("(a) events in those requests", a.events_sent);
    row("(a) receipts sent", a.receipts);
    row("(a) duplicate receipts", a.duplicate_receipts);
    row(
        "(a) newest message marked read",
        if a.newest_read { "yes" } else { "no" },
    );
    row(
        "(a) Enter to arrival (Enter at the first request about it)",
        arrival(a.enter_to_arrival),
    );
    row(
        "(a) receipts that went out before the message",
        a.receipts_before_message,
    );
    row(
        "(a) burst to the last Send Events it caused",
        a.burst_to_last_send
            .map_or_else(|| "none".to_string(), human),
    );
    row(
        &format!("(b) {LOAD_MESSAGES} messages ({LOAD_BURST} per burst): load took"),
        human(b.load_time),
    );
    row(
        "(b) RSS before / after (kB)",
        format!("{} / {}", b.rss_before_kb, b.rss_after_kb),
    );
    row(
        "(b) RSS growth (kB)",
        b.rss_after_kb.saturating_sub(b.rss_before_kb),
    );
    row(
        "(b) Send Events requests during the load",
        b.send_events_during,
    );
    row(
        &format!(
            "(b) Send Events requests in the {} s after",
            AFTER_LOAD.as_secs()
        ),
        b.send_events_after,
    );
    row(
        "(b) Enter to arrival after the load",
        arrival(b.enter_to_arrival),
    );
    row(
        &format!("(b) CPU over {} quiet s: utime+stime", QUIET.as_secs()),
        format!(
            "{} ticks = {}",
            b.quiet_ticks,
            human(TICK * u32::try_from(b.quiet_ticks).unwrap_or(u32::MAX))
        ),
    );
    row("(b) CPU over those seconds (schedstat)", human(b.quiet_cpu));
    row(
        "(b) Send Events requests in those seconds",
        b.quiet_send_events,
    );
    row("(c) whole ordinary chat: TCP connections", c.connections);
    row("(c) requests", c.requests);
    row("(c) Send Events requests", c.send_events);
}
