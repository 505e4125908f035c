//! A simulated tenant on 127.0.0.1 and a config file pointing at it, for PTY tests that run
//! `sp-chat --config PATH` (rather than `demo`) to control what the file says.

#![allow(dead_code)]

use sp_chat::sim::{SimConfig, SimServer};
use std::path::PathBuf;

/// Keep it alive for the test: dropping it stops the tenant and removes the file.
pub struct SimWithConfig {
    pub sim: SimServer,
    pub path: PathBuf,
    _dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

impl SimWithConfig {
    /// A brisk tenant and a config naming it, the customer Sam Carter, then `extra` (TOML).
    pub fn brisk(extra: &str) -> SimWithConfig {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sim = runtime
            .block_on(SimServer::start(SimConfig::brisk()))
            .expect("sim");
        let dir = tempfile::tempdir().expect("config dir");
        let path = dir.path().join("config.toml");
        let mut text = sim.settings_toml();
        text.push_str("\n[customer]\nfirst_name = \"Sam\"\nlast_name = \"Carter\"\n");
        text.push_str(extra);
        std::fs::write(&path, text).expect("write config");
        SimWithConfig {
            sim,
            path,
            _dir: dir,
            _runtime: runtime,
        }
    }

    /// The `--config` argument.
    pub fn config_arg(&self) -> &str {
        self.path.to_str().expect("utf-8 path")
    }
}
