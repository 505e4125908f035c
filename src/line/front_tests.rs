use super::*;
use crate::api::session::SessionCommand;
use crate::api::types::{Availability, AvailabilityResponse};
use crate::app::Effect;
use crate::app::test_support::{
    agent_says, events, expected, form_show, joined, started, status, typing, valid_settings,
};
use crate::line::test_support::Driven;
use pretty_assertions::assert_eq;

fn available() -> Msg {
    Msg::AvailabilityChecked(Ok(AvailabilityResponse {
        chat: Availability::Available,
        ewt: None,
    }))
}

/// Line mode on Home with complete settings, everything it waits for answered.
fn at_home() -> (Driven, Vec<String>) {
    let mut d = Driven::start(valid_settings());
    let mut printed = d.pump();
    printed.extend(d.answer(Msg::ActiveChatFound(Ok(None))));
    printed.extend(d.answer(available()));
    printed.extend(d.answer(expected(&[])));
    (d, printed)
}

fn in_chat() -> Driven {
    let (mut d, _) = at_home();
    d.line("Hello");
    d.answer(started());
    d.answer(events(vec![status("connected"), joined()]));
    d.core.take();
    d
}

fn session_commands(effects: &[Effect]) -> Vec<&SessionCommand> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Session(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn complete_settings_go_home_and_the_first_line_asks_for_an_agent() {
    let (mut d, printed) = at_home();
    assert_eq!(
        printed,
        [
            "* Agents are available",
            "Your question (Enter to ask for an agent):"
        ]
    );
    d.core.take();
    let printed = d.line("Hello, my order is late");
    assert!(
        printed.contains(&"* Requesting chat…".to_string()),
        "{printed:?}"
    );
    let effects = d.core.take();
    assert!(
        matches!(effects.first(), Some(Effect::StartChat { .. })),
        "{effects:?}"
    );
    assert!(
        session_commands(&effects).iter().any(|c| matches!(c,
            SessionCommand::SendMessage { text, .. } if text == "Hello, my order is late")),
        "{effects:?}"
    );
}

#[test]
fn lines_typed_early_wait_for_the_question_they_answer() {
    let mut d = Driven::start(valid_settings());
    // A script's stdin arrives at once, before Home knows its form.
    d.front.push_line("Hello".into());
    d.pump();
    assert!(
        !d.core
            .take()
            .iter()
            .any(|e| matches!(e, Effect::StartChat { .. })),
        "nothing asked for before Home is ready"
    );
    let mut printed = d.answer(Msg::ActiveChatFound(Ok(None)));
    printed.extend(d.answer(available()));
    printed.extend(d.answer(expected(&[("order_number", "TEXT")])));
    // "Hello", typed early, answers the form's question.
    assert_eq!(
        printed,
        [
            "* Agents are available",
            "Order number (optional, Enter skips):",
            "Your question (Enter to ask for an agent):"
        ]
    );
    assert_eq!(
        d.line("Where is it?"),
        [
            "* Requesting chat…",
            "* Type a message and press Enter; /help lists the commands."
        ]
    );
    let effects = d.core.take();
    let Some(Effect::StartChat { request }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        request.parameters.get("order_number").map(String::as_str),
        Some("Hello")
    );
}

#[test]
fn a_wrong_prechat_answer_gets_a_reason_and_the_question_again() {
    let mut settings = valid_settings();
    settings.customer.email.clear();
    let mut d = Driven::start(settings);
    d.pump();
    d.answer(Msg::ActiveChatFound(Ok(None)));
    d.answer(available());
    d.answer(expected(&[("email", "EMAIL")]));
    assert_eq!(
        d.line("not an address"),
        [
            "! Email: that does not look like an email address.",
            "Email (Enter keeps \u{201c}not an address\u{201d}):"
        ]
    );
    assert_eq!(
        d.line("sam@example.com"),
        ["Your question (Enter to ask for an agent):"]
    );
}

#[test]
fn incomplete_settings_are_asked_one_per_line_with_the_screens_reasons() {
    let mut settings = crate::config::Settings::default();
    settings.tenant_url.clear();
    let mut d = Driven::start(settings);
    assert_eq!(d.pump(), ["Tenant URL:"]);
    let wrong = d.line("ftp://nope");
    assert_eq!(wrong.len(), 2, "{wrong:?}");
    assert!(wrong[0].starts_with("! Tenant URL "), "{wrong:?}");
    assert_eq!(wrong[1], "Tenant URL (Enter keeps the current one):");
    assert_eq!(
        d.line("example.brightpattern.com"),
        ["Client web server URL:"]
    );
    assert_eq!(d.line("https://example.brightpattern.com"), ["App ID:"]);
    assert_eq!(d.line("SimChat"), ["Client ID (Enter makes a new one):"]);
    d.core.take();
    let after = d.line("");
    let effects = d.core.take();
    let saved = effects.iter().find_map(|e| match e {
        Effect::SaveSettings(s) => Some(s),
        _ => None,
    });
    let saved = saved.unwrap_or_else(|| panic!("saved: {after:?} {effects:?}"));
    assert_eq!(saved.tenant_url, "example.brightpattern.com");
    assert_eq!(saved.app_id, "SimChat");
    // Stdin ends before the save answers: wait; the settings are still incomplete: exit 2.
    d.front.end_of_input();
    assert!(!d.front.finished(d.app()));
    assert_eq!(d.front.outcome(d.app()), Outcome::BadConfig);
}

#[test]
fn settings_left_incomplete_at_the_end_of_input_are_a_bad_config() {
    let mut d = Driven::start(crate::config::Settings::default());
    d.pump();
    d.front.end_of_input();
    assert!(d.front.finished(d.app()));
    assert_eq!(d.front.outcome(d.app()).code(), 2);
}

#[test]
fn end_ends_at_once_without_a_question_left_open() {
    let mut d = in_chat();
    let printed = d.line("/end");
    assert_eq!(printed, ["* Leaving the chat…"]);
    assert!(
        d.app().top_view().is_none(),
        "the command was the confirmation"
    );
    assert_eq!(
        session_commands(&d.core.take()),
        [&SessionCommand::Disconnect]
    );
}

#[test]
fn the_survey_is_asked_as_lines_and_sent_with_the_answers() {
    let mut d = in_chat();
    d.line("/end");
    let printed = d.answer(events(vec![form_show("MobileChatSurvey")]));
    assert_eq!(
        printed,
        [
            "* How did we do? — please answer below",
            "Rate our service from 1 to 5:"
        ]
    );
    assert_eq!(
        d.line("7"),
        [
            "! Type a number from 1 to 5.",
            "Rate our service from 1 to 5:"
        ]
    );
    assert_eq!(d.line("4"), ["Was your issue resolved? (y/n)"]);
    assert_eq!(d.line("yes"), ["Comment (optional, Enter skips):"]);
    d.core.take();
    assert_eq!(d.line("Quick and kind"), Vec::<String>::new());
    let effects = d.core.take();
    let data = session_commands(&effects)
        .into_iter()
        .find_map(|c| match c {
            SessionCommand::SubmitForm {
                data, form_name, ..
            } => Some((form_name.clone(), data.clone())),
            _ => None,
        });
    let (name, data) = data.unwrap_or_else(|| panic!("{effects:?}"));
    assert_eq!(name, "MobileChatSurvey");
    assert_eq!(data.get("rating").map(String::as_str), Some("4"));
    assert_eq!(data.get("resolved").map(String::as_str), Some("yes"));
    assert_eq!(
        data.get("comment").map(String::as_str),
        Some("Quick and kind")
    );
}

#[test]
fn a_message_is_sent_once_and_not_echoed_and_a_double_slash_sends_a_slash() {
    let mut d = in_chat();
    assert_eq!(d.line("//etc is a folder"), Vec::<String>::new());
    let effects = d.core.take();
    assert!(
        session_commands(&effects).iter().any(|c| matches!(c,
            SessionCommand::SendMessage { text, .. } if text == "/etc is a folder")),
        "{effects:?}"
    );
    assert_eq!(d.line("/bogus").len(), 1, "one line of reason, no message");
    assert!(session_commands(&d.core.take()).is_empty());
}

#[test]
fn quit_leaves_a_live_chat_open_and_quits() {
    let mut d = in_chat();
    d.line("/quit");
    assert!(d.app().should_quit());
    let effects = d.core.take();
    assert!(effects.contains(&Effect::Session(SessionCommand::Shutdown)));
    assert!(effects.contains(&Effect::Quit));
    assert_eq!(d.front.outcome(d.app()), Outcome::Done);
}

#[test]
fn the_end_of_input_waits_for_the_message_to_go_out() {
    let (mut d, _) = at_home();
    d.line("Hello");
    d.front.end_of_input();
    assert!(!d.front.finished(d.app()), "the chat is being requested");
    d.answer(started());
    assert!(!d.front.finished(d.app()), "the message is being sent");
    d.answer(Msg::Session(SessionEvent::MessageSent {
        local_id: 1,
        msg_id: "chat-1:1".into(),
    }));
    assert!(d.front.finished(d.app()));
    assert_eq!(d.front.outcome(d.app()).code(), 0);
}

#[test]
fn how_the_run_ended_is_its_exit_code() {
    let offline = crate::api::Error::new(ErrorKind::Offline, "connection refused");
    let (mut d, _) = at_home();
    d.line("Hello");
    d.answer(Msg::Session(SessionEvent::StartFailed(offline.clone())));
    assert_eq!(d.front.outcome(d.app()).code(), 3, "tenant unreachable");

    let mut d = in_chat();
    let fatal = crate::api::Error::new(ErrorKind::Unauthorized, "no");
    d.answer(Msg::Session(SessionEvent::Ended(EndReason::Fatal(fatal))));
    assert_eq!(d.front.outcome(d.app()).code(), 4, "the chat failed");

    let mut d = Driven::start(valid_settings());
    d.pump();
    d.answer(Msg::AvailabilityChecked(Err(offline)));
    assert_eq!(d.front.outcome(d.app()).code(), 3);
    d.answer(available());
    assert_eq!(d.front.outcome(d.app()).code(), 0);
}

#[test]
fn three_typing_events_give_one_line_and_the_answer_one_more() {
    let mut d = in_chat();
    let mut printed = Vec::new();
    for _ in 0..3 {
        printed.extend(d.answer(events(vec![typing()])));
    }
    printed.extend(d.answer(events(vec![agent_says("m1", "Sure, one moment")])));
    assert_eq!(
        printed,
        ["* Anna Lee is typing…", "Anna Lee: Sure, one moment"]
    );
}

#[test]
fn save_n_downloads_that_file_of_the_agent() {
    let mut d = in_chat();
    let file = |id: &str, name: &str| {
        crate::app::test_support::ev(serde_json::json!({"event": "chat_session_file",
            "file_id": id, "file_name": name, "file_type": "attachment",
            "party_id": crate::app::test_support::AGENT}))
    };
    let printed = d.answer(events(vec![file("f1", "a.pdf"), file("f2", "b.pdf")]));
    assert_eq!(
        printed,
        [
            "* Anna Lee sent a file: a.pdf — /save 1",
            "* Anna Lee sent a file: b.pdf — /save 2"
        ]
    );
    d.core.take();
    d.line("/save 1");
    let effects = d.core.take();
    assert!(
        effects.iter().any(|e| matches!(e,
            Effect::DownloadFile { file_id, open: false, .. } if file_id == "f1")),
        "{effects:?}"
    );
    assert_eq!(
        d.line("/save 3"),
        ["! There is no file 3: the agent sent 2."]
    );
}

#[test]
fn export_writes_the_transcript_where_asked() {
    let mut d = in_chat();
    d.line("/export /tmp/line-chat.txt");
    let effects = d.core.take();
    let asked = effects.iter().find_map(|e| match e {
        Effect::ExportTranscript { path, .. } => Some(path.clone()),
        _ => None,
    });
    assert_eq!(asked, Some(std::path::PathBuf::from("/tmp/line-chat.txt")));
    let printed = d.answer(Msg::TranscriptExported(Ok("/tmp/line-chat.txt".into())));
    assert_eq!(printed, ["* Transcript saved to /tmp/line-chat.txt"]);
    assert!(d.app().top_view().is_none());
}

#[test]
fn a_failed_export_says_why_and_closes_the_dialog() {
    let mut d = in_chat();
    d.line("/export /nonexistent/dir/chat.md");
    let printed = d.answer(Msg::TranscriptExported(Err("no such folder".into())));
    assert_eq!(printed, ["! Could not export: no such folder"]);
    assert!(d.app().top_view().is_none());
}

#[test]
fn the_case_history_is_printed_and_closed() {
    let mut d = in_chat();
    d.answer(events(vec![crate::app::test_support::ev(
        serde_json::json!({
        "event": "chat_session_case_set", "case_id": "C-9"}),
    )]));
    d.line("/history");
    assert!(
        d.core
            .take()
            .iter()
            .any(|e| matches!(e, Effect::FetchCaseHistory { .. }))
    );
    let answer = crate::api::types::CaseHistoryResponse {
        sessions: Vec::new(),
    };
    let printed = d.answer(Msg::CaseHistoryFetched(Ok(answer)));
    assert_eq!(printed, ["* Case C-9 has no earlier chats."]);
    assert!(d.app().top_view().is_none());
}

#[test]
fn a_rejoin_question_is_asked_as_a_line() {
    let mut d = Driven::start(valid_settings());
    d.pump();
    let found = crate::api::types::ChatResponse {
        chat_id: "old-chat".into(),
        ..Default::default()
    };
    let printed = d.answer(Msg::ActiveChatFound(Ok(Some(found))));
    assert_eq!(printed, ["You have a chat in progress — rejoin? (y/n)"]);
    assert_eq!(
        d.line("maybe"),
        [
            "! Answer y or n.",
            "You have a chat in progress — rejoin? (y/n)"
        ]
    );
    d.core.take();
    d.line("y");
    assert!(d.core.take().contains(&Effect::ResumeChat {
        chat_id: "old-chat".into()
    }));
}

#[test]
fn help_lists_the_commands() {
    let mut d = in_chat();
    let printed = d.line("/help");
    for name in [
        "/attach PATH",
        "/save [N]",
        "/end",
        "/quit",
        "/history",
        "/export PATH",
    ] {
        assert!(
            printed.iter().any(|l| l.contains(name)),
            "{name}: {printed:?}"
        );
    }
    assert!(printed.iter().any(|l| l.contains("/search WORDS")));
}

#[test]
fn search_lists_the_messages_with_the_word() {
    let mut d = in_chat();
    d.answer(events(vec![
        agent_says("m1", "Your refund is on its way"),
        agent_says("m2", "Anything else?"),
    ]));
    let printed = d.line("/search REFUND");
    assert_eq!(
        printed,
        vec![
            "* 1 message contains “REFUND”:".to_string(),
            "  Anna Lee: Your refund is on its way".to_string(),
        ]
    );
    assert_eq!(
        d.line("/search"),
        vec!["! Name what to look for: /search refund"]
    );
}

fn ended(d: &mut Driven) -> Vec<String> {
    d.answer(Msg::Session(SessionEvent::Ended(EndReason::Ended)))
}

#[test]
fn an_ended_chat_takes_enter_for_home_and_starts_no_chat_from_stray_lines() {
    let mut d = in_chat();
    let printed = ended(&mut d);
    assert_eq!(
        printed,
        [
            "* The chat has ended",
            "The chat is over. Enter returns to Home for a new chat, /export PATH saves the \
             transcript, /quit leaves:"
        ]
    );
    // A script's survey answers for a survey that never came.
    let printed = d.line("4");
    assert_eq!(printed[0], "! The chat is over: Enter returns to Home.");
    assert!(
        !d.core
            .take()
            .iter()
            .any(|e| matches!(e, Effect::StartChat { .. }))
    );
    d.line("");
    assert!(matches!(d.app().screen(), Screen::Home(_)));
}

#[test]
fn a_survey_left_unanswered_when_the_input_ends_does_not_hold_the_exit() {
    let mut d = in_chat();
    d.answer(Msg::Session(SessionEvent::MessageSent {
        local_id: 1,
        msg_id: "chat-1:1".into(),
    }));
    d.line("/end");
    d.front.end_of_input();
    assert!(
        !d.front.finished(d.app()),
        "the end or a survey is still to come"
    );
    d.answer(events(vec![form_show("MobileChatSurvey")]));
    assert!(d.front.finished(d.app()));
}

#[test]
fn a_rejoin_question_on_the_settings_screen_is_answered_before_anything_moves() {
    let mut d = Driven::start(valid_settings());
    let found = crate::api::types::ChatResponse {
        chat_id: "old-chat".into(),
        ..Default::default()
    };
    // Get Active Chat answers before line mode has looked at the settings.
    d.core.send(Msg::ActiveChatFound(Ok(Some(found))));
    assert_eq!(d.pump(), ["You have a chat in progress — rejoin? (y/n)"]);
    assert!(matches!(d.app().screen(), Screen::Settings(_)));
    d.line("n");
    assert!(
        matches!(d.app().screen(), Screen::Home(_)),
        "then on to Home"
    );
}

#[test]
fn attach_choose_and_retry_send_what_their_keys_would() {
    let mut d = in_chat();
    d.line("/attach /tmp/photo.png");
    let effects = d.core.take();
    assert!(
        session_commands(&effects).iter().any(|c| matches!(c,
            SessionCommand::UploadFile { path, .. } if path == std::path::Path::new("/tmp/photo.png"))),
        "{effects:?}"
    );
    assert_eq!(
        d.line("/choose 1"),
        ["! There are no quick replies to choose from."]
    );
    d.answer(events(vec![agent_says(
        "m1",
        "Solved? /buttons [Yes] [No]",
    )]));
    d.core.take();
    d.line("/choose 2");
    assert!(
        session_commands(&d.core.take()).iter().any(|c| matches!(c,
            SessionCommand::SendMessage { text, .. } if text == "No")),
        "the chosen reply is sent"
    );
    assert_eq!(d.line("/retry"), ["! No message failed to send."]);
    d.answer(Msg::Session(SessionEvent::MessageFailed {
        local_id: 1,
        error: crate::api::Error::new(ErrorKind::ServerError, "down"),
    }));
    d.core.take();
    assert_eq!(d.line("/retry"), Vec::<String>::new());
    assert!(
        session_commands(&d.core.take())
            .iter()
            .any(|c| matches!(c, SessionCommand::RetryMessage { local_id: 1 }))
    );
}

#[test]
fn the_chat_goes_on_under_a_form_shown_mid_chat() {
    let mut d = in_chat();
    let printed = d.answer(events(vec![form_show("RequestLocation")]));
    assert_eq!(
        printed.last().map(String::as_str),
        Some("Your answer (Enter skips):")
    );
    d.core.take();
    d.line("/end");
    assert_eq!(
        session_commands(&d.core.take()),
        [&SessionCommand::Disconnect],
        "/end works while a form is asked"
    );
}

#[test]
fn a_long_script_piped_at_once_is_used_in_one_go() {
    let (mut d, _) = at_home();
    d.line("Hello");
    d.core.take();
    for n in 0..2_500 {
        d.front.push_line(format!("line {n}"));
    }
    d.pump();
    let sent = session_commands(&d.core.take())
        .iter()
        .filter(|c| matches!(c, SessionCommand::SendMessage { .. }))
        .count();
    assert_eq!(sent, 2_500, "more lines than any step guard");
}

#[test]
fn a_request_never_answered_before_the_wait_ends_is_an_unreachable_tenant() {
    let (mut d, _) = at_home();
    d.line("Hello");
    d.front.end_of_input();
    assert_eq!(d.front.outcome(d.app()).code(), 0, "not yet: still waiting");
    d.front.stop_waiting();
    assert_eq!(d.front.outcome(d.app()).code(), 3);
}

#[test]
fn a_chat_command_before_the_chat_says_so() {
    let (mut d, _) = at_home();
    assert_eq!(
        d.line("/export /tmp/x.md"),
        [
            "! That works in a chat: type your question first.",
            "Your question (Enter to ask for an agent):"
        ]
    );
}
