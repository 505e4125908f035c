//! The only place that does terminal I/O: setup/restore, logging, and the event loop that merges
//! keys, session events and timers into `Msg`s and runs the `Effect`s.

pub mod logging;
pub mod terminal;
