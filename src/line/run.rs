//! The line front end's event loop: stdin lines, the app's answers, timers and signals in one
//! `select!`, and the lines written to stdout, once each.
//!
//! Built from the runtime's shared pieces (`runtime::driver`: the app from the options, one
//! message applied with the clock, the wake-up, the signals) and its `EffectRunner`, so the
//! chat runs exactly as in the TUI. No terminal mode is touched: the terminal (or the pipe)
//! stays line-buffered and echoes what is typed, as a screen reader expects.

use super::core::Core;
use super::event::{Style, render};
use super::front::{LineFront, Outcome};
use crate::app::{App, Msg};
use crate::runtime::RunOptions;
use crate::runtime::driver::{self, Signals};
use crate::runtime::effects::EffectRunner;
use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;
use tokio::sync::mpsc;

/// After stdin ends, the longest wait for what was sent to go out.
pub const SETTLE_LIMIT: Duration = Duration::from_secs(10);

/// How lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineOptions {
    /// JSON Lines on stdout (`--json`).
    pub json: bool,
    /// Colour in plain lines (`--color always`).
    pub color: bool,
}

/// The app and the runner of its effects.
struct Live {
    app: App,
    runner: EffectRunner,
    quit: bool,
}

impl Core for Live {
    fn app(&self) -> &App {
        &self.app
    }

    fn send(&mut self, msg: Msg) {
        self.quit |= driver::dispatch(&mut self.app, &mut self.runner, msg);
    }
}

/// Runs line mode until the customer quits, stdin ends (and what was sent has gone out), or a
/// signal arrives; answers how it ended.
pub async fn run(opts: RunOptions, line: LineOptions) -> anyhow::Result<Outcome> {
    let style = if line.json {
        Style::Json
    } else {
        Style::Plain { color: line.color }
    };
    let size = if std::io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size().unwrap_or((80, 24))
    } else {
        (80, 24)
    };
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<Msg>();
    let mut runner = EffectRunner::new(msg_tx, opts.config_path.clone(), opts.settings.clone());
    runner.without_terminal();
    // No pictures in line mode (the file's line says what it is): none are asked for.
    let (app, first_effects) = App::new(opts.app_init(size, true));
    let mut live = Live {
        app,
        runner,
        quit: false,
    };
    live.quit |= driver::run_all(&mut live.runner, first_effects);
    let mut lines = read_lines();
    let mut signals = Signals::new()?;
    let mut front = LineFront::default();
    let mut out = std::io::stdout();
    let mut settle_by: Option<tokio::time::Instant> = None;
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);

    loop {
        let events = front.pump(&mut live);
        if write_all(&mut out, &events, style).is_err() {
            // Nobody reads any more (a closed pipe): nothing else can be said.
            break;
        }
        if live.quit || live.app.should_quit() || front.finished(&live.app) {
            break;
        }
        if front.input_ended() && settle_by.is_none() {
            settle_by = Some(tokio::time::Instant::now() + SETTLE_LIMIT);
        }
        tokio::select! {
            line = lines.recv() => match line {
                Some(line) => front.push_line(line),
                None => front.end_of_input(),
            },
            Some(msg) = msg_rx.recv() => {
                front.seen(&msg);
                live.send(msg);
                // A burst of answers is applied before anything is printed.
                while !live.quit {
                    let Ok(msg) = msg_rx.try_recv() else { break };
                    front.seen(&msg);
                    live.send(msg);
                }
            }
            () = driver::sleep_until(driver::wake_at(&live.app)) => {
                live.send(Msg::Tick { now_ms: driver::now_ms() });
            }
            () = driver::sleep_until(settle_by) => {
                front.stop_waiting();
                break;
            }
            () = signals.recv() => break,
            _ = &mut interrupt => {
                // Ctrl-C: as /quit (a live chat stays open to rejoin).
                front.push_line("/quit".to_string());
                front.end_of_input();
            }
        }
    }
    let outcome = front.outcome(&live.app);
    // Leave a live chat resumable: stop the worker without ending the chat.
    live.runner.shutdown();
    Ok(outcome)
}

fn write_all(
    out: &mut impl Write,
    events: &[super::LineEvent],
    style: Style,
) -> std::io::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    for event in events {
        writeln!(out, "{}", render(event, style))?;
    }
    out.flush()
}

/// Stdin's lines, read on a thread of their own (a blocking read cannot be cancelled; the
/// thread ends with the process). A line that is not UTF-8 is read lossily; the channel
/// closes at the end of input.
fn read_lines() -> mpsc::UnboundedReceiver<String> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match input.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                        buf.pop();
                    }
                    if tx.send(String::from_utf8_lossy(&buf).into_owned()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}
