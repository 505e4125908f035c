//! Everything the API offers a customer, library against the simulated tenant over HTTP:
//! availability (and the unavailable period), the pre-chat form's parameters, v2 receipts both
//! ways, a file from the agent saved safely, the inactivity warning and end, and the agent's
//! other requests (location, secure form, co-browsing, call, case, navigation).

mod common;

use common::{client, delivered, fast_options, wait_event, wait_until};
use sp_chat::api::types::{Availability, ChatRequest, ClientEvent, ServerEvent};
use sp_chat::api::{Client, EndReason, SessionCommand, SessionEvent, Start};
use sp_chat::app::prechat;
use sp_chat::config::Settings;
use sp_chat::sim::{SimConfig, SimServer};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

async fn started(rx: &mut UnboundedReceiver<SessionEvent>, log: &mut Vec<SessionEvent>) -> String {
    match wait_event(rx, log, |e| matches!(e, SessionEvent::Started { .. })).await {
        SessionEvent::Started { chat_id, .. } => chat_id,
        _ => unreachable!(),
    }
}

/// Waits for a server event matching `pred`.
async fn server_event(
    rx: &mut UnboundedReceiver<SessionEvent>,
    log: &mut Vec<SessionEvent>,
    pred: impl Fn(&ServerEvent) -> bool,
) -> ServerEvent {
    let pred = &pred;
    wait_event(
        rx,
        log,
        |e| matches!(e, SessionEvent::Events(v) if v.iter().any(pred)),
    )
    .await;
    delivered(log)
        .into_iter()
        .rev()
        .find(|e| pred(e))
        .expect("just seen")
}

async fn chat(
    client: Client,
    request: ChatRequest,
) -> (
    sp_chat::api::SessionHandle,
    UnboundedReceiver<SessionEvent>,
    Vec<SessionEvent>,
    String,
) {
    let (h, mut rx) = sp_chat::api::start(client, Start::New(request), fast_options());
    let mut log = Vec::new();
    let chat_id = started(&mut rx, &mut log).await;
    server_event(&mut rx, &mut log, |e| {
        matches!(e, ServerEvent::PartyJoined(_))
    })
    .await;
    (h, rx, log, chat_id)
}

#[tokio::test]
async fn unavailable_period_says_not_available_and_still_accepts_a_chat() {
    let mut config = SimConfig::fast();
    config.unavailable_for = Duration::from_secs(3600);
    let sim = SimServer::start(config).await.expect("sim");
    let answer = client(&sim)
        .check_availability()
        .await
        .expect("availability");
    assert_eq!(answer.chat, Availability::NotAvailable);
    let chat = client(&sim)
        .request_chat(&ChatRequest::default())
        .await
        .expect("a request is still accepted");
    assert!(!chat.chat_id.is_empty());

    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let answer = client(&sim)
        .check_availability()
        .await
        .expect("availability");
    assert_eq!(answer.chat, Availability::Available);
}

#[tokio::test]
async fn the_pre_chat_form_sends_what_expected_parameters_asks_for() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let expected = client(&sim)
        .expected_parameters()
        .await
        .expect("parameters");
    let mut settings = Settings::default();
    settings.customer.first_name = "Sam".into();
    settings.customer.email = "sam@example.org".into();
    let mut fields = prechat::fields_for(&expected.parameters, &settings);
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["first_name", "last_name", "email"]);
    fields[1].value.set_text("Carter");
    assert_eq!(prechat::problem(&fields), None);
    let request = prechat::request(&fields, &[], "", &settings);
    let (_h, _rx, _log, chat_id) = chat(client(&sim), request.clone()).await;
    let recorded = sim.control().chat_request(&chat_id).expect("recorded");
    assert_eq!(recorded.from, "Sam Carter");
    assert_eq!(recorded.parameters, request.parameters);
    assert_eq!(recorded.parameters.len(), 3);
}

#[tokio::test]
async fn v2_receipts_go_both_ways_once_the_server_answers_get_version() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let ctl = sim.control();
    let client = client(&sim).negotiate_version().await;
    assert!(client.config().use_v2, "the simulator answers Get Version");
    let (h, mut rx, mut log, chat_id) = chat(client, ChatRequest::default()).await;
    let local = h.send_message("hello there");
    let msg_id = match wait_event(
        &mut rx,
        &mut log,
        |e| matches!(e, SessionEvent::MessageSent { local_id, .. } if *local_id == local),
    )
    .await
    {
        SessionEvent::MessageSent { msg_id, .. } => msg_id,
        _ => unreachable!(),
    };
    // The agent reads the customer's message...
    server_event(
        &mut rx,
        &mut log,
        |e| matches!(e, ServerEvent::MessageRead(r) if r.ref_msg_id == msg_id),
    )
    .await;
    // ...and the customer's receipts for the agent's reach the server.
    let greeting = delivered(&log)
        .into_iter()
        .find_map(|e| match e {
            ServerEvent::Message(m) if m.party_id != chat_id => Some(m.msg_id),
            _ => None,
        })
        .expect("a greeting");
    h.command(SessionCommand::Receipt {
        ref_msg_id: greeting.clone(),
        read: true,
    });
    wait_until("the read receipt reaches the server", || {
        ctl.client_events(&chat_id)
            .contains(&ClientEvent::MessageRead {
                ref_msg_id: greeting.clone(),
            })
    })
    .await;
}

#[tokio::test]
async fn a_file_from_the_agent_is_fetched_and_saved_without_overwriting() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let client = client(&sim);
    let (h, mut rx, mut log, chat_id) = chat(client.clone(), ChatRequest::default()).await;
    h.send_message("could you send the document?");
    let file = match server_event(&mut rx, &mut log, |e| matches!(e, ServerEvent::File(_))).await {
        ServerEvent::File(f) => f,
        _ => unreachable!(),
    };
    let got = client
        .get_file(&chat_id, &file.file_id)
        .await
        .expect("get file");
    let dir = tempfile::tempdir().expect("dir");
    let first =
        sp_chat::download::save_download(dir.path(), &file.file_name, &got.bytes).expect("saved");
    let second = sp_chat::download::save_download(dir.path(), &file.file_name, &got.bytes)
        .expect("saved again");
    assert_eq!(first, dir.path().join("order-summary.txt"));
    assert_eq!(second, dir.path().join("order-summary (1).txt"));
    assert_eq!(std::fs::read(&first).expect("read"), got.bytes);
    assert!(!got.bytes.is_empty());
}

#[tokio::test]
async fn saying_wait_brings_a_warning_then_the_inactivity_end() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let (h, mut rx, mut log, _chat_id) = chat(client(&sim), ChatRequest::default()).await;
    h.send_message("please wait a moment");
    server_event(&mut rx, &mut log, |e| {
        matches!(e, ServerEvent::TimeoutWarning(_))
    })
    .await;
    server_event(&mut rx, &mut log, |e| {
        matches!(e, ServerEvent::InactivityTimeout(_))
    })
    .await;
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Ended(EndReason::Inactivity))
    })
    .await;
}

#[tokio::test]
async fn the_agents_other_requests_arrive_as_their_events() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let (h, mut rx, mut log, _chat_id) = chat(client(&sim), ChatRequest::default()).await;
    type Check = fn(&ServerEvent) -> bool;
    let cases: [(&str, Check); 7] = [
        (
            "my address",
            |e| matches!(e, ServerEvent::FormShow(f) if f.form_name == "RequestLocation"),
        ),
        ("your office", |e| matches!(e, ServerEvent::Location(_))),
        ("my card", |e| matches!(e, ServerEvent::SecureFormShow(_))),
        (
            "cobrowse",
            |e| matches!(e, ServerEvent::Unsupported { event, .. } if event.starts_with("chat_session_cobrowsing")),
        ),
        (
            "a video",
            |e| matches!(e, ServerEvent::Unsupported { event, .. } if event == "chat_session_signaling"),
        ),
        (
            "a ticket",
            |e| matches!(e, ServerEvent::CaseSet(c) if !c.case_id.is_empty()),
        ),
        (
            "the website",
            |e| matches!(e, ServerEvent::Navigation(n) if !n.page.is_empty()),
        ),
    ];
    for (text, check) in cases {
        h.send_message(text);
        server_event(&mut rx, &mut log, check).await;
    }
}
