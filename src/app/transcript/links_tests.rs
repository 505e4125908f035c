use super::*;

fn links(text: &str) -> Vec<&str> {
    find(text).into_iter().map(|r| &text[r]).collect()
}

#[test]
fn http_https_and_mailto_are_links() {
    assert_eq!(
        links(
            "see https://example.com/track?id=42&x=1 or http://a.b/c, or mailto:help@example.com."
        ),
        vec![
            "https://example.com/track?id=42&x=1",
            "http://a.b/c",
            "mailto:help@example.com"
        ]
    );
    assert_eq!(
        links("HTTPS://EXAMPLE.COM/A"),
        vec!["HTTPS://EXAMPLE.COM/A"]
    );
}

#[test]
fn sentence_punctuation_and_unopened_brackets_stay_outside() {
    assert_eq!(
        links("(see https://en.wikipedia.org/wiki/Rust_(programming_language))."),
        vec!["https://en.wikipedia.org/wiki/Rust_(programming_language)"]
    );
    assert_eq!(links("[https://a.example/x]"), vec!["https://a.example/x"]);
    assert_eq!(links("go to https://a.example!"), vec!["https://a.example"]);
    assert_eq!(
        links("\"https://a.example/q\""),
        vec!["https://a.example/q"]
    );
    assert_eq!(links("<https://a.example/q>"), vec!["https://a.example/q"]);
}

#[test]
fn no_other_scheme_is_ever_a_link() {
    for text in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "JaVaScRiPt://example.com/%0aalert(1)",
        "smb://server/share",
    ] {
        assert!(find(text).is_empty(), "{text:?} was linked");
    }
}

#[test]
fn hostile_urls_are_cut_at_the_first_byte_that_is_not_printable_ascii() {
    // What the sanitiser leaves of an escape: a visible marker, which ends the link.
    let text = "https://evil.example/\u{fffd}]8;;https://other.example\u{fffd}\\";
    assert_eq!(
        links(text),
        vec!["https://evil.example/", "https://other.example"],
        "two links, neither holding the marker"
    );
    // Raw control bytes (should one ever get past the sanitiser) end it too.
    assert_eq!(
        links("https://a.example/\x1b]52;c;AAAA\x07"),
        vec!["https://a.example/"]
    );
    assert_eq!(
        links("https://a.example/\u{202e}gpj.exe"),
        vec!["https://a.example/"]
    );
    assert_eq!(links("https://a.example/\ty"), vec!["https://a.example/"]);
    // Non-ASCII hosts are not linked (the ASCII part before them would be another host).
    assert!(links("https://ех\u{430}mple.com").is_empty());
}

#[test]
fn what_is_not_a_whole_link_is_not_linked() {
    assert!(find("https://").is_empty());
    assert!(find("https:///path-only").is_empty());
    assert!(find("mailto:").is_empty());
    assert!(find("mailto:nobody").is_empty());
    assert!(find("xhttps://example.com").is_empty(), "inside a word");
    assert!(find("a.https://example.com").is_empty());
    let long = format!("https://example.com/{}", "a".repeat(MAX_LINK_BYTES));
    assert!(find(&long).is_empty(), "too long for a terminal");
}

#[test]
fn every_link_is_printable_ascii() {
    let text = "ok https://a.example/ä https://b.example/\u{7f}x mailto:a@b.example\u{85}";
    for link in links(text) {
        assert!(link.bytes().all(|b| b.is_ascii_graphic()), "{link:?}");
    }
    assert_eq!(urls("x https://a.example y"), vec!["https://a.example"]);
}
