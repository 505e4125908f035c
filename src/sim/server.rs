//! Listening: the accept loop, one HTTP/1.1 connection task per client, and the switch that
//! takes the whole server down and brings it back on the same port with the same state.
//!
//! Owns sockets and connection tasks (with the TLS handshake first when the tenant serves
//! TLS, see `tls`), and counts the connections accepted. Accepting connections here (rather than with
//! `axum::serve`) is what lets `go_down` abort connections in flight: graceful shutdown would
//! wait for a held poll to finish. Does not own any API behaviour (`routes`).

use super::SimConfig;
use super::control::SimControl;
use super::routes;
use super::state::Shared;
use super::tls::SimTls;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// A running simulated tenant. Dropping it stops the server and its agents.
pub struct SimServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    router: Router,
    /// Set when the tenant serves TLS (`https://`).
    tls: Option<SimTls>,
    running: Option<Running>,
}

/// The accept loop of a server that is up.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl SimServer {
    /// Starts on 127.0.0.1 with a free port.
    pub async fn start(config: SimConfig) -> io::Result<SimServer> {
        SimServer::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config).await
    }

    pub async fn start_on(addr: SocketAddr, config: SimConfig) -> io::Result<SimServer> {
        SimServer::start_with(addr, config, None).await
    }

    /// Starts on 127.0.0.1 with a free port, serving TLS with `tls`'s certificate.
    pub async fn start_tls(config: SimConfig, tls: SimTls) -> io::Result<SimServer> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        SimServer::start_with(addr, config, Some(tls)).await
    }

    /// Starts on `addr`, over TLS when `tls` is given, else plain HTTP.
    pub async fn start_with(
        addr: SocketAddr,
        config: SimConfig,
        tls: Option<SimTls>,
    ) -> io::Result<SimServer> {
        let shared = Shared::new(config);
        let router = routes::router(shared.clone());
        let listener = bind(addr)?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, tls = tls.is_some(), "simulated tenant listening");
        let running = serve(listener, router.clone(), shared.clone(), tls.clone());
        Ok(SimServer {
            addr,
            shared,
            router,
            tls,
            running: Some(running),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (`https://` over TLS): the client_web_server_url of this tenant.
    pub fn base_url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Four TOML lines a client's config needs to talk to this tenant, with a fresh clientId.
    pub fn settings_toml(&self) -> String {
        format!(
            "tenant_url = \"{}\"\nclient_web_server_url = \"{}\"\napp_id = \"{}\"\nclient_id = \"{}\"\n",
            self.shared.config.tenant,
            self.base_url(),
            self.shared.config.app_id,
            uuid::Uuid::new_v4()
        )
    }

    pub fn control(&self) -> SimControl {
        SimControl::new(self.shared.clone())
    }

    /// Whether the server is listening (between `go_down` and `come_back` it is not).
    pub fn is_up(&self) -> bool {
        self.running.is_some()
    }

    /// Stops listening and aborts every open connection (held polls included): new
    /// connections are refused until `come_back`. Chats and agents carry on.
    pub async fn go_down(&mut self) {
        if let Some(running) = self.running.take() {
            // A send error means the loop is already gone; awaiting it below is still right.
            let _ = running.stop.send(());
            if let Err(e) = running.task.await {
                tracing::warn!(error = %e, "accept loop ended abnormally");
            }
            tracing::info!(addr = %self.addr, "simulated tenant down");
        }
    }

    /// Listens again on the same address, with the same state.
    pub async fn come_back(&mut self) -> io::Result<()> {
        if self.running.is_none() {
            let listener = bind(self.addr)?;
            let (router, shared) = (self.router.clone(), self.shared.clone());
            self.running = Some(serve(listener, router, shared, self.tls.clone()));
            tracing::info!(addr = %self.addr, "simulated tenant back");
        }
        Ok(())
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            running.task.abort();
        }
        for agent in self.shared.lock().agents.drain(..) {
            agent.abort();
        }
    }
}

/// Binds with SO_REUSEADDR so `come_back` can take the port again at once, even while aborted
/// connections linger in TIME_WAIT.
fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

fn serve(
    listener: TcpListener,
    router: Router,
    shared: Arc<Shared>,
    tls: Option<SimTls>,
) -> Running {
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        // Counted here, not per request: how many TCP (on a real tenant, TLS)
                        // handshakes a client costs is what keep-alive is about.
                        shared.lock().stats.connections += 1;
                        // Small writes (drip faults) should leave at once.
                        let _ = stream.set_nodelay(true);
                        let service = TowerToHyperService::new(router.clone());
                        let tls = tls.clone();
                        connections.spawn(async move {
                            let served = match tls {
                                None => serve_http(stream, service).await,
                                Some(tls) => match tls.accept(stream).await {
                                    Ok(stream) => serve_http(stream, service).await,
                                    Err(e) => {
                                        // No request reached the tenant: nothing is counted.
                                        tracing::debug!(%peer, error = %e, "TLS handshake failed");
                                        return;
                                    }
                                },
                            };
                            if let Err(e) = served {
                                tracing::debug!(%peer, error = %e, "connection ended with an error");
                            }
                        });
                    }
                    Err(e) => {
                        // Out of file descriptors and the like: pause instead of spinning.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        // Refuse new connections first, then cut the open ones.
        drop(listener);
        connections.shutdown().await;
    });
    Running { stop, task }
}

/// Serves HTTP/1.1 on one connection, plain or TLS.
async fn serve_http(
    io: impl AsyncRead + AsyncWrite + Unpin + Send + 'static,
    service: TowerToHyperService<Router>,
) -> Result<(), hyper::Error> {
    http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(io), service)
        .await
}
