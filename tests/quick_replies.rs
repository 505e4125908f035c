//! Quick replies end to end: the simulator's agent asks "Did that help?" with a `/buttons`
//! directive over real HTTP; the app (its pure state machine, bridged to a real session worker
//! the way the runtime bridges them) shows it as buttons, and Alt-2 delivers "No" to the tenant
//! as an ordinary chat message, once; the agent answers the choice.

mod common;

use common::{DEADLINE, client, fast_options};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use sp_chat::api::types::{AvailabilityResponse, ChatRequest};
use sp_chat::api::{SessionCommand, SessionEvent, SessionHandle, Start};
use sp_chat::app::transcript::EntryKind;
use sp_chat::app::{App, Effect, Msg};
use sp_chat::config::{CustomerSettings, Settings};
use sp_chat::sim::{SimConfig, SimServer};
use tokio::sync::mpsc::UnboundedReceiver;

/// An app on Home, settings saved and agents available.
fn home_app() -> App {
    let settings = Settings {
        tenant_url: "sim.sp-chat.test".to_string(),
        client_web_server_url: "https://sim.sp-chat.test".to_string(),
        app_id: "SimChat".to_string(),
        client_id: "123e4567-e89b-12d3-a456-426614174000".to_string(),
        customer: CustomerSettings {
            first_name: "Sam".to_string(),
            ..Default::default()
        },
        ..Settings::default()
    };
    let (mut app, _) = App::new(common::app_init(&settings, 1_700_000_000_000));
    app.update(Msg::SettingsSaved(Ok(Box::new(settings))));
    app.update(Msg::AvailabilityChecked(Ok(AvailabilityResponse {
        chat: sp_chat::api::types::Availability::Available,
        ewt: None,
    })));
    app
}

/// Hands the app's session commands to the real worker (as the runtime does); answers the
/// messages among them.
fn forward(h: &SessionHandle, effects: Vec<Effect>) -> Vec<String> {
    let mut sent = Vec::new();
    for effect in effects {
        if let Effect::Session(cmd) = effect {
            if let SessionCommand::SendMessage { text, .. } = &cmd {
                sent.push(text.clone());
            }
            h.command(cmd);
        }
    }
    sent
}

/// Feeds the worker's events to the app (forwarding what it answers) until `done` holds.
async fn run_until(
    app: &mut App,
    h: &SessionHandle,
    rx: &mut UnboundedReceiver<SessionEvent>,
    what: &str,
    done: impl Fn(&App) -> bool,
) {
    let reached = tokio::time::timeout(DEADLINE, async {
        while !done(app) {
            let Some(event) = rx.recv().await else {
                panic!("the worker stopped before {what}");
            };
            let effects = app.update(Msg::Session(event));
            forward(h, effects);
        }
    })
    .await;
    assert!(reached.is_ok(), "timed out waiting for {what}");
}

fn entries(app: &App) -> &[sp_chat::app::transcript::Entry] {
    app.screen()
        .chat()
        .expect("on the chat screen")
        .transcript()
        .entries()
}

#[tokio::test]
async fn the_agents_buttons_arrive_and_the_choice_goes_out_once_as_a_message() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let ctl = sim.control();
    let mut app = home_app();
    // Help me: the app asks for a chat; the test starts the real worker for it.
    app.update(common::key_with(KeyCode::Enter, KeyModifiers::NONE));
    let (h, mut rx) = sp_chat::api::start(
        client(&sim),
        Start::New(ChatRequest::default()),
        fast_options(),
    );
    run_until(&mut app, &h, &mut rx, "the agent's greeting", |app| {
        app.screen().chat().is_some_and(|c| {
            c.transcript()
                .entries()
                .iter()
                .any(|e| matches!(&e.kind, EntryKind::Message { text, .. } if text.starts_with("Hi, I'm")))
        })
    })
    .await;
    let chat_id = ctl.chat_ids().pop().expect("a chat");

    for c in "Could you send the document?".chars() {
        app.update(common::key_with(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let typed = app.update(common::key_with(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(forward(&h, typed), ["Could you send the document?"]);
    run_until(&mut app, &h, &mut rx, "the agent's buttons", |app| {
        app.screen()
            .chat()
            .is_some_and(|c| c.transcript().open_buttons().is_some())
    })
    .await;
    let set = entries(&app)
        .iter()
        .find_map(|e| match &e.kind {
            EntryKind::Buttons { replies, .. } => Some(replies.clone()),
            _ => None,
        })
        .expect("a set of buttons");
    assert_eq!(set.labels, ["Yes", "No"]);
    assert!(
        set.intro
            .as_deref()
            .is_some_and(|t| t.ends_with("Did that help?")),
        "{set:?}"
    );

    let chosen = app.update(common::key_with(KeyCode::Char('2'), KeyModifiers::ALT));
    assert_eq!(forward(&h, chosen), ["No"]);
    let again = app.update(common::key_with(KeyCode::Char('2'), KeyModifiers::ALT));
    assert_eq!(forward(&h, again), Vec::<String>::new());

    run_until(&mut app, &h, &mut rx, "the agent's answer to the choice", |app| {
        entries(app).iter().any(
            |e| matches!(&e.kind, EntryKind::Message { text, .. } if text.starts_with("Sorry about that")),
        )
    })
    .await;
    let said: Vec<String> = ctl
        .customer_messages(&chat_id)
        .into_iter()
        .map(|(_, msg)| msg)
        .collect();
    assert_eq!(said, ["Could you send the document?", "No"]);
}
