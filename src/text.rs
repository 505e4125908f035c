//! Text hygiene for everything that crosses the terminal or the wire.
//!
//! Owns:
//! - [`sanitize`] / [`sanitize_line`]: the one function every untrusted string (agent messages,
//!   names, file names, form labels, server error bodies) goes through before it can reach a
//!   terminal, a window title, a log line or a notification;
//! - [`limit_combining`]: a cap on grapheme cluster length, so a "zalgo" grapheme with thousands of
//!   combining marks cannot make width or wrap calculations quadratic;
//! - [`html_to_text`]: the server's HTML message text to plain text (PROTOCOL.md, "Message text is
//!   HTML"), and [`escape_html`] / [`clean_outgoing`] for the customer's text on the way out;
//! - [`display_width`] / [`truncate_to_width`]: terminal cell widths, grapheme-correct.
//!
//! Does not own: wrapping (the transcript's line cache does that), styling, or deciding *where*
//! text is untrusted (the `api` layer sanitises once where data enters). Everything here is a pure
//! function of its input: no I/O, no allocation beyond the returned string.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What replaces a run of removed characters, so the reader can see that something was taken out.
const REPLACEMENT: char = '\u{FFFD}';

/// Longest grapheme cluster kept by [`limit_combining`], in chars. Real text stays well below it:
/// the longest emoji ZWJ sequences are ~10 chars and stacked diacritics in living scripts ~5.
const MAX_GRAPHEME_CHARS: usize = 16;

/// Tab stops are not tracked across the text (the renderer wraps it later), so a tab is simply
/// this many spaces.
const TAB: &str = "    ";

/// How [`clean`] treats newlines and forbidden characters; one pass serves all three entry points.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Multi-line display: newlines kept, forbidden chars shown as one U+FFFD per run.
    Display,
    /// Single-line display: as `Display`, but every newline becomes a space.
    Line,
    /// Outgoing text: newlines kept, forbidden chars dropped silently (the agent should not see
    /// our markers, and the customer already saw what they pasted).
    Outgoing,
}

/// Makes untrusted text safe to show in a terminal.
///
/// - `\n` is kept; `\r\n`, a lone `\r`, U+2028 and U+2029 become `\n`; a tab becomes 4 spaces.
/// - C0 controls, DEL, C1 controls (U+0080–U+009F), bidi overrides / isolates / marks
///   (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and tag characters (U+E0000–U+E007F)
///   are replaced: each run of consecutive ones by a single U+FFFD, so `"\x1b[2J"` reads `"�[2J"`.
/// - Grapheme clusters are capped by [`limit_combining`].
///
/// Everything else (CJK, emoji, ZWJ sequences, combining marks) passes unchanged. Linear time.
pub fn sanitize(s: &str) -> String {
    limit_combining_owned(clean(s, Mode::Display))
}

/// [`sanitize`] for single-line sinks (names, the window title, file names): newlines become spaces.
pub fn sanitize_line(s: &str) -> String {
    limit_combining_owned(clean(s, Mode::Line))
}

/// Sanitises the customer's text before it is sent: forbidden characters (see [`sanitize`]) are
/// removed rather than replaced, line breaks are normalised to `\n`, tabs expand to 4 spaces, and
/// trailing whitespace is trimmed. A pasted escape sequence therefore never reaches the agent.
pub fn clean_outgoing(s: &str) -> String {
    let mut out = limit_combining_owned(clean(s, Mode::Outgoing));
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

/// Caps every grapheme cluster at 16 chars by dropping the excess (combining marks, in practice).
///
/// Width and wrap code measures text cluster by cluster; without a cap, one cluster of 100,000
/// marks is a single "character" whose every measurement walks all of it.
pub fn limit_combining(s: &str) -> String {
    if !may_have_long_cluster(s) {
        return s.to_owned();
    }
    cap_clusters(s)
}

/// [`limit_combining`] that reuses its input when nothing needs to change (the common case).
fn limit_combining_owned(s: String) -> String {
    if may_have_long_cluster(&s) {
        cap_clusters(&s)
    } else {
        s
    }
}

/// CJK ideographs, kana and full-width forms are never Extend, SpacingMark, ZWJ, Prepend, Hangul
/// jamo, regional indicators or Extended_Pictographic, so no cluster continues through one. The
/// ranges leave out the few combining marks of these blocks (U+302A–U+302F, U+3099–U+309C and
/// the half-width sound marks above U+FF60).
fn never_continues_a_cluster(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{3029}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A0}'..='\u{30FF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF01}'..='\u{FF60}'
    )
}

fn cap_clusters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for cluster in s.graphemes(true) {
        match cluster.char_indices().nth(MAX_GRAPHEME_CHARS) {
            Some((cut, _)) => out.push_str(&cluster[..cut]),
            None => out.push_str(cluster),
        }
    }
    out
}

/// A cheap pre-check for [`limit_combining`]: no extended grapheme cluster continues through an
/// ASCII char except CR LF (ASCII is never Extend, SpacingMark, ZWJ or Prepend), so a cluster of
/// more than 16 chars needs at least 16 consecutive non-ASCII chars. Most text (and all ASCII)
/// never gets near that, and skips grapheme segmentation entirely. Common CJK letters
/// ([`never_continues_a_cluster`]) break a run the same way, so Chinese or Japanese text skips it too.
fn may_have_long_cluster(s: &str) -> bool {
    let mut run = 0usize;
    for c in s.chars() {
        if c.is_ascii() || never_continues_a_cluster(c) {
            run = 0;
        } else {
            run += 1;
            if run >= MAX_GRAPHEME_CHARS {
                return true;
            }
        }
    }
    false
}

/// True for the characters that must never reach a terminal (see [`sanitize`]). Tab, `\n` and
/// `\r` are controls too, but [`clean`] handles them before asking.
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}'          // C0 controls: ESC starts every terminal escape sequence
        | '\u{7F}'                  // DEL
        | '\u{80}'..='\u{9F}'       // C1 controls: U+009B is an 8-bit CSI on some terminals
        | '\u{200E}' | '\u{200F}'   // LRM, RLM
        | '\u{061C}'                // Arabic letter mark
        | '\u{202A}'..='\u{202E}'   // bidi embeddings and overrides ("invoice\u{202E}fdp.exe")
        | '\u{2066}'..='\u{2069}'   // bidi isolates
        | '\u{E0000}'..='\u{E007F}' // tag characters: invisible text smuggling
    )
}

/// The single character pass shared by the sanitisers.
fn clean(s: &str, mode: Mode) -> String {
    let newline = if mode == Mode::Line { ' ' } else { '\n' };
    let mut out = String::with_capacity(s.len());
    // Whether the last thing emitted was a replacement marker for a removed run.
    let mut in_removed_run = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => out.push(newline),
            '\r' => {
                // "\r\n" is one line break; the "\n" that follows emits it.
                if chars.peek() != Some(&'\n') {
                    out.push(newline);
                }
            }
            '\t' => out.push_str(TAB),
            c if is_forbidden(c) => {
                if mode != Mode::Outgoing && !in_removed_run {
                    out.push(REPLACEMENT);
                }
                in_removed_run = true;
                continue;
            }
            c => out.push(c),
        }
        in_removed_run = false;
    }
    out
}

/// Elements whose content is never text a person should read: dropped with their content.
const DROPPED_ELEMENTS: [&str; 5] = ["script", "style", "template", "noscript", "iframe"];

/// Closing tags that end a block, rendered as a line break between blocks.
const BLOCK_ENDS: [&str; 11] = [
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
];

/// Converts the HTML of a server message to plain text, without interpreting it beyond that.
///
/// Tags are stripped; `<br>` (any spelling) is a line break, and so is the end of a block
/// (`</p>`, `</div>`, …) when more text follows it; `<script>`, `<style>` and similar elements
/// vanish with their content; comments vanish. Entities are decoded: the common named ones, and
/// decimal / hex numeric ones (an invalid, surrogate or out-of-range code point becomes U+FFFD).
/// An unknown entity, or a `<` that does not start a tag (`a < b`), stays literal.
///
/// The result is **not** safe to display: `&#27;` decodes to ESC. Callers show
/// `sanitize(&html_to_text(msg))`.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    // Past the last `>` no tag can close: every `<` there is literal, known without a scan
    // (which would make a message of a million `<a ` quadratic).
    let tags_end = html.rfind('>').map_or(0, |i| i + 1);
    // A block end seen but not yet written: written only if more text follows, so a message
    // wrapped in `<p>…</p>` does not end in a stray blank line.
    let mut pending_break = false;
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        push_text(&mut out, &mut pending_break, &rest[..pos]);
        let at = &rest[pos..];
        if let Some(after_amp) = at.strip_prefix('&') {
            match decode_entity(at) {
                Some((c, used)) => {
                    push_char(&mut out, &mut pending_break, c);
                    rest = &at[used..];
                }
                None => {
                    push_char(&mut out, &mut pending_break, '&');
                    rest = after_amp;
                }
            }
            continue;
        }
        let closable = html.len() - at.len() < tags_end;
        match closable.then(|| parse_tag(at)).flatten() {
            None => {
                push_char(&mut out, &mut pending_break, '<');
                rest = &at[1..];
            }
            Some(tag) => {
                rest = &at[tag.len..];
                match tag.kind {
                    TagKind::Comment => {}
                    TagKind::Open(name) if name == "br" => {
                        push_char(&mut out, &mut pending_break, '\n')
                    }
                    TagKind::Close(name) if name == "br" => {
                        // `</br>` is parsed as `<br>` by browsers; be as liberal.
                        push_char(&mut out, &mut pending_break, '\n')
                    }
                    TagKind::Open(name) if DROPPED_ELEMENTS.contains(&name.as_str()) => {
                        if !tag.self_closing {
                            rest = skip_element_content(rest, &name);
                        }
                    }
                    TagKind::Close(name) if BLOCK_ENDS.contains(&name.as_str()) => {
                        pending_break = !out.is_empty();
                    }
                    TagKind::Open(_) | TagKind::Close(_) => {}
                }
            }
        }
    }
    push_text(&mut out, &mut pending_break, rest);
    out
}

fn push_text(out: &mut String, pending_break: &mut bool, text: &str) {
    if text.is_empty() {
        return;
    }
    // A raw line break right after a block end (`</p>\n<p>`) is the same break, not a second.
    if std::mem::take(pending_break) && !text.starts_with('\n') {
        out.push('\n');
    }
    out.push_str(text);
}

fn push_char(out: &mut String, pending_break: &mut bool, c: char) {
    if std::mem::take(pending_break) {
        out.push('\n');
    }
    out.push(c);
}

enum TagKind {
    /// `<name …>` (or `<name/>`), name lowercased.
    Open(String),
    /// `</name …>`, name lowercased.
    Close(String),
    /// `<!-- … -->`, `<!DOCTYPE …>`, `<?…?>`: nothing to show.
    Comment,
}

struct Tag {
    kind: TagKind,
    self_closing: bool,
    /// Bytes from the `<` through the closing `>`.
    len: usize,
}

/// Parses a tag at the start of `s` (which starts with `<`). `None` means the `<` is literal text:
/// it is not followed by a letter, `/letter`, `!` or `?`, or the tag never closes.
fn parse_tag(s: &str) -> Option<Tag> {
    let body = &s[1..];
    if let Some(comment) = body.strip_prefix("!--") {
        // Like any tag that never closes, an unterminated comment is literal text.
        let end = comment.find("-->")?;
        return Some(Tag {
            kind: TagKind::Comment,
            self_closing: false,
            len: 1 + 3 + end + 3,
        });
    }
    let first = body.chars().next()?;
    let (closing, name_start) = match first {
        '!' | '?' => {
            // The caller knows a `>` follows, so this scan always pays for what it consumes.
            let end = body.find('>')?;
            return Some(Tag {
                kind: TagKind::Comment,
                self_closing: false,
                len: 1 + end + 1,
            });
        }
        '/' => (true, 1),
        c if c.is_ascii_alphabetic() => (false, 0),
        _ => return None,
    };
    let after_name = &body[name_start..];
    if !after_name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = after_name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(after_name.len());
    let name = after_name[..name_len].to_ascii_lowercase();
    let attrs_start = 1 + name_start + name_len;
    let end = attrs_start + tag_end(&s[attrs_start..])?;
    Some(Tag {
        kind: if closing {
            TagKind::Close(name)
        } else {
            TagKind::Open(name)
        },
        self_closing: s[..end].ends_with('/'),
        len: end + 1,
    })
}

/// How far a quote-aware scan looks for the end of a tag before settling for the first `>`.
/// Bounds the work per `<` so that no input makes [`html_to_text`] quadratic.
const MAX_QUOTED_TAG: usize = 512;

/// Offset of the `>` ending a tag's attributes: the first one outside a quoted value
/// (`<a title="x>y">`), or, for an unbalanced quote or a very long tag, simply the first one.
fn tag_end(attrs: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in attrs.char_indices().take(MAX_QUOTED_TAG) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, _) => {}
        }
    }
    attrs.find('>')
}

/// Skips the content of a dropped element up to and including its end tag; with no end tag, the
/// rest of the message is dropped (its content must never show).
fn skip_element_content<'a>(s: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(found) = s[from..].find("</") {
        let at = from + found;
        let candidate = &s[at + 2..];
        let matches_name = candidate
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        if matches_name {
            let after = &candidate[name.len()..];
            if after.is_empty() || after.starts_with(|c: char| c == '>' || c.is_whitespace()) {
                return match after.find('>') {
                    Some(gt) => &after[gt + 1..],
                    None => "",
                };
            }
        }
        from = at + 2;
    }
    ""
}

/// Longest entity name we look up; also bounds the scan for `;`.
const MAX_ENTITY_NAME: usize = 32;

/// Decodes the entity at the start of `s` (which starts with `&`): the char and the bytes used.
/// `None` leaves the `&` literal.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (radix, digits_at) = match num.as_bytes().first() {
            Some(b'x' | b'X') => (16, 1),
            _ => (10, 0),
        };
        let digits = &num[digits_at..];
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 {
            return None;
        }
        // Saturate instead of overflowing: any huge number is simply out of range.
        let value = digits[..len].chars().fold(0u32, |acc, d| {
            acc.saturating_mul(radix)
                .saturating_add(d.to_digit(radix).unwrap_or(0))
        });
        let c = match value {
            0 => REPLACEMENT,
            v => char::from_u32(v).unwrap_or(REPLACEMENT),
        };
        // The `;` is optional for numeric references, as in browsers.
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c, 1 + 1 + digits_at + len + semicolon));
    }
    let name_len = body
        .char_indices()
        .take(MAX_ENTITY_NAME + 1)
        .find(|&(_, c)| !c.is_ascii_alphanumeric())
        .map(|(i, _)| i)?;
    if name_len == 0 || !body[name_len..].starts_with(';') {
        return None;
    }
    let c = named_entity(&body[..name_len])?;
    Some((c, 1 + name_len + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        // A chat transcript wraps on spaces; a non-breaking space would glue words for no gain.
        "nbsp" => ' ',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "curren" => '¤',
        "sect" => '§',
        "para" => '¶',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "middot" => '·',
        "bull" => '•',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "prime" => '′',
        "micro" => 'µ',
        "iexcl" => '¡',
        "iquest" => '¿',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "ordf" => 'ª',
        "ordm" => 'º',
        "not" => '¬',
        "shy" => '\u{AD}',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "hearts" => '♥',
        "check" => '✓',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        _ => return None,
    })
}

/// HTML-escapes the customer's plain text for the `msg` field of an outgoing message: `& < > " '`
/// become `&amp; &lt; &gt; &quot; &#39;` and each line break (`\n`, `\r\n` or `\r`) becomes `<br>`,
/// so the agent sees exactly what was typed (`<b>hi</b>` arrives as that literal text).
pub fn escape_html(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + plain.len() / 8);
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Terminal cells `s` occupies, summed cluster by cluster as ratatui lays text out (so it agrees
/// with what is drawn, including emoji ZWJ sequences). Meant for sanitised text.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        // One cell per printable char; segmentation cannot change that.
        return s.width();
    }
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `s` to at most `max` cells, ending in `…` when anything was cut. Never splits a grapheme
/// cluster; a wide char that would straddle the limit is dropped whole, so the result may be one
/// cell narrower than `max`.
pub fn truncate_to_width(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_owned();
    }
    // The ellipsis itself takes one cell.
    let Some(budget) = max.checked_sub(1) else {
        return String::new();
    };
    let mut out = String::new();
    let mut used = 0;
    for cluster in s.graphemes(true) {
        let w = cluster.width();
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(cluster);
    }
    out.push('…');
    out
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
