//! The scripted agent in virtual time: queue, join, greeting, answers, attachments, and silence
//! once the chat is over. Time is paused, so every wait is exact and instant.

use super::*;
use crate::api::types::{ChatRequest, ServerEvent};
use crate::sim::SimConfig;
use crate::sim::state::{ApiVersion, Chat, Owner};
use std::time::Duration;
use tokio::time::sleep;

const CHAT: &str = "chat-1";

fn start(
    config: SimConfig,
    version: ApiVersion,
) -> (Arc<Shared>, mpsc::UnboundedSender<AgentInput>) {
    let shared = Shared::new(config);
    let (tx, rx) = mpsc::unbounded_channel();
    let owner = Owner {
        app_id: "SimChat".into(),
        client_id: "c".into(),
    };
    let mut chat = Chat::new(CHAT.into(), owner, ChatRequest::default(), version);
    chat.set_status(ChatState::Queued, Some(4));
    chat.agent_tx = Some(tx.clone());
    shared.lock().insert_chat(chat);
    spawn(&shared, CHAT, rx);
    (shared, tx)
}

fn events(shared: &Shared) -> Vec<ServerEvent> {
    let state = shared.lock();
    state.chats[CHAT]
        .history()
        .into_iter()
        .map(ServerEvent::from_value)
        .collect()
}

fn names(shared: &Shared) -> Vec<String> {
    events(shared)
        .iter()
        .map(|e| e.name().to_string())
        .collect()
}

fn messages(shared: &Shared) -> Vec<(String, Option<String>)> {
    events(shared)
        .into_iter()
        .filter_map(|e| match e {
            ServerEvent::Message(m) => Some((m.msg, m.msg_text)),
            _ => None,
        })
        .collect()
}

fn say(tx: &mpsc::UnboundedSender<AgentInput>, id: &str, text: &str) {
    tx.send(AgentInput::Message {
        msg_id: id.into(),
        text: text.into(),
    })
    .expect("agent listening");
}

/// A v1 chat in which the customer says `lines` (as `c:1`, `c:2`, …) at once, then `wait` passes.
async fn after_saying(config: SimConfig, lines: &[&str], wait: Duration) -> Arc<Shared> {
    let (shared, tx) = start(config, ApiVersion::V1);
    for (i, line) in lines.iter().enumerate() {
        say(&tx, &format!("c:{}", i + 1), line);
    }
    sleep(wait).await;
    shared
}

/// A chat in which the customer says "hello" (as `c:1`) once `joined` has passed; answers it
/// `then` later.
async fn hello_once_joined(
    config: SimConfig,
    version: ApiVersion,
    joined: Duration,
    then: Duration,
) -> Arc<Shared> {
    let (shared, tx) = start(config, version);
    sleep(joined).await;
    say(&tx, "c:1", "hello");
    sleep(then).await;
    shared
}

#[tokio::test(start_paused = true)]
async fn joins_after_queue_time_then_types_and_greets() {
    let (shared, _tx) = start(SimConfig::demo(), ApiVersion::V1);
    sleep(Duration::from_millis(3_900)).await;
    assert_eq!(names(&shared), ["chat_session_status"]);
    sleep(Duration::from_millis(200)).await;
    assert_eq!(
        names(&shared),
        [
            "chat_session_status",
            "chat_session_status",
            "chat_session_status",
            "chat_session_party_joined",
            "chat_session_typing"
        ]
    );
    let joined = events(&shared)
        .into_iter()
        .find_map(|e| match e {
            ServerEvent::PartyJoined(j) => Some(j),
            _ => None,
        })
        .expect("joined");
    assert_eq!(joined.name(), "Anna Lee");
    assert_eq!(joined.party_type, crate::api::types::PartyType::Internal);
    sleep(Duration::from_millis(1_800)).await;
    assert_eq!(
        names(&shared)[5..],
        ["chat_session_not_typing", "chat_session_message"]
    );
    assert_eq!(
        messages(&shared),
        [(
            "Hi, I'm <b>Anna</b>. How can I help you today?".to_string(),
            Some("Hi, I'm Anna. How can I help you today?".to_string())
        )]
    );
}

#[tokio::test(start_paused = true)]
async fn messages_sent_while_queued_are_answered_in_order_after_the_greeting() {
    let lines = ["My order <123> never came & I'm sad", "thanks!"];
    let shared = after_saying(SimConfig::demo(), &lines, Duration::from_secs(20)).await;
    let texts: Vec<Option<String>> = messages(&shared).into_iter().map(|m| m.1).collect();
    assert_eq!(
        texts,
        [
            Some("Hi, I'm Anna. How can I help you today?".to_string()),
            Some(
                "I see: \u{201c}My order <123> never came & I'm sad\u{201d}. Let me look into that for you."
                    .to_string()
            ),
            Some("You're very welcome! Anything else I can do for you?".to_string()),
        ]
    );
    // The quoted customer text is escaped in the HTML body.
    assert!(
        messages(&shared)[1]
            .0
            .contains("&lt;123&gt; never came &amp; I&#39;m sad")
    );
}

#[tokio::test(start_paused = true)]
async fn asking_for_a_picture_or_a_document_sends_one() {
    let lines = ["Can you send a photo?", "and the document please"];
    let shared = after_saying(SimConfig::fast(), &lines, Duration::from_secs(1)).await;
    let files: Vec<_> = events(&shared)
        .into_iter()
        .filter_map(|e| match e {
            ServerEvent::File(f) => Some(f),
            _ => None,
        })
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files[0].is_image());
    assert_eq!(files[1].file_type, "attachment");
    let state = shared.lock();
    assert!(state.files[&files[0].file_id].bytes.starts_with(b"\x89PNG"));
    assert_eq!(state.files[&files[1].file_id].content_type, "text/plain");
}

#[tokio::test(start_paused = true)]
async fn an_uploaded_file_is_acknowledged_by_its_escaped_name() {
    let (shared, tx) = start(SimConfig::fast(), ApiVersion::V1);
    tx.send(AgentInput::File {
        name: "<img src=x>.png".into(),
        is_image: true,
    })
    .expect("agent listening");
    sleep(Duration::from_secs(1)).await;
    let (html, plain) = messages(&shared).pop().expect("an answer");
    assert!(html.contains("&lt;img src=x&gt;.png"), "{html}");
    assert!(!html.contains("<img"));
    assert!(plain.expect("msg_text").contains("<img src=x>.png"));
}

#[tokio::test(start_paused = true)]
async fn without_autopilot_the_agent_only_joins() {
    let mut config = SimConfig::fast();
    config.agent.autopilot = false;
    let (shared, tx) = start(config, ApiVersion::V1);
    sleep(Duration::from_secs(1)).await;
    // The task is gone: nobody listens any more.
    assert!(tx.send(AgentInput::Location).is_err());
    assert_eq!(
        names(&shared).last().map(String::as_str),
        Some("chat_session_party_joined")
    );
    assert!(messages(&shared).is_empty());
}

#[tokio::test(start_paused = true)]
async fn an_answer_being_typed_is_dropped_when_the_chat_ends() {
    let (joined, then) = (Duration::from_secs(10), Duration::from_millis(100));
    let shared = hello_once_joined(SimConfig::demo(), ApiVersion::V1, joined, then).await;
    assert_eq!(
        names(&shared).last().map(String::as_str),
        Some("chat_session_typing")
    );
    shared.lock().chats.get_mut(CHAT).expect("chat").finish();
    sleep(Duration::from_secs(10)).await;
    assert_eq!(
        names(&shared).last().map(String::as_str),
        Some("chat_session_ended")
    );
    assert_eq!(messages(&shared).len(), 1, "only the greeting");
}

#[tokio::test(start_paused = true)]
async fn v2_chats_get_a_read_receipt_before_the_answer() {
    let second = Duration::from_secs(1);
    let shared = hello_once_joined(SimConfig::fast(), ApiVersion::V2, second, second).await;
    let read = events(&shared).into_iter().find_map(|e| match e {
        ServerEvent::MessageRead(r) => Some(r.ref_msg_id),
        _ => None,
    });
    assert_eq!(read.as_deref(), Some("c:1"));
}

#[test]
fn small_talk_rules() {
    let reply = |text: &str, turn| {
        compose(
            &AgentInput::Message {
                msg_id: "1".into(),
                text: text.into(),
            },
            turn,
        )
    };
    assert_eq!(
        reply("Hi there", 0).plain,
        "Hello again! What can I do for you?"
    );
    assert_eq!(
        reply("bye", 0).plain,
        "Thanks for chatting with us today. Take care!"
    );
    assert_eq!(
        reply("this is high", 1).plain,
        "Got it. Give me a moment to check our system."
    );
    assert_eq!(reply("pictures?", 0).attachment, Some(Attachment::Picture));
    assert_eq!(reply("   ", 0).attachment, None);
    assert!(reply("Where is it?", 0).plain.starts_with("Good question!"));
    let tracking = reply("Can I track my parcel?", 0).plain;
    assert_eq!(tracking, super::TRACKING);
    assert_eq!(
        crate::app::transcript::links::urls(&tracking),
        [
            "https://example.com/track/SP-1042?lang=en",
            "mailto:help@example.com"
        ]
    );
    let long = "x".repeat(100);
    assert!(
        reply(&long, 0)
            .plain
            .contains(&format!("{}…", "x".repeat(60)))
    );
}

#[test]
fn the_agent_asks_with_quick_replies_and_answers_the_choice() {
    let reply = |text: &str| {
        compose(
            &AgentInput::Message {
                msg_id: "1".into(),
                text: text.into(),
            },
            0,
        )
    };
    let summary = reply("Could you send the document?");
    assert!(summary.plain.ends_with(DID_THAT_HELP), "{}", summary.plain);
    let parsed = crate::app::transcript::directive::parse(&summary.plain).expect("buttons");
    assert_eq!(parsed.labels, ["Yes", "No"]);
    assert!(reply("Yes").plain.starts_with("Great, glad that helped"));
    assert!(reply("No").plain.starts_with("Sorry about that"));
    let topics = crate::app::transcript::directive::parse(&reply("any options?").plain);
    assert_eq!(
        topics.map(|t| (t.layout, t.labels)),
        Some((
            crate::app::transcript::ButtonLayout::Column,
            vec!["Billing".into(), "Shipping".into(), "Returns".into()]
        ))
    );
}
