use super::*;
use crate::app::preview::*;
use crate::app::test_support::*;
use crate::app::transcript::Tone;
use crate::app::{Effect, Msg};
use ratatui::crossterm::event::KeyCode;
use serde_json::json;

fn picture(file_id: &str, name: &str, file_type: &str) -> Msg {
    events(vec![ev(json!({
        "event": "chat_session_file", "file_id": file_id, "file_name": name,
        "file_type": file_type, "party_id": AGENT, "timestamp": (T0 / 1000 + 90).to_string()
    }))])
}

/// The runtime's answer about entry `entry_id` of the current chat.
fn loaded(entry_id: u64, result: Result<(u16, u16), String>) -> Msg {
    Msg::PreviewLoaded {
        chat_id: CHAT_ID.into(),
        entry_id,
        result,
    }
}

fn previews_app() -> App {
    let mut app = connected_app();
    app.enable_previews();
    app
}

fn load_requests(effects: &[Effect]) -> Vec<(u64, PreviewSource)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadPreview {
                chat_id,
                entry_id,
                source,
                ..
            } => {
                assert_eq!(chat_id, CHAT_ID);
                Some((*entry_id, source.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The last entry's rows at `width`, as text, and how many of them are picture rows.
fn last_rows(app: &App, width: usize) -> (Vec<String>, usize) {
    let t = &chat(app).transcript();
    let rows = t.rows(t.entries().len() - 1, width);
    let pictures = rows
        .iter()
        .filter(|r| r.0.iter().any(|(tone, _)| *tone == Tone::Image))
        .count();
    (rows.iter().map(|r| r.text()).collect(), pictures)
}

#[test]
fn fit_keeps_proportions_inside_the_box() {
    assert_eq!(
        fit((20, 7), 80, 18),
        (20, 7),
        "small pictures keep their size"
    );
    assert_eq!(fit((160, 40), 80, 18), (72, 18), "height binds");
    assert_eq!(fit((200, 10), 50, 18), (50, 2), "width binds");
    assert_eq!(fit((0, 0), 80, 18), (1, 1), "never empty");
    assert_eq!(fit((u16::MAX, 1), 3, 18), (3, 1));
    assert_eq!(fit((5, 5), 0, 0), (1, 1));
}

#[test]
fn previews_take_about_a_third_of_the_terminal() {
    assert_eq!(max_rows_for(24), 8);
    assert_eq!(max_rows_for(6), MIN_PREVIEW_ROWS);
    assert_eq!(max_rows_for(200), MAX_PREVIEW_ROWS);
}

#[test]
fn an_agent_picture_is_fetched_and_given_room() {
    let mut app = previews_app();
    let effects = app.update(picture("f1", "headset.png", "image"));
    let requests = load_requests(&effects);
    let entry_id = chat(&app).transcript().entries().last().unwrap().id;
    assert_eq!(
        requests,
        vec![(
            entry_id,
            PreviewSource::Remote {
                file_id: "f1".into()
            }
        )]
    );
    let (text, pictures) = last_rows(&app, 60);
    assert!(text.iter().any(|r| r.contains("[image] headset.png")));
    assert!(text.iter().any(|r| r.contains("loading preview…")));
    assert_eq!(pictures, 0);

    app.update(loaded(entry_id, Ok((20, 7))));
    let (text, pictures) = last_rows(&app, 60);
    assert_eq!(pictures, 7, "{text:?}");
    assert!(!text.iter().any(|r| r.contains("loading")));
    // Narrower than the picture: it shrinks, proportions kept.
    let (_, pictures) = last_rows(&app, 12);
    assert_eq!(pictures, 3);
}

#[test]
fn a_big_picture_is_capped_by_the_terminal_height() {
    let mut app = previews_app();
    app.update(picture("f1", "poster.png", "image"));
    let entry_id = chat(&app).transcript().entries().last().unwrap().id;
    app.update(loaded(entry_id, Ok((40, 60))));
    assert_eq!(last_rows(&app, 76).1, 8, "a third of 24 rows");
    app.update(Msg::Resize {
        width: 80,
        height: 60,
    });
    assert_eq!(last_rows(&app, 76).1, 18, "the cap on a tall terminal");
}

#[test]
fn a_failed_preview_says_why_in_one_line() {
    let mut app = previews_app();
    app.update(picture("f1", "cat.png", "image"));
    let entry_id = chat(&app).transcript().entries().last().unwrap().id;
    app.update(loaded(
        entry_id,
        Err("the picture is too large to preview\x1b[2J".into()),
    ));
    let (text, pictures) = last_rows(&app, 60);
    assert_eq!(pictures, 0);
    let line = text.iter().find(|r| r.contains("no preview")).unwrap();
    assert!(line.contains("too large"), "{line}");
    assert!(!line.contains('\x1b'), "sanitised: {line:?}");
}

#[test]
fn answers_about_another_chat_or_entry_change_nothing() {
    let mut app = previews_app();
    app.update(picture("f1", "cat.png", "image"));
    let entry_id = chat(&app).transcript().entries().last().unwrap().id;
    let before = app.clone();
    app.update(Msg::PreviewLoaded {
        chat_id: "an-old-chat".into(),
        entry_id,
        result: Ok((10, 5)),
    });
    app.update(loaded(entry_id + 1000, Ok((10, 5))));
    assert_eq!(chat(&app).transcript(), chat(&before).transcript());
}

#[test]
fn no_preview_is_asked_for_when_off_or_unsupported_or_not_a_picture() {
    // Not supported by the terminal (the runtime never enabled previews).
    let mut app = connected_app();
    assert!(load_requests(&app.update(picture("f1", "a.png", "image"))).is_empty());
    assert!(!last_rows(&app, 60).0.iter().any(|r| r.contains("preview")));

    // Switched off in the settings.
    let mut settings = valid_settings();
    settings.ui.show_images = false;
    app.update(Msg::SettingsSaved(Ok(Box::new(settings))));
    app.enable_previews();
    assert!(!app.previews_on());
    assert!(load_requests(&app.update(picture("f2", "b.png", "image"))).is_empty());

    // A document, even with a picture-like name.
    let mut app = previews_app();
    assert!(load_requests(&app.update(picture("f3", "c.png", "attachment"))).is_empty());
}

#[test]
fn the_customers_own_picture_is_read_from_disk_and_labelled_as_one() {
    let mut app = previews_app();
    app.update(ctrl('o'));
    typed(&mut app, "/tmp/holiday.JPG");
    let effects = app.update(key(KeyCode::Enter));
    let requests = load_requests(&effects);
    assert_eq!(requests.len(), 1, "{effects:?}");
    assert_eq!(
        requests[0].1,
        PreviewSource::Local("/tmp/holiday.JPG".into())
    );
    let (text, _) = last_rows(&app, 60);
    assert!(
        text.iter().any(|r| r.contains("[image] holiday.JPG")),
        "{text:?}"
    );

    // A document is an upload without a preview.
    app.update(ctrl('o'));
    typed(&mut app, "/tmp/invoice.pdf");
    assert!(load_requests(&app.update(key(KeyCode::Enter))).is_empty());
    let (text, _) = last_rows(&app, 60);
    assert!(
        text.iter().any(|r| r.contains("[file] invoice.pdf")),
        "{text:?}"
    );
}

#[test]
fn the_same_picture_is_asked_for_once() {
    let mut app = previews_app();
    let first = load_requests(&app.update(picture("f1", "a.png", "image")));
    let again = load_requests(&app.update(picture("f1", "a.png", "image")));
    let later = load_requests(&app.update(key(KeyCode::Up)));
    assert_eq!(first.len(), 1);
    assert!(again.is_empty() && later.is_empty());
}

#[test]
fn the_agents_photo_is_drawn_small_under_its_line_when_pictures_are_on() {
    let photo = || Msg::AgentPhoto {
        party_id: AGENT.into(),
        photo: Some(crate::api::Downloaded {
            bytes: vec![7; 300],
            content_type: Some("image/png".into()),
        }),
    };
    // Pictures off: the line only, nothing to decode.
    let mut plain = connected_app();
    assert!(load_requests(&plain.update(photo())).is_empty());
    // Pictures on: the bytes already fetched go to the one pictures path (no second fetch).
    let mut app = previews_app();
    let effects = app.update(photo());
    let entry_id = chat(&app)
        .transcript()
        .entries()
        .last()
        .expect("the photo's line")
        .id;
    assert_eq!(
        load_requests(&effects),
        vec![(entry_id, PreviewSource::Fetched(vec![7; 300].into()))]
    );
    app.update(loaded(entry_id, Ok((8, 4))));
    let (_, picture_rows) = last_rows(&app, 80);
    assert_eq!(picture_rows, 4, "the photo takes its rows under the line");
}
