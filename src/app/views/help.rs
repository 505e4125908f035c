//! The help overlay: the keys of the current screen, generated from the keymap (`ui::overlay`
//! draws it). Owns only how far it is scrolled and whether it was closed.

use super::{Overlay, Reply, ViewCx};
use crate::app::keymap::{Action, Mode};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpView {
    scroll: u16,
    closed: bool,
}

impl HelpView {
    /// Rows scrolled past the top.
    pub fn scroll_offset(&self) -> u16 {
        self.scroll
    }

    fn scroll_by(&mut self, up: bool, rows: u16) {
        self.scroll = if up {
            self.scroll.saturating_sub(rows)
        } else {
            self.scroll.saturating_add(rows)
        };
    }
}

impl Overlay for HelpView {
    fn modes(&self) -> Vec<Mode> {
        vec![Mode::Help]
    }

    fn on_action(&mut self, action: Action, _cx: ViewCx) -> Reply {
        match action {
            Action::CloseHelp => self.closed = true,
            Action::ScrollUp => self.scroll_by(true, 1),
            Action::ScrollDown => self.scroll_by(false, 1),
            _ => {}
        }
        Reply::default()
    }

    fn scroll(&mut self, up: bool, rows: u16) -> bool {
        self.scroll_by(up, rows);
        true
    }

    fn is_complete(&self) -> bool {
        self.closed
    }
}
