//! Overlays on a small stack above the screen: the help, a y/n question, the Export dialog,
//! the case history, the chat's search line and a message's links.
//!
//! The top view takes every key while it is open (codex's bottom pane: keys go to the top of
//! the stack, and a view says when it is complete); the `App` pops completed views. A view
//! may read the chat's transcript below it but never changes it: what it wants done comes back
//! as a [`Reply`] (effects, a question answered yes, or something for the chat: [`ForChat`]).
//!
//! Adding a view: a file here with a type that implements [`Overlay`], one line in the
//! `views!` list below, and its drawing in `ui`.

use super::composer::FieldEdit;
use super::context::Ctx;
use super::keymap::{Action, Mode};
use super::msg::{Effect, Msg};
use super::transcript::{Scroll, Transcript};

mod confirm;
mod export;
mod help;
mod history;
mod links;
mod search;

pub use confirm::{Confirm, ConfirmView, started_when};
pub use export::{ExportDialog, Target, failed_line, saved_line};
pub use help::HelpView;
pub use history::{HistoryLine, HistoryState, HistoryView};
pub use links::LinksView;
pub use search::SearchView;

/// A view's answer to one action.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    pub effects: Vec<Effect>,
    /// The question this view asked was answered yes: the asker acts on it.
    pub confirmed: Option<Confirm>,
    /// What the chat under the stack should do (the `App` hands it over).
    pub chat: Option<ForChat>,
}

/// What a view asks of the chat below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForChat {
    /// Scroll entry `n` into view (a search match).
    Reveal(usize),
    /// Put the view back where the reader was, and the selection on the message that was
    /// selected (when the messages have the focus).
    Restore {
        scroll: Scroll,
        selected: Option<usize>,
    },
    /// A short line on the chat's notice line ("Opening https://…").
    Notice(String),
}

impl From<Vec<Effect>> for Reply {
    fn from(effects: Vec<Effect>) -> Self {
        Reply {
            effects,
            ..Reply::default()
        }
    }
}

/// What a view may read while it handles an action.
pub struct ViewCx<'c, 'a> {
    pub ctx: &'c mut Ctx<'a>,
    /// The transcript of the chat under the stack, when a chat is shown.
    pub transcript: Option<&'c Transcript>,
}

/// What every view answers.
pub trait Overlay {
    /// The input modes in force while it is on top ([`Mode::Global`] is implied).
    fn modes(&self) -> Vec<Mode>;
    /// A key's action.
    fn on_action(&mut self, action: Action, cx: ViewCx) -> Reply;
    /// A text edit, for a view with a field; `false` when there is none.
    fn edit(&mut self, _edit: FieldEdit) -> bool {
        false
    }
    /// After a text edit of this view's field: its answer to the new text (the search line
    /// searches again).
    fn edited(&mut self, _cx: ViewCx) -> Reply {
        Reply::default()
    }
    /// The mouse wheel; `false` when the view does not scroll (the screen below does).
    fn scroll(&mut self, _up: bool, _rows: u16) -> bool {
        false
    }
    /// An answer to an effect this view asked for; `false` when it is not this view's.
    fn answered(&mut self, _msg: &Msg, _utc_offset_secs: i32) -> bool {
        false
    }
    /// Done: the `App` takes it off the stack.
    fn is_complete(&self) -> bool;
}

/// Declares [`View`] (one variant per view) and its dispatch to [`Overlay`] in one list.
macro_rules! views {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// One open overlay.
        #[derive(Clone, Debug, PartialEq)]
        pub enum View {
            $($variant($ty)),*
        }

        impl View {
            pub fn overlay(&self) -> &dyn Overlay {
                match self {
                    $(View::$variant(view) => view),*
                }
            }

            pub fn overlay_mut(&mut self) -> &mut dyn Overlay {
                match self {
                    $(View::$variant(view) => view),*
                }
            }
        }
    };
}

views! {
    Help(HelpView),
    Confirm(ConfirmView),
    Export(ExportDialog),
    History(HistoryView),
    Search(SearchView),
    Links(LinksView),
}

impl View {
    /// The question, when this view asks one.
    pub fn question(&self) -> Option<&Confirm> {
        match self {
            View::Confirm(view) => Some(view.question()),
            View::Help(_)
            | View::Export(_)
            | View::History(_)
            | View::Search(_)
            | View::Links(_) => None,
        }
    }
}
