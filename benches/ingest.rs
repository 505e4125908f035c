//! Applying one 10,000-event poll: the `Msg::Session(SessionEvent::Events(..))` the session worker
//! sends for one answer, applied in one `App::update`, then the one frame it causes (200×60).
//! Into an empty chat and into a chat that already holds 100,000 messages (de-duplication and
//! "new below" bookkeeping must not scan the history). `cargo bench --bench ingest`.

#[path = "support/fixture.rs"]
mod fixture;

use criterion::Criterion;
use fixture::{app_with, batch, human, median, thread_cpu};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::{Duration, Instant};

const POLL: usize = 10_000;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("apply_poll");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(4));
    let mut summary = Vec::new();
    for (history, name) in [
        (0usize, "10k_events_into_empty"),
        (100_000, "10k_events_into_100k"),
    ] {
        let base = app_with(history, 200, 60);
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut app = base.clone();
                    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
                    // Ids beyond any of the history, so every event is new.
                    let msg = batch(1_000_000, 1_000_000 + POLL);
                    let (start, cpu_start) = (Instant::now(), thread_cpu());
                    app.update(black_box(msg));
                    term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
                    let took = start.elapsed();
                    cpu.push(thread_cpu().saturating_sub(cpu_start));
                    times.push(took);
                    total += took;
                    // Dropping the app is not part of applying the poll.
                    drop(black_box(app));
                }
                total
            })
        });
        summary.push((name, median(times), median(cpu)));
    }
    group.finish();
    c.final_summary();
    println!("\n== ingest summary (one update + one frame, medians of this run) ==");
    for (name, wall, cpu) in summary {
        println!(
            "{name:>24}: {} wall, {} CPU of this thread  [floor: < 20 ms]",
            human(wall),
            human(cpu)
        );
    }
}
