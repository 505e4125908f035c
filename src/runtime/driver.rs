//! The pieces both event loops use: the TUI's (`runtime::event_loop`) and the line front
//! end's (`line`). Building the app from the run options, feeding it one message with the
//! current time and running its effects, sleeping until the wake-up it asked for, and the
//! signals that end a run.
//!
//! Does not own what a loop waits on besides these (terminal events and pictures are the
//! TUI's, stdin lines the line front end's), nor drawing or printing.

use super::RunOptions;
use super::effects::{EffectRunner, Flow};
use crate::app::{App, AppInit, Effect, Msg};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

impl RunOptions {
    /// What the app is told at start, for a terminal of `size` (columns, rows).
    pub fn app_init(self, size: (u16, u16), no_color: bool) -> AppInit {
        AppInit {
            settings: self.settings,
            config_path: self.config_path,
            demo: self.demo,
            now_ms: now_ms(),
            size,
            log_path: self.log_dir,
            utc_offset_secs: local_utc_offset_secs(),
            no_color,
            transcripts_dir: super::export_file::transcripts_dir(),
            keymap: self.keymap,
        }
    }
}

/// `NO_COLOR` is set (to anything but the empty string).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Feeds one message (with the current time) to the app and runs its effects; `true` when
/// one of them quits.
pub fn dispatch(app: &mut App, runner: &mut EffectRunner, msg: Msg) -> bool {
    let mut quit = false;
    if !matches!(msg, Msg::Tick { .. }) {
        quit |= run_all(runner, app.update(Msg::Tick { now_ms: now_ms() }));
    }
    quit |= run_all(runner, app.update(msg));
    quit
}

/// Runs effects in order; `true` when one of them quits.
pub fn run_all(runner: &mut EffectRunner, effects: Vec<Effect>) -> bool {
    let mut quit = false;
    for effect in effects {
        quit |= runner.run(effect) == Flow::Quit;
    }
    quit
}

/// When the app next needs a `Tick` (`None`: it is idle and never wakes up).
pub fn wake_at(app: &App) -> Option<tokio::time::Instant> {
    app.next_wakeup_ms().map(|at| {
        let wait = u64::try_from(at.saturating_sub(now_ms())).unwrap_or(0);
        tokio::time::Instant::now() + Duration::from_millis(wait)
    })
}

/// Sleeps until `at`, or forever.
pub async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The local UTC offset (honours `TZ` and the system zone), for showing message times.
fn local_utc_offset_secs() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

/// SIGTERM and SIGHUP: leave cleanly (restore the terminal, keep the chat resumable).
pub struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate())?,
                hup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Signals {})
        }
    }

    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => {}
                _ = self.hup.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            std::future::pending::<()>().await
        }
    }
}
