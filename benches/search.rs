//! One keystroke of the transcript search at 100,000 messages: the folded query scanned over
//! the folded copy the transcript keeps (`Transcript::search`), as the search line runs it on
//! every key. A rare word (a handful of matches), a common one (every message matches) and a
//! miss. Also what keeping the copy costs when a 10,000-message poll arrives, and a 200×60
//! frame with the search open and its highlights, at 100 and at 100,000 messages (the view
//! folds only the rows on screen, so the two must cost the same). `cargo bench --bench search`.

#[path = "support/fixture.rs"]
mod fixture;

use criterion::Criterion;
use fixture::{app_with, human, key, median};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use sp_chat::app::transcript::search::SearchIndex;
use sp_chat::app::{App, Screen};
use std::hint::black_box;
use std::time::{Duration, Instant};

const MESSAGES: usize = 100_000;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let app = app_with(MESSAGES, 200, 60);
    let Screen::Chat(chat) = app.screen() else {
        panic!("the fixture is a chat");
    };
    let transcript = chat.transcript();
    assert!(transcript.entries().len() >= MESSAGES);
    let mut group = c.benchmark_group("search_keystroke");
    group.sample_size(30);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    let mut summary = Vec::new();
    for (query, name) in [
        ("Thursday", "rare_word_100k"),
        ("e", "every_message_matches_100k"),
        ("pangolin", "no_match_100k"),
        ("CAFÉ AU", "accented_query_100k"),
    ] {
        let mut times = Vec::new();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    black_box(transcript.search(black_box(query)));
                    let took = start.elapsed();
                    times.push(took);
                    total += took;
                }
                total
            })
        });
        summary.push((name, transcript.search(query).len(), median(times)));
    }
    group.finish();

    // A frame with the search open on a word of the bottom screen (highlighted where shown).
    let mut frames = Vec::new();
    for (n, name) in [
        (100usize, "frame_searching_100"),
        (MESSAGES, "frame_searching_100k"),
    ] {
        let mut app = if n == MESSAGES {
            app.clone()
        } else {
            app_with(n, 200, 60)
        };
        searching(&mut app, "the");
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        let mut times = Vec::new();
        c.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // A fresh screen each time, so every cell is written as on a scroll.
                    term.clear().expect("clear");
                    let start = Instant::now();
                    term.draw(|f| sp_chat::ui::draw(black_box(&app), f))
                        .expect("draw");
                    let took = start.elapsed();
                    times.push(took);
                    total += took;
                }
                total
            })
        });
        frames.push((name, median(times)));
    }

    // Folding as messages arrive: what the index adds to applying one 10,000-message poll.
    let texts: Vec<String> = transcript
        .entries()
        .iter()
        .take(10_000)
        .map(|e| e.kind.plain_text().into_owned())
        .collect();
    let mut fold_times = Vec::new();
    for _ in 0..20 {
        let mut index = SearchIndex::default();
        let start = Instant::now();
        for text in &texts {
            index.push(text);
        }
        fold_times.push(start.elapsed());
        black_box(index);
    }

    println!("\nsearch at {MESSAGES} messages (one keystroke: fold the query, scan, collect):");
    for (name, matches, took) in summary {
        println!(
            "  {name:<28} {:>10}  ({matches} matching messages)",
            human(took)
        );
    }
    println!(
        "  folding 10,000 arriving messages into the index: {}",
        human(median(fold_times))
    );
    for (name, took) in &frames {
        println!("  {name:<28} {:>10}", human(*took));
    }
    println!(
        "  frame with the search open, 100,000 / 100 messages: {:.2}×",
        frames[1].1.as_secs_f64() / frames[0].1.as_secs_f64()
    );
    println!(
        "  the folded copy of {} entries holds {:.1} MB",
        transcript.entries().len(),
        transcript.search_index().held_bytes() as f64 / 1e6
    );
}

/// Opens the search line of `app` and types `query` into it.
fn searching(app: &mut App, query: &str) {
    app.update(key(KeyCode::Char('f'), KeyModifiers::CONTROL));
    for c in query.chars() {
        app.update(key(KeyCode::Char(c), KeyModifiers::NONE));
    }
}
