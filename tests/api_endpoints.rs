//! Every client method against the simulated tenant, plus its strict refusals.

mod common;

use common::{client, client_for, wait_until};
use sp_chat::api::types::{Availability, ChatRequest, ClientEvent, ServerEvent, error_codes};
use sp_chat::api::{ClientConfig, ErrorKind};
use sp_chat::sim::{SimConfig, SimServer};

async fn sim() -> SimServer {
    SimServer::start(SimConfig::fast()).await.expect("sim")
}

#[tokio::test]
async fn every_method_works_against_the_simulator() {
    let sim = sim().await;
    let ctl = sim.control();
    let c = client(&sim);

    let a = c.check_availability().await.expect("availability");
    assert_eq!(a.chat, Availability::Available);
    let p = c.expected_parameters().await.expect("parameters");
    let names: Vec<&str> = p.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["first_name", "last_name", "email"]);
    assert!(
        !c.version()
            .await
            .expect("version")
            .server_version
            .is_empty()
    );

    assert_eq!(c.active_chat().await.expect("no active chat"), None);
    let chat = c
        .request_chat(&ChatRequest {
            from: "Ann".into(),
            ..ChatRequest::default()
        })
        .await
        .expect("chat");
    assert_eq!(chat.is_new_chat, Some(true));
    let id = chat.chat_id.clone();
    assert_eq!(ctl.chat_request(&id).map(|r| r.from), Some("Ann".into()));
    let active = c.active_chat().await.expect("active").expect("some chat");
    assert_eq!(active.chat_id, id);

    // Poll until the agent has joined.
    let mut seen = Vec::new();
    while !seen
        .iter()
        .any(|e| matches!(e, ServerEvent::PartyJoined(_)))
    {
        seen.extend(c.poll_events(&id).await.expect("poll"));
    }
    let back = c
        .send_events(
            &id,
            &[ClientEvent::Message {
                msg_id: format!("{id}:1"),
                msg: "hi".into(),
                msg_text: Some("hi".into()),
            }],
        )
        .await
        .expect("send");
    assert!(back.is_empty(), "events_in_send_answer is off");
    assert_eq!(
        ctl.customer_messages(&id),
        [(format!("{id}:1"), "hi".into())]
    );

    let history = c.history(&id).await.expect("history");
    assert!(
        history
            .iter()
            .any(|e| matches!(e, ServerEvent::Message(m) if m.party_id == id))
    );

    let up = c
        .upload_file("a.png", "image/png", b"\x89PNG\r\n\x1a\nabc".to_vec())
        .await
        .expect("upload");
    assert_eq!(
        ctl.uploaded_file(&up.file_id).map(|f| f.1),
        Some("image/png".into())
    );

    ctl.agent_send_file(&id, "doc.pdf", "application/pdf", b"%PDF-1.4 x".to_vec());
    wait_until("the agent's file is in history", || {
        ctl.history(&id)
            .iter()
            .any(|e| matches!(e, ServerEvent::File(_)))
    })
    .await;
    let file_id = ctl
        .history(&id)
        .into_iter()
        .find_map(|e| match e {
            ServerEvent::File(f) if f.party_id != id => Some(f.file_id),
            _ => None,
        })
        .expect("agent file");
    let d = c.get_file(&id, &file_id).await.expect("get file");
    assert_eq!(d.bytes, b"%PDF-1.4 x");
    assert_eq!(d.content_type.as_deref(), Some("application/pdf"));

    let agent = ctl.agent_party_id(&id).expect("agent joined");
    // The simulated agent may or may not have a photo; either answer must be readable.
    let photo = c.agent_photo(&id, &agent).await.expect("photo answer");
    if let Some(p) = photo {
        assert!(!p.bytes.is_empty());
    }
    assert_eq!(c.agent_photo(&id, "nobody").await.expect("no photo"), None);

    // Before a case is linked, the tenant has no case to look up (5601); after, it answers.
    let e = c.case_history(&id).await.expect_err("no case yet");
    assert_eq!(e.code, Some(error_codes::CASE_NOT_SPECIFIED));
    ctl.push_raw_event(
        &id,
        serde_json::json!({"event": "chat_session_case_set", "case_id": "C-1"}),
    );
    c.case_history(&id).await.expect("case history");
    c.close_case(&id).await.expect("close case");
}

#[tokio::test]
async fn the_simulator_refuses_wrong_credentials_and_unknown_chats() {
    let sim = sim().await;
    let wrong = client_for(&sim, "NoSuchApp");
    let e = wrong.check_availability().await.expect_err("wrong app id");
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert!(!e.to_string().contains("NoSuchApp"));

    let c = client(&sim);
    for result in [
        c.poll_events("no-such-chat").await,
        c.history("no-such-chat").await,
        c.send_events("no-such-chat", &[ClientEvent::Typing]).await,
    ] {
        assert_eq!(result.expect_err("unknown chat").kind, ErrorKind::NotFound);
    }

    let cfg = ClientConfig::new(
        &sim.base_url(),
        "other.tenant.test",
        "SimChat",
        &uuid::Uuid::new_v4().to_string(),
    )
    .expect("cfg");
    let other_tenant = sp_chat::api::Client::new(cfg).expect("client");
    let e = other_tenant
        .check_availability()
        .await
        .expect_err("wrong tenant");
    assert_eq!(e.kind, ErrorKind::Unauthorized);
}
