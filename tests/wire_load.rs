//! The load a chat puts on the tenant, counted by the simulator over real HTTP: receipts of a
//! burst in a few requests, a whole chat over a handful of connections, and a rate limit that
//! holds every request but the poll until its `Retry-After` has passed.

mod common;

use common::{DEADLINE, client, fast_options, wait_event, wait_until};
use sp_chat::api::session::SessionCommand;
use sp_chat::api::types::{ChatRequest, ClientEvent};
use sp_chat::api::{ServerEvent, SessionEvent};
use sp_chat::app::Msg;
use sp_chat::app::PreviewSource;
use sp_chat::config::Settings;
use sp_chat::runtime::effects::EffectRunner;
use sp_chat::runtime::images::ImageEvent;
use sp_chat::sim::{RateLimit, Route, SimConfig, SimServer};
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::mpsc::{self, UnboundedReceiver};

/// A v2 chat with a fast simulator, which comes back with it.
async fn v2_chat() -> (SimServer, common::Started) {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let client = client(&sim).negotiate_version().await;
    assert!(client.config().use_v2);
    let started = common::start_chat(client, fast_options()).await;
    (sim, started)
}

fn agent_messages(log: &[SessionEvent], chat_id: &str) -> Vec<String> {
    common::delivered(log)
        .into_iter()
        .filter_map(|e| match e {
            ServerEvent::Message(m) if m.party_id != chat_id => Some(m.msg_id),
            _ => None,
        })
        .collect()
}

fn receipts(events: &[ClientEvent]) -> Vec<(String, bool)> {
    let receipts = events.iter().filter_map(ClientEvent::receipt);
    receipts.map(|(id, read)| (id.to_string(), read)).collect()
}

#[tokio::test]
async fn a_burst_of_300_is_acknowledged_in_a_few_requests_and_the_customer_goes_first() {
    let (sim, started) = v2_chat().await;
    let ctl = sim.control();
    let common::Started {
        h,
        mut rx,
        mut log,
        chat_id,
    } = started;
    // The agent's greeting first, so the burst is all that is left.
    wait_event(&mut rx, &mut log, |e| matches!(e, SessionEvent::Events(_))).await;
    let before = agent_messages(&log, &chat_id).len();
    let burst = ctl.agent_burst_n(&chat_id, 300);
    let mut seen = before;
    while seen < before + 300 {
        wait_event(&mut rx, &mut log, |e| matches!(e, SessionEvent::Events(_))).await;
        seen = agent_messages(&log, &chat_id).len();
    }
    ctl.reset_stats();
    // What the app asks for a burst seen on a focused screen: the newest read, the rest
    // delivered; the customer answers at once.
    for (i, id) in burst.iter().enumerate() {
        h.command(SessionCommand::Receipt {
            ref_msg_id: id.clone(),
            read: i >= 280,
        });
    }
    let local = h.send_message("right away");
    common::wait_sent(&mut rx, &mut log, local).await;
    assert!(
        ctl.stats().send_events <= 1,
        "the message leaves with the first request: {:?}",
        ctl.stats()
    );
    wait_until("every receipt reaches the server", || {
        receipts(&ctl.client_events(&chat_id)).len() >= 300
    })
    .await;
    // Give a stray duplicate the time to show up.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got = receipts(&ctl.client_events(&chat_id));
    let unique: HashSet<&String> = got.iter().map(|(id, _)| id).collect();
    assert_eq!(got.len(), 300, "none sent twice");
    assert_eq!(unique.len(), 300);
    assert!(
        got.contains(&(burst[299].clone(), true)),
        "the newest is read"
    );
    let stats = ctl.stats();
    assert!(stats.send_events <= 10, "{} Send Events", stats.send_events);
}

#[tokio::test]
async fn a_rate_limit_holds_everything_but_the_poll_and_loses_nothing() {
    let (sim, mut chat) = v2_chat().await;
    let ctl = sim.control();
    ctl.set_rate_limit(Some(RateLimit {
        max_requests: 3,
        per: Duration::from_secs(1),
        retry_after_secs: 1,
    }));
    ctl.reset_stats();
    let mut locals = Vec::new();
    for i in 0..12 {
        locals.push(chat.h.send_message(&format!("message {i}")));
        chat.h.typing(true);
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    for local in &locals {
        common::wait_sent(&mut chat.rx, &mut chat.log, *local).await;
    }
    let stats = ctl.stats();
    assert!(stats.rate_limited >= 1, "the limit was reached: {stats:?}");
    assert_eq!(
        stats.during_retry_after,
        0,
        "nothing but the poll before Retry-After expired: {:?}",
        ctl.request_log()
            .iter()
            .map(|r| (r.route, r.status))
            .collect::<Vec<_>>()
    );
    let texts: Vec<String> = ctl
        .customer_messages(&chat.chat_id)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let expected: Vec<String> = (0..12).map(|i| format!("message {i}")).collect();
    assert_eq!(texts, expected, "each once, in order");
    // The poll was never held back by the limit.
    assert!(
        ctl.request_log()
            .iter()
            .all(|r| r.route != Some(Route::Poll) || r.status == 200)
    );
}

fn settings_for(sim: &SimServer, downloads: &std::path::Path) -> Settings {
    let mut s = Settings {
        tenant_url: "sim.sp-chat.test".into(),
        client_web_server_url: sim.base_url(),
        app_id: "SimChat".into(),
        client_id: uuid::Uuid::new_v4().to_string(),
        ..Settings::default()
    };
    s.files.download_dir = downloads.display().to_string();
    s
}

async fn next_msg(rx: &mut UnboundedReceiver<Msg>, pred: impl Fn(&Msg) -> bool) -> Msg {
    tokio::time::timeout(DEADLINE, async {
        loop {
            match rx.recv().await {
                Some(m) if pred(&m) => return m,
                Some(_) => {}
                None => panic!("the runtime stopped answering"),
            }
        }
    })
    .await
    .expect("no answer in time")
}

#[tokio::test]
async fn a_whole_chat_through_the_runtime_uses_a_handful_of_connections() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let ctl = sim.control();
    let dir = tempfile::tempdir().expect("dir");
    let settings = settings_for(&sim, dir.path());
    let (msgs, mut rx) = mpsc::unbounded_channel();
    let mut runner = EffectRunner::new(msgs, dir.path().join("config.toml"), settings.clone());
    let (images, mut images_rx) = mpsc::unbounded_channel();
    runner.enable_previews(images);
    use sp_chat::app::Effect;
    runner.run(Effect::CheckAvailability);
    next_msg(&mut rx, |m| matches!(m, Msg::AvailabilityChecked(_))).await;
    runner.run(Effect::FetchParameters);
    next_msg(&mut rx, |m| matches!(m, Msg::ParametersFetched(_))).await;
    runner.run(Effect::LookForActiveChat);
    next_msg(&mut rx, |m| matches!(m, Msg::ActiveChatFound(_))).await;
    runner.run(Effect::StartChat {
        request: ChatRequest::default(),
    });
    let chat_id = match next_msg(&mut rx, |m| {
        matches!(m, Msg::Session(SessionEvent::Started { .. }))
    })
    .await
    {
        Msg::Session(SessionEvent::Started { chat_id, .. }) => chat_id,
        _ => unreachable!(),
    };
    for i in 0..15 {
        runner.run(Effect::Session(SessionCommand::SendMessage {
            local_id: i + 1,
            text: format!("line {i}"),
        }));
        next_msg(&mut rx, |m| {
            matches!(m, Msg::Session(SessionEvent::MessageSent { local_id, .. }) if *local_id == i + 1)
        })
        .await;
    }
    let party = ctl.agent_party_id(&chat_id).expect("an agent");
    for i in 0..3 {
        ctl.agent_send_file(&chat_id, &format!("p{i}.png"), "image/png", vec![7; 2048]);
    }
    let mut files = Vec::new();
    while files.len() < 3 {
        if let Msg::Session(SessionEvent::Events(events)) = next_msg(&mut rx, |m| {
            matches!(m, Msg::Session(SessionEvent::Events(_)))
        })
        .await
        {
            files.extend(events.into_iter().filter_map(|e| match e {
                ServerEvent::File(f) => Some(f),
                _ => None,
            }));
        }
    }
    for f in &files {
        runner.run(Effect::DownloadFile {
            chat_id: chat_id.clone(),
            file_id: f.file_id.clone(),
            file_name: f.file_name.clone(),
            open: false,
        });
        next_msg(&mut rx, |m| matches!(m, Msg::FileDownloaded { .. })).await;
        runner.run(Effect::LoadPreview {
            chat_id: chat_id.clone(),
            entry_id: 1,
            source: PreviewSource::Remote {
                file_id: f.file_id.clone(),
            },
        });
        // Not a real picture: the preview fails to decode after the download, and says so on
        // the pictures' own way back.
        let answer = tokio::time::timeout(DEADLINE, images_rx.recv()).await;
        assert!(
            matches!(answer, Ok(Some(ImageEvent::Failed { .. }))),
            "the preview's failure comes back"
        );
    }
    runner.run(Effect::FetchAgentPhoto {
        chat_id: chat_id.clone(),
        party_id: party,
    });
    next_msg(&mut rx, |m| matches!(m, Msg::AgentPhoto { .. })).await;
    runner.shutdown();
    let stats = ctl.stats();
    assert!(stats.requests >= 30, "a real chat: {stats:?}");
    assert!(
        stats.connections <= 5,
        "{} connections for {} requests",
        stats.connections,
        stats.requests
    );
}
