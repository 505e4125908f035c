//! Fixtures for the line front end's tests: the app with a recorder of its effects in place
//! of the runtime, and helpers to feed it lines and server answers.

use super::core::Core;
use super::event::{LineEvent, Style, render};
use super::front::LineFront;
use crate::app::test_support::init;
use crate::app::{App, Effect, Msg};
use crate::config::Settings;

/// The app, and every effect it asked for (nothing is run).
pub struct Recorder {
    pub app: App,
    pub effects: Vec<Effect>,
}

impl Core for Recorder {
    fn app(&self) -> &App {
        &self.app
    }

    fn send(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.effects.extend(effects);
    }
}

impl Recorder {
    /// A fresh app with `settings`, as line mode starts it.
    pub fn start(settings: Settings) -> Recorder {
        let (app, effects) = App::new(init(settings));
        Recorder { app, effects }
    }

    /// Takes the effects asked for so far.
    pub fn take(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}

/// The line front end and its app, driven like `run` drives them.
pub struct Driven {
    pub front: LineFront,
    pub core: Recorder,
}

impl Driven {
    pub fn start(settings: Settings) -> Driven {
        Driven {
            front: LineFront::default(),
            core: Recorder::start(settings),
        }
    }

    /// Pumps once and answers the plain lines printed.
    pub fn pump(&mut self) -> Vec<String> {
        plain(&self.front.pump(&mut self.core))
    }

    /// Types `line` and answers the plain lines printed.
    pub fn line(&mut self, line: &str) -> Vec<String> {
        self.front.push_line(line.to_string());
        self.pump()
    }

    /// A message from the runtime (an answer, a server event), as `run` applies it.
    pub fn answer(&mut self, msg: Msg) -> Vec<String> {
        self.front.seen(&msg);
        self.core.send(msg);
        self.pump()
    }

    pub fn app(&self) -> &App {
        &self.core.app
    }
}

pub fn plain(events: &[LineEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| render(e, Style::Plain { color: false }))
        .collect()
}
