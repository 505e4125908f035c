//! Frame render cost against transcript length, with the floors and the baseline measured in the
//! same run: the real view (`ui::draw` of an `App` filled through session batches) at 200×60 with
//! 100 and 100,000 messages; a full screen of ready-made rows (the floor: nothing can draw a
//! screen for less); and a naive whole-transcript wrapped `Paragraph` scrolled to the bottom
//! (what the transcript model must beat). Also: jumping to the top of a 100,000-message chat and
//! back, and the first frame after a resize (every visible row re-wrapped).
//!
//! `cargo bench --bench render` prints criterion's statistics for each case, then a table of the
//! ratios between the medians of the same run.

#[path = "support/fixture.rs"]
mod fixture;

use criterion::Criterion;
use fixture::{BATCH, Samples, app_with, human, key};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use sp_chat::app::Msg;
use sp_chat::app::transcript::EntryKind;
use std::hint::black_box;
use std::time::Duration;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const SMALL: usize = 100;
const LARGE: usize = 100_000;

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal")
}

/// A full screen of styled rows built once: writing them straight into the frame's buffer is
/// the floor for any frame of this size.
fn ready_made_rows() -> Vec<Vec<(Style, String)>> {
    (0..HEIGHT)
        .map(|y| {
            let body = format!("{y:>3} {}", "lorem ipsum dolor sit amet ".repeat(8));
            let body: String = body.chars().take(usize::from(WIDTH) - 14).collect();
            vec![
                (Style::new().cyan(), " ".to_string()),
                (Style::new().bold(), "Anna · 12:00 ".to_string()),
                (Style::new(), body),
            ]
        })
        .collect()
}

fn draw_rows(frame: &mut ratatui::Frame, rows: &[Vec<(Style, String)>]) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    for (y, row) in (area.y..area.bottom()).zip(rows) {
        let mut x = area.x;
        for (style, text) in row {
            let left = usize::from(area.right().saturating_sub(x));
            (x, _) = buf.set_stringn(x, y, text, left, *style);
        }
    }
}

/// The transcript as plain (header, body) strings, for the naive baseline.
fn plain_transcript(app: &sp_chat::app::App) -> Vec<(String, String)> {
    let sp_chat::app::Screen::Chat(chat) = app.screen() else {
        return Vec::new();
    };
    chat.transcript()
        .entries()
        .iter()
        .map(|e| match &e.kind {
            EntryKind::Message { sender, text, .. } => {
                (format!("{} · 12:00", sender.name()), text.clone())
            }
            other => (String::new(), format!("{other:?}")),
        })
        .collect()
}

/// What a naive client does every frame: one wrapped `Paragraph` of every message, scrolled to
/// the bottom (its offset is a `u16`, so it saturates past 65,535 rows, which only makes the
/// baseline cheaper).
fn draw_naive(term: &mut Terminal<TestBackend>, messages: &[(String, String)]) {
    term.draw(|frame| {
        let mut lines: Vec<Line> = Vec::with_capacity(messages.len() * 3);
        for (header, body) in messages {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                header.as_str(),
                Style::new().bold(),
            )));
            lines.push(Line::from(format!("  {body}")));
        }
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let area = frame.area();
        let total = paragraph.line_count(area.width);
        let offset = total.saturating_sub(usize::from(area.height));
        let paragraph = paragraph.scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0));
        frame.render_widget(paragraph, area);
    })
    .expect("draw");
}

fn bench(c: &mut Criterion, samples: &Samples) {
    let floor = ready_made_rows();
    let mut group = c.benchmark_group("frame_200x60");
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));

    let mut term = terminal();
    group.bench_function("ready_made_rows", |b| {
        b.iter_custom(|iters| {
            samples.time("floor", iters, || {
                term.draw(|f| draw_rows(f, black_box(&floor)))
                    .expect("draw");
            })
        })
    });

    for (n, name) in [(SMALL, "app_100"), (LARGE, "app_100k")] {
        let app = app_with(n, WIDTH, HEIGHT);
        let mut term = terminal();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                samples.time(name, iters, || {
                    term.draw(|f| sp_chat::ui::draw(black_box(&app), f))
                        .expect("draw");
                })
            })
        });
    }

    // Top of a 100k chat and back: the jump itself (one update) is timed, each followed by the
    // frame it causes (untimed here; a frame is what it is compared to).
    let mut app = app_with(LARGE, WIDTH, HEIGHT);
    let mut term = terminal();
    for (name, code, mods) in [
        ("jump_top", KeyCode::Home, KeyModifiers::CONTROL),
        ("jump_bottom", KeyCode::End, KeyModifiers::NONE),
    ] {
        group.bench_function(format!("app_100k_{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // Start from the other end, so every jump crosses the whole chat.
                    let (back, back_mods) = match code {
                        KeyCode::End => (KeyCode::Home, KeyModifiers::CONTROL),
                        _ => (KeyCode::End, KeyModifiers::NONE),
                    };
                    app.update(key(back, back_mods));
                    term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
                    total += samples.time(name, 1, || {
                        app.update(key(code, mods));
                    });
                    term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
                }
                total
            })
        });
    }

    // A resize invalidates every cached row: the next frame wraps what it shows, no more.
    let mut app = app_with(LARGE, WIDTH, HEIGHT);
    let mut term = terminal();
    let mut narrow = false;
    group.bench_function("app_100k_after_resize", |b| {
        b.iter_custom(|iters| {
            samples.time("resize", iters, || {
                narrow = !narrow;
                let width = if narrow { WIDTH - 1 } else { WIDTH };
                app.update(Msg::Resize {
                    width,
                    height: HEIGHT,
                });
                term.resize(ratatui::layout::Rect::new(0, 0, width, HEIGHT))
                    .expect("resize");
                term.draw(|f| sp_chat::ui::draw(&app, f)).expect("draw");
            })
        })
    });
    group.finish();

    let mut group = c.benchmark_group("naive_paragraph_200x60");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(200));
    group.measurement_time(Duration::from_secs(2));
    for (n, name) in [(SMALL, "naive_100"), (LARGE, "naive_100k")] {
        let messages = plain_transcript(&app_with(n, WIDTH, HEIGHT));
        let mut term = terminal();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                samples.time(name, iters, || draw_naive(&mut term, black_box(&messages)))
            })
        });
    }
    group.finish();
}

fn report(samples: &Samples) {
    let get = |name: &str| samples.median(name);
    let ratio = |a: Option<Duration>, b: Option<Duration>| match (a, b) {
        (Some(a), Some(b)) if !b.is_zero() => Some(a.as_secs_f64() / b.as_secs_f64()),
        _ => None,
    };
    println!("\n== render summary (medians of this run; {WIDTH}×{HEIGHT}, batches of {BATCH}) ==");
    for name in [
        "floor",
        "app_100",
        "app_100k",
        "jump_top",
        "jump_bottom",
        "resize",
        "naive_100",
        "naive_100k",
    ] {
        if let Some(d) = get(name) {
            println!("{name:>12}: {}", human(d));
        }
    }
    // Each figure: a ratio of two medians and the floor it must meet.
    let checks = [
        (
            "app_100k / app_100",
            "app_100k",
            "app_100",
            Floor::AtMost(1.2),
        ),
        ("app_100k / floor", "app_100k", "floor", Floor::AtMost(2.0)),
        (
            "naive_100k / app_100k",
            "naive_100k",
            "app_100k",
            Floor::AtLeast(300.0),
        ),
        (
            "jump to top / app_100k frame",
            "jump_top",
            "app_100k",
            Floor::AtMost(1.0),
        ),
        (
            "jump to bottom / app_100k frame",
            "jump_bottom",
            "app_100k",
            Floor::AtMost(1.0),
        ),
        (
            "resize frame / app_100k",
            "resize",
            "app_100k",
            Floor::None("(cold cache)"),
        ),
        (
            "naive_100 / app_100",
            "naive_100",
            "app_100",
            Floor::None(""),
        ),
    ];
    for (what, numerator, denominator, floor) in checks {
        if let Some(r) = ratio(get(numerator), get(denominator)) {
            let (text, ok) = match floor {
                Floor::AtMost(limit) => (format!("<= {limit}"), r <= limit),
                Floor::AtLeast(limit) => (format!(">= {limit}"), r >= limit),
                Floor::None(note) => (note.to_string(), true),
            };
            println!(
                "{what:>32}: {r:>9.2}×  {text} {}",
                if ok { "ok" } else { "MISSED" }
            );
        }
    }
}

/// What a ratio of the summary must be; `None` shows it for information (with a note).
enum Floor {
    AtMost(f64),
    AtLeast(f64),
    None(&'static str),
}

fn main() {
    let samples = Samples::default();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &samples);
    c.final_summary();
    report(&samples);
}
