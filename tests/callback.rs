//! Home's callback number from the keyboard to the tenant: typed into the field, it leaves in the
//! app's Request Chat and the simulated tenant, over real HTTP, records it as `phone_number`;
//! the live chat the tenant then reports (Get Active Chat, with its `created_time`) is offered
//! back with the time it started.

mod common;

use common::{client, fast_options, key, wait_event};
use crossterm::event::KeyCode;
use sp_chat::api::types::ChatRequest;
use sp_chat::api::{SessionEvent, Start};
use sp_chat::app::views::started_when;
use sp_chat::app::{App, Effect, Msg};
use sp_chat::config::Settings;
use sp_chat::sim::{SimConfig, SimServer};
use std::time::{SystemTime, UNIX_EPOCH};

fn now_ms() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
    i64::try_from(since.as_millis()).expect("ms fit")
}

/// The app on Home with `settings` in force (UTC, so times read as the tenant's).
fn app_on_home(settings: &Settings) -> App {
    let (mut app, _) = App::new(common::app_init(settings, now_ms()));
    app.update(Msg::SettingsSaved(Ok(Box::new(settings.clone()))));
    app
}

#[tokio::test]
async fn a_callback_number_typed_on_home_reaches_the_tenant_as_phone_number() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let client = client(&sim);
    let mut settings = Settings::default();
    settings.customer.first_name = "Sam".into();
    settings.customer.phone = "+1 555 0100".into();
    let mut app = app_on_home(&settings);

    // From the message to the callback number (prefilled), replaced by another number; then
    // back to the message, where Enter is Help me.
    app.update(key(KeyCode::Tab));
    for _ in 0.."+1 555 0100".len() {
        app.update(key(KeyCode::Backspace));
    }
    for c in "+44 20 7946 0958".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    app.update(key(KeyCode::BackTab));
    let effects = app.update(key(KeyCode::Enter));
    let Some(Effect::StartChat { request }) = effects.first() else {
        panic!("Help me started no chat: {effects:?}")
    };
    assert_eq!(request.phone_number, "+44 20 7946 0958");

    let (_h, mut rx) =
        sp_chat::api::start(client.clone(), Start::New(request.clone()), fast_options());
    let mut log = Vec::new();
    let SessionEvent::Started { chat_id, .. } = wait_event(&mut rx, &mut log, |e| {
        matches!(e, SessionEvent::Started { .. })
    })
    .await
    else {
        unreachable!("wait_event answers the event that matched")
    };
    let recorded = sim.control().chat_request(&chat_id).expect("recorded");
    assert_eq!(recorded.phone_number, "+44 20 7946 0958");
    assert_eq!(recorded.from, "Sam");
}

#[tokio::test]
async fn a_live_chat_the_tenant_reports_is_offered_with_the_time_it_started() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let client = client(&sim);
    let settings = Settings::default();
    client
        .request_chat(&ChatRequest::default())
        .await
        .expect("a chat");
    // The same customer starting again is offered this chat, with the time it started.
    let found = client.active_chat().await.expect("active chat");
    let created = found
        .as_ref()
        .and_then(|f| f.created_time)
        .expect("the simulator says when the chat started");
    let mut again = app_on_home(&settings);
    let now = again.now_ms();
    again.update(Msg::ActiveChatFound(Ok(found)));
    let question = again
        .top_view()
        .and_then(|v| v.question())
        .map(|q| q.question())
        .expect("the rejoin question");
    assert_eq!(
        question,
        format!(
            "Rejoin the chat you started {}?",
            started_when(created.0, now, 0)
        )
    );
    assert!(question.starts_with("Rejoin the chat you started "));
}
