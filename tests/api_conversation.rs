//! A whole conversation through the library against the simulated tenant: request, queue,
//! agent joins, messages and typing both ways, an image upload, disconnect, survey, end.

mod common;

use common::{client, delivered, fast_options, wait_event, wait_server_event, wait_until};
use sp_chat::api::types::{ChatRequest, ChatState, ClientEvent, ServerEvent};
use sp_chat::api::{EndReason, SessionCommand, SessionEvent, Start};
use sp_chat::sim::{SimConfig, SimServer};
use std::collections::BTreeMap;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRtest-image-bytes";

#[tokio::test]
async fn a_whole_conversation_with_the_scripted_agent() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let ctl = sim.control();
    let request = ChatRequest {
        from: "Test Customer".into(),
        ..ChatRequest::default()
    };
    let (h, mut rx) = sp_chat::api::start(client(&sim), Start::New(request), fast_options());
    let mut log = Vec::new();

    // Request → queued.
    let chat_id = match wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Started { .. })
    })
    .await
    {
        SessionEvent::Started {
            chat_id,
            state,
            resumed,
            ..
        } => {
            assert_eq!(state, Some(ChatState::Queued));
            assert!(!resumed);
            chat_id
        }
        _ => unreachable!(),
    };
    // The agent joins and greets.
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Events(v) if v.iter().any(|e| matches!(e, ServerEvent::PartyJoined(_))))
    })
    .await;
    let statuses: Vec<ChatState> = delivered(&log)
        .into_iter()
        .filter_map(|e| match e {
            ServerEvent::Status(s) => Some(s.state),
            _ => None,
        })
        .collect();
    assert!(statuses.contains(&ChatState::Connected), "{statuses:?}");

    // Customer typing, then a message; the agent types and answers.
    h.typing(true);
    wait_until("customer typing reaches the server", || {
        ctl.client_events(&chat_id).contains(&ClientEvent::Typing)
    })
    .await;
    let id = h.send_message("Hello, where is my <order>?");
    common::wait_sent(&mut rx, &mut log, id).await;
    // The greeting and the answer.
    while count_agent_messages(&log, &chat_id) < 2 {
        wait_event(&mut rx, &mut log, |e| matches!(e, SessionEvent::Events(_))).await;
    }
    assert!(
        delivered(&log)
            .iter()
            .any(|e| matches!(e, ServerEvent::Typing(p) if p.party_id != chat_id)),
        "agent typing shown"
    );
    assert_eq!(
        ctl.customer_messages(&chat_id),
        [(
            format!("{chat_id}:1"),
            "Hello, where is my &lt;order&gt;?".to_string()
        )]
    );
    // Typing stopped before the message went out.
    let events = ctl.client_events(&chat_id);
    let msg_at = events
        .iter()
        .position(|e| matches!(e, ClientEvent::Message { .. }))
        .expect("message");
    assert!(events[..msg_at].contains(&ClientEvent::NotTyping));

    // An image upload.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("receipt.png");
    std::fs::write(&path, PNG).expect("write");
    let up = h.upload(path);
    let done = wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::UploadDone { .. })
    })
    .await;
    let SessionEvent::UploadDone {
        local_id,
        file_id,
        file_name,
    } = done
    else {
        unreachable!()
    };
    assert_eq!((local_id, file_name.as_str()), (up, "receipt.png"));
    let stored = ctl.uploaded_file(&file_id).expect("stored upload");
    assert_eq!((stored.1.as_str(), stored.2.as_slice()), ("image/png", PNG));
    assert!(ctl.client_events(&chat_id).iter().any(|e| matches!(
        e, ClientEvent::File { file_id: f, file_type, .. } if *f == file_id && file_type == "image"
    )));

    // Disconnect → the survey → answers → the end.
    h.disconnect();
    let show = wait_server_event(&mut rx, &mut log, |e| match e {
        ServerEvent::FormShow(f) => Some(f.clone()),
        _ => None,
    })
    .await;
    assert_eq!(show.form_name, "MobileChatSurvey");
    h.command(SessionCommand::SubmitForm {
        form_request_id: show.form_request_id.clone(),
        form_name: show.form_name.clone(),
        data: BTreeMap::from([
            ("rating".to_string(), "5".to_string()),
            ("resolved".to_string(), "yes".to_string()),
        ]),
        secure: false,
    });
    wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::FormSent { .. })
    })
    .await;
    let end = wait_event(&mut rx, &mut log, |e| matches!(e, SessionEvent::Ended(_))).await;
    assert_eq!(end, SessionEvent::Ended(EndReason::Ended));
    assert!(ctl.client_events(&chat_id).iter().any(|e| matches!(
        e, ClientEvent::FormData { form_request_id, .. } if *form_request_id == show.form_request_id
    )));
    assert_eq!(ctl.stats().max_concurrent_polls, 1);
    assert_eq!(ctl.stats().rejected_concurrent_polls, 0);
}

fn count_agent_messages(log: &[SessionEvent], chat_id: &str) -> usize {
    common::agent_texts(&delivered(log), chat_id).len()
}
