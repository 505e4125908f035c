//! The simulated tenant over TLS: a certificate chain and its private key (PEM), as given to
//! `sp-chat sim --tls-cert FILE --tls-key FILE` or by a test, make a [`SimTls`] that the
//! accept loop (`server.rs`) runs each connection's handshake with.
//!
//! Owns reading and checking the PEM and the server's TLS settings (TLS 1.2 and 1.3, HTTP/1.1,
//! no client certificates). Does not own the listening or the HTTP (`server`), nor any choice
//! about the client's trust (that is the client's `[network] ca_file` and the system's store).

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// A certificate and key ready to serve. Cheap to clone.
#[derive(Clone)]
pub struct SimTls {
    acceptor: TlsAcceptor,
}

impl fmt::Debug for SimTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key stays out of it.
        f.write_str("SimTls")
    }
}

impl SimTls {
    /// Reads a PEM certificate chain (the server's certificate first) and a PEM private key.
    /// Errors name the file and what is wrong with it.
    pub fn from_pem_files(cert: &Path, key: &Path) -> io::Result<SimTls> {
        let read = |path: &Path| {
            std::fs::read(path).map_err(|e| named(path, &format!("cannot be read ({e})")))
        };
        let chain = parse_chain(&read(cert)?).map_err(|why| named(cert, why))?;
        let key_der = PrivateKeyDer::from_pem_slice(&read(key)?)
            .map_err(|_| named(key, "holds no PEM private key"))?;
        SimTls::build(chain, key_der)
    }

    /// [`SimTls::from_pem_files`] from PEM text in memory.
    pub fn from_pem(cert_pem: &[u8], key_pem: &[u8]) -> io::Result<SimTls> {
        let chain = parse_chain(cert_pem).map_err(invalid)?;
        let key = PrivateKeyDer::from_pem_slice(key_pem)
            .map_err(|_| invalid("the key holds no PEM private key"))?;
        SimTls::build(chain, key)
    }

    fn build(
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> io::Result<SimTls> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid(&format!("TLS settings: {e}")))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| invalid(&format!("the certificate and key do not go together: {e}")))?;
        // The simulator speaks HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(SimTls {
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }

    /// Runs the server side of the handshake on an accepted connection.
    pub(crate) async fn accept(&self, stream: TcpStream) -> io::Result<TlsStream<TcpStream>> {
        self.acceptor.accept(stream).await
    }
}

fn parse_chain(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, &'static str> {
    let chain = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| "is not a PEM file")?;
    if chain.is_empty() {
        return Err("holds no certificate (a -----BEGIN CERTIFICATE----- block)");
    }
    Ok(chain)
}

fn named(path: &Path, why: &str) -> io::Error {
    invalid(&format!("{}: {why}", path.display()))
}

fn invalid(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why.to_owned())
}
