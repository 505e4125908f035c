use super::*;
use crate::api::session::SessionEvent;
use crate::app::Msg;
use crate::app::test_support::{
    agent_says, chat_app, connected_app, ev, events, joined, sent, status, typing,
};
use crate::line::test_support::plain;
use pretty_assertions::assert_eq;
use serde_json::json;

fn look(observer: &mut Observer, app: &crate::app::App) -> Vec<String> {
    plain(&observer.observe(app, false))
}

/// An observer that has already said everything about `app`.
fn caught_up(app: &crate::app::App) -> Observer {
    let mut observer = Observer::default();
    observer.observe(app, false);
    observer
}

#[test]
fn an_agent_message_is_one_line_naming_the_agent_once() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    app.update(events(vec![agent_says("m1", "How can I help?")]));
    assert_eq!(look(&mut observer, &app), ["Anna Lee: How can I help?"]);
    assert_eq!(look(&mut observer, &app), Vec::<String>::new(), "once");
}

#[test]
fn joins_queue_and_the_end_are_announced() {
    let mut app = chat_app();
    let mut observer = Observer::default();
    assert_eq!(look(&mut observer, &app), ["* In the queue, about 2 min"]);
    app.update(events(vec![status("connected"), joined()]));
    assert_eq!(look(&mut observer, &app), ["* Anna Lee joined the chat"]);
    app.update(events(vec![ev(json!({"event": "chat_session_party_left",
        "party_id": crate::app::test_support::AGENT}))]));
    app.update(events(vec![ev(json!({"event": "chat_session_ended"}))]));
    app.update(Msg::Session(SessionEvent::Ended(
        crate::api::session::EndReason::Ended,
    )));
    assert_eq!(
        look(&mut observer, &app),
        ["* Anna Lee left the chat", "* The chat has ended"]
    );
}

#[test]
fn typing_is_said_once_per_episode() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    let mut said = Vec::new();
    for _ in 0..3 {
        app.update(events(vec![typing()]));
        said.extend(look(&mut observer, &app));
    }
    assert_eq!(said, ["* Anna Lee is typing…"]);
    app.update(events(vec![ev(json!({"event": "chat_session_not_typing",
        "party_id": crate::app::test_support::AGENT}))]));
    assert_eq!(look(&mut observer, &app), Vec::<String>::new());
    app.update(events(vec![typing()]));
    assert_eq!(
        look(&mut observer, &app),
        ["* Anna Lee is typing…"],
        "a new episode"
    );
}

#[test]
fn own_messages_are_not_echoed_and_a_failure_is_announced_once() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    sent(&mut app, "first");
    assert_eq!(look(&mut observer, &app), Vec::<String>::new());
    for c in "second".chars() {
        app.update(crate::app::test_support::key(
            ratatui::crossterm::event::KeyCode::Char(c),
        ));
    }
    app.update(crate::app::test_support::key(
        ratatui::crossterm::event::KeyCode::Enter,
    ));
    assert_eq!(look(&mut observer, &app), Vec::<String>::new());
    assert!(observer.waiting(), "the second message is on its way");
    app.update(Msg::Session(SessionEvent::MessageFailed {
        local_id: 2,
        error: crate::api::Error::new(crate::api::ErrorKind::ServerError, "boom"),
    }));
    let said = look(&mut observer, &app);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("! Your message could not be sent"),
        "{said:?}"
    );
    assert_eq!(look(&mut observer, &app), Vec::<String>::new());
    assert!(!observer.waiting());
}

#[test]
fn the_link_going_down_and_up_is_two_lines_not_a_countdown() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    app.update(Msg::Session(SessionEvent::LinkDown {
        error: crate::api::Error::new(crate::api::ErrorKind::Offline, "refused"),
        retry_in: std::time::Duration::from_secs(5),
    }));
    let said = look(&mut observer, &app);
    assert_eq!(said.len(), 1);
    assert!(said[0].starts_with("* Reconnecting…"), "{said:?}");
    app.update(Msg::Tick {
        now_ms: app.now_ms() + 1_000,
    });
    assert_eq!(look(&mut observer, &app), Vec::<String>::new());
    app.update(Msg::Session(SessionEvent::LinkUp));
    assert_eq!(look(&mut observer, &app), ["* Connected again"]);
}

#[test]
fn hostile_agent_text_comes_out_without_an_escape_byte() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    app.update(events(vec![agent_says(
        "m1",
        "copy\u{1b}]52;c;ZXZpbA==\u{7} clear\u{1b}[2J bell\u{7} c1\u{9b}2J",
    )]));
    let events = observer.observe(&app, false);
    assert_eq!(events.len(), 1);
    for style in [Style::Plain { color: false }, Style::Json] {
        let line = crate::line::event::render(&events[0], style);
        assert!(line.starts_with("Anna Lee") || line.contains("Anna Lee"));
        for bad in ['\u{1b}', '\u{7}', '\u{9b}'] {
            assert!(!line.contains(bad), "{bad:?} in {line:?}");
        }
    }
}

#[test]
fn a_chat_ended_by_the_answered_survey_is_announced_on_the_way_home() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    app.update(Msg::Action(crate::app::keymap::Action::EndChat));
    app.update(Msg::Action(crate::app::keymap::Action::Yes));
    app.update(events(vec![crate::app::test_support::form_show(
        "MobileChatSurvey",
    )]));
    app.update(Msg::Action(crate::app::keymap::Action::SubmitForm));
    observer.observe(&app, false);
    app.update(Msg::Session(SessionEvent::Ended(
        crate::api::session::EndReason::Ended,
    )));
    let said = look(&mut observer, &app);
    assert_eq!(
        said.first().map(String::as_str),
        Some("* The chat has ended"),
        "{said:?}"
    );
}

use crate::line::event::Style;

#[test]
fn every_hostile_payload_prints_clean_lines_plain_and_json() {
    use crate::ui::hostile_tests::{assert_clean_text, inject, payloads};
    for (name, payload) in payloads() {
        let mut app = connected_app();
        let mut observer = caught_up(&app);
        inject(&mut app, &payload);
        let events = observer.observe(&app, true);
        assert!(!events.is_empty(), "{name}: something is said");
        for style in [Style::Plain { color: false }, Style::Json] {
            for event in &events {
                let line = crate::line::event::render(event, style);
                assert_clean_text(&line, &format!("{name} ({style:?})"));
                assert!(!line.contains('\n'), "{name}: one line");
                for escaped in ["\\u001b", "\\u0007", "\\u009b"] {
                    assert!(!line.contains(escaped), "{name}: {escaped} in {line}");
                }
            }
        }
    }
}

#[test]
fn quick_replies_are_one_line_with_their_numbers() {
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    app.update(events(vec![agent_says(
        "m1",
        "Is it solved? /buttons [Yes] [Not yet]",
    )]));
    assert_eq!(
        look(&mut observer, &app),
        ["Anna Lee: Is it solved? (/choose 1 Yes, 2 Not yet)"]
    );
}

#[test]
fn an_upload_is_said_when_it_is_done_or_failed_not_while_it_goes() {
    use crate::app::keymap::Action;
    let mut app = connected_app();
    let mut observer = caught_up(&app);
    for path in ["/tmp/a.pdf", "/tmp/b.pdf"] {
        app.update(Msg::Action(Action::Attach));
        app.update(Msg::SetText(path.into()));
        app.update(Msg::Action(Action::ConfirmAttach));
    }
    app.update(Msg::Session(SessionEvent::UploadProgress {
        local_id: 1,
        sent: 10,
        total: 100,
    }));
    assert_eq!(look(&mut observer, &app), Vec::<String>::new());
    app.update(Msg::Session(SessionEvent::UploadDone {
        local_id: 1,
        file_id: "f1".into(),
        file_name: "a.pdf".into(),
    }));
    app.update(Msg::Session(SessionEvent::UploadFailed {
        local_id: 2,
        error: crate::api::Error::new(crate::api::ErrorKind::TooLarge, "big"),
    }));
    let said = look(&mut observer, &app);
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(said[0], "* Sent the file a.pdf");
    assert!(said[1].starts_with("! Could not send b.pdf: "), "{said:?}");
    assert!(!observer.waiting());
}

#[test]
fn a_rejoined_chats_history_shows_the_customers_own_lines_too() {
    let (mut app, _) = crate::app::App::new(crate::app::test_support::init(
        crate::app::test_support::valid_settings(),
    ));
    app.update(Msg::ActiveChatFound(Ok(Some(
        crate::api::types::ChatResponse {
            chat_id: crate::app::test_support::CHAT_ID.into(),
            ..Default::default()
        },
    ))));
    app.update(Msg::Action(crate::app::keymap::Action::Yes));
    let mut observer = Observer::default();
    assert_eq!(look(&mut observer, &app), ["* Rejoining your chat…"]);
    app.update(Msg::Session(SessionEvent::Started {
        chat_id: crate::app::test_support::CHAT_ID.into(),
        state: Some(crate::api::ChatState::Connected),
        ewt: None,
        resumed: true,
    }));
    app.update(events(vec![
        joined(),
        crate::app::test_support::own_echo("c1", "my order is late"),
        agent_says("m1", "Let me check"),
    ]));
    assert_eq!(
        look(&mut observer, &app),
        [
            "* Rejoined your chat",
            "* Anna Lee joined the chat",
            "Sam Carter: my order is late",
            "Anna Lee: Let me check"
        ]
    );
}
