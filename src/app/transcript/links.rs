//! The links in a message: `http://`, `https://` and `mailto:` URLs, and nothing else.
//!
//! Owns the one rule of what is a link. The text is untrusted (already sanitised, so an escape
//! byte is a visible marker by now): a link is printable ASCII only, so whatever the marker or
//! any other character is, it ends the link; no other scheme (`javascript:`, `file:`) is ever
//! one. Does not own drawing links (`ui`, OSC 8) or opening them (the runtime, the system
//! opener).

use std::ops::Range;

/// The schemes that make a link, lower case (a URL's scheme is matched without case).
const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Longer URLs are left as text: terminals cap what they accept in OSC 8, and no one reads one.
pub const MAX_LINK_BYTES: usize = 2000;

/// The byte ranges of the links in `text`, in order.
pub fn find(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        // Every scheme starts with h or m: most bytes are ruled out by one comparison (a 1 MB
        // message is scanned when it is laid out).
        if !matches!(bytes[at] | 0x20, b'h' | b'm') {
            at += 1;
            continue;
        }
        let Some(scheme) = scheme_at(bytes, at) else {
            at += 1;
            continue;
        };
        // A scheme inside a word ("xhttps://") is not the start of a link.
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'.') {
            at += scheme.len();
            continue;
        }
        let end = link_end(bytes, at);
        if let Some(end) = end.filter(|end| is_link(&text[at..*end], scheme)) {
            found.push(at..end);
            at = end;
        } else {
            at += scheme.len();
        }
    }
    found
}

/// The links of `text` as strings (the list `u` shows).
pub fn urls(text: &str) -> Vec<String> {
    find(text)
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

fn scheme_at(bytes: &[u8], at: usize) -> Option<&'static str> {
    SCHEMES.into_iter().find(|scheme| {
        bytes
            .get(at..at + scheme.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(scheme.as_bytes()))
    })
}

/// Where the link starting at `start` ends: at the first byte that cannot be in one (space,
/// anything not printable ASCII, quotes and angle brackets), less the punctuation that ends a
/// sentence and closing brackets that were not opened inside the link.
fn link_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    while end < bytes.len() && is_url_byte(bytes[end]) {
        end += 1;
    }
    loop {
        let last = *bytes[start..end].last()?;
        let trim = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_' => true,
            b')' => unbalanced(&bytes[start..end], b'(', b')'),
            b']' => unbalanced(&bytes[start..end], b'[', b']'),
            _ => false,
        };
        if !trim {
            return Some(end);
        }
        end -= 1;
    }
}

fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\')
}

fn unbalanced(link: &[u8], open: u8, close: u8) -> bool {
    let count = |c| link.iter().filter(|b| **b == c).count();
    count(close) > count(open)
}

/// Whether `candidate` is a whole link: a host after `http(s)://`, an address after `mailto:`,
/// one the URL parser accepts, and not too long.
fn is_link(candidate: &str, scheme: &str) -> bool {
    if candidate.len() > MAX_LINK_BYTES || candidate.len() <= scheme.len() {
        return false;
    }
    // `https:///x` would parse with `x` as its host: not what it says.
    if candidate[scheme.len()..].starts_with('/') {
        return false;
    }
    let Ok(url) = url::Url::parse(candidate) else {
        return false;
    };
    match url.scheme() {
        "http" | "https" => url.host_str().is_some_and(|h| !h.is_empty()),
        "mailto" => url.path().contains('@'),
        _ => false,
    }
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
