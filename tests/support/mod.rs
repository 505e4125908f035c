pub mod pty;
pub mod terminal;
