use super::*;
use pretty_assertions::assert_eq;

fn agent(text: &str) -> EntryKind {
    EntryKind::Message {
        sender: Sender::Agent("Anna Lee".into()),
        text: text.to_string(),
        delivery: Delivery::Received,
    }
}

fn texts(rows: &[Row]) -> Vec<String> {
    rows.iter().map(Row::text).collect()
}

#[test]
fn clock_uses_the_local_offset_and_wraps_days() {
    assert_eq!(clock(0, 0), "00:00");
    assert_eq!(clock(14 * 3_600_000 + 5 * 60_000, 0), "14:05");
    assert_eq!(clock(0, -3600), "23:00");
    assert_eq!(clock(23 * 3_600_000, 2 * 3600), "01:00");
}

#[test]
fn message_rows_have_a_header_and_an_indented_wrapped_body() {
    let entry = Entry {
        id: 1,
        revision: 0,
        time_ms: 9 * 3_600_000,
        kind: agent("hello there, how can I help"),
    };
    assert_eq!(
        texts(&entry.layout(16, 0)),
        vec!["", "Anna Lee · 09:00", "  hello there,", "  how can I help"]
    );
}

#[test]
fn failed_message_says_how_to_retry() {
    let entry = Entry {
        id: 1,
        revision: 0,
        time_ms: 0,
        kind: EntryKind::Message {
            sender: Sender::Customer("Sam".into()),
            text: "hi".to_string(),
            delivery: Delivery::Failed("the server is busy".to_string()),
        },
    };
    assert_eq!(
        texts(&entry.layout(80, 0)),
        vec![
            "",
            "Sam · 00:00  ✗ not sent",
            "  hi",
            "  ✗ failed — press r to retry (the server is busy)"
        ]
    );
}

#[test]
fn upload_progress_reads_in_percent_and_bytes() {
    let entry = Entry {
        id: 1,
        revision: 0,
        time_ms: 0,
        kind: EntryKind::Upload {
            local_id: 3,
            sender: "You".to_string(),
            name: "photo.png".to_string(),
            state: UploadState::Progress {
                sent: 512 * 1024,
                total: 2 * 1024 * 1024,
            },
        },
    };
    assert_eq!(
        texts(&entry.layout(80, 0)),
        vec![
            "",
            "You · 00:00",
            "  [image] photo.png",
            "  uploading 25% (512.0 kB of 2.0 MB)"
        ]
    );
}

#[test]
fn cache_follows_revision_and_width() {
    let mut t = Transcript::new(0);
    let i = t.push(0, agent("one two three four"));
    assert_eq!(t.rows(i, 80).len(), 3);
    assert_eq!(t.rows(i, 8).len(), 6);
    t.modify(i, |k| {
        if let EntryKind::Message { text, .. } = k {
            *text = "x".to_string();
        }
    });
    assert_eq!(texts(&t.rows(i, 8)), vec!["", "Anna Lee · 00:00", "  x"]);
}

#[test]
fn duplicate_message_and_file_ids_are_detected_once() {
    let mut t = Transcript::new(0);
    assert!(t.mark_msg_seen("a"));
    assert!(!t.mark_msg_seen("a"));
    assert!(t.mark_msg_seen(""));
    assert!(t.mark_msg_seen(""));
    assert!(t.mark_file_seen("f"));
    assert!(!t.mark_file_seen("f"));
}

fn filled(n: usize) -> Transcript {
    let mut t = Transcript::new(0);
    for i in 0..n {
        t.push(0, agent(&format!("message {i}")));
    }
    t
}

#[test]
fn visible_rows_walk_up_from_the_bottom() {
    let t = filled(10);
    let rows = t.visible_rows(40, 5);
    assert_eq!(
        rows.iter().map(|(i, r)| (*i, r.text())).collect::<Vec<_>>(),
        vec![
            (8, "Anna Lee · 00:00".to_string()),
            (8, "  message 8".to_string()),
            (9, "".to_string()),
            (9, "Anna Lee · 00:00".to_string()),
            (9, "  message 9".to_string()),
        ]
    );
}

#[test]
fn scrolled_up_view_stays_put_and_counts_new_entries() {
    let mut t = filled(10);
    t.scroll_up(4, 40, 5);
    let before = t.visible_rows(40, 5);
    t.push(0, agent("new"));
    t.push(0, agent("newer"));
    assert_eq!(t.visible_rows(40, 5), before);
    assert_eq!(t.unseen(), 2);
    t.scroll_down(100, 40);
    assert_eq!(t.scroll(), Scroll::Bottom);
    assert_eq!(t.unseen(), 0);
}

#[test]
fn scrolling_up_stops_at_the_top_with_a_full_page() {
    let mut t = filled(3);
    t.scroll_up(1000, 40, 5);
    let rows = t.visible_rows(40, 5);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0], (0, Row::default()));
    // A transcript shorter than the page never leaves the bottom.
    let mut short = filled(1);
    short.scroll_up(10, 40, 5);
    assert_eq!(short.scroll(), Scroll::Bottom);
}

#[test]
fn page_up_then_page_down_returns_to_the_same_view() {
    let mut t = filled(50);
    t.scroll_up(20, 40, 10);
    let view = t.visible_rows(40, 10);
    t.scroll_up(7, 40, 10);
    t.scroll_down(7, 40);
    assert_eq!(t.visible_rows(40, 10), view);
}

#[test]
fn jumping_to_the_top_lays_out_one_page_not_the_whole_history() {
    let mut t = filled(10_000);
    t.scroll_to_top(40, 5);
    let rows = t.visible_rows(40, 5);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0], (0, Row::default()));
    assert_eq!(rows[1].1.text(), "Anna Lee · 00:00");
    // Only the entries of the top page had to be wrapped.
    assert!(
        t.cached_entries() <= 3,
        "{} entries laid out",
        t.cached_entries()
    );
    t.scroll_to_bottom();
    assert_eq!(t.visible_rows(40, 5)[4].1.text(), "  message 9999");
}

#[test]
fn row_cache_stays_bounded_and_keeps_what_is_on_screen() {
    let t = filled(3 * CACHE_GENERATION);
    let on_screen = t.rows(t.entries().len() - 1, 40);
    for i in 0..t.entries().len() {
        t.rows(i, 40);
        // The view asks for what it shows on every frame: it survives every turnover.
        t.rows(t.entries().len() - 1, 40);
    }
    assert!(t.cached_entries() <= 2 * CACHE_GENERATION);
    assert!(Arc::ptr_eq(&on_screen, &t.rows(t.entries().len() - 1, 40)));
}

#[test]
fn visible_spans_window_cached_rows_without_copying() {
    let t = filled(10);
    let spans = t.visible(40, 5);
    assert_eq!(
        spans
            .iter()
            .map(|s| (s.entry, s.range.clone()))
            .collect::<Vec<_>>(),
        vec![(8, 1..3), (9, 0..3)]
    );
    assert!(Arc::ptr_eq(&spans[1].rows, &t.rows(9, 40)));
}

fn buttons(layout: ButtonLayout, labels: &[&str], chosen: Option<usize>) -> Entry {
    Entry {
        id: 1,
        revision: 0,
        time_ms: 9 * 3_600_000,
        kind: EntryKind::Buttons {
            sender: Sender::Agent("Anna Lee".into()),
            replies: Box::new(QuickReplies {
                intro: Some("Did that help?".into()),
                layout,
                labels: labels.iter().map(|l| l.to_string()).collect(),
            }),
            chosen,
        },
    }
}

#[test]
fn quick_reply_buttons_fill_rows_and_wrap_at_the_width() {
    let entry = buttons(ButtonLayout::Row, &["Yes", "No", "Not sure"], None);
    assert_eq!(
        texts(&entry.layout(40, 0)),
        vec![
            "",
            "Anna Lee · 09:00",
            "  Did that help?",
            "  [1 Yes]  [2 No]  [3 Not sure]"
        ]
    );
    assert_eq!(
        texts(&entry.layout(22, 0)),
        vec![
            "",
            "Anna Lee · 09:00",
            "  Did that help?",
            "  [1 Yes]  [2 No]",
            "  [3 Not sure]"
        ]
    );
}

#[test]
fn a_column_set_takes_a_row_a_button_and_marks_the_choice() {
    let entry = buttons(ButtonLayout::Column, &["Red", "Blue"], Some(1));
    let rows = entry.layout(40, 0);
    assert_eq!(
        texts(&rows),
        vec![
            "",
            "Anna Lee · 09:00",
            "  Did that help?",
            "  [1 Red]",
            "  [2 Blue] ✓"
        ]
    );
    assert_eq!(rows[4].0[1], (Tone::Done, "[2 Blue] ✓".to_string()));
    assert_eq!(rows[3].0[1].0, Tone::Time);
}

#[test]
fn a_label_wider_than_the_screen_is_cut_to_one_row() {
    let long = "x".repeat(500);
    let entry = buttons(ButtonLayout::Row, &[&long], None);
    let rows = entry.layout(20, 0);
    assert_eq!(rows.len(), 4);
    assert!(
        crate::text::display_width(&rows[3].text()) <= 20,
        "{:?}",
        rows[3]
    );
    assert!(rows[3].text().ends_with("…]"), "{:?}", rows[3]);
}

#[test]
fn scrolling_counts_the_rows_of_the_buttons() {
    let mut t = Transcript::new(0);
    t.push(
        0,
        buttons(ButtonLayout::Column, &["a", "b", "c", "d"], None).kind,
    );
    t.push(0, agent("after"));
    // The set is 7 rows, the message 3: a page up of 3 rows shows the set's last buttons, 2
    // more its text.
    let shown = |t: &Transcript| -> Vec<String> {
        t.visible_rows(40, 3)
            .iter()
            .map(|(_, r)| r.text())
            .collect()
    };
    t.scroll_up(3, 40, 3);
    assert_eq!(shown(&t), ["  [2 b]", "  [3 c]", "  [4 d]"]);
    t.scroll_up(2, 40, 3);
    assert_eq!(shown(&t), ["  Did that help?", "  [1 a]", "  [2 b]"]);
}
