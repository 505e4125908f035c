//! `sp-chat sim`: the simulated tenant on its own, for trying sp-chat (or any other client) by
//! hand. Owns the command-line options and the only stdout output of the simulator: the
//! settings a client needs.

use super::{SimConfig, SimServer, SimTls};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Options of `sp-chat sim`.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct SimCliOptions {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8098)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// How long an empty event poll is held, in seconds.
    #[arg(long)]
    pub poll_hold_secs: Option<u64>,
    /// Play the agent yourself from this terminal (the scripted agent only joins and leaves).
    #[arg(long)]
    pub agent_console: bool,
    /// Also write the client settings to this file (the console takes the screen).
    #[arg(long, value_name = "PATH")]
    pub settings_out: Option<std::path::PathBuf>,
    /// Serve HTTPS with this PEM certificate chain (the server's certificate first); needs
    /// --tls-key. Clients must trust its issuer (system store or [network] ca_file).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl Default for SimCliOptions {
    fn default() -> Self {
        SimCliOptions {
            port: 8098,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            poll_hold_secs: None,
            agent_console: false,
            settings_out: None,
            tls_cert: None,
            tls_key: None,
        }
    }
}

/// Runs the demo tenant until Ctrl-C, after printing the settings a client needs; with
/// `--agent-console`, a person plays the agent from this terminal instead of the script.
pub async fn run_standalone(opts: SimCliOptions) -> anyhow::Result<()> {
    // The console owns the screen: its logs go to the log file, never to the terminal.
    let _log = if opts.agent_console {
        crate::runtime::logging::state_dir()
            .and_then(|dir| crate::runtime::logging::init(&dir, "info"))
    } else {
        // Logs (RUST_LOG=debug shows every request) go to stderr; stdout carries the settings.
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
            )
            .try_init();
        None
    };
    let mut config = SimConfig::demo();
    if let Some(secs) = opts.poll_hold_secs {
        config.poll_hold = Duration::from_secs(secs);
    }
    config.agent.autopilot = !opts.agent_console;
    if opts.agent_console {
        // A person answers: no need to make the customer wait in a queue.
        config.agent.queue_time = Duration::from_millis(500);
    }
    let tls = match (&opts.tls_cert, &opts.tls_key) {
        (Some(cert), Some(key)) => Some(SimTls::from_pem_files(cert, key)?),
        _ => None,
    };
    let addr = SocketAddr::new(opts.host, opts.port);
    let server = SimServer::start_with(addr, config, tls)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let settings = server.settings_toml();
    if let Some(path) = &opts.settings_out {
        std::fs::write(path, &settings)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        println!("# client settings written to {}", path.display());
    }
    if opts.agent_console {
        let lines = settings.lines().map(str::to_string).collect();
        super::console::run(server.control(), lines).await?;
        drop(server);
        return Ok(());
    }
    println!("# sp-chat simulated tenant at {}", server.base_url());
    if opts.tls_cert.is_some() {
        println!(
            "# Over TLS: if the certificate's issuer is not in this computer's store, add it to the client under [network] as ca_file = \"/path/to/ca.pem\"."
        );
    }
    println!(
        "# Put these lines in your sp-chat config file (or your client's settings), then start the client. Ctrl-C stops the tenant."
    );
    print!("{settings}");
    tokio::signal::ctrl_c().await?;
    drop(server);
    Ok(())
}
