use super::*;
use pretty_assertions::assert_eq;
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Characters that must never survive [`sanitize`] (besides `\n`).
fn is_dangerous(c: char) -> bool {
    c != '\n' && (c.is_control() || is_forbidden(c))
}

fn assert_safe(s: &str) {
    if let Some((at, c)) = s.char_indices().find(|&(_, c)| is_dangerous(c)) {
        let context: String = s[at.saturating_sub(20)..].chars().take(40).collect();
        panic!(
            "dangerous char U+{:04X} survived near {context:?}",
            c as u32
        );
    }
}

// ---- sanitize: QUALITY.md cases -------------------------------------------------------------

#[test]
fn sanitize_neutralises_osc52_clipboard_write() {
    let out = sanitize("x\x1b]52;c;cm0gLXJmIH4K\x07y");
    assert_eq!(out, "x\u{FFFD}]52;c;cm0gLXJmIH4K\u{FFFD}y");
    assert_safe(&out);
}

#[test]
fn sanitize_neutralises_screen_forgery() {
    let out = sanitize("\x1b[2J\x1b[Hfake prompt");
    assert_eq!(out, "\u{FFFD}[2J\u{FFFD}[Hfake prompt");
    assert_safe(&out);
}

#[test]
fn sanitize_neutralises_terminal_queries() {
    for (input, expected) in [
        ("\x1b[6n", "\u{FFFD}[6n"),
        ("\x1b[21t", "\u{FFFD}[21t"),
        ("\x1bP$qm\x1b\\", "\u{FFFD}P$qm\u{FFFD}\\"),
    ] {
        let out = sanitize(input);
        assert_eq!(out, expected, "input {input:?}");
        assert_safe(&out);
    }
}

#[test]
fn sanitize_replaces_8bit_csi() {
    assert_eq!(sanitize("a\u{9b}31mb"), "a\u{FFFD}31mb");
}

#[test]
fn sanitize_replaces_bidi_override() {
    assert_eq!(sanitize("invoice\u{202E}fdp.exe"), "invoice\u{FFFD}fdp.exe");
}

#[test]
fn sanitize_replaces_every_bidi_control() {
    for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'] {
        assert_eq!(
            sanitize(&format!("a{c}b")),
            "a\u{FFFD}b",
            "U+{:04X}",
            c as u32
        );
    }
    for c in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
        assert_eq!(
            sanitize(&format!("a{c}b")),
            "a\u{FFFD}b",
            "U+{:04X}",
            c as u32
        );
    }
    for c in ['\u{200E}', '\u{200F}', '\u{061C}'] {
        assert_eq!(
            sanitize(&format!("a{c}b")),
            "a\u{FFFD}b",
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn sanitize_replaces_a_run_of_tag_characters_with_one_marker() {
    // "hidden" spelled in tag characters, the invisible-prompt-injection trick.
    let hidden: String = "hidden"
        .chars()
        .map(|c| char::from_u32(0xE0000 + c as u32).unwrap_or('?'))
        .collect();
    assert_eq!(sanitize(&format!("ok{hidden}!")), "ok\u{FFFD}!");
    assert_eq!(sanitize("\u{E0001}\u{E007F}"), "\u{FFFD}");
}

#[test]
fn sanitize_replaces_every_c0_c1_and_del() {
    for cp in (0u32..0x20).chain([0x7F]).chain(0x80..0xA0) {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if matches!(c, '\n' | '\r' | '\t') {
            continue;
        }
        assert_eq!(sanitize(&format!("a{c}b")), "a\u{FFFD}b", "U+{cp:04X}");
    }
}

#[test]
fn sanitize_normalises_line_breaks_and_tabs() {
    assert_eq!(sanitize("a\r\nb"), "a\nb");
    assert_eq!(
        sanitize("a\rb"),
        "a\nb",
        "lone CR must not return the cursor"
    );
    assert_eq!(sanitize("a\r"), "a\n");
    assert_eq!(sanitize("a\r\r\nb"), "a\n\nb");
    assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a\nb\nc");
    assert_eq!(sanitize("a\tb"), "a    b");
    assert_eq!(sanitize("a\nb"), "a\nb");
}

#[test]
fn sanitize_keeps_separate_markers_for_separate_runs() {
    assert_eq!(sanitize("\x1b\x1b\x07a\x1b"), "\u{FFFD}a\u{FFFD}");
    // A kept newline or tab ends a run.
    assert_eq!(sanitize("\x1b\n\x1b"), "\u{FFFD}\n\u{FFFD}");
    assert_eq!(sanitize("\x1b\t\x1b"), "\u{FFFD}    \u{FFFD}");
}

#[test]
fn sanitize_passes_ordinary_unicode_unchanged() {
    for s in [
        "",
        "plain ASCII, with punctuation! ~`{}[]",
        "日本語のテキスト 中文 한국어",
        "emoji 👍🏽 and 👨‍👩‍👧‍👦 family, 🇫🇷 flag, 1️⃣ keycap",
        "combining: e\u{301} a\u{308}\u{323} ñ",
        "Arabic مرحبا and Hebrew שלום (no marks)",
        "zero width joiner \u{200D} kept, U+FFFD \u{FFFD} kept",
        "nbsp\u{A0}and soft\u{AD}hyphen",
    ] {
        assert_eq!(sanitize(s), s);
    }
}

#[test]
fn sanitize_line_turns_line_breaks_into_spaces() {
    assert_eq!(sanitize_line("a\nb\r\nc\rd\u{2028}e"), "a b c d e");
    assert_eq!(
        sanitize_line("name\x1b]0;pwned\x07"),
        "name\u{FFFD}]0;pwned\u{FFFD}"
    );
    assert_eq!(sanitize_line("a\tb"), "a    b");
    assert!(!sanitize_line("x\ny\u{2029}").contains('\n'));
}

#[test]
fn sanitize_handles_a_1mb_message_fast() {
    let chunk = "Hello, wörld! 日本語 \x1b[31mred\x1b[0m 👍🏽\r\n\t";
    let big = chunk.repeat(1_000_000 / chunk.len() + 1);
    assert!(big.len() >= 1_000_000);
    let start = Instant::now();
    let out = sanitize(&big);
    let elapsed = start.elapsed();
    assert_safe(&out);
    // Generous for an unoptimised test build on a loaded machine; the point is "linear, no hang".
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[test]
fn sanitize_handles_a_1mb_cjk_message_fast() {
    // All non-ASCII, so the grapheme cap cannot take its shortcut.
    let big = "漢字かな交じり文".repeat(50_000);
    let start = Instant::now();
    let out = sanitize(&big);
    let elapsed = start.elapsed();
    assert_eq!(out, big);
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[test]
fn sanitize_caps_a_grapheme_with_5000_combining_marks() {
    let zalgo = format!("a{}b", "\u{301}".repeat(5000));
    let start = Instant::now();
    let out = sanitize(&zalgo);
    let elapsed = start.elapsed();
    assert_eq!(out, format!("a{}b", "\u{301}".repeat(15)));
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    // And the width helpers stay quick on it.
    assert_eq!(display_width(&out), 2);
}

// ---- limit_combining ------------------------------------------------------------------------

#[test]
fn limit_combining_keeps_16_chars_per_cluster() {
    let long = format!("x{}", "\u{0300}".repeat(40));
    let capped = limit_combining(&long);
    assert_eq!(capped.chars().count(), 16);
    assert!(capped.starts_with('x'));
    // Exactly 16 is untouched.
    let exact = format!("x{}", "\u{0300}".repeat(15));
    assert_eq!(limit_combining(&exact), exact);
}

#[test]
fn limit_combining_leaves_real_text_alone() {
    let family = "👨‍👩‍👧‍👦👩🏽‍🤝‍👨🏿 🏴󠁧󠁢󠁳󠁣󠁴󠁿";
    assert_eq!(limit_combining(family), family);
    let cjk = "日本語".repeat(100);
    assert_eq!(limit_combining(&cjk), cjk);
    assert_eq!(limit_combining("a\u{301}\u{302}b"), "a\u{301}\u{302}b");
}

// ---- clean_outgoing -------------------------------------------------------------------------

#[test]
fn clean_outgoing_removes_controls_without_markers() {
    assert_eq!(clean_outgoing("hi\x1b[2Jthere"), "hi[2Jthere");
    assert_eq!(clean_outgoing("a\u{9b}31mb\u{202E}c"), "a31mbc");
    assert_eq!(clean_outgoing("x\x1b]52;c;cm0g\x07y"), "x]52;c;cm0gy");
}

#[test]
fn clean_outgoing_keeps_newlines_expands_tabs_trims_trailing_whitespace() {
    assert_eq!(
        clean_outgoing("  line one\r\nline\ttwo \n\n  \t"),
        "  line one\nline    two"
    );
    assert_eq!(clean_outgoing(" \n "), "");
    assert_eq!(clean_outgoing("a\rb"), "a\nb");
}

// ---- html_to_text ---------------------------------------------------------------------------

#[test]
fn html_to_text_table() {
    let cases = [
        ("plain", "plain"),
        ("<script>alert(1)</script>hi", "hi"),
        ("<SCRIPT type=\"text/javascript\">x</Script >hi", "hi"),
        ("a<style>p { color: red }</style>b", "ab"),
        ("a<br>b", "a\nb"),
        ("a<br/>b<BR />c<Br>d</br>e", "a\nb\nc\nd\ne"),
        ("&lt;b&gt;", "<b>"),
        ("<b>bold</b> and <i>italic</i>", "bold and italic"),
        ("<p>one</p><p>two</p>", "one\ntwo"),
        ("<div>one</div>", "one"),
        ("<p>para</p>\n", "para\n"),
        ("a < b and c > d", "a < b and c > d"),
        ("1<2", "1<2"),
        ("a <b", "a <b"),
        ("<a href=\"x>y\">link</a>", "link"),
        ("<a title='it''s'>t</a>", "t"),
        ("x<!-- hidden -->y", "xy"),
        ("x<!-- never closed", "x<!-- never closed"),
        ("x<!-- never closed > y", "x<!-- never closed > y"),
        ("<!DOCTYPE html>x", "x"),
        ("&amp;&lt;&gt;&quot;&apos;&#39;", "&<>\"''"),
        ("a&nbsp;b", "a b"),
        (
            "&copy; &reg; &hellip; &mdash; &ndash; &euro;",
            "© ® … — – €",
        ),
        ("&lsquo;q&rsquo; &ldquo;qq&rdquo;", "‘q’ “qq”"),
        ("&#65;&#x42;&#X43;", "ABC"),
        ("&#65x", "Ax"),
        ("&#128077;", "👍"),
        ("&bogus; & &; &#; &#x; &amp", "&bogus; & &; &#; &#x; &amp"),
        ("&#0;", "\u{FFFD}"),
        ("&#xD800;", "\u{FFFD}"),
        ("&#x110000;", "\u{FFFD}"),
        ("&#99999999999999999999;", "\u{FFFD}"),
        ("<script>never closed", ""),
        ("<script/>shown", "shown"),
        ("<scripts>kept</scripts>", "kept"),
        ("<script>a</scriptx>b</script>c", "c"),
        ("<iframe src=x></iframe>ok", "ok"),
    ];
    for (html, text) in cases {
        assert_eq!(html_to_text(html), text, "html {html:?}");
    }
}

#[test]
fn html_to_text_then_sanitize_cannot_smuggle_controls() {
    for html in [
        "&#27;]52;c;abc&#7;",
        "&#x1b;[2J&#x1B;[H",
        "&#x9b;31m",
        "&#155;31m",
        "&#x202E;fdp.exe",
        "&#xE0041;",
        "<b>&#27;</b>[6n",
    ] {
        let shown = sanitize(&html_to_text(html));
        assert_safe(&shown);
        assert!(shown.contains('\u{FFFD}'), "{html:?} -> {shown:?}");
    }
    assert_eq!(
        sanitize(&html_to_text("&#27;]52;c;abc&#7;")),
        "\u{FFFD}]52;c;abc\u{FFFD}"
    );
}

#[test]
fn html_to_text_is_linear_on_pathological_input() {
    let inputs = [
        "<".repeat(200_000),
        "&".repeat(200_000),
        "<script>".repeat(50_000),
        "<a ".repeat(100_000),
        "</".repeat(100_000),
        "<a '".repeat(100_000) + ">",
        "<a \"".repeat(100_000) + ">",
        "<!".repeat(100_000),
        "<!--".repeat(100_000),
        "<a '>".repeat(100_000),
    ];
    for input in inputs {
        let start = Instant::now();
        let _ = html_to_text(&input);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "took {:?}",
            start.elapsed()
        );
    }
}

// ---- escape_html ----------------------------------------------------------------------------

#[test]
fn escape_html_escapes_markup_and_line_breaks() {
    assert_eq!(escape_html("<b>hi</b>"), "&lt;b&gt;hi&lt;/b&gt;");
    assert_eq!(
        escape_html("a & \"b\" 'c'"),
        "a &amp; &quot;b&quot; &#39;c&#39;"
    );
    assert_eq!(
        escape_html("one\ntwo\r\nthree\rfour"),
        "one<br>two<br>three<br>four"
    );
    assert_eq!(escape_html("&amp;"), "&amp;amp;");
    assert_eq!(escape_html("日本 👍"), "日本 👍");
}

#[test]
fn customer_markup_reaches_the_agent_as_literal_text() {
    let typed = "<b>hi</b> & <script>x</script>";
    let sent = escape_html(&clean_outgoing(typed));
    assert_eq!(html_to_text(&sent), typed);
}

proptest! {
    #[test]
    fn html_round_trips_sanitized_text(s in any::<String>()) {
        // sanitize() leaves no `\r` (the one thing escape_html cannot give back) and everything
        // else survives escape + strip exactly, trailing newlines included.
        let t = sanitize(&s);
        prop_assert_eq!(html_to_text(&escape_html(&t)), t);
    }

    #[test]
    fn html_round_trips_outgoing_text(s in "(?s).{0,64}") {
        let t = clean_outgoing(&s);
        prop_assert_eq!(html_to_text(&escape_html(&t)), t);
    }

    #[test]
    fn sanitize_output_is_always_safe_and_idempotent(s in any::<String>()) {
        let once = sanitize(&s);
        prop_assert!(!once.chars().any(is_dangerous));
        prop_assert_eq!(sanitize(&once), once.clone());
        let line = sanitize_line(&s);
        prop_assert!(!line.chars().any(|c| is_dangerous(c) || c == '\n'));
    }

    #[test]
    fn html_to_text_never_panics(s in "(?s)[<>&#;/a-z!x0-9 \"'-]{0,64}") {
        let _ = html_to_text(&s);
    }

    #[test]
    fn truncate_never_exceeds_max(s in any::<String>(), max in 0usize..40) {
        let t = sanitize(&s);
        let cut = truncate_to_width(&t, max);
        prop_assert!(display_width(&cut) <= max);
    }
}

// ---- width ----------------------------------------------------------------------------------

#[test]
fn display_width_counts_cells() {
    assert_eq!(display_width(""), 0);
    assert_eq!(display_width("abc"), 3);
    assert_eq!(display_width("日本"), 4);
    assert_eq!(display_width("e\u{301}"), 1);
    assert_eq!(display_width("👍"), 2);
}

#[test]
fn truncate_to_width_table() {
    let cases = [
        ("hello", 10, "hello"),
        ("hello", 5, "hello"),
        ("hello world", 5, "hell…"),
        ("hello", 1, "…"),
        ("hello", 0, ""),
        ("", 0, ""),
        // A wide char that would straddle the limit is dropped whole.
        ("日本語", 4, "日…"),
        ("日本語", 5, "日本…"),
        ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"),
        ("👍👍👍", 3, "👍…"),
    ];
    for (s, max, expected) in cases {
        assert_eq!(truncate_to_width(s, max), expected, "{s:?} at {max}");
    }
}

#[test]
fn cjk_text_is_kept_and_marks_after_it_are_still_capped() {
    let cjk = "ご注文の商品は明日発送されます。追跡番号はメールでお送りします。";
    assert_eq!(limit_combining(cjk), cjk);
    // An ideograph followed by 30 combining marks: one cluster, cut to 16 chars.
    let stacked = format!("日本{}", "\u{301}".repeat(30));
    let capped = limit_combining(&stacked);
    assert_eq!(capped.chars().count(), 1 + 16);
    // Kana voicing marks are combining: a run of them is not mistaken for plain kana.
    let voiced = format!("か{}", "\u{3099}".repeat(30));
    assert_eq!(limit_combining(&voiced).chars().count(), 16);
}
