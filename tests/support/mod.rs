pub mod pty;
pub mod sim_config;
pub mod terminal;
