//! What line mode drives: the app and whatever runs its effects ([`Core`]). A leaf, so that
//! the front end and the actions it takes both stand on it.

use crate::app::{App, Msg};

/// The app and whatever runs its effects: the real runtime, or a test's recorder.
pub trait Core {
    fn app(&self) -> &App;
    /// Applies one message (and runs its effects).
    fn send(&mut self, msg: Msg);
}
