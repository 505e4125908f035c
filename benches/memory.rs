//! Resident memory of a 100,000-message chat, measured in this process: VmRSS before building
//! the app and after filling it through real session batches, drawing it at 200×60, jumping to
//! the top and back, and paging up through 2,000 screens (which fills the bounded row cache).
//! `cargo bench --bench memory` (a plain harness: one measurement, no statistics).

#[path = "support/fixture.rs"]
mod fixture;
#[path = "support/plain_harness.rs"]
mod plain_harness;

use fixture::{app_with, key};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use sp_chat::app::Screen;

const MESSAGES: usize = 100_000;

fn status_kb(name: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    if !plain_harness::selected("memory") {
        return;
    }
    let before = status_kb("VmRSS:");
    let mut app = app_with(MESSAGES, 200, 60);
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
    let filled = status_kb("VmRSS:");
    app.update(key(KeyCode::Home, KeyModifiers::CONTROL));
    term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
    app.update(key(KeyCode::End, KeyModifiers::NONE));
    term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
    for _ in 0..2_000 {
        app.update(key(KeyCode::PageUp, KeyModifiers::NONE));
        term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
    }
    let paged = status_kb("VmRSS:");
    let (entries, cached) = match app.screen() {
        Screen::Chat(chat) => (
            chat.transcript().entries().len(),
            chat.transcript().cached_entries(),
        ),
        Screen::Settings(_) | Screen::Home(_) => (0, 0),
    };
    println!("== memory (100,000 messages, this process) ==");
    println!("entries: {entries}; entries with cached rows after paging: {cached}");
    println!("RSS before the app: {before} kB");
    println!(
        "RSS with 100k messages drawn: {filled} kB (app state +{} kB)",
        filled.saturating_sub(before)
    );
    println!(
        "RSS after top/bottom and 2,000 PgUp frames: {paged} kB (+{} kB); peak {} kB  [floor: < 64 MB = 65536 kB]",
        paged.saturating_sub(before),
        status_kb("VmHWM:")
    );
}
