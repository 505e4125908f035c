//! The client where customers are: a tenant over real TLS signed by a private certificate
//! authority (rcgen-made, in a temp dir), reached directly or through an HTTP CONNECT proxy
//! written here (it counts the tunnels it relays, can refuse, ask for credentials, or "sleep"
//! like a suspended laptop). Everything on 127.0.0.1:0; no network.

mod common;
mod support;

use common::{Started, agent_texts, delivered, fast_options, start_chat, wait_event, wait_until};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, date_time_ymd};
use sp_chat::api::{
    CertificateProblem, Client, ClientConfig, Error, ErrorKind, ProxyEnv, ProxyProblem,
    ServerEvent, SessionEvent,
};
use sp_chat::config::{ProxySetting, Settings};
use sp_chat::sim::{SimConfig, SimServer, SimTls};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

// ---- certificates --------------------------------------------------------------------------

/// A private certificate authority whose certificate is written to `ca.pem` in a temp dir.
struct Pki {
    dir: tempfile::TempDir,
    ca: CertifiedIssuer<'static, KeyPair>,
}

/// How a leaf certificate is made out.
enum Leaf {
    /// For 127.0.0.1, valid now.
    Good,
    /// For 127.0.0.1, expired in 2002.
    Expired,
    /// Valid now, but for another host name.
    OtherHost,
}

impl Pki {
    fn new() -> Pki {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "sp-chat test CA");
        let key = KeyPair::generate().expect("ca key");
        let ca = CertifiedIssuer::self_signed(params, key).expect("ca cert");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).expect("write ca.pem");
        Pki { dir, ca }
    }

    fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// A server certificate signed by this CA, with its key, ready to serve.
    fn leaf(&self, kind: Leaf) -> SimTls {
        let name = match kind {
            Leaf::Good | Leaf::Expired => "127.0.0.1",
            Leaf::OtherHost => "tenant.elsewhere.test",
        };
        let mut params = CertificateParams::new(vec![name.to_owned()]).expect("leaf params");
        if let Leaf::Expired = kind {
            params.not_before = date_time_ymd(2001, 1, 1);
            params.not_after = date_time_ymd(2002, 1, 1);
        }
        let key = KeyPair::generate().expect("leaf key");
        let cert = params.signed_by(&key, &self.ca).expect("leaf cert");
        SimTls::from_pem(cert.pem().as_bytes(), key.serialize_pem().as_bytes()).expect("sim tls")
    }

    /// A fast simulated tenant serving TLS with a certificate of `kind`.
    async fn tenant(&self, kind: Leaf) -> SimServer {
        let mut config = SimConfig::fast();
        config.agent.autopilot = false;
        SimServer::start_tls(config, self.leaf(kind))
            .await
            .expect("tls sim")
    }
}

// ---- settings and clients ------------------------------------------------------------------

/// Settings for `sim`, trusting `ca_file` if given, with `proxy` as `[network] proxy`.
fn settings(sim: &SimServer, ca_file: Option<PathBuf>, proxy: &str) -> Settings {
    let mut s: Settings = toml::from_str(&sim.settings_toml()).expect("the sim's settings");
    s.network.ca_file = ca_file.map(|p| p.display().to_string()).unwrap_or_default();
    s.network.proxy = ProxySetting(proxy.to_owned());
    // The fast sim holds an empty poll 2 s.
    s.network.poll_timeout_secs = 3;
    s.network.request_timeout_secs = 2;
    s
}

/// The client the settings make in an environment holding just `env`.
fn client(s: &Settings, env: &[(&str, &str)]) -> Client {
    let cfg = ClientConfig::from_settings_in(s, ProxyEnv::from_pairs(env.iter().copied()))
        .expect("client config");
    Client::new(cfg).expect("client")
}

/// Why Check Availability fails with these settings (and an empty environment).
async fn availability_error(s: &Settings) -> Error {
    client(s, &[])
        .check_availability()
        .await
        .expect_err("the check must fail")
}

/// The customer sends `text`; the tenant has it, once, as the chat's only customer message.
async fn reply_reaches_the_tenant(sim: &SimServer, chat: &mut Started, text: &str) {
    let id = chat.h.send_message(text);
    wait_event(
        &mut chat.rx,
        &mut chat.log,
        |e| matches!(e, SessionEvent::MessageSent { local_id, .. } if *local_id == id),
    )
    .await;
    let sent: Vec<String> = sim
        .control()
        .customer_messages(&chat.chat_id)
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(sent, [text]);
}

/// A chat over `client`: started, the agent joined, one agent message shown, one customer
/// message received by the tenant.
async fn chat_works(sim: &SimServer, client: Client) {
    let ctl = sim.control();
    let mut chat = start_chat(client, fast_options()).await;
    wait_until("the agent joins", || {
        ctl.agent_party_id(&chat.chat_id).is_some()
    })
    .await;
    ctl.agent_say(&chat.chat_id, "Hello over TLS");
    while !agent_texts(&delivered(&chat.log), &chat.chat_id).contains(&"Hello over TLS".into()) {
        wait_event(&mut chat.rx, &mut chat.log, |_| true).await;
    }
    reply_reaches_the_tenant(sim, &mut chat, "hi from behind the proxy").await;
}

/// A port nothing listens on.
fn dead_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

// ---- a CONNECT proxy -----------------------------------------------------------------------

/// What the proxy answers to a CONNECT.
#[derive(Clone, Copy)]
enum Answer {
    /// `200`, then relays bytes both ways.
    Relay,
    /// This status line, and closes.
    Refuse(&'static str),
}

/// Whether the "laptop" is awake, and how many times it woke up: a tunnel opened before the
/// last wake is dead (a suspended machine's connections do not survive the night).
#[derive(Clone, Copy)]
struct Power {
    awake: bool,
    wakes: u64,
}

struct ConnectProxy {
    addr: SocketAddr,
    tunnels: Arc<AtomicUsize>,
    authorizations: Arc<Mutex<Vec<String>>>,
    power: watch::Sender<Power>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ConnectProxy {
    async fn start(answer: Answer) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let tunnels = Arc::new(AtomicUsize::new(0));
        let authorizations = Arc::new(Mutex::new(Vec::new()));
        let (power, _) = watch::channel(Power {
            awake: true,
            wakes: 0,
        });
        let (t, a, p) = (tunnels.clone(), authorizations.clone(), power.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (t, a, p) = (t.clone(), a.clone(), p.subscribe());
                tokio::spawn(serve_connect(stream, answer, t, a, p));
            }
        });
        ConnectProxy {
            addr,
            tunnels,
            authorizations,
            power,
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// CONNECTs answered 200 and relayed.
    fn tunnels(&self) -> usize {
        self.tunnels.load(Ordering::SeqCst)
    }

    fn authorizations(&self) -> Vec<String> {
        self.authorizations.lock().expect("lock").clone()
    }

    /// Nothing moves through any tunnel until [`ConnectProxy::wake`].
    fn sleep(&self) {
        self.power.send_modify(|p| p.awake = false);
    }

    /// Tunnels open before now are closed; new ones work.
    fn wake(&self) {
        self.power.send_modify(|p| {
            p.awake = true;
            p.wakes += 1;
        });
    }
}

async fn serve_connect(
    mut stream: TcpStream,
    answer: Answer,
    tunnels: Arc<AtomicUsize>,
    authorizations: Arc<Mutex<Vec<String>>>,
    mut power: watch::Receiver<Power>,
) {
    let Some(head) = read_head(&mut stream).await else {
        return;
    };
    let mut lines = head.lines();
    let target = lines
        .next()
        .and_then(|l| l.strip_prefix("CONNECT "))
        .and_then(|l| l.split_whitespace().next())
        .map(str::to_owned);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("proxy-authorization") {
                authorizations
                    .lock()
                    .expect("lock")
                    .push(value.trim().to_owned());
            }
        }
    }
    let (Answer::Relay, Some(target)) = (answer, target) else {
        let status = match answer {
            Answer::Refuse(status) => status,
            Answer::Relay => "400 Bad Request",
        };
        let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
        let _ = stream.write_all(reply.as_bytes()).await;
        return;
    };
    let Ok(upstream) = TcpStream::connect(&target).await else {
        let _ = stream
            .write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            .await;
        return;
    };
    if stream
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }
    tunnels.fetch_add(1, Ordering::SeqCst);
    let born = power.borrow_and_update().wakes;
    let (client_read, client_write) = stream.into_split();
    let (upstream_read, upstream_write) = upstream.into_split();
    tokio::join!(
        pump(client_read, upstream_write, power.clone(), born),
        pump(upstream_read, client_write, power, born),
    );
}

/// The request head, up to the blank line (at most 8 KiB).
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 8192 || stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).ok()
}

/// Copies one direction of a tunnel; while asleep nothing is read (the bytes wait in the
/// sockets); after a wake a tunnel from before it ends, closing both sides.
async fn pump(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    mut power: watch::Receiver<Power>,
    born: u64,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let Ok(wakes) = power.wait_for(|p| p.awake).await.map(|p| p.wakes) else {
            return;
        };
        if wakes != born {
            return;
        }
        tokio::select! {
            read = from.read(&mut buf) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if to.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            },
            changed = power.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

// ---- trust ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_tenant_signed_by_a_private_ca_works_with_ca_file() {
    let pki = Pki::new();
    let sim = pki.tenant(Leaf::Good).await;
    assert!(sim.base_url().starts_with("https://127.0.0.1:"));
    let s = settings(&sim, Some(pki.ca_file()), "");
    chat_works(&sim, client(&s, &[])).await;
}

#[tokio::test]
async fn without_ca_file_the_error_names_the_certificate_problem_and_nothing_reaches_the_tenant() {
    let pki = Pki::new();
    let sim = pki.tenant(Leaf::Good).await;
    let s = settings(&sim, None, "");
    let e = availability_error(&s).await;
    assert_eq!(
        e.kind,
        ErrorKind::Certificate(CertificateProblem::UnknownIssuer)
    );
    let sentence = sp_chat::app::sentences::error_sentence(&e);
    assert!(sentence.contains("does not trust"), "{sentence}");
    assert!(sentence.contains("ca_file"), "{sentence}");
    assert!(
        sentence.contains("system's certificate store"),
        "{sentence}"
    );
    let stats = sim.control().stats();
    assert_eq!(stats.requests, 0, "no request reached the tenant");
    assert!(stats.connections >= 1, "the handshake was tried");
}

/// What `sp-chat sim --tls-cert` users do with a quick certificate: trust it as its own CA.
#[tokio::test]
async fn a_self_signed_certificate_named_in_ca_file_is_trusted() {
    let key = KeyPair::generate().expect("key");
    let params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
    let cert = params.self_signed(&key).expect("self-signed");
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("cert.pem");
    std::fs::write(&ca_file, cert.pem()).expect("write cert.pem");
    let tls =
        SimTls::from_pem(cert.pem().as_bytes(), key.serialize_pem().as_bytes()).expect("sim tls");
    let sim = SimServer::start_tls(SimConfig::fast(), tls)
        .await
        .expect("tls sim");
    let s = settings(&sim, Some(ca_file), "");
    client(&s, &[])
        .check_availability()
        .await
        .expect("trusted through ca_file");
}

#[tokio::test]
async fn expired_and_wrongly_named_certificates_are_told_apart() {
    let pki = Pki::new();
    for (kind, problem, words) in [
        (Leaf::Expired, CertificateProblem::Expired, "expired"),
        (
            Leaf::OtherHost,
            CertificateProblem::WrongHost,
            "another host name",
        ),
    ] {
        let sim = pki.tenant(kind).await;
        let s = settings(&sim, Some(pki.ca_file()), "");
        let e = availability_error(&s).await;
        assert_eq!(e.kind, ErrorKind::Certificate(problem));
        let sentence = sp_chat::app::sentences::error_sentence(&e);
        assert!(sentence.contains(words), "{sentence}");
        assert_eq!(sim.control().stats().requests, 0);
    }
}

#[tokio::test]
async fn a_plain_http_answer_at_an_https_url_is_a_failed_handshake() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let mut s = settings(&sim, None, "");
    s.client_web_server_url = sim.base_url().replace("http://", "https://");
    let e = availability_error(&s).await;
    assert_eq!(
        e.kind,
        ErrorKind::Certificate(CertificateProblem::Handshake)
    );
}

// ---- proxies -------------------------------------------------------------------------------

/// A TLS tenant signed by a private CA and a relaying proxy: what most proxy tests need.
struct Network {
    pki: Pki,
    sim: SimServer,
    proxy: ConnectProxy,
}

impl Network {
    async fn new() -> Network {
        let pki = Pki::new();
        let sim = pki.tenant(Leaf::Good).await;
        let proxy = ConnectProxy::start(Answer::Relay).await;
        Network { pki, sim, proxy }
    }

    /// Settings trusting the CA, with `proxy` as `[network] proxy`.
    fn settings(&self, proxy: &str) -> Settings {
        settings(&self.sim, Some(self.pki.ca_file()), proxy)
    }
}

#[tokio::test]
async fn https_proxy_from_the_environment_carries_the_chat() {
    let net = Network::new().await;
    let env = [("HTTPS_PROXY", net.proxy.url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    chat_works(&net.sim, client(&net.settings(""), &env)).await;
    assert!(net.proxy.tunnels() >= 1);
    assert_eq!(
        net.sim.control().stats().connections,
        net.proxy.tunnels() as u64,
        "every connection came through the proxy"
    );
}

#[tokio::test]
async fn no_proxy_naming_the_tenant_goes_direct() {
    let net = Network::new().await;
    let env = [
        ("https_proxy", net.proxy.url()),
        ("NO_PROXY", "localhost,127.0.0.1".to_owned()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let c = client(&net.settings(""), &env);
    c.check_availability().await.expect("direct");
    assert_eq!(net.proxy.tunnels(), 0);
}

#[tokio::test]
async fn network_proxy_overrides_the_environment() {
    let net = Network::new().await;
    let dead = format!("http://{}", dead_port());
    let c = client(&net.settings(&net.proxy.url()), &[("HTTPS_PROXY", &dead)]);
    chat_works(&net.sim, c).await;
    assert!(net.proxy.tunnels() >= 1);
}

#[tokio::test]
async fn proxy_none_bypasses_the_environment() {
    let net = Network::new().await;
    let c = client(&net.settings("none"), &[("HTTPS_PROXY", &net.proxy.url())]);
    chat_works(&net.sim, c).await;
    assert_eq!(net.proxy.tunnels(), 0);
}

#[tokio::test]
async fn an_unreachable_proxy_is_not_the_tenant_being_down() {
    let pki = Pki::new();
    let sim = pki.tenant(Leaf::Good).await;
    let dead = format!("http://{}", dead_port());
    let s = settings(&sim, Some(pki.ca_file()), &dead);
    let e = availability_error(&s).await;
    assert_eq!(e.kind, ErrorKind::Proxy(ProxyProblem::Unreachable));
    let sentence = sp_chat::app::sentences::error_sentence(&e);
    assert!(sentence.contains("cannot reach the proxy"), "{sentence}");
    assert_eq!(sim.control().stats().connections, 0);
    // The tenant itself being down reads differently.
    let mut direct = settings(&sim, Some(pki.ca_file()), "none");
    direct.client_web_server_url = format!("https://{}", dead_port());
    let e = availability_error(&direct).await;
    assert_eq!(e.kind, ErrorKind::Offline);
}

#[tokio::test]
async fn a_proxy_that_refuses_or_wants_credentials_says_so_and_never_shows_them() {
    let pki = Pki::new();
    let sim = pki.tenant(Leaf::Good).await;
    for (status, problem, words) in [
        ("403 Forbidden", ProxyProblem::Refused, "refused"),
        (
            "407 Proxy Authentication Required",
            ProxyProblem::AuthRequired,
            "user name and password",
        ),
    ] {
        let proxy = ConnectProxy::start(Answer::Refuse(status)).await;
        let with_credentials = proxy.url().replace("http://", "http://alice:pa55word@");
        let s = settings(&sim, Some(pki.ca_file()), &with_credentials);
        let c = client(&s, &[]);
        let e = availability_error(&s).await;
        assert_eq!(e.kind, ErrorKind::Proxy(problem), "{status}");
        let sentence = sp_chat::app::sentences::error_sentence(&e);
        assert!(sentence.contains(words), "{sentence}");
        // alice:pa55word, as Basic credentials, went to the proxy and nowhere else.
        assert_eq!(proxy.authorizations(), ["Basic YWxpY2U6cGE1NXdvcmQ="]);
        for shown in [
            e.to_string(),
            format!("{e:?}"),
            sentence,
            format!("{c:?}"),
            format!("{s:?}"),
        ] {
            assert!(!shown.contains("pa55word"), "{shown}");
            assert!(!shown.contains("alice"), "{shown}");
        }
    }
    assert_eq!(sim.control().stats().connections, 0);
}

/// Everything logged at trace level, ours and the HTTP stack's (its `log` records included),
/// while requests go through a proxy with credentials: the proxy's address shows, its user name
/// and password (plain or as Basic credentials) never do.
#[tokio::test]
async fn proxy_credentials_stay_out_of_the_logs() {
    use tracing_subscriber::util::SubscriberInitExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let log_file = dir.path().join("trace.log");
    let file = std::fs::File::create(&log_file).expect("log file");
    // This process's one global subscriber (it also takes the `log` records of reqwest and
    // hyper); the other tests of this file log into it too, which is fine: none has a secret.
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .finish()
        .try_init()
        .expect("the only subscriber of this test binary");
    let net = Network::new().await;
    let refusing = ConnectProxy::start(Answer::Refuse("407 Proxy Authentication Required")).await;
    for proxy in [&net.proxy, &refusing] {
        let with_credentials = proxy.url().replace("http://", "http://alice:pa55word@");
        let c = client(&net.settings(&with_credentials), &[]);
        tracing::debug!(client = ?c, "built");
        let _ = c.check_availability().await;
    }
    assert_eq!(net.proxy.authorizations(), ["Basic YWxpY2U6cGE1NXdvcmQ="]);
    let logged = std::fs::read_to_string(&log_file).expect("read the log");
    assert!(logged.contains(&net.proxy.addr.to_string()), "{logged}");
    assert!(
        logged.contains("reqwest"),
        "the HTTP stack's records are in: {logged}"
    );
    for secret in ["pa55word", "alice", "YWxpY2U6cGE1NXdvcmQ="] {
        assert!(!logged.contains(secret), "{secret} logged:\n{logged}");
    }
}

// ---- a laptop that sleeps mid-chat -----------------------------------------------------------

/// The link freezes mid-chat (the laptop sleeps: nothing moves, the held poll's answer with the
/// agent's messages never arrives), the agent writes meanwhile, then the machine wakes and
/// every tunnel from before is dead. The chat picks up where it was: each message sent
/// meanwhile appears once, and the customer's reply goes out once.
#[tokio::test]
async fn after_the_laptop_sleeps_mid_chat_the_chat_picks_up_where_it_was() {
    let net = Network::new().await;
    let (sim, proxy) = (&net.sim, &net.proxy);
    let ctl = sim.control();
    let s = net.settings(&proxy.url());
    let mut chat = start_chat(client(&s, &[]), fast_options()).await;
    while !delivered(&chat.log)
        .iter()
        .any(|e| matches!(e, ServerEvent::PartyJoined(_)))
    {
        wait_event(&mut chat.rx, &mut chat.log, |_| true).await;
    }
    let polls = ctl.stats().polls;
    wait_until("the next poll is held by the tenant", || {
        ctl.stats().polls > polls
    })
    .await;

    proxy.sleep();
    let meanwhile = [
        "are you still there?",
        "I found your order",
        "it ships today",
    ];
    for text in meanwhile {
        ctl.agent_say(&chat.chat_id, text);
    }
    let tunnels_before = proxy.tunnels();
    proxy.wake();

    while agent_texts(&delivered(&chat.log), &chat.chat_id).len() < meanwhile.len() {
        wait_event(&mut chat.rx, &mut chat.log, |_| true).await;
    }
    let shown = agent_texts(&delivered(&chat.log), &chat.chat_id);
    assert_eq!(shown, meanwhile, "each message once, in order");
    reply_reaches_the_tenant(sim, &mut chat, "back at my desk").await;
    assert_eq!(
        agent_texts(&delivered(&chat.log), &chat.chat_id),
        meanwhile,
        "nothing doubled afterwards"
    );
    assert!(
        proxy.tunnels() > tunnels_before,
        "a new tunnel after the wake"
    );
    assert!(
        chat.log
            .iter()
            .any(|e| matches!(e, SessionEvent::LinkDown { .. })),
        "the wake cut the link"
    );
}

// ---- the app itself ------------------------------------------------------------------------

/// The real binary in a pseudo-terminal, its environment pointing at the proxy: Home checks
/// availability through the proxy over TLS when `ca_file` names the CA, and says in words that
/// the certificate is not trusted when it does not.
#[test]
fn the_app_follows_https_proxy_and_names_an_untrusted_certificate_on_home() {
    use support::pty::{Pty, keys};
    let step = std::time::Duration::from_secs(20);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let net = rt.block_on(Network::new());
    let proxy_url = net.proxy.url();
    // Lower-case names win, and an empty one is unset: whatever the machine has set is overridden.
    let env = [
        ("https_proxy", proxy_url.as_str()),
        ("HTTPS_PROXY", proxy_url.as_str()),
        ("no_proxy", ""),
        ("NO_PROXY", ""),
        ("all_proxy", ""),
        ("ALL_PROXY", ""),
    ];
    let ca_line = format!("[network]\nca_file = \"{}\"\n", net.pki.ca_file().display());
    for (network, expected) in [
        (ca_line.as_str(), "Agents are available"),
        ("", "does not trust"),
    ] {
        let home = tempfile::tempdir().expect("temp home");
        let config = home.path().join("config.toml");
        std::fs::write(&config, format!("{}{network}", net.sim.settings_toml()))
            .expect("write config");
        let config = config.display().to_string();
        let tunnels = net.proxy.tunnels();
        let mut pty = Pty::spawn_with_env(&["--config", &config], 220, 30, home, &env);
        pty.wait_for("Tenant URL", step);
        pty.send(keys::CTRL_S);
        pty.wait_for(expected, step);
        assert!(
            net.proxy.tunnels() > tunnels,
            "{expected}: through the proxy"
        );
        pty.send(keys::CTRL_C);
        assert_eq!(pty.wait_exit(step), 0);
    }
    assert_eq!(
        net.sim.control().stats().connections,
        net.proxy.tunnels() as u64,
        "the app reached the tenant only through the proxy"
    );
}
