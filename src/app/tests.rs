//! State-machine transitions: build an App, feed Msgs, compare state and the whole effect list.

use super::chat::{ChatFocus, Link, Phase};
use super::home::{Availability, HomeFocus};
use super::survey::FormProgress;
use super::test_support::*;
use super::transcript::{Delivery, EntryKind, Sender, UploadState};
use super::{App, Confirm, Effect, Msg, Screen};
use crate::api::session::{EndReason, SessionCommand, SessionEvent};
use crate::api::types::{Availability as Wire, AvailabilityResponse, ChatResponse};
use crate::api::wire::FormRequestId;
use crate::api::{Error, ErrorKind};
use crate::config::Settings;
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseEvent, MouseEventKind,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

fn kinds(app: &App) -> Vec<EntryKind> {
    chat(app)
        .transcript()
        .entries()
        .iter()
        .map(|e| e.kind.clone())
        .collect()
}

fn sam(text: &str, delivery: Delivery) -> EntryKind {
    EntryKind::Message {
        sender: Sender::Customer("Sam Carter".into()),
        text: text.to_string(),
        delivery,
    }
}

fn anna(text: &str) -> EntryKind {
    EntryKind::Message {
        sender: Sender::Agent("Anna Lee".into()),
        text: text.to_string(),
        delivery: Delivery::Received,
    }
}

fn session(cmd: SessionCommand) -> Effect {
    Effect::Session(cmd)
}

fn send(local_id: u64, text: &str) -> Effect {
    session(SessionCommand::SendMessage {
        local_id,
        text: text.to_string(),
    })
}

fn system(text: &str) -> EntryKind {
    EntryKind::System(text.to_string())
}

// ---------------------------------------------------------------------------------------------
// Start and Settings
// ---------------------------------------------------------------------------------------------

#[test]
fn starts_on_settings_and_looks_for_a_live_chat() {
    let (app, effects) = App::new(init(valid_settings()));
    assert!(matches!(app.screen(), Screen::Settings(_)));
    assert_eq!(
        effects,
        vec![
            Effect::LookForActiveChat,
            Effect::SetTitle("sp-chat — Settings".to_string())
        ]
    );
    assert!(app.is_dirty());
    assert_eq!(app.next_wakeup_ms(), None);
}

#[test]
fn unusable_settings_do_not_look_for_a_chat() {
    let (_, effects) = App::new(init(Settings::default()));
    assert_eq!(
        effects,
        vec![Effect::SetTitle("sp-chat — Settings".to_string())]
    );
}

#[test]
fn ctrl_s_saves_valid_settings() {
    let (mut app, _) = App::new(init(valid_settings()));
    assert_eq!(
        app.update(ctrl('s')),
        vec![Effect::SaveSettings(valid_settings())]
    );
    let s = settings_screen(&app);
    assert!(s.is_saving());
    // A second Ctrl-S while saving does not save twice.
    assert_eq!(app.update(ctrl('s')), vec![]);
}

#[test]
fn empty_client_id_is_generated_on_save_not_refused() {
    let mut settings = valid_settings();
    settings.client_id.clear();
    let (mut app, _) = App::new(init(settings.clone()));
    assert_eq!(app.update(ctrl('s')), vec![Effect::SaveSettings(settings)]);
}

#[test]
fn invalid_settings_are_not_saved_and_the_first_problem_gets_focus() {
    let mut settings = valid_settings();
    settings.app_id.clear();
    let (mut app, _) = App::new(init(settings));
    assert_eq!(app.update(ctrl('s')), vec![]);
    let s = settings_screen(&app);
    assert_eq!(s.focus(), 2);
    assert_eq!(s.error(), Some("One field needs fixing before saving."));
    assert_eq!(
        s.problem(crate::config::Field::AppId).as_deref(),
        Some("is required")
    );
}

#[test]
fn typing_edits_the_focused_field_and_enter_moves_on() {
    let (mut app, _) = App::new(init(Settings::default()));
    typed(&mut app, "example.com");
    app.update(key(KeyCode::Enter));
    typed(&mut app, "https://example.com");
    let s = settings_screen(&app);
    assert_eq!(s.settings().tenant_url, "example.com");
    assert_eq!(s.settings().client_web_server_url, "https://example.com");
    assert_eq!(s.focus(), 1);
}

#[test]
fn enter_on_the_save_button_saves() {
    let (mut app, _) = App::new(init(valid_settings()));
    let rows = super::settings::FIELDS.len() + super::settings::CHOICES.len();
    for _ in 0..rows {
        app.update(key(KeyCode::Tab));
    }
    let s = settings_screen(&app);
    assert!(s.on_button());
    assert_eq!(
        app.update(key(KeyCode::Enter)),
        vec![Effect::SaveSettings(valid_settings())]
    );
}

#[test]
fn saved_settings_open_home_and_check_availability() {
    let (mut app, _) = App::new(init(valid_settings()));
    app.update(ctrl('s'));
    let effects = app.update(Msg::SettingsSaved(Ok(Box::new(valid_settings()))));
    assert_eq!(
        effects,
        vec![
            // The saved settings are in force before anything talks to the tenant.
            Effect::UseSettings(valid_settings()),
            Effect::CheckAvailability,
            Effect::FetchParameters,
            Effect::SetTitle("sp-chat — Home".to_string())
        ]
    );
    let h = home(&app);
    assert_eq!(*h.availability(), Availability::Checking);
}

#[test]
fn first_save_of_usable_settings_also_looks_for_a_live_chat() {
    let mut incomplete = valid_settings();
    incomplete.client_id.clear();
    let (mut app, _) = App::new(init(incomplete));
    app.update(ctrl('s'));
    let effects = app.update(Msg::SettingsSaved(Ok(Box::new(valid_settings()))));
    assert_eq!(effects[0], Effect::UseSettings(valid_settings()));
    assert_eq!(effects[1], Effect::LookForActiveChat);
    assert_eq!(effects[2], Effect::CheckAvailability);
}

#[test]
fn a_failed_save_says_why_and_allows_another_try() {
    let (mut app, _) = App::new(init(valid_settings()));
    app.update(ctrl('s'));
    assert_eq!(
        app.update(Msg::SettingsSaved(Err("disk full".into()))),
        vec![]
    );
    let s = settings_screen(&app);
    assert_eq!(s.error(), Some("Could not save: disk full"));
    assert!(!s.is_saving());
    assert_eq!(
        app.update(ctrl('s')),
        vec![Effect::SaveSettings(valid_settings())]
    );
}

#[test]
fn esc_leaves_settings_only_when_the_saved_settings_are_valid() {
    let (mut app, _) = App::new(init(valid_settings()));
    assert_eq!(app.update(key(KeyCode::Esc))[0], Effect::CheckAvailability);
    assert!(matches!(app.screen(), Screen::Home(_)));

    let (mut app, _) = App::new(init(Settings::default()));
    assert_eq!(app.update(key(KeyCode::Esc)), vec![]);
    let s = settings_screen(&app);
    assert!(s.error().is_some());
}

// ---------------------------------------------------------------------------------------------
// Home
// ---------------------------------------------------------------------------------------------

#[test]
fn availability_answers_become_sentences() {
    let mut app = home_app();
    let cases = [
        (
            Ok(AvailabilityResponse {
                chat: Wire::Available,
                ewt: None,
            }),
            "Agents are available",
        ),
        (
            Ok(AvailabilityResponse {
                chat: Wire::NotAvailable,
                ewt: None,
            }),
            "No agents available (outside hours); you may still ask",
        ),
        (
            Err(Error::new(ErrorKind::Offline, "refused")),
            "Could not check availability: cannot reach the server — check the network",
        ),
    ];
    for (answer, sentence) in cases {
        app.update(Msg::AvailabilityChecked(answer));
        let h = home(&app);
        assert_eq!(h.availability().sentence(), sentence);
    }
}

#[test]
fn f5_checks_availability_again() {
    let mut app = home_app();
    assert_eq!(
        app.update(key(KeyCode::F(5))),
        vec![Effect::CheckAvailability]
    );
    let h = home(&app);
    assert_eq!(*h.availability(), Availability::Checking);
}

#[test]
fn f2_opens_settings_prefilled() {
    let mut app = home_app();
    let effects = app.update(key(KeyCode::F(2)));
    assert_eq!(
        effects,
        vec![Effect::SetTitle("sp-chat — Settings".to_string())]
    );
    let s = settings_screen(&app);
    assert_eq!(s.settings(), valid_settings());
}

#[test]
fn alt_enter_adds_a_line_and_enter_presses_help_me() {
    let mut app = home_app();
    typed(&mut app, "a");
    assert_eq!(app.update(alt(KeyCode::Enter)), vec![]);
    typed(&mut app, "b");
    let h = home(&app);
    assert_eq!(h.message().text(), "a\nb");
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![
            Effect::StartChat {
                request: crate::api::types::ChatRequest {
                    phone_number: String::new(),
                    from: "Sam Carter".to_string(),
                    parameters: BTreeMap::from([
                        ("email".to_string(), "sam@example.com".to_string()),
                        ("first_name".to_string(), "Sam".to_string()),
                        ("last_name".to_string(), "Carter".to_string()),
                    ]),
                },
            },
            send(1, "a\nb"),
            Effect::SetTitle("sp-chat — Chat".to_string()),
        ]
    );
    assert_eq!(*chat(&app).phase(), Phase::Requesting);
    assert_eq!(kinds(&app), vec![sam("a\nb", Delivery::Sending)]);
}

#[test]
fn first_message_and_image_go_out_once_the_chat_has_started() {
    let mut app = home_app();
    typed(&mut app, "hello");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "/tmp/p.png");
    let effects = app.update(key(KeyCode::Enter));
    // The worker first, then what it holds until the chat has started (`api::session`).
    assert!(matches!(effects[0], Effect::StartChat { .. }));
    assert_eq!(
        effects[1..3],
        vec![
            send(1, "hello"),
            session(SessionCommand::UploadFile {
                local_id: 2,
                path: PathBuf::from("/tmp/p.png")
            }),
        ]
    );
    // Typing while the chat is requested reports nothing (no chat id yet); `Started` sends
    // nothing more: the commands went out once.
    assert_eq!(app.update(key(KeyCode::Char('x'))), vec![]);
    assert_eq!(app.update(started()), vec![]);
    assert_eq!(*chat(&app).phase(), Phase::Queued { ewt: Some(120) });
}

#[test]
fn tab_in_the_image_field_asks_for_completions_and_applies_them() {
    let mut app = home_app();
    // Past the callback number to the image.
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "~/Pi");
    assert_eq!(
        app.update(key(KeyCode::Tab)),
        vec![Effect::CompletePath("~/Pi".to_string())]
    );
    // A stale answer (the text changed since) is ignored.
    app.update(Msg::PathCompleted {
        input: "~/P".into(),
        candidates: vec!["~/Public/".into()],
    });
    app.update(Msg::PathCompleted {
        input: "~/Pi".into(),
        candidates: vec!["~/Pictures/".into()],
    });
    let h = home(&app);
    assert_eq!(h.image().text(), "~/Pictures/");
    assert_eq!(h.focus(), HomeFocus::Image);
    // Several matches: extended to their common prefix and listed.
    app.update(Msg::PathCompleted {
        input: "~/Pictures/".into(),
        candidates: vec![
            "~/Pictures/photo-1.png".into(),
            "~/Pictures/photo-2.png".into(),
        ],
    });
    let h = home(&app);
    assert_eq!(h.image().text(), "~/Pictures/photo-");
    assert_eq!(h.completions().len(), 2);
}

#[test]
fn a_live_chat_found_at_start_is_offered_and_rejoined() {
    let (mut app, _) = App::new(init(valid_settings()));
    let found = ChatResponse {
        chat_id: "chat-9".into(),
        ..ChatResponse::default()
    };
    assert_eq!(app.update(Msg::ActiveChatFound(Ok(Some(found)))), vec![]);
    assert_eq!(
        overlay(&app),
        Some(Overlay::Confirm(Confirm::Rejoin {
            chat_id: "chat-9".into(),
            started: None,
        }))
    );
    let effects = app.update(key(KeyCode::Char('y')));
    assert_eq!(
        effects,
        vec![
            Effect::ResumeChat {
                chat_id: "chat-9".into()
            },
            Effect::SetTitle("sp-chat — Chat".to_string()),
        ]
    );
    assert_eq!(*chat(&app).phase(), Phase::Resuming);
    assert_eq!(overlay(&app), None);
}

#[test]
fn declining_to_rejoin_stays_put() {
    let (mut app, _) = App::new(init(valid_settings()));
    let found = ChatResponse {
        chat_id: "chat-9".into(),
        ..ChatResponse::default()
    };
    app.update(Msg::ActiveChatFound(Ok(Some(found))));
    assert_eq!(app.update(key(KeyCode::Char('n'))), vec![]);
    assert!(matches!(app.screen(), Screen::Settings(_)));
    assert_eq!(overlay(&app), None);
    // No chat, or an error: no dialog.
    app.update(Msg::ActiveChatFound(Ok(None)));
    app.update(Msg::ActiveChatFound(Err(Error::new(
        ErrorKind::Offline,
        "x",
    ))));
    assert_eq!(overlay(&app), None);
}

#[test]
fn resumed_history_shows_own_and_agent_messages_once() {
    let (mut app, _) = App::new(init(valid_settings()));
    app.update(Msg::ActiveChatFound(Ok(Some(ChatResponse {
        chat_id: CHAT_ID.into(),
        ..Default::default()
    }))));
    app.update(key(KeyCode::Char('y')));
    app.update(Msg::Session(SessionEvent::Started {
        chat_id: CHAT_ID.into(),
        state: None,
        ewt: None,
        resumed: true,
    }));
    let history = vec![
        joined(),
        own_echo("chat-1:1", "my question"),
        agent_says("a1", "answer"),
    ];
    let effects = app.update(events(history.clone()));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Session(SessionCommand::Receipt { .. }))),
        "no receipts for the history of a rejoined chat: {effects:?}"
    );
    app.update(events(history));
    // New messages after the history get their receipts.
    assert!(
        app.update(events(vec![agent_says("a2", "more")]))
            .contains(&receipt("a2", true))
    );
    assert_eq!(kinds(&app).len(), 5);
    assert_eq!(
        kinds(&app),
        vec![
            system("Rejoined your chat"),
            system("Anna Lee has joined the chat"),
            sam("my question", Delivery::Sent),
            anna("answer"),
            anna("more"),
        ]
    );
    assert_eq!(*chat(&app).phase(), Phase::Connected);
}

// ---------------------------------------------------------------------------------------------
// Chat: sending, typing, echoes
// ---------------------------------------------------------------------------------------------

#[test]
fn typing_is_reported_on_edits_and_stopped_when_emptied() {
    let mut app = connected_app();
    assert_eq!(
        app.update(key(KeyCode::Char('h'))),
        vec![session(SessionCommand::Typing(true))]
    );
    // Cursor moves do not change the text: nothing to report.
    assert_eq!(app.update(key(KeyCode::Left)), vec![]);
    assert_eq!(
        app.update(key(KeyCode::Delete)),
        vec![session(SessionCommand::Typing(false))]
    );
    // Already reported as stopped.
    assert_eq!(app.update(key(KeyCode::Backspace)), vec![]);
}

#[test]
fn enter_sends_and_stops_typing() {
    let mut app = connected_app();
    typed(&mut app, "hi there");
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![send(1, "hi there"), session(SessionCommand::Typing(false))]
    );
    assert!(chat(&app).composer().is_empty());
    assert_eq!(
        kinds(&app).last(),
        Some(&sam("hi there", Delivery::Sending))
    );
    // Blank text is not sent.
    typed(&mut app, "   ");
    assert_eq!(app.update(key(KeyCode::Enter)), vec![]);
}

#[test]
fn shift_and_alt_enter_insert_newlines() {
    let mut app = connected_app();
    typed(&mut app, "a");
    app.update(key_with(KeyCode::Enter, KeyModifiers::SHIFT));
    app.update(alt(KeyCode::Enter));
    typed(&mut app, "b");
    assert_eq!(chat(&app).composer().text(), "a\n\nb");
}

#[test]
fn a_paste_is_inserted_and_never_sends() {
    let mut app = connected_app();
    let effects = app.update(Msg::Paste("line one\nline two\r\n\x1b[2J".into()));
    assert_eq!(effects, vec![session(SessionCommand::Typing(true))]);
    assert_eq!(chat(&app).composer().text(), "line one\nline two\n[2J");
    assert_eq!(kinds(&app).len(), 1, "nothing was sent");
}

#[test]
fn a_huge_paste_is_cut_with_a_notice() {
    let mut app = connected_app();
    app.update(Msg::Paste("x".repeat(10 * 1024 * 1024)));
    assert_eq!(
        chat(&app).composer().text().len(),
        super::composer::MAX_BYTES
    );
    assert_eq!(chat(&app).notice(), Some("The paste was cut to 64 kB."));
}

#[test]
fn own_message_echoed_by_the_server_is_not_shown_twice() {
    let mut app = connected_app();
    sent(&mut app, "hello");
    app.update(events(vec![own_echo("chat-1:1", "hello")]));
    assert_eq!(kinds(&app).last(), Some(&sam("hello", Delivery::Sent)));
    assert_eq!(kinds(&app).len(), 2);
}

#[test]
fn agent_messages_are_deduplicated_by_id_and_html_is_made_plain() {
    let mut app = connected_app();
    let batch = vec![agent_says("a1", "Hi <b>Sam</b> &amp; co<br>second line")];
    app.update(events(batch.clone()));
    app.update(events(batch));
    assert_eq!(kinds(&app).last(), Some(&anna("Hi Sam & co\nsecond line")));
    assert_eq!(kinds(&app).len(), 2);
}

#[test]
fn receipts_mark_own_messages() {
    let mut app = connected_app();
    sent(&mut app, "hello");
    app.update(events(vec![ev(
        json!({"event": "chat_session_message_read", "ref_msg_id": "chat-1:1"}),
    )]));
    app.update(events(vec![ev(
        json!({"event": "chat_session_message_delivered", "ref_msg_id": "chat-1:1"}),
    )]));
    assert_eq!(kinds(&app).last(), Some(&sam("hello", Delivery::Read)));
}

#[test]
fn failed_message_is_retried_with_ctrl_r_or_r_on_it() {
    let mut app = connected_app();
    typed(&mut app, "hello");
    app.update(key(KeyCode::Enter));
    let failure = Msg::Session(SessionEvent::MessageFailed {
        local_id: 1,
        error: Error::from_status(503, None, None, None),
    });
    app.update(failure.clone());
    assert_eq!(
        kinds(&app).last(),
        Some(&sam(
            "hello",
            Delivery::Failed("the server has a problem".into())
        ))
    );
    assert_eq!(
        app.update(ctrl('r')),
        vec![session(SessionCommand::RetryMessage { local_id: 1 })]
    );
    assert_eq!(kinds(&app).last(), Some(&sam("hello", Delivery::Sending)));
    // Again, this time with the message focused.
    app.update(failure);
    app.update(key(KeyCode::Tab));
    assert_eq!(
        *chat(&app).focus(),
        ChatFocus::Transcript {
            selected: 1,
            button: 0
        }
    );
    assert_eq!(
        app.update(key(KeyCode::Char('r'))),
        vec![session(SessionCommand::RetryMessage { local_id: 1 })]
    );
    // r on a message that did not fail does nothing.
    app.update(key(KeyCode::Up));
    assert_eq!(app.update(key(KeyCode::Char('r'))), vec![]);
    // Typing in the transcript goes back to the composer.
    app.update(key(KeyCode::Char('x')));
    assert_eq!(*chat(&app).focus(), ChatFocus::Composer);
    assert_eq!(chat(&app).composer().text(), "x");
}

#[test]
fn messages_typed_before_the_chat_starts_go_to_the_worker_once() {
    let mut app = home_app();
    app.update(key(KeyCode::Enter));
    typed(&mut app, "early");
    assert_eq!(app.update(key(KeyCode::Enter)), vec![send(1, "early")]);
    assert_eq!(app.update(started()), vec![]);
}

#[test]
fn a_chat_that_cannot_start_returns_home_with_the_message() {
    let mut app = home_app();
    typed(&mut app, "help please");
    app.update(key(KeyCode::Enter));
    let effects = app.update(Msg::Session(SessionEvent::StartFailed(Error::from_status(
        401, None, None, None,
    ))));
    assert_eq!(
        effects,
        vec![
            Effect::CheckAvailability,
            Effect::FetchParameters,
            Effect::SetTitle("sp-chat — Home".to_string()),
        ]
    );
    let h = home(&app);
    assert_eq!(h.message().text(), "help please");
    assert_eq!(
        h.notice(),
        Some(
            "Could not start the chat: the server refused our app ID or client ID — check the settings (F2)."
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Chat: status, typing indicator, link, time
// ---------------------------------------------------------------------------------------------

#[test]
fn status_follows_queue_connecting_and_agent() {
    let mut app = chat_app();
    assert_eq!(chat(&app).status(T0).text, "In queue — about 2 min");
    app.update(events(vec![status("connecting")]));
    assert_eq!(chat(&app).status(T0).text, "Connecting to an agent…");
    let effects = app.update(events(vec![status("connected"), joined()]));
    assert_eq!(
        effects,
        vec![
            Effect::FetchAgentPhoto {
                chat_id: CHAT_ID.into(),
                party_id: AGENT.into(),
            },
            Effect::SetTitle("sp-chat — Chat with Anna Lee".to_string())
        ]
    );
    assert_eq!(chat(&app).status(T0).text, "Chatting with Anna Lee");
    assert_eq!(kinds(&app), vec![system("Anna Lee has joined the chat")]);
    // The photo, when there is one, is kept and announced (drawn under its line when pictures
    // are on: `preview_tests`).
    app.update(Msg::AgentPhoto {
        party_id: AGENT.into(),
        photo: Some(crate::api::Downloaded {
            bytes: vec![1; 2048],
            content_type: Some("image/png".into()),
        }),
    });
    assert!(chat(&app).agent_photo().is_some());
    assert_eq!(
        kinds(&app).last(),
        Some(&system("Anna Lee's profile photo (2.0 kB)"))
    );
    app.update(Msg::AgentPhoto {
        party_id: AGENT.into(),
        photo: None,
    });
    assert_eq!(kinds(&app).len(), 2, "no photo: no line");
}

#[test]
fn spinner_needs_ticks_only_while_shown() {
    let mut app = chat_app();
    assert_eq!(app.next_wakeup_ms(), Some(T0 + 200));
    app.update(events(vec![status("connected"), joined()]));
    assert_eq!(app.next_wakeup_ms(), None);
    app.clear_dirty();
    app.update(Msg::Tick { now_ms: T0 + 5_000 });
    assert!(!app.is_dirty(), "an idle tick does not redraw");
}

#[test]
fn typing_indicator_clears_on_message_not_typing_or_timeout() {
    let mut app = connected_app();
    app.update(events(vec![typing()]));
    assert_eq!(
        chat(&app).typing().as_ref().map(|t| t.name.as_str()),
        Some("Anna Lee")
    );
    assert_eq!(app.next_wakeup_ms(), Some(T0 + 30_000));
    app.update(events(vec![agent_says("a1", "hi")]));
    assert_eq!(chat(&app).typing(), None);

    app.update(events(vec![typing()]));
    app.update(events(vec![ev(
        json!({"event": "chat_session_not_typing", "party_id": AGENT}),
    )]));
    assert_eq!(chat(&app).typing(), None);

    app.update(events(vec![typing()]));
    app.update(Msg::Tick {
        now_ms: T0 + 29_999,
    });
    assert!(chat(&app).typing().is_some());
    app.clear_dirty();
    app.update(Msg::Tick {
        now_ms: T0 + 30_000,
    });
    assert_eq!(chat(&app).typing(), None);
    assert!(app.is_dirty());
    // Nothing for the indicator any more; only the status line's "Anna Lee wrote 1 min ago",
    // due a minute after the agent's message (stamped T0 + 60 s).
    assert_eq!(app.next_wakeup_ms(), Some(T0 + 120_000));
}

#[test]
fn link_down_shows_a_countdown_and_link_up_clears_it() {
    let mut app = connected_app();
    app.update(Msg::Session(SessionEvent::LinkDown {
        error: Error::new(ErrorKind::Offline, "refused"),
        retry_in: Duration::from_secs(4),
    }));
    assert_eq!(
        chat(&app).status(T0).text,
        "Reconnecting… (next try in 4 s)"
    );
    assert_eq!(
        chat(&app).status(T0 + 3_500).text,
        "Reconnecting… (next try in 1 s)"
    );
    assert_eq!(chat(&app).status(T0 + 4_000).text, "Reconnecting…");
    assert!(app.next_wakeup_ms().is_some());
    app.update(Msg::Session(SessionEvent::LinkUp));
    assert_eq!(*chat(&app).link(), Link::Up);
    assert_eq!(chat(&app).status(T0).text, "Chatting with Anna Lee");
}

#[test]
fn bell_and_notification_only_when_unfocused() {
    let mut app = connected_app();
    app.settings.notifications.desktop = true;
    assert_eq!(
        app.update(events(vec![agent_says("a1", "one")])),
        vec![receipt("a1", true)]
    );
    app.update(Msg::FocusChanged(false));
    assert_eq!(
        app.update(events(vec![
            agent_says("a2", "two"),
            agent_says("a3", "three")
        ])),
        vec![
            receipt("a2", false),
            receipt("a3", false),
            Effect::Bell,
            Effect::Notify {
                title: "sp-chat: Anna Lee".into(),
                body: "three".into()
            },
            Effect::SetTitle("(2) sp-chat — Chat with Anna Lee".into()),
        ]
    );
    // Focus back: the read receipts go out and the unread count leaves the title.
    let back = app.update(Msg::FocusChanged(true));
    assert_eq!(
        back.last(),
        Some(&Effect::SetTitle("sp-chat — Chat with Anna Lee".into()))
    );
    // While focused, nothing rings and the title stays.
    assert_eq!(
        app.update(events(vec![agent_says("a4", "four")])),
        vec![receipt("a4", true)]
    );
}

/// The receipts a burst of `n` agent messages caused, as (id, read).
fn burst_receipts(app: &mut App, first: usize, n: usize) -> Vec<(String, bool)> {
    let burst = (first..first + n)
        .map(|i| agent_says(&format!("a{i}"), &format!("message {i}")))
        .collect();
    receipts_of(&app.update(events(burst)))
}

fn receipts_of(effects: &[Effect]) -> Vec<(String, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Session(SessionCommand::Receipt { ref_msg_id, read }) => {
                Some((ref_msg_id.clone(), *read))
            }
            _ => None,
        })
        .collect()
}

/// A connected chat on an 80×30 terminal, and how many transcript rows it shows.
fn connected_at_80x30() -> (App, usize) {
    let mut app = connected_app();
    app.update(Msg::Resize {
        width: 80,
        height: 30,
    });
    let visible = usize::from(chat(&app).transcript_rows(80, 30));
    (app, visible)
}

#[test]
fn a_burst_marks_read_only_what_the_screen_shows() {
    let (mut app, visible) = connected_at_80x30();
    let got = burst_receipts(&mut app, 0, 300);
    assert_eq!(got.len(), 300, "one receipt per message, none twice");
    let read: Vec<&String> = got.iter().filter(|(_, r)| *r).map(|(id, _)| id).collect();
    assert_eq!(read.len(), visible);
    assert_eq!(
        read.last().map(|s| s.as_str()),
        Some("a299"),
        "the newest is read"
    );
    assert_eq!(read[0], &format!("a{}", 300 - visible));
}

#[test]
fn a_burst_while_away_is_delivered_and_only_its_newest_read_on_return() {
    let (mut app, visible) = connected_at_80x30();
    app.update(Msg::FocusChanged(false));
    let got = burst_receipts(&mut app, 0, 300);
    assert!(
        got.iter().all(|(_, read)| !read),
        "nobody looked: delivered only"
    );
    let more = burst_receipts(&mut app, 300, 5);
    assert_eq!(more.len(), 5);
    let back = receipts_of(&app.update(Msg::FocusChanged(true)));
    let expected: Vec<(String, bool)> = (305 - visible..305)
        .map(|i| (format!("a{i}"), true))
        .collect();
    assert_eq!(back, expected, "the newest screenful becomes read, once");
    assert!(receipts_of(&app.update(Msg::FocusChanged(true))).is_empty());
}

#[test]
fn a_batch_of_ten_thousand_events_is_applied_in_one_update() {
    let mut app = connected_app();
    let batch: Vec<_> = (0..10_000)
        .map(|i| agent_says(&format!("m{i}"), "x"))
        .collect();
    app.update(events(batch));
    assert_eq!(kinds(&app).len(), 10_001);
}

#[test]
fn scrolled_up_new_messages_are_counted_and_end_returns() {
    let mut app = connected_app();
    app.update(events(
        (0..30).map(|i| agent_says(&format!("m{i}"), "x")).collect(),
    ));
    app.update(key(KeyCode::PageUp));
    app.update(events(vec![agent_says("n1", "new")]));
    assert_eq!(chat(&app).transcript().unseen(), 1);
    app.update(key(KeyCode::End));
    assert_eq!(chat(&app).transcript().unseen(), 0);
    // The wheel scrolls too.
    let wheel = |kind| {
        Msg::Mouse(MouseEvent {
            kind,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.update(wheel(MouseEventKind::ScrollUp));
    assert!(matches!(
        chat(&app).transcript().scroll(),
        super::transcript::Scroll::At { .. }
    ));
    app.update(wheel(MouseEventKind::ScrollDown));
    assert_eq!(
        chat(&app).transcript().scroll(),
        super::transcript::Scroll::Bottom
    );
    // Mouse moves do not redraw.
    app.clear_dirty();
    app.update(wheel(MouseEventKind::Moved));
    assert!(!app.is_dirty());
}

// ---------------------------------------------------------------------------------------------
// Chat: files
// ---------------------------------------------------------------------------------------------

#[test]
fn ctrl_o_attaches_a_file_with_progress() {
    let mut app = connected_app();
    app.update(ctrl('o'));
    typed(&mut app, "~/r");
    assert_eq!(
        app.update(key(KeyCode::Tab)),
        vec![Effect::CompletePath("~/r".into())]
    );
    app.update(Msg::PathCompleted {
        input: "~/r".into(),
        candidates: vec!["~/receipt.pdf".into()],
    });
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![session(SessionCommand::UploadFile {
            local_id: 1,
            path: PathBuf::from("~/receipt.pdf")
        })]
    );
    let upload = |state| EntryKind::Upload {
        local_id: 1,
        sender: "Sam Carter".into(),
        name: "receipt.pdf".into(),
        state,
    };
    assert_eq!(kinds(&app).last(), Some(&upload(UploadState::Waiting)));
    app.update(Msg::Session(SessionEvent::UploadProgress {
        local_id: 1,
        sent: 5,
        total: 10,
    }));
    assert_eq!(
        kinds(&app).last(),
        Some(&upload(UploadState::Progress { sent: 5, total: 10 }))
    );
    app.update(Msg::Session(SessionEvent::UploadDone {
        local_id: 1,
        file_id: "f1".into(),
        file_name: "receipt.pdf".into(),
    }));
    assert_eq!(kinds(&app).last(), Some(&upload(UploadState::Done)));
    // The server's echo of our file is not shown again.
    app.update(events(vec![ev(
        json!({"event": "chat_session_file", "file_id": "f1",
        "file_name": "receipt.pdf", "file_type": "attachment", "party_id": CHAT_ID}),
    )]));
    assert_eq!(kinds(&app).len(), 2);
    // Esc cancels the prompt.
    app.update(ctrl('o'));
    app.update(key(KeyCode::Esc));
    assert_eq!(*chat(&app).focus(), ChatFocus::Composer);
}

#[test]
fn agent_files_show_as_named_attachments() {
    let mut app = connected_app();
    app.update(events(vec![ev(
        json!({"event": "chat_session_file", "file_id": "f2",
        "file_name": "photo.png", "file_type": "image", "party_id": AGENT}),
    )]));
    assert_eq!(
        kinds(&app).last(),
        Some(&EntryKind::File {
            sender: Sender::Agent("Anna Lee".into()),
            name: "photo.png".into(),
            image: true
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Ending, survey, quitting
// ---------------------------------------------------------------------------------------------

#[test]
fn ctrl_x_asks_then_disconnects() {
    let mut app = connected_app();
    assert_eq!(app.update(ctrl('x')), vec![]);
    assert_eq!(overlay(&app), Some(Overlay::Confirm(Confirm::EndChat)));
    assert_eq!(app.update(key(KeyCode::Esc)), vec![]);
    assert_eq!(overlay(&app), None);
    app.update(ctrl('x'));
    assert_eq!(
        app.update(key(KeyCode::Char('y'))),
        vec![session(SessionCommand::Disconnect)]
    );
    assert!(chat(&app).is_leaving());
    assert_eq!(chat(&app).status(T0).text, "Leaving the chat…");
    // Not twice.
    assert_eq!(app.update(ctrl('x')), vec![]);
    assert_eq!(overlay(&app), None);
}

fn survey_app() -> App {
    let mut app = connected_app();
    app.update(events(vec![form_show("MobileChatSurvey")]));
    app
}

#[test]
fn survey_answers_are_sent_and_the_end_returns_home_with_thanks() {
    let mut app = survey_app();
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Char('5')));
    app.update(key(KeyCode::Left));
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Char(' ')));
    app.update(key(KeyCode::Char('y')));
    app.update(key(KeyCode::Tab));
    typed(&mut app, "great, thanks");
    let effects = app.update(ctrl('s'));
    assert_eq!(
        effects,
        vec![session(SessionCommand::SubmitForm {
            form_request_id: FormRequestId::Number(42),
            form_name: "MobileChatSurvey".into(),
            data: BTreeMap::from([
                ("comment".to_string(), "great, thanks".to_string()),
                ("rating".to_string(), "4".to_string()),
                ("resolved".to_string(), "yes".to_string()),
            ]),
            secure: false,
        })]
    );
    assert_eq!(
        chat(&app).form().as_ref().map(|f| f.progress.clone()),
        Some(FormProgress::Sending)
    );
    app.update(Msg::Session(SessionEvent::FormSent {
        form_request_id: FormRequestId::Number(42),
    }));
    let effects = app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    assert_eq!(
        effects,
        vec![
            Effect::CheckAvailability,
            Effect::FetchParameters,
            Effect::SetTitle("sp-chat — Home".to_string())
        ]
    );
    let h = home(&app);
    assert_eq!(h.notice(), Some("Thank you for your feedback."));
}

#[test]
fn enter_moves_through_the_survey_and_presses_send() {
    let mut app = survey_app();
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Enter));
    let effects = app.update(key(KeyCode::Enter));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Session(SessionCommand::SubmitForm { .. })]
    ));
}

#[test]
fn a_failed_survey_can_be_sent_again() {
    let mut app = survey_app();
    app.update(ctrl('s'));
    app.update(Msg::Session(SessionEvent::FormFailed {
        form_request_id: FormRequestId::Number(42),
        error: Error::new(ErrorKind::Offline, "x"),
    }));
    assert_eq!(
        chat(&app).form().as_ref().map(|f| f.progress.clone()),
        Some(FormProgress::Failed(
            "cannot reach the server — check the network".into()
        ))
    );
    assert_eq!(app.update(ctrl('s')).len(), 1);
}

#[test]
fn esc_on_the_survey_asks_then_cancels_the_form() {
    let mut app = survey_app();
    assert_eq!(app.update(key(KeyCode::Esc)), vec![]);
    assert_eq!(overlay(&app), Some(Overlay::Confirm(Confirm::SkipForm)));
    let effects = app.update(key(KeyCode::Char('y')));
    assert_eq!(
        effects,
        vec![session(SessionCommand::CancelForm {
            form_request_id: FormRequestId::Number(42),
            form_name: "MobileChatSurvey".into(),
            secure: false,
        })]
    );
    assert_eq!(chat(&app).form(), None);
    app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    let h = home(&app);
    assert_eq!(h.notice(), Some("The chat has ended."));
}

#[test]
fn an_unknown_form_is_a_free_text_form() {
    let mut app = connected_app();
    app.update(events(vec![form_show("Address")]));
    typed(&mut app, "12 Main St");
    let effects = app.update(ctrl('s'));
    assert_eq!(
        effects,
        vec![session(SessionCommand::SubmitForm {
            form_request_id: FormRequestId::Number(42),
            form_name: "Address".into(),
            data: BTreeMap::from([("text".to_string(), "12 Main St".to_string())]),
            secure: false,
        })]
    );
}

#[test]
fn a_chat_ended_without_survey_waits_for_enter() {
    let mut app = connected_app();
    let effects = app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    assert_eq!(
        effects,
        vec![Effect::SetTitle("sp-chat — Chat ended".to_string())]
    );
    assert_eq!(app.modes(), vec![super::Mode::Ended, super::Mode::NoText]);
    // Typing does nothing now.
    assert_eq!(app.update(key(KeyCode::Char('a'))), vec![]);
    let effects = app.update(key(KeyCode::Enter));
    assert_eq!(effects[0], Effect::CheckAvailability);
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[test]
fn quitting_a_live_chat_asks_and_keeps_it_resumable() {
    let mut app = connected_app();
    assert_eq!(app.update(ctrl('c')), vec![]);
    assert!(!app.should_quit());
    assert_eq!(app.update(key(KeyCode::Char('n'))), vec![]);
    app.update(ctrl('c'));
    assert_eq!(
        app.update(key(KeyCode::Char('y'))),
        vec![session(SessionCommand::Shutdown), Effect::Quit]
    );
    assert!(app.should_quit());
}

#[test]
fn ctrl_c_twice_quits_and_without_a_chat_at_once() {
    let mut app = connected_app();
    app.update(ctrl('c'));
    assert_eq!(
        app.update(ctrl('c')),
        vec![session(SessionCommand::Shutdown), Effect::Quit]
    );
    let mut app = home_app();
    assert_eq!(app.update(ctrl('c')), vec![Effect::Quit]);
    assert!(app.should_quit());
}

// ---------------------------------------------------------------------------------------------
// Keys, help, time
// ---------------------------------------------------------------------------------------------

#[test]
fn key_releases_are_ignored() {
    let mut app = connected_app();
    let release = Msg::Key(KeyEvent {
        code: KeyCode::Char('a'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    });
    assert_eq!(app.update(release), vec![]);
    assert!(!app.is_dirty());
    assert!(chat(&app).composer().is_empty());
}

#[test]
fn f1_opens_help_anywhere_and_question_mark_only_outside_text() {
    let mut app = connected_app();
    app.update(key(KeyCode::Char('?')));
    assert_eq!(overlay(&app), None);
    assert_eq!(chat(&app).composer().text(), "?");
    app.update(key(KeyCode::F(1)));
    assert_eq!(overlay(&app), Some(Overlay::Help { scroll: 0 }));
    app.update(key(KeyCode::Down));
    assert_eq!(overlay(&app), Some(Overlay::Help { scroll: 1 }));
    app.update(key(KeyCode::Esc));
    assert_eq!(overlay(&app), None);
    // On a button, `?` is free.
    let mut app = home_app();
    app.update(key_with(KeyCode::BackTab, KeyModifiers::SHIFT));
    app.update(key(KeyCode::Char('?')));
    assert_eq!(overlay(&app), Some(Overlay::Help { scroll: 0 }));
}

#[test]
fn resizing_keeps_the_composer_and_the_scroll_position() {
    let mut app = connected_app();
    app.update(events(
        (0..30).map(|i| agent_says(&format!("m{i}"), "x")).collect(),
    ));
    app.update(key(KeyCode::PageUp));
    typed(&mut app, "draft");
    let scroll = chat(&app).transcript().scroll();
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    assert_eq!(chat(&app).composer().text(), "draft");
    assert_eq!(chat(&app).transcript().scroll(), scroll);
    assert_eq!(app.size(), (120, 40));
}

#[test]
fn message_times_come_from_the_event_or_the_last_tick() {
    let mut app = connected_app();
    app.update(Msg::Tick {
        now_ms: T0 + 90_000,
    });
    typed(&mut app, "x");
    app.update(key(KeyCode::Enter));
    let entries = chat(&app).transcript().entries();
    assert_eq!(entries.last().map(|e| e.time_ms), Some(T0 + 90_000));
    assert_eq!(entries[0].time_ms, T0, "the join carried its own timestamp");
}

fn receipt(id: &str, read: bool) -> Effect {
    session(SessionCommand::Receipt {
        ref_msg_id: id.into(),
        read,
    })
}

#[test]
fn the_pre_chat_form_asks_what_the_scenario_expects_and_sends_it() {
    let mut app = home_app();
    app.update(expected(&[
        ("first_name", "FIRST_NAME"),
        ("email", "EMAIL"),
        ("order", "TEXT"),
    ]));
    // Focus stays on the message; Shift-Tab goes back into the form.
    app.update(key(KeyCode::BackTab));
    let h = home(&app);
    assert_eq!(h.focus(), HomeFocus::Param(2));
    typed(&mut app, "A-17");
    app.update(key(KeyCode::BackTab));
    // Replace the prefilled email with a bad one: Help me refuses, saying why.
    for _ in 0..40 {
        app.update(key(KeyCode::Backspace));
    }
    typed(&mut app, "not-an-email");
    assert_eq!(app.update(key(KeyCode::Tab)), vec![]);
    let h = home(&app);
    assert_eq!(h.focus(), HomeFocus::Param(2));
    let help_me = app.update(key_with(KeyCode::Enter, KeyModifiers::NONE));
    // Enter in a single-line field moves on; Help me is on its button or in the message.
    assert_eq!(help_me, vec![]);
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Enter));
    let h = home(&app);
    assert_eq!(
        h.notice(),
        Some("Email: that does not look like an email address.")
    );
    app.update(key(KeyCode::BackTab));
    app.update(key(KeyCode::BackTab));
    for _ in 0..20 {
        app.update(key(KeyCode::Backspace));
    }
    typed(&mut app, "sam@example.org");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Enter));
    let Some(Effect::StartChat { request, .. }) = effects.first() else {
        panic!("no chat started: {effects:?}")
    };
    let mut want = std::collections::BTreeMap::new();
    want.insert("email".to_string(), "sam@example.org".to_string());
    want.insert(
        "first_name".to_string(),
        valid_settings().customer.first_name.clone(),
    );
    want.insert("order".to_string(), "A-17".to_string());
    assert_eq!(request.parameters, want);
}

#[test]
fn focus_regained_marks_delivered_messages_read() {
    let mut app = connected_app();
    app.update(Msg::FocusChanged(false));
    assert_eq!(
        app.update(events(vec![agent_says("a1", "one")])),
        vec![
            receipt("a1", false),
            Effect::Bell,
            Effect::SetTitle("(1) sp-chat — Chat with Anna Lee".into()),
        ]
    );
    assert_eq!(
        app.update(Msg::FocusChanged(true)),
        vec![
            receipt("a1", true),
            Effect::SetTitle("sp-chat — Chat with Anna Lee".into()),
        ]
    );
    // Once only.
    assert_eq!(app.update(Msg::FocusChanged(false)), vec![]);
    assert_eq!(app.update(Msg::FocusChanged(true)), vec![]);
}

#[test]
fn messages_arriving_while_scrolled_up_are_read_only_once_the_view_is_back_down() {
    let (mut app, visible) = connected_at_80x30();
    burst_receipts(&mut app, 0, 100);
    // The reader scrolls up to older messages: what arrives now is below the view.
    app.update(key(KeyCode::PageUp));
    let got = burst_receipts(&mut app, 100, 3);
    assert_eq!(
        got,
        vec![
            ("a100".to_string(), false),
            ("a101".to_string(), false),
            ("a102".to_string(), false),
        ],
        "delivered, not read: the screen does not show them"
    );
    // Focus changes while still scrolled up do not make them read either.
    app.update(Msg::FocusChanged(false));
    assert_eq!(receipts_of(&app.update(Msg::FocusChanged(true))), vec![]);
    // Back to the newest message: now they are on screen, and read, once.
    let read = receipts_of(&app.update(key(KeyCode::End)));
    assert_eq!(
        read,
        vec![
            ("a100".to_string(), true),
            ("a101".to_string(), true),
            ("a102".to_string(), true),
        ]
    );
    assert!(visible >= 3);
    assert_eq!(receipts_of(&app.update(key(KeyCode::End))), vec![]);
}

#[test]
fn scrolling_down_to_the_end_by_pages_counts_as_back_in_view() {
    let (mut app, _) = connected_at_80x30();
    burst_receipts(&mut app, 0, 100);
    app.update(key(KeyCode::PageUp));
    app.update(key(KeyCode::PageUp));
    burst_receipts(&mut app, 100, 1);
    assert_eq!(receipts_of(&app.update(key(KeyCode::PageDown))), vec![]);
    let mut read = Vec::new();
    for _ in 0..3 {
        read.extend(receipts_of(&app.update(key(KeyCode::PageDown))));
    }
    assert_eq!(read, vec![("a100".to_string(), true)]);
}

#[test]
fn an_agent_file_is_saved_with_d_or_ctrl_g_and_the_result_shown() {
    let mut app = connected_app();
    app.update(events(vec![ev(serde_json::json!({
        "event": "chat_session_file", "file_id": "f1", "file_name": "../order.txt",
        "file_type": "attachment", "party_id": AGENT
    }))]));
    let effects = app.update(ctrl('g'));
    let Some(Effect::DownloadFile {
        file_id,
        file_name,
        open,
        ..
    }) = effects.first()
    else {
        panic!("no download: {effects:?}")
    };
    assert_eq!(
        (file_id.as_str(), file_name.as_str(), *open),
        ("f1", "../order.txt", false)
    );
    app.update(Msg::FileDownloaded {
        file_id: "f1".into(),
        result: Ok(std::path::PathBuf::from("/home/sam/Downloads/order.txt")),
    });
    let last = chat(&app)
        .transcript()
        .entries()
        .last()
        .map(|e| e.kind.clone());
    assert_eq!(
        last,
        Some(EntryKind::System(
            "Saved \u{201c}../order.txt\u{201d} to /home/sam/Downloads/order.txt".into()
        ))
    );
    app.update(Msg::FileDownloaded {
        file_id: "f1".into(),
        result: Err("disk full".into()),
    });
    let last = chat(&app)
        .transcript()
        .entries()
        .last()
        .map(|e| e.kind.clone());
    assert_eq!(
        last,
        Some(EntryKind::Warning(
            "Could not save \u{201c}../order.txt\u{201d}: disk full".into()
        ))
    );
    // `o` on the selected file saves and opens it; on a message, says how.
    app.update(key(KeyCode::Tab));
    let file_index = *chat(&app).agent_files().keys().next().unwrap();
    while !matches!(chat(&app).focus(), ChatFocus::Transcript { selected, .. } if *selected == file_index)
    {
        app.update(key(KeyCode::Up));
    }
    let effects = app.update(key(KeyCode::Char('o')));
    assert!(matches!(
        effects.first(),
        Some(Effect::DownloadFile { open: true, .. })
    ));
    app.update(key(KeyCode::Up));
    assert_eq!(app.update(key(KeyCode::Char('d'))), vec![]);
    assert_eq!(
        chat(&app).notice(),
        Some("Select a file from the agent to save it.")
    );
}

#[test]
fn other_server_events_each_get_a_line() {
    let mut app = connected_app();
    let before = chat(&app).transcript().entries().len();
    app.update(events(vec![
        ev(serde_json::json!({"event": "chat_session_case_set", "case_id": "C-9"})),
        ev(
            serde_json::json!({"event": "chat_session_navigation", "msg_id": "n1",
            "title": "Returns", "page": "https://example.com/r"}),
        ),
        ev(serde_json::json!({"event": "chat_session_cobrowsing_request", "party_id": AGENT})),
        ev(serde_json::json!({"event": "chat_session_signaling", "party_id": AGENT})),
        ev(
            serde_json::json!({"event": "chat_session_location", "party_id": AGENT,
            "url": "https://maps.example.com/?q=1,2", "latitude": 1, "longitude": 2}),
        ),
        ev(serde_json::json!({"event": "chat_session_timeout_warning", "msg": "Still there?"})),
    ]));
    let lines: Vec<String> = chat(&app).transcript().entries()[before..]
        .iter()
        .map(|e| match &e.kind {
            EntryKind::System(t) | EntryKind::Warning(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        lines,
        [
            "This chat is linked to case C-9",
            "The agent suggests a web page (open it in your browser): Returns — https://example.com/r",
            "The agent asked to co-browse (share your web page); this terminal cannot do that.",
            "The agent tried to start an audio or video call; this terminal cannot do that.",
            "Anna Lee shared a location: https://maps.example.com/?q=1,2",
            "Still there?",
        ]
    );
}

#[test]
fn location_and_secure_forms_say_what_is_asked() {
    let mut app = connected_app();
    app.update(events(vec![form_show("RequestLocation")]));
    assert_eq!(
        chat(&app)
            .form()
            .as_ref()
            .map(|f| f.title.clone())
            .as_deref(),
        Some("The agent asks where you are: type a place or address, or skip")
    );
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Char('y')));
    app.update(events(vec![ev(serde_json::json!({
        "event": "chat_session_secure_form_show", "form_request_id": 7, "form_name": "CardDetails"
    }))]));
    let form = chat(&app).form().cloned().expect("secure form shown");
    assert!(form.secure);
    assert_eq!(
        form.title,
        "Secure form CardDetails: your answer is hidden and not kept here"
    );
}

#[test]
fn ivr_and_a_failed_chat_are_explained_in_words() {
    let mut app = chat_app();
    app.update(events(vec![status("ivr")]));
    assert_eq!(
        chat(&app).status(T0).text,
        "An automated assistant is answering; an agent may join later"
    );
    app.update(events(vec![status("queued")]));
    assert!(chat(&app).status(T0).text.starts_with("In queue"));
    app.update(events(vec![status("failed")]));
    app.update(Msg::Session(SessionEvent::Ended(EndReason::Gone)));
    assert_eq!(
        chat(&app).status(T0).text,
        "The chat no longer exists (the contact center closed it)"
    );
}

#[test]
fn f3_exports_the_transcript_through_the_dialog_and_the_answer_is_a_line() {
    let mut app = connected_app();
    app.update(events(vec![agent_says("a1", "hello there")]));
    assert_eq!(app.update(key(KeyCode::F(3))), vec![]);
    let effects = app.update(key(KeyCode::Enter));
    let [
        Effect::ExportTranscript {
            path,
            create_dir: true,
            contents,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(
        path.starts_with(TRANSCRIPTS) && name.starts_with("chat-") && name.ends_with(".md"),
        "{path:?}"
    );
    assert!(
        contents.contains("**Anna Lee**") && contents.contains("> hello there"),
        "{contents}"
    );
    app.update(Msg::TranscriptExported(Ok("/data/t/chat.md".into())));
    app.update(Msg::TranscriptExported(Err("disk full".into())));
    let kinds = kinds(&app);
    assert_eq!(
        kinds[kinds.len() - 2..].to_vec(),
        vec![
            EntryKind::System("Transcript saved to /data/t/chat.md".into()),
            EntryKind::Error("Could not save the transcript: disk full".into()),
        ]
    );
}

#[test]
fn an_ended_chat_offers_export_on_e() {
    let mut app = connected_app();
    app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    assert_eq!(chat(&app).status(T0).text, "Chat ended — press e to export");
    app.update(key(KeyCode::Char('e')));
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::ExportTranscript { .. }]),
        "{effects:?}"
    );
}
