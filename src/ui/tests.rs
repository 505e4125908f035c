//! Snapshot tests of every screen and overlay at 80×24 and 200×60, plus too-small and hostile
//! text. Snapshots are plain text (colours dropped); reviewed by reading them as a user would.

use super::draw;
use crate::api::session::SessionEvent;
use crate::api::{Error, ErrorKind};
use crate::app::test_support::*;
use crate::app::{App, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use serde_json::json;
use std::time::Duration;

fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| draw(app, f)).expect("draw");
    terminal
}

/// Snapshots `app` at 80×24 and at 200×60 under `name`.
fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (200, 60)] {
        let terminal = render(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn link_down(secs: u64) -> Msg {
    Msg::Session(SessionEvent::LinkDown {
        error: Error::new(ErrorKind::Offline, "connection refused"),
        retry_in: Duration::from_secs(secs),
    })
}

#[test]
fn settings_prefilled() {
    let (mut app, _) = App::new(init(valid_settings()));
    snap("settings_prefilled", &mut app);
}

#[test]
fn settings_first_run_marks_problems_in_words() {
    let (mut app, _) = App::new(init(crate::config::Settings::default()));
    typed(&mut app, "https://");
    snap("settings_first_run", &mut app);
}

#[test]
fn settings_save_failed() {
    let (mut app, _) = App::new(init(valid_settings()));
    app.update(ctrl('s'));
    app.update(Msg::SettingsSaved(Err(
        "cannot write /home/sam/.config/sp-chat/config.toml: permission denied".into(),
    )));
    snap("settings_save_failed", &mut app);
}

#[test]
fn home_available_with_a_question() {
    let mut app = home_app();
    typed(&mut app, "My printer shows error E42 since this morning.");
    app.update(alt(KeyCode::Enter));
    typed(&mut app, "It is a LaserJet 4000.");
    snap("home_available", &mut app);
}

#[test]
fn home_after_survey_with_path_completions() {
    let mut app = home_app();
    app.update(Msg::AvailabilityChecked(Ok(
        crate::api::types::AvailabilityResponse {
            chat: crate::api::types::Availability::NotAvailable,
            ewt: None,
        },
    )));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "~/Pictures/ph");
    app.update(key(KeyCode::Tab));
    app.update(Msg::PathCompleted {
        input: "~/Pictures/ph".into(),
        candidates: vec![
            "~/Pictures/photo-1.png".into(),
            "~/Pictures/photo-2.png".into(),
        ],
    });
    snap("home_unavailable_completions", &mut app);
}

/// Home with `[customer] phone` set (agents available).
fn home_with_phone(phone: &str) -> App {
    let mut settings = valid_settings();
    settings.customer.phone = phone.to_string();
    home_app_with(settings)
}

#[test]
fn home_with_a_callback_number_prefilled_then_refused() {
    let mut app = home_with_phone("+1 (555) 010-0100");
    typed(&mut app, "Please call me about order SO-1234.");
    app.update(key(KeyCode::Tab));
    snap("home_callback", &mut app);
    // Not a number: Help me stays on Home and says why.
    typed(&mut app, " ext. 12");
    for code in [KeyCode::BackTab, KeyCode::Enter] {
        app.update(key(code));
    }
    snap("home_callback_refused", &mut app);
}

#[test]
fn chat_queued_with_a_callback_number() {
    let mut app = home_with_phone("+1 555 0100");
    app.update(key(KeyCode::Enter));
    app.update(started());
    snap("chat_queued_callback", &mut app);
}

#[test]
fn chat_requesting_with_first_message() {
    let mut app = home_app();
    typed(&mut app, "Hello, I need help with my order");
    app.update(key(KeyCode::Enter));
    snap("chat_requesting", &mut app);
}

#[test]
fn chat_queued() {
    let mut app = chat_app();
    snap("chat_queued", &mut app);
}

#[test]
fn chat_connected_with_typing_indicator() {
    let mut app = connected_app();
    sent(&mut app, "Hi, my order has not arrived");
    app.update(events(vec![
        agent_says("a1", "Hello Sam! I am sorry to hear that. Could you give me the order number? It starts with <b>SO-</b> &amp; has 8 digits."),
        typing(),
    ]));
    typed(&mut app, "SO-1234");
    snap("chat_connected_typing", &mut app);
}

#[test]
fn chat_reconnecting_banner() {
    let mut app = connected_app();
    app.update(link_down(4));
    snap("chat_reconnecting", &mut app);
}

#[test]
fn chat_failed_message() {
    let mut app = connected_app();
    typed(&mut app, "Are you still there?");
    app.update(key(KeyCode::Enter));
    app.update(Msg::Session(SessionEvent::MessageFailed {
        local_id: 1,
        error: Error::from_status(503, None, None, None),
    }));
    snap("chat_failed_message", &mut app);
}

#[test]
fn chat_scrolled_up_shows_new_below() {
    let mut app = connected_app();
    let many: Vec<_> = (0..40)
        .map(|i| agent_says(&format!("m{i}"), &format!("Line {i} of the manual")))
        .collect();
    app.update(events(many));
    app.update(key(KeyCode::PageUp));
    app.update(events(vec![
        agent_says("n1", "new one"),
        agent_says("n2", "another"),
    ]));
    snap("chat_new_below", &mut app);
}

#[test]
fn chat_attach_prompt_and_upload_progress() {
    let mut app = connected_app();
    app.update(ctrl('o'));
    typed(&mut app, "/tmp/receipt.pdf");
    app.update(key(KeyCode::Enter));
    app.update(Msg::Session(SessionEvent::UploadProgress {
        local_id: 1,
        sent: 300_000,
        total: 1_200_000,
    }));
    app.update(events(vec![ev(
        json!({"event": "chat_session_file", "file_id": "f9",
        "file_name": "label.png", "file_type": "image", "party_id": AGENT}),
    )]));
    app.update(ctrl('o'));
    typed(&mut app, "~/Doc");
    snap("chat_attach", &mut app);
}

#[test]
fn chat_ended_without_survey() {
    let mut app = connected_app();
    app.update(events(vec![
        agent_says("a1", "Glad I could help. Bye!"),
        ev(json!({"event": "chat_session_party_left", "party_id": AGENT})),
        ev(json!({"event": "chat_session_ended"})),
    ]));
    app.update(Msg::Session(SessionEvent::Ended(
        crate::api::session::EndReason::Ended,
    )));
    snap("chat_ended", &mut app);
}

#[test]
fn chat_timeout_warning_is_prominent() {
    let mut app = connected_app();
    app.update(events(vec![ev(
        json!({"event": "chat_session_timeout_warning",
        "msg": "You will be disconnected in 1 minute for inactivity"}),
    )]));
    snap("chat_timeout_warning", &mut app);
}

#[test]
fn survey_form() {
    let mut app = connected_app();
    app.update(events(vec![form_show("MobileChatSurvey")]));
    app.update(key(KeyCode::Char('4')));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char('y')));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "Quick and friendly");
    snap("survey", &mut app);
}

#[test]
fn generic_form() {
    let mut app = connected_app();
    app.update(events(vec![form_show("ShippingAddress")]));
    typed(&mut app, "12 Main Street");
    snap("generic_form", &mut app);
}

#[test]
fn help_overlay_on_chat() {
    let mut app = connected_app();
    app.update(key(KeyCode::F(1)));
    snap("help_chat", &mut app);
}

#[test]
fn help_overlay_on_settings() {
    let (mut app, _) = App::new(init(valid_settings()));
    app.update(key(KeyCode::F(1)));
    snap("help_settings", &mut app);
}

#[test]
fn help_names_the_log_directory() {
    let mut init = init(valid_settings());
    init.log_path = Some(std::path::PathBuf::from("/var/tmp/sp-chat-logs"));
    let (app, _) = App::new(init);
    let theme = crate::ui::theme::Theme {
        no_color: true,
        high_contrast: false,
    };
    let text: Vec<String> = crate::ui::overlay::help_lines(&app, &theme)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        text.iter()
            .any(|l| l.contains("Log files") && l.contains("/var/tmp/sp-chat-logs")),
        "{text:#?}"
    );
}

#[test]
fn confirm_end_chat() {
    let mut app = connected_app();
    app.update(ctrl('x'));
    snap("confirm_end_chat", &mut app);
}

#[test]
fn confirm_quit_while_live() {
    let mut app = connected_app();
    app.update(ctrl('c'));
    snap("confirm_quit", &mut app);
}

/// Back from the settings to a live chat found on the tenant, started at `created_time`.
fn rejoin_offered(created_time: Option<crate::api::wire::Timestamp>) -> App {
    let (mut app, _) = App::new(init(valid_settings()));
    app.update(Msg::SettingsSaved(Ok(Box::new(valid_settings()))));
    app.update(Msg::ActiveChatFound(Ok(Some(
        crate::api::types::ChatResponse {
            chat_id: "chat-9".into(),
            created_time,
            ..Default::default()
        },
    ))));
    app
}

#[test]
fn rejoin_dialog() {
    snap("rejoin", &mut rejoin_offered(None));
}

#[test]
fn rejoin_dialog_says_when_the_chat_started() {
    // T0 is 22:13:20 UTC; the chat started 2 h 8 min earlier, at 20:05.
    let started = crate::api::wire::Timestamp(T0 - 7_700_000);
    snap("rejoin_started", &mut rejoin_offered(Some(started)));
}

#[test]
fn too_small_notice() {
    let mut app = connected_app();
    let terminal = render(&mut app, 39, 11);
    insta::assert_snapshot!("too_small", terminal.backend());
}

#[test]
fn zero_sized_frame_draws_nothing_and_does_not_panic() {
    let mut app = connected_app();
    for (w, h) in [(0, 0), (1, 1), (0, 30), (200, 0), (40, 12)] {
        render(&mut app, w, h);
    }
}

/// QUALITY.md, terminal safety: hostile agent text never puts a control character in a cell.
#[test]
fn hostile_text_reaches_no_cell_as_control_characters() {
    let mut app = connected_app();
    let hostile = [
        "x\x1b]52;c;cm0gLXJmIH4K\x07y",
        "\x1b[2J\x1b[Hfake prompt",
        "\x1b[6n \x1b[21t \x1bP$qm\x1b\\",
        "a\u{9b}31mb",
        "invoice\u{202E}fdp.exe",
        "&#27;]52;c;abc&#7; and &#x9b;31m",
        "tag\u{E0041}chars\u{2066}iso\u{200F}",
    ];
    let mut list: Vec<_> = hostile
        .iter()
        .enumerate()
        .map(|(i, t)| agent_says(&format!("h{i}"), t))
        .collect();
    list.push(ev(
        json!({"event": "chat_session_party_joined", "party_id": "x",
        "display_name": "Evil\x1b[31m\u{202E}Name", "type": "internal"}),
    ));
    list.push(ev(json!({"event": "chat_session_file", "file_id": "f1",
        "file_name": "a\x1b[2Jb\u{202E}.png", "file_type": "image", "party_id": "x"})));
    app.update(events(list));
    app.update(Msg::Paste("pasted\x1b[2J\u{9b}text".into()));
    for (w, h) in [(80, 24), (200, 60)] {
        let terminal = render(&mut app, w, h);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            for c in cell.symbol().chars() {
                let bad = c.is_control()
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{E0000}'..='\u{E007F}');
                assert!(!bad, "control character {:?} in a cell", c);
            }
        }
        if w == 200 {
            let text: String = buffer.content().iter().map(|c| c.symbol()).collect();
            assert!(
                text.contains("fake prompt"),
                "the rest of the message is still shown"
            );
            assert!(
                text.contains("invoice�fdp.exe"),
                "a removed character leaves a marker"
            );
        }
    }
}

/// The help overlay lists every binding of every mode the screen can be in, with its words.
#[test]
fn help_lists_every_binding_of_the_screen() {
    use crate::app::keymap::{Action, BINDINGS, Mode};
    let theme = super::theme::Theme {
        no_color: true,
        high_contrast: false,
    };
    for mut app in [
        connected_app(),
        home_app(),
        App::new(init(valid_settings())).0,
    ] {
        let text: Vec<String> = super::overlay::help_lines(&app, &theme)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        let modes = app.help_modes();
        for b in BINDINGS
            .iter()
            .filter(|b| modes.contains(&b.mode) || b.mode == Mode::Global)
        {
            let key = b.key.to_string();
            let action = match b.action {
                Action::Rating(_) => Action::Rating(0),
                other => other,
            };
            let found = text.iter().any(|line| {
                line.contains(action.help())
                    && line
                        .split_whitespace()
                        .next()
                        .is_some_and(|keys| crate::app::keymap::tests::lists_key(keys, &key))
            });
            assert!(
                found,
                "{key} ({:?}) missing from the help of {:?}",
                b.action,
                app.screen()
            );
        }
        app.update(Msg::Tick { now_ms: T0 });
    }
}

/// `NO_COLOR`: nothing is drawn in colour, so nothing can be said by colour alone.
#[test]
fn no_color_draws_without_colours() {
    use ratatui::style::Color;
    let mut settings_init = init(valid_settings());
    settings_init.no_color = true;
    let (mut app, _) = App::new(settings_init);
    app.update(Msg::SettingsSaved(Ok(Box::new(valid_settings()))));
    app.update(key(KeyCode::Enter));
    app.update(started());
    app.update(events(vec![
        status("connected"),
        joined(),
        agent_says("a1", "hi"),
        typing(),
    ]));
    app.update(Msg::Session(SessionEvent::MessageFailed {
        local_id: 99,
        error: Error::new(ErrorKind::Offline, "x"),
    }));
    app.update(key(KeyCode::F(1)));
    let terminal = render(&mut app, 80, 24);
    for cell in terminal.backend().buffer().content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "coloured cell {cell:?}"
        );
    }
}

#[test]
fn home_with_a_pre_chat_form_and_no_agents() {
    let mut app = home_app();
    app.update(crate::app::Msg::AvailabilityChecked(Ok(
        crate::api::types::AvailabilityResponse {
            chat: crate::api::types::Availability::NotAvailable,
            ewt: None,
        },
    )));
    let parameters = [
        ("first_name", "FIRST_NAME"),
        ("last_name", "LAST_NAME"),
        ("email", "EMAIL"),
    ]
    .iter()
    .map(|(name, kind)| crate::api::types::ExpectedParameter {
        name: name.to_string(),
        kind: crate::api::types::ParameterType::parse(kind),
    })
    .collect();
    app.update(crate::app::Msg::ParametersFetched(Ok(
        crate::api::types::ParametersResponse { parameters },
    )));
    snap("home_prechat_not_available", &mut app);
}

#[test]
fn chat_with_agent_requests_a_saved_file_and_a_read_receipt() {
    let mut app = connected_app();
    sent(&mut app, "Could you send the order summary?");
    app.update(events(vec![
        ev(
            serde_json::json!({"event": "chat_session_message_read", "ref_msg_id": "chat-1:1",
            "party_id": AGENT}),
        ),
        ev(
            serde_json::json!({"event": "chat_session_file", "file_id": "f1",
            "file_name": "order-summary.txt", "file_type": "attachment", "party_id": AGENT}),
        ),
        ev(serde_json::json!({"event": "chat_session_case_set", "case_id": "CASE-1042"})),
        ev(serde_json::json!({"event": "chat_session_cobrowsing_request", "party_id": AGENT})),
        ev(serde_json::json!({"event": "chat_session_timeout_warning",
            "msg": "Are you still there? This chat will close soon if there is no activity."})),
    ]));
    app.update(Msg::FileDownloaded {
        file_id: "f1".into(),
        result: Ok(std::path::PathBuf::from(
            "/home/sam/Downloads/order-summary.txt",
        )),
    });
    snap("chat_agent_requests", &mut app);
}

#[test]
fn chat_secure_form_hides_the_answer() {
    let mut app = connected_app();
    app.update(events(vec![ev(serde_json::json!({
        "event": "chat_session_secure_form_show", "form_request_id": 7,
        "form_name": "CardDetails"
    }))]));
    typed(&mut app, "4111 1111");
    snap("chat_secure_form", &mut app);
}
