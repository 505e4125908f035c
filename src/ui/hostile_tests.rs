//! Escape injection, proven on the bytes a real terminal backend writes.
//!
//! Every hostile payload of [`PAYLOADS`] enters through the real path — a server event (agent
//! message as HTML and as `msg_text`, quick-reply labels, agent name, file name, form name, service name, timeout
//! warning, unknown event name, location URL) or a server error detail — is applied by
//! `App::update`, and drawn by `ui::draw` onto `Terminal<CrosstermBackend<Vec<u8>>>`. The bytes
//! are then scanned: the only escape sequences allowed are the CSI sequences ratatui and
//! crossterm emit for cursor movement, clearing and styling, and the app's own well-formed OSC 8
//! hyperlinks (an `id`, a printable-ASCII URL, one printable character); no other OSC, no DCS,
//! APC, PM, SOS, no bare
//! control byte, no C1 control, bidi control or tag character in the text. The same bytes are
//! fed to a VT100 emulator, which must see no title change, no clipboard write, no bell, and a
//! screen whose header was not wiped by a forged clear.
//!
//! The sinks that bypass ratatui (window title, log file, desktop notification, the message
//! printed after the terminal is restored, the crash report) are checked with the same table.

use super::draw;
use crate::api::Error;
use crate::api::session::SessionEvent;
use crate::app::test_support::*;
use crate::app::{App, Effect, Msg, Screen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use serde_json::json;
use std::time::Duration;

/// Hostile strings: QUALITY.md's cases first, then our own.
pub(crate) fn payloads() -> Vec<(&'static str, String)> {
    let mut p: Vec<(&'static str, String)> = vec![
        // QUALITY.md, "Terminal safety".
        ("osc52 clipboard", "x\x1b]52;c;cm0gLXJmIH4K\x07y".into()),
        ("screen forgery", "\x1b[2J\x1b[Hfake prompt".into()),
        ("cursor report query", "\x1b[6n".into()),
        ("window title report", "\x1b[21t".into()),
        ("DECRQSS reply", "\x1bP$qm\x1b\\".into()),
        ("8-bit CSI", "a\u{9b}31mb".into()),
        ("RLO file name", "invoice\u{202E}fdp.exe".into()),
        // HTML-entity smuggling (decoded before sanitising).
        ("entity ESC osc52", "&#27;]52;c;cm0=&#7;".into()),
        ("entity hex CSI", "a&#x9b;31mb".into()),
        ("entity hex ESC", "&#x1b;[2J&#x1B;[Hforged".into()),
        ("entity decimal CSI", "&#155;2J".into()),
        ("entity BEL and NUL", "ring&#7;&#0;&#x0;".into()),
        (
            "script element",
            "<script>\x1b]0;pwned\x07alert(1)</script>shown".into(),
        ),
        (
            "style and iframe",
            "<style>\x1b[5m</style><iframe>\x1b[2J</iframe>ok".into(),
        ),
        // Our own.
        (
            "OSC 8 hyperlink",
            "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\".into(),
        ),
        ("OSC 0 title", "\x1b]0;owned title\x07".into()),
        ("OSC 2 title ST", "\x1b]2;owned title\x1b\\".into()),
        ("DCS sixel", "\x1bPq#0;2;0;0;0#1!100~\x1b\\".into()),
        ("APC", "\x1b_Gf=100;AAAA\x1b\\".into()),
        ("PM", "\x1b^private\x1b\\".into()),
        ("SOS", "\x1bXstart of string\x1b\\".into()),
        ("CSI huge params", format!("\x1b[{}m", "9".repeat(5000))),
        ("CSI scroll region", "\x1b[1;1r\x1b[?1049l\x1b[?25l".into()),
        ("8-bit DCS/OSC/ST", "\u{90}q\u{9c}\u{9d}0;t\u{9c}".into()),
        ("NUL and BEL", "nul\0bell\x07\x07".into()),
        ("backspace overwrite", "safe\x08\x08\x08\x08EVIL".into()),
        ("carriage return overwrite", "ok to pay\rDO NOT pay".into()),
        ("DEL", "del\x7fete".into()),
        (
            "bidi isolates and marks",
            "a\u{2066}b\u{2067}c\u{2068}d\u{2069}\u{200E}\u{200F}\u{61C}".into(),
        ),
        (
            "bidi embeddings",
            "\u{202A}\u{202B}\u{202C}\u{202D}x".into(),
        ),
        (
            "tag characters",
            "hi\u{E0001}\u{E0069}\u{E0067}\u{E007F}".into(),
        ),
        (
            "zero-width bomb",
            "\u{200B}\u{200C}\u{200D}\u{FEFF}".repeat(2000),
        ),
        ("ZWJ bomb", format!("👩{}", "\u{200D}👩".repeat(3000))),
        (
            "zalgo",
            format!("Z{}", "\u{0301}\u{0336}\u{0489}".repeat(3000)),
        ),
        (
            "lossy invalid UTF-8",
            String::from_utf8_lossy(b"\xff\xfe\x1b[31m\xc3\x28").into_owned(),
        ),
        ("C1 NEL and IND", "line\u{85}next\u{84}".into()),
        ("ESC c reset", "\x1bcreset".into()),
        ("ESC # 8 fill", "\x1b#8".into()),
        ("keypad mode", "\x1b=\x1b>".into()),
        ("kitty keyboard", "\x1b[>31u".into()),
        ("tab and vertical tab", "a\tb\x0bc\x0cd".into()),
        (
            "mixed html and escape",
            "<b>bold</b>\x1b[1mreal bold\x1b[0m&lt;b&gt;".into(),
        ),
    ];
    p.push(("1 MB message", "A".repeat(1024 * 1024)));
    p
}

/// A VT100 emulator's view of what the bytes asked for beyond drawing.
#[derive(Default)]
struct Watch {
    titles: Vec<Vec<u8>>,
    clipboard: usize,
    bells: usize,
    osc: usize,
    /// OSC 8 hyperlinks (the app's own, already checked by the byte scanner).
    links: usize,
}

impl vt100::Callbacks for Watch {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], _: &[u8]) {
        self.clipboard += 1;
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8]) {
        self.clipboard += 1;
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        if params.first() == Some(&&b"8"[..]) {
            self.links += 1;
        } else {
            self.osc += 1;
        }
    }
}

/// Checks raw terminal output: every ESC starts a CSI sequence of the kinds ratatui/crossterm
/// emit (cursor position, clear, SGR, cursor show/hide); no other control byte; the text is
/// UTF-8 without C1 controls, bidi controls or tag characters.
pub(crate) fn assert_only_drawing_sequences(bytes: &[u8], what: &str) {
    let mut i = 0;
    let mut text = Vec::with_capacity(bytes.len());
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(end) = app_hyperlink(&bytes[i..]) {
            i += end;
            continue;
        }
        if b == 0x1b {
            assert_eq!(
                bytes.get(i + 1),
                Some(&b'['),
                "{what}: ESC not followed by [ at byte {i}: {:?}",
                String::from_utf8_lossy(&bytes[i..(i + 16).min(bytes.len())])
            );
            let mut j = i + 2;
            while j < bytes.len() && matches!(bytes[j], b'0'..=b'9' | b';' | b'?' | b':') {
                j += 1;
            }
            let params = &bytes[i + 2..j];
            let fin = bytes.get(j).copied();
            let ok = match fin {
                Some(b'm' | b'H' | b'J' | b'K') => !params.contains(&b'?') && params.len() < 64,
                Some(b'h' | b'l') => params == b"?25",
                _ => false,
            };
            assert!(
                ok,
                "{what}: unexpected escape sequence {:?}",
                String::from_utf8_lossy(&bytes[i..(j + 1).min(bytes.len())])
            );
            i = j + 1;
            continue;
        }
        assert!(
            b >= 0x20 && b != 0x7f,
            "{what}: control byte {b:#04x} at {i}"
        );
        text.push(b);
        i += 1;
    }
    let text = std::str::from_utf8(&text)
        .unwrap_or_else(|e| panic!("{what}: terminal text is not UTF-8: {e}"));
    assert_clean_text(text, what);
}

/// The length of the app's own hyperlink cell at the start of `bytes` (`ESC ] 8 ; id=sp… ;
/// URL ESC \ c ESC ] 8 ; ; ESC \`, see `ui::marks`), when that is what starts there: an id of
/// letters and digits, a URL of printable ASCII, one printable ASCII character.
fn app_hyperlink(bytes: &[u8]) -> Option<usize> {
    let rest = bytes.strip_prefix(b"\x1b]8;id=")?;
    let id = rest.iter().position(|b| *b == b';')?;
    if id == 0 || !rest[..id].iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let rest = &rest[id + 1..];
    let url = rest.iter().position(|b| *b == 0x1b)?;
    if url == 0 || !rest[..url].iter().all(u8::is_ascii_graphic) {
        return None;
    }
    let rest = rest[url..].strip_prefix(b"\x1b\\")?;
    let (c, rest) = rest.split_first()?;
    if !c.is_ascii_graphic() {
        return None;
    }
    rest.strip_prefix(b"\x1b]8;;\x1b\\")?;
    Some(b"\x1b]8;id=".len() + id + 1 + url + 2 + 1 + b"\x1b]8;;\x1b\\".len())
}

/// No character QUALITY.md forbids (newlines allowed where a sink has lines).
pub(crate) fn assert_clean_text(text: &str, what: &str) {
    if let Some(c) = text.chars().find(|&c| {
        matches!(c,
            '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{200E}' | '\u{200F}' | '\u{061C}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{E0000}'..='\u{E007F}')
    }) {
        panic!("{what}: forbidden character {c:?} in output");
    }
}

/// Every way a payload can reach the chat screen from the network.
pub(crate) fn inject(app: &mut App, payload: &str) {
    let ts = (T0 / 1000 + 90).to_string();
    let list = vec![
        ev(
            json!({"event": "chat_session_party_joined", "party_id": "evil",
                  "display_name": payload, "type": "internal", "timestamp": ts}),
        ),
        ev(
            json!({"event": "chat_session_message", "msg_id": "h1", "msg": payload,
                  "party_id": "evil", "timestamp": ts}),
        ),
        ev(
            json!({"event": "chat_session_message", "msg_id": "h2", "msg": "x",
                  "msg_text": payload, "party_id": "evil", "timestamp": ts}),
        ),
        // As quick replies: the message before a directive, and the labels.
        ev(
            json!({"event": "chat_session_message", "msg_id": "h3", "party_id": "evil",
                  "msg": format!("{payload} /buttons [{payload}] [ok]"), "timestamp": ts}),
        ),
        ev(
            json!({"event": "chat_session_message", "msg_id": "h4", "msg": "x", "party_id": "evil",
                  "msg_text": format!("/buttons-column [{payload}] [ok]"), "timestamp": ts}),
        ),
        ev(
            json!({"event": "chat_session_file", "file_id": "f1", "file_name": payload,
                  "file_type": "attachment", "party_id": "evil", "timestamp": ts}),
        ),
        ev(json!({"event": "chat_session_info", "service_name": payload})),
        ev(json!({"event": "chat_session_timeout_warning", "msg": payload, "timestamp": ts})),
        ev(
            json!({"event": "chat_session_location", "url": payload, "party_id": "evil",
                  "latitude": 1.0, "longitude": 2.0, "timestamp": ts}),
        ),
        ev(json!({"event": format!("chat_session_cobrowsing_{payload}")})),
        ev(json!({"event": "chat_session_typing", "party_id": "evil"})),
    ];
    app.update(events(list));
    app.update(Msg::Session(SessionEvent::LinkDown {
        error: Error::from_status(400, None, Some(payload), None),
        retry_in: Duration::from_secs(5),
    }));
}

/// The byte sink behind the crossterm backend (its own writer is not public): a `Vec<u8>` the
/// test can read after drawing.
#[derive(Clone, Default)]
pub(crate) struct Bytes(pub(crate) std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) fn render_bytes(app: &App, width: u16, height: u16) -> Vec<u8> {
    let sink = Bytes::default();
    // A fixed viewport: the frame has exactly this size, whatever the test's own terminal is.
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(sink.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
        },
    )
    .expect("crossterm backend");
    terminal.draw(|f| draw(app, f)).expect("draw");
    sink.0.take()
}

fn check_screen(bytes: &[u8], width: u16, height: u16, what: &str) {
    assert_only_drawing_sequences(bytes, what);
    let mut parser = vt100::Parser::new_with_callbacks(height, width, 0, Watch::default());
    parser.process(bytes);
    let watch = parser.callbacks();
    assert!(
        watch.titles.is_empty(),
        "{what}: title set to {:?}",
        watch.titles
    );
    assert_eq!(watch.clipboard, 0, "{what}: clipboard touched");
    assert_eq!(watch.bells, 0, "{what}: bell rung");
    assert_eq!(watch.osc, 0, "{what}: OSC sequence seen");
    let contents = parser.screen().contents();
    let first_row = contents.lines().next().unwrap_or_default();
    assert!(
        first_row.starts_with(" sp-chat"),
        "{what}: header wiped or forged: {first_row:?}"
    );
}

#[test]
fn hostile_server_text_never_reaches_the_terminal_raw() {
    let table = payloads();
    assert!(table.len() >= 30, "at least 30 payloads");
    for (name, payload) in &table {
        for (w, h) in [(80, 24), (200, 60)] {
            let mut app = connected_app();
            app.update(Msg::Resize {
                width: w,
                height: h,
            });
            inject(&mut app, payload);
            let bytes = render_bytes(&app, w, h);
            check_screen(&bytes, w, h, &format!("{name} at {w}x{h}"));
        }
    }
}

#[test]
fn hostile_form_names_and_failures_are_drawn_clean() {
    for (name, payload) in payloads() {
        let mut app = connected_app();
        app.update(events(vec![form_show(&payload)]));
        app.update(Msg::Session(SessionEvent::StartFailed(Error::from_status(
            400,
            None,
            Some(&payload),
            None,
        ))));
        let bytes = render_bytes(&app, 80, 24);
        check_screen(&bytes, 80, 24, &format!("form {name}"));

        // A failed start returns to Home with the server's sentence.
        let mut app = home_app();
        app.update(ratatui_key_enter());
        app.update(Msg::Session(SessionEvent::StartFailed(Error::from_status(
            400,
            None,
            Some(&payload),
            None,
        ))));
        let bytes = render_bytes(&app, 80, 24);
        check_screen(&bytes, 80, 24, &format!("start failed {name}"));
    }
}

fn ratatui_key_enter() -> Msg {
    key(ratatui::crossterm::event::KeyCode::Enter)
}

#[test]
fn the_scanner_catches_what_it_must() {
    // A test that cannot fail is no test: the checks reject an unsanitised payload.
    for raw in [
        &b"\x1b]0;t\x07"[..],
        b"\x1bP$qm\x1b\\",
        b"\x1b[6n",
        b"\x07",
        "a\u{9b}b".as_bytes(),
        "x\u{202E}y".as_bytes(),
        "t\u{E0041}".as_bytes(),
    ] {
        let caught = std::panic::catch_unwind(|| assert_only_drawing_sequences(raw, "raw"));
        assert!(caught.is_err(), "not caught: {raw:?}");
    }
    assert_only_drawing_sequences(b"\x1b[1;1H\x1b[38;5;12mhi\x1b[0m\x1b[?25l\x1b[2J", "ok");
}

#[test]
fn window_title_and_notification_stay_clean() {
    for (name, payload) in payloads() {
        let mut app = connected_app();
        app.update(Msg::FocusChanged(false));
        let ts = (T0 / 1000 + 90).to_string();
        let effects = app.update(events(vec![
            ev(
                json!({"event": "chat_session_party_joined", "party_id": "evil",
                      "display_name": payload, "type": "internal", "timestamp": ts}),
            ),
            ev(
                json!({"event": "chat_session_message", "msg_id": "n1", "msg": payload,
                      "party_id": "evil", "timestamp": ts}),
            ),
        ]));
        let title = app.window_title();
        assert_clean_text(&title, &format!("title {name}"));
        assert!(!title.contains('\n'), "title {name} has a newline");
        // The bytes the runtime writes for the title: one OSC 2 with clean text, nothing else.
        let mut out = Vec::new();
        crate::runtime::effects::write_title(&mut out, &title).expect("title bytes");
        let inner = out
            .strip_prefix(b"\x1b]0;")
            .and_then(|r| r.strip_suffix(b"\x07"))
            .unwrap_or_else(|| panic!("title {name}: not one OSC 0: {out:?}"));
        assert!(
            !inner.iter().any(|b| *b < 0x20 || *b == 0x7f),
            "title {name}: control byte inside the title"
        );
        assert_clean_text(std::str::from_utf8(inner).expect("utf-8"), name);
        // Even a raw hostile string given to the title writer is cleaned there.
        let mut out = Vec::new();
        crate::runtime::effects::write_title(&mut out, &payload).expect("title bytes");
        let inner = &out[4..out.len() - 1];
        assert!(
            !inner.iter().any(|b| *b < 0x20 || *b == 0x7f),
            "raw title {name}"
        );

        for effect in effects {
            match effect {
                Effect::Notify { title, body } => {
                    assert_clean_text(&title, &format!("notify title {name}"));
                    assert_clean_text(&body, &format!("notify body {name}"));
                    assert!(!body.contains('\n'), "notify body {name} has a newline");
                }
                Effect::SetTitle(t) => assert_clean_text(&t, &format!("set title {name}")),
                Effect::Copy { text } => {
                    for line in text.lines() {
                        assert_clean_text(line, &format!("copied line {name}"));
                    }
                }
                Effect::OpenUrl { url } => assert!(
                    url.bytes().all(|b| b.is_ascii_graphic()),
                    "opened URL {name}: {url:?}"
                ),
                Effect::ExportTranscript { path, contents, .. } => {
                    assert_clean_text(&path.to_string_lossy(), &format!("export path {name}"));
                    for line in contents.lines() {
                        assert_clean_text(line, &format!("export line {name}"));
                    }
                }
                Effect::SaveSettings(_)
                | Effect::CheckAvailability
                | Effect::FetchCaseHistory { .. }
                | Effect::LookForActiveChat
                | Effect::StartChat { .. }
                | Effect::ResumeChat { .. }
                | Effect::Session(_)
                | Effect::CompletePath(_)
                | Effect::FetchParameters
                | Effect::UseSettings(_)
                | Effect::DownloadFile { .. }
                | Effect::FetchAgentPhoto { .. }
                | Effect::LoadPreview { .. }
                | Effect::Bell
                | Effect::Quit => {}
            }
        }
    }
}

#[test]
fn log_lines_stay_clean() {
    use std::io::Write;
    for (name, payload) in payloads() {
        let mut sink = Vec::new();
        {
            let mut w = crate::runtime::logging::SanitizingWriter { inner: &mut sink };
            writeln!(w, "WARN agent said {payload} and error={payload:?}").expect("write");
        }
        let text = String::from_utf8(sink).expect("utf-8");
        assert_eq!(
            text.matches('\n').count(),
            1,
            "log {name}: one record, one line"
        );
        assert_clean_text(&text, &format!("log {name}"));
        assert!(!text.contains('\x1b'), "log {name}");
    }
}

#[test]
fn messages_printed_after_restore_and_crash_reports_stay_clean() {
    for (name, payload) in payloads() {
        let line = crate::runtime::terminal::failure_line(&format!("cannot start: {payload}"));
        assert_clean_text(&line, &format!("failure line {name}"));
        let report = crate::runtime::terminal::format_crash_report(
            &payload,
            &format!("src/{payload}.rs:1"),
            &payload,
            "backtrace",
        );
        assert_clean_text(&report, &format!("crash report {name}"));
        let notice = crate::runtime::terminal::crash_notice(
            Some(std::path::Path::new(&format!("/tmp/{payload}"))),
            &payload,
        );
        assert_clean_text(&notice, &format!("crash notice {name}"));
        assert!(!notice.contains('\n'), "crash notice {name} is one line");
    }
}

#[test]
fn tiny_terminals_show_a_notice_and_resizing_through_them_keeps_scroll_and_draft() {
    let mut app = connected_app();
    app.update(events(
        (0..40)
            .map(|i| agent_says(&format!("s{i}"), "line"))
            .collect(),
    ));
    app.update(key(ratatui::crossterm::event::KeyCode::PageUp));
    typed(&mut app, "my draft");
    let Screen::Chat(chat) = app.screen() else {
        panic!("not on the chat screen")
    };
    let scroll = chat.transcript().scroll();
    assert_ne!(
        scroll,
        crate::app::transcript::Scroll::Bottom,
        "scrolled up"
    );
    for (w, h) in [(20, 5), (0, 0), (1, 1), (39, 11), (200, 3), (80, 24)] {
        app.update(Msg::Resize {
            width: w,
            height: h,
        });
        let bytes = render_bytes(&app, w, h);
        assert_only_drawing_sequences(&bytes, &format!("{w}x{h}"));
        if w >= 10 && h >= 2 && (w < super::MIN_WIDTH || h < super::MIN_HEIGHT) {
            let mut parser = vt100::Parser::new(h, w, 0);
            parser.process(&bytes);
            let shown = parser.screen().contents();
            assert!(shown.contains("Terminal"), "{w}x{h}: {shown:?}");
        }
    }
    let Screen::Chat(chat) = app.screen() else {
        panic!("not on the chat screen")
    };
    assert_eq!(chat.composer().text(), "my draft");
    assert_eq!(chat.transcript().scroll(), scroll);
}

#[test]
fn refused_and_missing_chats_are_told_apart_in_words() {
    let cases = [
        (
            SessionEvent::Ended(crate::api::EndReason::Fatal(Error::from_status(
                401, None, None, None,
            ))),
            "app ID or client ID",
        ),
        (
            SessionEvent::Ended(crate::api::EndReason::Fatal(Error::from_status(
                403, None, None, None,
            ))),
            "app ID or client ID",
        ),
        (
            SessionEvent::Ended(crate::api::EndReason::Gone),
            "The chat no longer exists",
        ),
    ];
    for (event, words) in cases {
        let mut app = connected_app();
        app.update(Msg::Resize {
            width: 200,
            height: 40,
        });
        app.update(Msg::Session(event));
        let bytes = render_bytes(&app, 200, 40);
        let mut parser = vt100::Parser::new(40, 200, 0);
        parser.process(&bytes);
        let shown = parser.screen().contents();
        assert!(shown.contains(words), "{words:?} not on screen:\n{shown}");
    }
}

#[test]
fn the_export_dialog_draws_hostile_paths_and_reasons_clean() {
    for (name, payload) in payloads() {
        let mut app = connected_app();
        app.update(key(ratatui::crossterm::event::KeyCode::F(3)));
        app.update(Msg::Paste(payload.clone()));
        let dialog = app.export_dialog().expect("dialog open");
        assert_clean_text(dialog.field().text(), &format!("export field {name}"));
        // The reason is drawn with a plain name in the field (what a pasted grapheme bomb does
        // to any one-line field is the composer's concern, not this dialog's).
        app.update(ctrl('u'));
        crate::app::test_support::typed(&mut app, "chat.md");
        app.update(ratatui_key_enter());
        app.update(Msg::TranscriptExported(Err(format!(
            "the folder /tmp/{payload} does not exist"
        ))));
        let dialog = app.export_dialog().expect("dialog open");
        assert_clean_text(
            dialog.error().unwrap_or(""),
            &format!("export reason {name}"),
        );
        let bytes = render_bytes(&app, 80, 24);
        check_screen(&bytes, 80, 24, &format!("export dialog {name}"));
        let mut parser = vt100::Parser::new(24, 80, 0);
        parser.process(&bytes);
        let shown = parser.screen().contents();
        assert!(
            shown.contains("✗ Not saved: the folder"),
            "{name}:\n{shown}"
        );
    }
}
