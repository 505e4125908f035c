//! The only place that does terminal I/O: setup/restore, logging, and the event loop that merges
//! keys, session events and timers into `Msg`s and runs the `Effect`s.
//!
//! The loop has no fixed tick: it sleeps until a terminal event, an answer from a background
//! task, a signal, or the next wake-up the app asked for (`App::next_wakeup_ms`), and draws only
//! when the app marked its state dirty. An idle app therefore does nothing at all.

pub mod clipboard;
pub mod driver;
pub mod effects;
pub mod export_file;
mod graphics;
mod graphics_query;
pub mod images;
pub mod logging;
mod shared_client;
pub mod terminal;

use crate::app::{App, Msg};
use crate::config::Settings;
use driver::{Signals, dispatch, now_ms, run_all, sleep_until, wake_at};
use effects::EffectRunner;
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{Event, EventStream, KeyEventKind};
use std::io::IsTerminal;
use std::path::PathBuf;
use tokio::sync::mpsc;

/// What `run` needs to know.
pub struct RunOptions {
    pub settings: Settings,
    /// Where Save writes (for `demo`, a private temporary file, never the user's config).
    pub config_path: PathBuf,
    pub demo: bool,
    pub log_dir: Option<PathBuf>,
    /// The keys in force (`app::keymap::from_config::keymap` of the settings).
    pub keymap: crate::app::keymap::Keymap,
}

/// How the app ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Exit {
    /// The customer quit.
    Quit,
    /// SIGTERM / SIGHUP: the terminal was restored and the chat left resumable.
    Signal,
}

/// Runs the app until the customer quits or a signal arrives. The terminal is restored on every
/// path out, including errors; a panic anywhere is handled by the panic hook.
pub async fn run(opts: RunOptions) -> anyhow::Result<Exit> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!("sp-chat needs a terminal: run it from an interactive shell");
    }
    if let Some(dir) = &opts.log_dir {
        terminal::set_crash_dir(dir.clone());
    }
    terminal::install_panic_hook();
    terminal::setup()?;
    let result = event_loop(opts).await;
    let restored = terminal::restore();
    let exit = result?;
    restored?;
    Ok(exit)
}

async fn event_loop(opts: RunOptions) -> anyhow::Result<Exit> {
    let backend = CrosstermBackend::new(std::io::stdout());
    let mut term = Terminal::new(backend)?;
    term.clear()?;
    let size = term.size()?;
    let no_color = driver::no_color_env();
    // Before anything reads terminal events: asking the terminal how it shows pictures reads
    // its answer from stdin.
    let mut graphics = graphics::Graphics::at_start(&opts.settings, no_color);
    let mut pictures = graphics.picker(&opts.settings).map(images::Images::new);
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<Msg>();
    let (picture_tx, mut picture_rx) = mpsc::unbounded_channel::<images::ImageEvent>();
    let mut runner = EffectRunner::new(msg_tx, opts.config_path.clone(), opts.settings.clone());
    if pictures.is_some() {
        runner.enable_previews(picture_tx.clone());
    }
    let (mut app, first_effects) = App::new(opts.app_init((size.width, size.height), no_color));
    if pictures.is_some() {
        app.enable_previews();
    }
    // A dumb terminal would show a hyperlink's escape as text.
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        app.disable_hyperlinks();
    }
    let mut signals = Signals::new()?;
    let mut events = EventStream::new();
    let mut exit = Exit::Quit;
    let mut quit = run_all(&mut runner, first_effects);
    let mut test_panic = TestPanic::from_env();

    // A picture became ready to draw (the app's state did not change, the screen must).
    let mut redraw = false;
    while !quit && !app.should_quit() {
        if app.is_dirty() || redraw {
            match &mut pictures {
                Some(store) => {
                    term.draw(|frame| crate::ui::draw_with_previews(&app, frame, store))?;
                    start_encodes(store, &picture_tx);
                }
                None => {
                    term.draw(|frame| crate::ui::draw(&app, frame))?;
                }
            }
            app.clear_dirty();
            redraw = false;
            if let Some(trigger) = test_panic.take() {
                trigger.fire();
            }
        }
        let wake = wake_at(&app);
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => translate(event),
                // The terminal is gone: nothing more can be read or shown.
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            Some(msg) = msg_rx.recv() => Some(msg),
            Some(event) = picture_rx.recv() => match (&mut pictures, event) {
                (Some(store), images::ImageEvent::Decoded { chat_id, entry_id, image }) => {
                    let cells = store.insert(&chat_id, entry_id, image);
                    Some(Msg::PreviewLoaded { chat_id, entry_id, result: Ok(cells) })
                }
                (_, images::ImageEvent::Failed { chat_id, entry_id, why }) => {
                    Some(Msg::PreviewLoaded { chat_id, entry_id, result: Err(why) })
                }
                (Some(store), images::ImageEvent::Encoded { chat_id, entry_id, size, result }) => {
                    store.encoded(&chat_id, entry_id, size, result);
                    redraw = true;
                    None
                }
                (None, _) => None,
            },
            () = sleep_until(wake) => Some(Msg::Tick { now_ms: now_ms() }),
            () = signals.recv() => {
                exit = Exit::Signal;
                break;
            }
        };
        let Some(msg) = msg else { continue };
        quit = dispatch(&mut app, &mut runner, msg);
        // Apply everything else already waiting before drawing: a burst of answers costs one frame.
        while !quit {
            let Ok(msg) = msg_rx.try_recv() else { break };
            quit = dispatch(&mut app, &mut runner, msg);
        }
        // The settings screen may have changed the picture settings: the next chat uses them.
        if let Some(picker) = graphics.follow(app.settings()) {
            pictures = picker.map(images::Images::new);
            if pictures.is_some() {
                runner.enable_previews(picture_tx.clone());
                app.enable_previews();
            } else {
                runner.disable_previews();
                app.disable_previews();
            }
        }
    }
    // Leave a live chat resumable: stop the worker without ending the chat.
    runner.shutdown();
    Ok(exit)
}

/// Starts, on the blocking pool, the encodes the last frame asked for; each answers with an
/// `ImageEvent::Encoded`, which redraws.
fn start_encodes(store: &mut images::Images, events: &mpsc::UnboundedSender<images::ImageEvent>) {
    let Some(chat_id) = store.chat_id().map(str::to_string) else {
        return;
    };
    for (entry_id, image, size) in store.take_requests() {
        let picker = store.picker().clone();
        let events = events.clone();
        let chat_id = chat_id.clone();
        tokio::task::spawn_blocking(move || {
            let result = images::encode(&picker, &image, size);
            let _ = events.send(images::ImageEvent::Encoded {
                chat_id,
                entry_id,
                size,
                result,
            });
        });
    }
}

/// A deliberate panic after the first frame, for the lifecycle tests that prove the terminal is
/// restored and a crash report written. Only an explicit `SP_CHAT_TEST_PANIC=task` (a panic in
/// a background tokio task) or `=main` (in the event loop) arms it; anything else is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TestPanic {
    Task,
    Main,
}

impl TestPanic {
    fn from_env() -> Option<TestPanic> {
        Self::parse(&std::env::var("SP_CHAT_TEST_PANIC").ok()?)
    }

    fn parse(value: &str) -> Option<TestPanic> {
        match value {
            "task" => Some(TestPanic::Task),
            "main" => Some(TestPanic::Main),
            _ => None,
        }
    }

    #[allow(clippy::panic)]
    fn fire(self) {
        match self {
            TestPanic::Task => {
                tokio::spawn(async {
                    panic!("test panic in a background task \x1b]0;forged title\x07");
                });
            }
            TestPanic::Main => panic!("test panic in the event loop \x1b[2J"),
        }
    }
}

/// Terminal events become messages; key releases are dropped (only Press/Repeat count).
fn translate(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Release => None,
        Event::Key(key) => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        Event::FocusGained => Some(Msg::FocusChanged(true)),
        Event::FocusLost => Some(Msg::FocusChanged(false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers};

    fn key(kind: KeyEventKind) -> Event {
        Event::Key(KeyEvent {
            code: KeyCode::Char('a'),
            modifiers: KeyModifiers::NONE,
            kind,
            state: KeyEventState::NONE,
        })
    }

    #[test]
    fn only_presses_and_repeats_become_keys() {
        assert!(matches!(
            translate(key(KeyEventKind::Press)),
            Some(Msg::Key(_))
        ));
        assert!(matches!(
            translate(key(KeyEventKind::Repeat)),
            Some(Msg::Key(_))
        ));
        assert!(translate(key(KeyEventKind::Release)).is_none());
    }

    #[test]
    fn the_test_panic_is_armed_only_by_its_exact_values() {
        // Read from the environment once; only these two spellings arm it.
        for (value, armed) in [
            ("task", Some(TestPanic::Task)),
            ("main", Some(TestPanic::Main)),
            ("", None),
            ("1", None),
            ("TASK", None),
            ("true", None),
        ] {
            assert_eq!(TestPanic::parse(value), armed, "{value:?}");
        }
    }
}
