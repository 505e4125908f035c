//! The case history end to end: a returning customer's earlier chat (over the API, as a first
//! visit would leave it) and a second chat driven through the app and the real effect runner
//! (the runtime's loop without a terminal). Once the agent links the case, F4 asks the simulator
//! for Get Case History and the view shows the earlier message, with its hostile escape bytes
//! made inert; Esc closes it.

mod common;

use common::{DEADLINE, key};
use ratatui::crossterm::event::KeyCode;
use sp_chat::api::types::{ChatRequest, ClientEvent};
use sp_chat::api::{Client, ClientConfig};
use sp_chat::app::views::{HistoryLine, HistoryState};
use sp_chat::app::{App, Effect, Msg, Screen, View};
use sp_chat::config::Settings;
use sp_chat::runtime::effects::EffectRunner;
use sp_chat::sim::{SimConfig, SimServer};
use tokio::sync::mpsc::{self, UnboundedReceiver};

fn settings_for(sim: &SimServer) -> Settings {
    Settings {
        tenant_url: "sim.sp-chat.test".into(),
        client_web_server_url: sim.base_url(),
        app_id: "SimChat".into(),
        client_id: uuid::Uuid::new_v4().to_string(),
        ..Settings::default()
    }
}

/// The app and the runner, pumped like the runtime's loop: effects to the runner, its answers
/// back to the app, until `done` holds.
struct Loop {
    app: App,
    runner: EffectRunner,
    answers: UnboundedReceiver<Msg>,
}

impl Loop {
    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.runner.run(effect);
        }
    }

    fn update(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.run(effects);
    }

    async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let waited = tokio::time::timeout(DEADLINE, async {
            while !done(&self.app) {
                let msg = self.answers.recv().await.expect("the runner answers");
                self.update(msg);
            }
        })
        .await;
        assert!(waited.is_ok(), "timed out waiting for {what}");
    }
}

#[tokio::test]
async fn f4_shows_the_earlier_chat_of_the_case_and_no_escape_reaches_the_screen() {
    let sim = SimServer::start(SimConfig::fast()).await.expect("sim");
    let settings = settings_for(&sim);
    // The first visit: one message with escape bytes in it, then the chat ends.
    let client =
        Client::new(ClientConfig::from_settings(&settings).expect("config")).expect("client");
    let client = client.negotiate_version().await;
    let first = client
        .request_chat(&ChatRequest::default())
        .await
        .expect("first chat");
    client
        .send_events(
            &first.chat_id,
            &[ClientEvent::Message {
                msg_id: format!("{}:1", first.chat_id),
                msg: "my parcel \u{1b}]0;pwned\u{7}is late".into(),
                msg_text: None,
            }],
        )
        .await
        .expect("sent");
    client.close_case(&first.chat_id).await.expect("ended");

    // The second visit, through the app and the runtime's effect runner.
    let (msgs, answers) = mpsc::unbounded_channel();
    let runner = EffectRunner::new(
        msgs,
        std::env::temp_dir().join("sp-chat-case.toml"),
        settings.clone(),
    );
    let (app, _) = App::new(common::app_init(&settings, 1_700_000_000_000));
    let mut l = Loop {
        app,
        runner,
        answers,
    };
    l.update(Msg::SettingsSaved(Ok(Box::new(settings))));
    for c in "Please open a ticket".chars() {
        l.update(key(KeyCode::Char(c)));
    }
    l.update(key(KeyCode::Enter));
    l.until("the agent to link a case", |app| {
        app.screen().chat().is_some_and(|chat| {
            chat.transcript().entries().iter().any(|e| {
                matches!(&e.kind, sp_chat::app::transcript::EntryKind::System(line)
                    if line.starts_with("This chat is linked to case"))
            })
        })
    })
    .await;
    l.update(key(KeyCode::F(4)));
    l.until("the case history", |app| {
        matches!(app.top_view(), Some(View::History(h)) if *h.state() != HistoryState::Loading)
    })
    .await;
    let Some(View::History(history)) = l.app.top_view() else {
        panic!("the case history is open");
    };
    let HistoryState::Ready(lines) = history.state() else {
        panic!("the history arrived: {:?}", history.state());
    };
    let earlier: Vec<&str> = lines
        .iter()
        .filter_map(|line| match line {
            HistoryLine::Message { from, text, .. } if from == "You" => Some(text.as_str()),
            HistoryLine::Message { .. } | HistoryLine::Session(_) => None,
        })
        .collect();
    assert_eq!(earlier.len(), 1, "{lines:?}");
    assert!(earlier[0].starts_with("my parcel ") && earlier[0].ends_with("is late"));
    assert!(
        !earlier[0].chars().any(char::is_control),
        "{:?}",
        earlier[0]
    );
    // Drawn, no escape byte reaches the terminal either.
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("backend");
    terminal
        .draw(|f| sp_chat::ui::draw(&l.app, f))
        .expect("draw");
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .all(|cell| !cell.symbol().chars().any(char::is_control))
    );
    l.update(key(KeyCode::Esc));
    assert!(l.app.top_view().is_none());
    assert!(matches!(l.app.screen(), Screen::Chat(_)));
    l.runner.shutdown();
}
