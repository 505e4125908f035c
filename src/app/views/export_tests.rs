//! The Export dialog's transitions, driven by keys through the whole app.

use super::*;
use crate::api::session::{EndReason, SessionEvent};
use crate::app::test_support::Overlay;
use crate::app::test_support::*;
use crate::app::{App, Mode, Msg, Screen};
use pretty_assertions::assert_eq;
use ratatui::crossterm::event::KeyCode;

/// The default name at the fixtures' clock (T0 is 2023-11-14 22:13:20 UTC, offset 0).
const DEFAULT_NAME: &str = "chat-2023-11-14-2213";

fn in_dir(name: &str) -> PathBuf {
    Path::new(TRANSCRIPTS).join(name)
}

/// A connected chat with one agent line, the dialog open.
fn dialog_app() -> App {
    let mut app = connected_app();
    app.update(events(vec![agent_says("a1", "hello there")]));
    let effects = app.update(key(KeyCode::F(3)));
    assert_eq!(effects, vec![]);
    app
}

fn dialog(app: &App) -> &ExportDialog {
    app.export_dialog().expect("the dialog is open")
}

fn chat_contents(app: &App, format: Format) -> String {
    let Screen::Chat(chat) = app.screen() else {
        panic!("not in a chat");
    };
    export::render(&export::entries(chat.transcript().entries()), format, 0)
}

fn last_entry(app: &App) -> EntryKind {
    let Screen::Chat(chat) = app.screen() else {
        panic!("not in a chat");
    };
    chat.transcript()
        .entries()
        .last()
        .map(|e| e.kind.clone())
        .expect("an entry")
}

/// Empties the field (Ctrl-U from the end) and types `text`.
fn retype(app: &mut App, text: &str) {
    app.update(key(KeyCode::End));
    app.update(ctrl('u'));
    typed(app, text);
}

#[test]
fn f3_opens_the_dialog_prefilled_with_the_full_default_path() {
    let app = dialog_app();
    let d = dialog(&app);
    let expected = in_dir(&format!("{DEFAULT_NAME}.md"));
    assert_eq!(d.field().text(), expected.to_string_lossy());
    assert_eq!(d.field().cursor(), d.field().text().len());
    assert_eq!(d.format(), Format::Markdown);
    assert_eq!(d.dir(), Some(Path::new(TRANSCRIPTS)));
    assert_eq!((d.error(), d.is_saving()), (None, false));
    assert_eq!(app.modes(), vec![Mode::Export]);
}

#[test]
fn switching_the_format_renames_a_known_extension() {
    let mut app = dialog_app();
    let mut seen = Vec::new();
    for (code, _) in [
        (KeyCode::Tab, ()),
        (KeyCode::Tab, ()),
        (KeyCode::Tab, ()),
        (KeyCode::BackTab, ()),
    ] {
        app.update(key(code));
        let d = dialog(&app);
        seen.push((d.format(), d.field().text().to_string()));
    }
    let path = |ext: &str| {
        in_dir(&format!("{DEFAULT_NAME}.{ext}"))
            .to_string_lossy()
            .into_owned()
    };
    assert_eq!(
        seen,
        vec![
            (Format::Plain, path("txt")),
            (Format::Json, path("json")),
            (Format::Markdown, path("md")),
            (Format::Json, path("json")),
        ]
    );
}

#[test]
fn an_unknown_extension_is_kept_when_the_format_changes() {
    let mut d = ExportDialog::new(None, T0, 0);
    assert_eq!(d.field().text(), format!("{DEFAULT_NAME}.md"));
    d.edit(|f| {
        f.set_text("notes.log");
        true
    });
    assert_eq!(d.format(), Format::Markdown);
    d.set_format(Format::Json);
    assert_eq!((d.format(), d.field().text()), (Format::Json, "notes.log"));
    // A folder with a dot in its name is not an extension.
    d.edit(|f| {
        f.set_text("/tmp/v1.json/transcript");
        true
    });
    d.set_format(Format::Plain);
    assert_eq!(d.field().text(), "/tmp/v1.json/transcript");
}

#[test]
fn typing_a_known_extension_selects_its_format() {
    let mut app = dialog_app();
    retype(&mut app, "/tmp/mine.json");
    assert_eq!(dialog(&app).format(), Format::Json);
    for _ in 0..4 {
        app.update(key(KeyCode::Backspace));
    }
    // "/tmp/mine." ends in no known extension: the format stays.
    assert_eq!(dialog(&app).format(), Format::Json);
    typed(&mut app, "TXT");
    assert_eq!(dialog(&app).format(), Format::Plain);
    retype(&mut app, "back.md");
    assert_eq!(dialog(&app).format(), Format::Markdown);
    // A paste goes into the field as well.
    retype(&mut app, "");
    app.update(Msg::Paste("~/pasted.txt".to_string()));
    assert_eq!(
        (dialog(&app).field().text(), dialog(&app).format()),
        ("~/pasted.txt", Format::Plain)
    );
}

#[test]
fn esc_closes_the_dialog_without_effects_and_changes_nothing_else() {
    let mut before = connected_app();
    before.update(events(vec![agent_says("a1", "hello there")]));
    before.clear_dirty();
    let mut app = before.clone();
    app.update(key(KeyCode::F(3)));
    typed(&mut app, "xyz");
    app.update(key(KeyCode::Tab));
    let effects = app.update(key(KeyCode::Esc));
    assert_eq!(effects, vec![]);
    assert!(app.is_dirty());
    app.clear_dirty();
    assert_eq!(app, before);
    assert_eq!(app.modes(), vec![Mode::Chat]);
}

#[test]
fn enter_saves_each_format_with_its_contents_and_success_closes_the_dialog() {
    for (tabs, format, ext) in [
        (0, Format::Markdown, "md"),
        (1, Format::Plain, "txt"),
        (2, Format::Json, "json"),
    ] {
        let mut app = dialog_app();
        for _ in 0..tabs {
            app.update(key(KeyCode::Tab));
        }
        let path = in_dir(&format!("{DEFAULT_NAME}.{ext}"));
        let effects = app.update(key(KeyCode::Enter));
        assert_eq!(
            effects,
            vec![Effect::ExportTranscript {
                path: path.clone(),
                create_dir: true,
                contents: chat_contents(&app, format),
            }],
            "{format:?}"
        );
        assert!(dialog(&app).is_saving());
        // A second Enter while the first save runs writes nothing twice.
        assert_eq!(app.update(key(KeyCode::Enter)), vec![]);
        app.update(Msg::TranscriptExported(Ok(path.clone())));
        assert_eq!(app.export_dialog(), None);
        assert_eq!(
            last_entry(&app),
            EntryKind::System(format!("Transcript saved to {}", path.display()))
        );
    }
    let app = dialog_app();
    assert!(chat_contents(&app, Format::Markdown).contains("> hello there"));
    let json = chat_contents(&app, Format::Json);
    let Screen::Chat(chat) = app.screen() else {
        panic!("not in a chat");
    };
    assert_eq!(
        export::parse_json(&json).expect("json"),
        export::entries(chat.transcript().entries())
    );
}

#[test]
fn a_failed_write_keeps_the_dialog_open_with_the_reason() {
    let mut app = dialog_app();
    let entries_before = match app.screen() {
        Screen::Chat(chat) => chat.transcript().entries().len(),
        Screen::Home(_) | Screen::Settings(_) => 0,
    };
    app.update(key(KeyCode::Enter));
    app.update(Msg::TranscriptExported(Err(
        "a file with that name already exists (choose another name)\x1b[2J".to_string(),
    )));
    let d = dialog(&app);
    assert_eq!(
        d.error(),
        Some("a file with that name already exists (choose another name)\u{fffd}[2J")
    );
    assert!(!d.is_saving());
    assert_eq!(app.modes(), vec![Mode::Export]);
    match app.screen() {
        Screen::Chat(chat) => assert_eq!(chat.transcript().entries().len(), entries_before),
        Screen::Home(_) | Screen::Settings(_) => panic!("left the chat"),
    }
    // Fixing the name clears the reason; Enter tries again.
    typed(&mut app, "x");
    assert_eq!(dialog(&app).error(), None);
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::ExportTranscript { path, .. }] if path.ends_with(format!("{DEFAULT_NAME}.mdx"))),
        "{effects:?}"
    );
}

#[test]
fn names_resolve_in_the_transcripts_dir_and_bad_ones_are_said() {
    let cases = [
        ("mine.txt", Ok((in_dir("mine.txt"), true))),
        ("sub/mine.md", Ok((in_dir("sub/mine.md"), false))),
        (
            "~/Documents/c.json",
            Ok(("~/Documents/c.json".into(), false)),
        ),
        ("/tmp/c.md", Ok(("/tmp/c.md".into(), false))),
        ("  ", Err("type a file name")),
        ("/tmp/", Err("that is a folder: add a file name after it")),
    ];
    for (typed_text, expected) in cases {
        let mut d = ExportDialog::new(Some(PathBuf::from(TRANSCRIPTS)), T0, 0);
        d.edit(|f| {
            f.set_text(typed_text);
            true
        });
        let got = d
            .target()
            .map(|t| (t.path, t.create_dir))
            .map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(str::to_string), "{typed_text:?}");
    }
    let d = ExportDialog::new(None, T0, 0);
    assert_eq!(
        d.target(),
        Err("no data folder is known here: type a full path (/… or ~/…)".to_string())
    );
}

#[test]
fn an_empty_name_is_refused_in_the_dialog_without_effects() {
    let mut app = dialog_app();
    retype(&mut app, "");
    assert_eq!(app.update(key(KeyCode::Enter)), vec![]);
    assert_eq!(dialog(&app).error(), Some("type a file name"));
}

#[test]
fn help_opens_over_the_dialog_and_closes_back_to_it() {
    let mut app = dialog_app();
    typed(&mut app, "z");
    app.update(key(KeyCode::F(1)));
    assert_eq!(overlay(&app), Some(Overlay::Help { scroll: 0 }));
    assert_eq!(app.help_modes(), vec![Mode::Export]);
    app.update(key(KeyCode::Esc));
    assert_eq!(overlay(&app), None);
    assert!(dialog(&app).field().text().ends_with(".mdz"));
}

#[test]
fn an_answer_after_the_dialog_closed_becomes_a_transcript_line() {
    let mut app = dialog_app();
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Esc));
    app.update(Msg::TranscriptExported(Err("the disk is full".into())));
    assert_eq!(app.export_dialog(), None);
    assert_eq!(
        last_entry(&app),
        EntryKind::Error("Could not save the transcript: the disk is full".into())
    );
}

#[test]
fn an_ended_chat_opens_the_dialog_on_e_and_f3() {
    for code in [KeyCode::Char('e'), KeyCode::F(3)] {
        let mut app = connected_app();
        app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
        assert_eq!(app.update(key(code)), vec![]);
        assert!(app.export_dialog().is_some(), "{code:?}");
        // Typing goes into the field even though the chat is over.
        typed(&mut app, "q");
        assert!(dialog(&app).field().text().ends_with(".mdq"));
        app.update(key(KeyCode::Esc));
        assert_eq!(app.modes(), vec![Mode::Ended, Mode::NoText]);
    }
}

#[test]
fn the_survey_offers_export_and_keeps_its_answers() {
    let mut app = connected_app();
    app.update(events(vec![form_show("MobileChatSurvey")]));
    let modes = app.modes();
    assert!(
        app.keymap()
            .footer_hints(&modes)
            .contains(&("F3".to_string(), "export")),
        "{:?}",
        app.keymap().footer_hints(&modes)
    );
    app.update(key(KeyCode::Char('4')));
    app.update(key(KeyCode::F(3)));
    let effects = app.update(key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::ExportTranscript { .. }]),
        "{effects:?}"
    );
    app.update(Msg::TranscriptExported(Ok(in_dir("x.md"))));
    assert_eq!(app.modes(), modes);
    let Screen::Chat(chat) = app.screen() else {
        panic!("not in a chat");
    };
    assert_eq!(
        chat.form()
            .as_ref()
            .map(|f| f.data().get("rating").cloned()),
        Some(Some("4".to_string()))
    );
}

#[test]
fn leaving_the_chat_closes_the_dialog_and_a_late_answer_reaches_home() {
    let mut app = connected_app();
    app.update(events(vec![form_show("MobileChatSurvey")]));
    app.update(ctrl('s'));
    // The survey is on its way; the customer saves the transcript meanwhile.
    app.update(key(KeyCode::F(3)));
    app.update(key(KeyCode::Enter));
    app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
    assert!(matches!(app.screen(), Screen::Home(_)), "{:?}", app.modes());
    assert_eq!(app.export_dialog(), None);
    app.update(Msg::TranscriptExported(Ok(in_dir("x.md"))));
    let Screen::Home(home) = app.screen() else {
        panic!("not home");
    };
    assert_eq!(
        home.notice(),
        Some(format!("Transcript saved to {}", in_dir("x.md").display()).as_str())
    );
}
