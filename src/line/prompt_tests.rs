use super::*;
use crate::api::types::ServerEvent;
use pretty_assertions::assert_eq;

fn form(name: &str, secure: bool) -> FormState {
    let ServerEvent::FormShow(show) = crate::app::test_support::form_show(name) else {
        panic!("a form show");
    };
    FormState::new(&show, secure)
}

#[test]
fn the_surveys_questions_say_their_type_and_range() {
    let survey = form("MobileChatSurvey", false);
    assert_eq!(
        [FormFocus::Rating, FormFocus::Resolved, FormFocus::Comment]
            .map(|f| form_question(&survey, f)),
        [
            "Rate our service from 1 to 5:",
            "Was your issue resolved? (y/n)",
            "Comment (optional, Enter skips):"
        ]
    );
    let other = form("Feedback", false);
    assert_eq!(
        form_question(&other, FormFocus::Text),
        "Your answer (Enter skips):"
    );
    let secure = form("Card", true);
    assert!(form_question(&secure, FormFocus::Text).contains("secure"));
}

#[test]
fn history_lines_name_each_chat_and_sender() {
    use crate::app::views::HistoryLine;
    assert_eq!(history_lines(&HistoryState::Loading, "C-1"), None);
    let ready = HistoryState::Ready(vec![
        HistoryLine::Session("Chat of 2026-03-14".into()),
        HistoryLine::Message {
            time: "14:05".into(),
            from: "Anna Lee".into(),
            text: "Hello".into(),
        },
    ]);
    let lines = crate::line::test_support::plain(&history_lines(&ready, "C-1").expect("ready"));
    assert_eq!(
        lines,
        [
            "* History of case C-1:",
            "* Chat of 2026-03-14",
            "* 14:05 Anna Lee: Hello"
        ]
    );
    let failed = history_lines(&HistoryState::Failed("Could not get it.".into()), "C-1");
    assert_eq!(
        crate::line::test_support::plain(&failed.expect("failed")),
        ["! Could not get it."]
    );
}
