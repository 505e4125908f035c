//! The links of the selected message, numbered, to open one (`u`; `ui::overlay` draws it).
//!
//! Owns the list and which one is highlighted. Opening is the runtime's (the system opener,
//! given the URL as one argument, never a shell): the view asks for it with
//! [`Effect::OpenUrl`] and says on the chat's notice line which URL it opens.

use super::{ForChat, Overlay, Reply, ViewCx};
use crate::app::keymap::{Action, Mode};
use crate::app::msg::Effect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinksView {
    /// At least one, each printable ASCII (see `transcript::links`).
    urls: Vec<String>,
    selected: usize,
    closed: bool,
}

impl LinksView {
    /// The list of `urls`; `None` when there is none to list.
    pub fn new(urls: Vec<String>) -> Option<Self> {
        (!urls.is_empty()).then_some(LinksView {
            urls,
            selected: 0,
            closed: false,
        })
    }

    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    fn open(&mut self, index: usize) -> Reply {
        let Some(url) = self.urls.get(index) else {
            return Reply::default();
        };
        self.closed = true;
        Reply {
            effects: vec![Effect::OpenUrl { url: url.clone() }],
            chat: Some(ForChat::Notice(format!("Opening {url}"))),
            ..Reply::default()
        }
    }
}

impl Overlay for LinksView {
    fn modes(&self) -> Vec<Mode> {
        vec![Mode::Links]
    }

    fn on_action(&mut self, action: Action, _cx: ViewCx) -> Reply {
        match action {
            Action::OpenLink(n) => return self.open(usize::from(n).saturating_sub(1)),
            Action::ChooseLink => return self.open(self.selected),
            Action::SelectPrev => self.selected = self.selected.saturating_sub(1),
            Action::SelectNext => {
                self.selected = (self.selected + 1).min(self.urls.len().saturating_sub(1))
            }
            Action::CloseLinks => self.closed = true,
            _ => {}
        }
        Reply::default()
    }

    fn is_complete(&self) -> bool {
        self.closed
    }
}
