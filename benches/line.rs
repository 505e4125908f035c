//! Line mode's look after a message: what `Observer::observe` costs for one new agent message,
//! in an empty chat and in one that already holds 100,000 messages (a look walks the new
//! entries only, never the history), and the one-time first look at those 100,000 (a rejoined
//! chat's history printed). `cargo bench --bench line`.

#[path = "support/fixture.rs"]
mod fixture;

use criterion::Criterion;
use fixture::{app_with, batch, human, median};
use sp_chat::line::event::{Style, render};
use sp_chat::line::observe::Observer;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("line_observe");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    let mut summary = Vec::new();
    for (history, name) in [
        (0usize, "one_message_in_empty"),
        (100_000, "one_message_in_100k"),
    ] {
        let base = app_with(history, 80, 24);
        let mut times = Vec::new();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for i in 0..iters {
                    let mut app = base.clone();
                    let mut observer = Observer::default();
                    observer.observe(&app, false);
                    let at = 1_000_000 + usize::try_from(i).unwrap_or(0);
                    app.update(batch(at, at + 1));
                    let start = Instant::now();
                    let lines: Vec<String> = observer
                        .observe(black_box(&app), false)
                        .iter()
                        .map(|e| render(e, Style::Json))
                        .collect();
                    let took = start.elapsed();
                    black_box(lines);
                    times.push(took);
                    total += took;
                }
                total
            })
        });
        summary.push((name, median(times)));
    }
    let base = app_with(100_000, 80, 24);
    let mut first = Vec::new();
    group.bench_function("first_look_at_100k", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut observer = Observer::default();
                let start = Instant::now();
                let events = observer.observe(black_box(&base), false);
                let took = start.elapsed();
                black_box(events);
                first.push(took);
                total += took;
            }
            total
        })
    });
    summary.push(("first_look_at_100k", median(first)));
    group.finish();
    c.final_summary();
    println!("\n== line summary (medians of this run) ==");
    for (name, took) in summary {
        println!("{name:>24}: {}", human(took));
    }
}
