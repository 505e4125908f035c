//! Fixtures for the app's and the views' tests: settings, an app on each screen, key and
//! server-event builders.

use super::{App, AppInit, Msg};
use crate::api::session::SessionEvent;
use crate::api::types::ServerEvent;
use crate::config::Settings;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use serde_json::{Value, json};
use std::path::PathBuf;

/// 2023-11-14 22:13:20 UTC.
pub const T0: i64 = 1_700_000_000_000;
pub const CHAT_ID: &str = "chat-1";
pub const AGENT: &str = "agent-7";
/// The transcripts dir the fixtures' app is given.
pub const TRANSCRIPTS: &str = "/home/sam/.local/share/sp-chat/transcripts";

pub fn valid_settings() -> Settings {
    let customer = crate::config::CustomerSettings {
        first_name: "Sam".to_string(),
        last_name: "Carter".to_string(),
        email: "sam@example.com".to_string(),
        ..Default::default()
    };
    Settings {
        tenant_url: "example.brightpattern.com".to_string(),
        client_web_server_url: "https://example.brightpattern.com".to_string(),
        app_id: "SimChat".to_string(),
        client_id: "123e4567-e89b-12d3-a456-426614174000".to_string(),
        customer,
        ..Settings::default()
    }
}

pub fn init(settings: Settings) -> AppInit {
    AppInit {
        settings,
        config_path: PathBuf::from("/home/sam/.config/sp-chat/config.toml"),
        demo: false,
        now_ms: T0,
        size: (80, 24),
        log_path: None,
        utc_offset_secs: 0,
        no_color: false,
        transcripts_dir: Some(PathBuf::from(TRANSCRIPTS)),
        keymap: Default::default(),
    }
}

pub fn key_with(code: KeyCode, modifiers: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

pub fn key(code: KeyCode) -> Msg {
    key_with(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> Msg {
    key_with(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn alt(code: KeyCode) -> Msg {
    key_with(code, KeyModifiers::ALT)
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(key(KeyCode::Char(c)));
    }
}

/// An app on Home with valid settings (availability answered "available").
pub fn home_app() -> App {
    home_app_with(valid_settings())
}

/// An app on Home with `settings` in force (availability answered "available").
pub fn home_app_with(settings: Settings) -> App {
    let (mut app, _) = App::new(init(settings.clone()));
    app.update(Msg::SettingsSaved(Ok(Box::new(settings))));
    app.update(Msg::AvailabilityChecked(Ok(
        crate::api::types::AvailabilityResponse {
            chat: crate::api::types::Availability::Available,
            ewt: None,
        },
    )));
    app.clear_dirty();
    app
}

/// Expected Parameters answered with `(name, TYPE)` pairs.
pub fn expected(list: &[(&str, &str)]) -> Msg {
    let parameters = list
        .iter()
        .map(|(name, kind)| crate::api::types::ExpectedParameter {
            name: name.to_string(),
            kind: crate::api::types::ParameterType::parse(kind),
        })
        .collect();
    Msg::ParametersFetched(Ok(crate::api::types::ParametersResponse { parameters }))
}

/// An app in a started chat (no message typed on Home).
pub fn chat_app() -> App {
    let mut app = home_app();
    app.update(key(KeyCode::Enter));
    app.update(started());
    app.clear_dirty();
    app
}

/// A chat with Anna Lee connected.
pub fn connected_app() -> App {
    let mut app = chat_app();
    app.update(events(vec![status("connected"), joined()]));
    app.clear_dirty();
    app
}

/// The customer types `text` and sends it as the chat's first message, and the server
/// confirms it as `chat-1:1`.
pub fn sent(app: &mut App, text: &str) {
    typed(app, text);
    app.update(key(KeyCode::Enter));
    app.update(Msg::Session(SessionEvent::MessageSent {
        local_id: 1,
        msg_id: "chat-1:1".into(),
    }));
}

pub fn started() -> Msg {
    Msg::Session(SessionEvent::Started {
        chat_id: CHAT_ID.to_string(),
        state: Some(crate::api::ChatState::Queued),
        ewt: Some(120),
        resumed: false,
    })
}

pub fn ev(v: Value) -> ServerEvent {
    ServerEvent::from_value(v)
}

pub fn events(list: Vec<ServerEvent>) -> Msg {
    Msg::Session(SessionEvent::Events(list))
}

pub fn status(state: &str) -> ServerEvent {
    ev(json!({"event": "chat_session_status", "state": state}))
}

pub fn joined() -> ServerEvent {
    ev(
        json!({"event": "chat_session_party_joined", "party_id": AGENT, "first_name": "Anna",
              "last_name": "Lee", "display_name": "Anna Lee", "type": "internal",
              "timestamp": (T0 / 1000).to_string()}),
    )
}

pub fn agent_says(msg_id: &str, text: &str) -> ServerEvent {
    ev(
        json!({"event": "chat_session_message", "msg_id": msg_id, "msg": text,
              "party_id": AGENT, "timestamp": (T0 / 1000 + 60).to_string()}),
    )
}

pub fn own_echo(msg_id: &str, text: &str) -> ServerEvent {
    ev(
        json!({"event": "chat_session_message", "msg_id": msg_id, "msg": text,
              "party_id": CHAT_ID, "timestamp": (T0 / 1000 + 30).to_string()}),
    )
}

pub fn typing() -> ServerEvent {
    ev(json!({"event": "chat_session_typing", "party_id": AGENT}))
}

pub fn form_show(name: &str) -> ServerEvent {
    ev(
        json!({"event": "chat_session_form_show", "form_request_id": 42, "form_name": name,
              "form_timeout": 300}),
    )
}

/// The help or question on top, as the tests name it (the Export dialog is looked at apart,
/// with `App::export_dialog`).
#[derive(Debug, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: u16 },
    Confirm(super::Confirm),
}

pub fn overlay(app: &App) -> Option<Overlay> {
    match app.top_view()? {
        super::View::Help(help) => Some(Overlay::Help {
            scroll: help.scroll_offset(),
        }),
        super::View::Confirm(question) => Some(Overlay::Confirm(question.question().clone())),
        super::View::Export(_)
        | super::View::History(_)
        | super::View::Search(_)
        | super::View::Links(_) => None,
    }
}

/// The chat screen's state (the test fails on another screen).
pub fn chat(app: &App) -> &super::ChatState {
    match app.screen() {
        super::Screen::Chat(chat) => chat,
        other => panic!("not on the chat screen: {other:?}"),
    }
}

/// Home's state (the test fails on another screen).
pub fn home(app: &App) -> &super::HomeState {
    match app.screen() {
        super::Screen::Home(home) => home,
        other => panic!("not on Home: {other:?}"),
    }
}

/// The settings screen's state (the test fails on another screen).
pub fn settings_screen(app: &App) -> &super::SettingsState {
    match app.screen() {
        super::Screen::Settings(s) => s,
        other => panic!("not on Settings: {other:?}"),
    }
}

/// A connected chat (from Home with `settings`) where the agent said `texts`, drawn state clean.
pub fn chat_saying(settings: Settings, texts: &[&str]) -> App {
    let mut app = home_app_with(settings);
    app.update(key(KeyCode::Enter));
    app.update(started());
    app.update(events(vec![status("connected"), joined()]));
    let said = texts
        .iter()
        .enumerate()
        .map(|(i, t)| agent_says(&format!("m{i}"), t))
        .collect();
    app.update(events(said));
    app.clear_dirty();
    app
}
