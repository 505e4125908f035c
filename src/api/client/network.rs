//! What lies between the client and the tenant: the proxy (from `[network] proxy` or the
//! environment) and the certificate checks, and what a failure to get through either means.
//!
//! Owns choosing the proxy for the tenant's URL ([`ProxyChoice`], [`ProxyEnv`], `NO_PROXY`
//! matching), keeping proxy credentials out of every `Debug`, `Display` and error
//! ([`ProxyUrl`]), and turning a TLS or tunnel failure into an [`ErrorKind::Certificate`] or
//! [`ErrorKind::Proxy`]. It does not build the HTTP client (`client.rs` does) and offers no way
//! to skip certificate verification.
//!
//! One client talks to one origin (redirects stay on it), so the proxy is chosen once, when the
//! client is built, and every failure to connect can be told apart: the proxy's or the tenant's.

use crate::api::error::{CertificateProblem, Error, ErrorKind, ProxyProblem};
use crate::config::without_credentials;
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use url::{Host, Url};

/// The environment variables read, lower-case first as curl does; an empty one is unset.
const HTTPS_VARS: [&str; 2] = ["https_proxy", "HTTPS_PROXY"];
const HTTP_VARS: [&str; 2] = ["http_proxy", "HTTP_PROXY"];
const ALL_VARS: [&str; 2] = ["all_proxy", "ALL_PROXY"];
const NO_PROXY_VARS: [&str; 2] = ["no_proxy", "NO_PROXY"];

/// A proxy's URL: `http` or `https`, a host and a port. `Debug` and `Display` never show the
/// credentials it may carry (`http://user:password@host:port`); reqwest gets them, as
/// `Proxy-Authorization`, and nothing else does.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(Url);

impl ProxyUrl {
    /// Parses a proxy URL; one without a scheme (`proxy.corp:3128`, as `HTTPS_PROXY` is often
    /// written) is taken as `http://`. `None` for anything else than an http(s) URL with a
    /// host and no path.
    pub fn parse(raw: &str) -> Option<ProxyUrl> {
        let raw = raw.trim();
        let url = if raw.contains("://") {
            Url::parse(raw).ok()?
        } else {
            Url::parse(&format!("http://{raw}")).ok()?
        };
        let usable = matches!(url.scheme(), "http" | "https")
            && url.host().is_some()
            && matches!(url.path(), "" | "/")
            && url.query().is_none();
        usable.then_some(ProxyUrl(url))
    }

    /// `host:port`, for messages: no credentials.
    pub fn endpoint(&self) -> String {
        let host = self.0.host_str().unwrap_or_default();
        match self.0.port_or_known_default() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// The URL with its credentials, for the HTTP client only.
    pub(crate) fn as_url(&self) -> &Url {
        &self.0
    }
}

impl fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&without_credentials(self.0.as_str()))
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProxyUrl({self})")
    }
}

/// The proxy variables of an environment, read once: `HTTPS_PROXY`, `HTTP_PROXY`,
/// `ALL_PROXY`, `NO_PROXY` (either case). `Debug` hides credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    vars: BTreeMap<&'static str, String>,
}

impl ProxyEnv {
    /// This process's environment, now.
    pub fn from_process() -> ProxyEnv {
        ProxyEnv::from_lookup(|name| std::env::var(name).ok())
    }

    /// An environment with just these variables (tests, embedders).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ProxyEnv {
        let pairs: BTreeMap<&str, &str> = pairs.into_iter().collect();
        ProxyEnv::from_lookup(|name| pairs.get(name).map(|v| (*v).to_owned()))
    }

    /// The variables `lookup` gives (`None` or empty: unset).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ProxyEnv {
        let vars = [HTTPS_VARS, HTTP_VARS, ALL_VARS, NO_PROXY_VARS]
            .into_iter()
            .flatten()
            .filter_map(|name| {
                let value = lookup(name)?;
                (!value.trim().is_empty()).then(|| (name, value.trim().to_owned()))
            })
            .collect();
        ProxyEnv { vars }
    }

    /// The first set variable of `names`, with its name.
    fn first(&self, names: &[&'static str]) -> Option<(&'static str, &str)> {
        names
            .iter()
            .find_map(|name| self.vars.get(name).map(|v| (*name, v.as_str())))
    }

    /// The proxy for `server`: `HTTPS_PROXY` (https) or `HTTP_PROXY` (http), else `ALL_PROXY`,
    /// unless `NO_PROXY` covers the host. A variable that is not an http(s) proxy URL is an
    /// error naming the variable (going direct instead could leak past a required proxy).
    fn proxy_for(&self, server: &Url) -> Result<Option<ProxyUrl>, Error> {
        let specific = if server.scheme() == "https" {
            &HTTPS_VARS
        } else {
            &HTTP_VARS
        };
        let Some((name, value)) = self.first(specific).or_else(|| self.first(&ALL_VARS)) else {
            return Ok(None);
        };
        if self
            .first(&NO_PROXY_VARS)
            .is_some_and(|(_, list)| no_proxy_covers(list, server))
        {
            return Ok(None);
        }
        ProxyUrl::parse(value).map(Some).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidSettings,
                format!("{name} is not an http:// or https:// proxy URL"),
            )
        })
    }
}

impl fmt::Debug for ProxyEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.vars.iter().map(|(k, v)| (k, without_credentials(v))))
            .finish()
    }
}

/// How the client reaches the tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProxyChoice {
    /// As the environment says (`[network] proxy` empty).
    Environment(ProxyEnv),
    /// Straight to the tenant, whatever the environment says (`[network] proxy = "none"`).
    Direct,
    /// Through this proxy, whatever the environment says.
    Via(ProxyUrl),
}

impl ProxyChoice {
    /// The proxy requests to `server` go through, if any.
    pub fn proxy_for(&self, server: &Url) -> Result<Option<ProxyUrl>, Error> {
        match self {
            ProxyChoice::Environment(env) => env.proxy_for(server),
            ProxyChoice::Direct => Ok(None),
            ProxyChoice::Via(proxy) => Ok(Some(proxy.clone())),
        }
    }
}

/// Whether a `NO_PROXY` list covers the URL's host: `*`; a domain, matching itself and its
/// subdomains (`corp.example`, `.corp.example`, `*.corp.example`); an IP address; or a CIDR
/// range (`10.0.0.0/8`). An entry with a port (`host:8443`) covers that port only.
pub(crate) fn no_proxy_covers(list: &str, url: &Url) -> bool {
    let Some(host) = url.host() else {
        return false;
    };
    let port = url.port_or_known_default();
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| entry == "*" || entry_covers(entry, &host, port))
}

fn entry_covers(entry: &str, host: &Host<&str>, port: Option<u16>) -> bool {
    let (name, entry_port) = split_port(entry);
    if entry_port.is_some() && entry_port != port {
        return false;
    }
    match host {
        Host::Ipv4(ip) => ip_covers(name, IpAddr::V4(*ip)),
        Host::Ipv6(ip) => ip_covers(name, IpAddr::V6(*ip)),
        Host::Domain(domain) => {
            let domain = domain.trim_end_matches('.').to_ascii_lowercase();
            let name = name
                .trim_start_matches("*.")
                .trim_start_matches('.')
                .trim_end_matches('.')
                .to_ascii_lowercase();
            !name.is_empty()
                && (domain == name
                    || domain
                        .strip_suffix(&name)
                        .is_some_and(|rest| rest.ends_with('.')))
        }
    }
}

/// `host:port` → (`host`, port); IPv6 addresses (`::1`, `[::1]:80`) and CIDR ranges keep
/// their colons.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, tail)) => (ip, tail.strip_prefix(':').and_then(|p| p.parse().ok())),
            None => (entry, None),
        };
    }
    match entry.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => match port.parse() {
            Ok(port) => (name, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

fn ip_covers(entry: &str, ip: IpAddr) -> bool {
    let (addr, bits) = match entry.split_once('/') {
        Some((addr, bits)) => match bits.parse::<u32>() {
            Ok(bits) => (addr, Some(bits)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let Ok(net) = addr.parse::<IpAddr>() else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(
            u128::from(net.to_bits()),
            u128::from(ip.to_bits()),
            32,
            bits,
        ),
        (IpAddr::V6(net), IpAddr::V6(ip)) => same_prefix(net.to_bits(), ip.to_bits(), 128, bits),
        _ => false,
    }
}

/// Whether the first `bits` of two `width`-bit addresses agree (all of them without `bits`).
fn same_prefix(net: u128, ip: u128, width: u32, bits: Option<u32>) -> bool {
    let bits = bits.unwrap_or(width);
    if bits > width {
        return false;
    }
    let shift = width - bits;
    shift >= width || (net >> shift) == (ip >> shift)
}

/// A connect failure in words: a certificate the tenant (or a proxy inspecting traffic)
/// presented and we do not accept, or a proxy that cannot be reached or will not connect us.
/// `None`: an ordinary connect failure (the tenant is down or unreachable).
pub(crate) fn classify_connect(
    e: &(dyn std::error::Error + 'static),
    via: Option<&ProxyUrl>,
) -> Option<Error> {
    let mut saw_io = false;
    let mut said = String::new();
    let mut next = Some(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(certificate_error(tls));
        }
        said = err.to_string();
        // An `io::Error` reports its inner error's source, not the inner error: step inside.
        next = match err.downcast_ref::<std::io::Error>() {
            Some(io) => {
                saw_io = true;
                io.get_ref()
                    .map(|inner| inner as &(dyn std::error::Error + 'static))
            }
            None => err.source(),
        };
    }
    let proxy = via?;
    let problem = if said.ends_with(TUNNEL_AUTH_REQUIRED) {
        ProxyProblem::AuthRequired
    } else if saw_io {
        ProxyProblem::Unreachable
    } else {
        // The proxy answered the CONNECT, but not with 200.
        ProxyProblem::Refused
    };
    Some(proxy_error(problem, proxy))
}

/// How hyper-util's tunnel error ends when the proxy answers 407 (the type is not public).
const TUNNEL_AUTH_REQUIRED: &str = "proxy authorization required";

pub(crate) fn proxy_error(problem: ProxyProblem, proxy: &ProxyUrl) -> Error {
    Error::new(
        ErrorKind::Proxy(problem),
        format!("{}: {}", proxy.endpoint(), problem.what()),
    )
}

fn certificate_error(e: &rustls::Error) -> Error {
    use rustls::CertificateError as C;
    let problem = match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => CertificateProblem::UnknownIssuer,
            C::Expired | C::ExpiredContext { .. } => CertificateProblem::Expired,
            C::NotValidYet | C::NotValidYetContext { .. } => CertificateProblem::NotYetValid,
            C::NotValidForName | C::NotValidForNameContext { .. } => CertificateProblem::WrongHost,
            C::Revoked => CertificateProblem::Revoked,
            _ => CertificateProblem::Invalid,
        },
        _ => CertificateProblem::Handshake,
    };
    Error::new(ErrorKind::Certificate(problem), problem.what())
}

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
