//! (scratch stand-in until the `text` module lands from the config branch; replaced by a merge)
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{E0000}'..='\u{E007F}')
}

pub fn sanitize(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\t', "    ");
    let mut out = String::new();
    let mut run = false;
    for c in s.chars() {
        if forbidden(c) {
            if !run {
                out.push('\u{FFFD}');
            }
            run = true;
        } else {
            run = false;
            out.push(c);
        }
    }
    out
}

pub fn sanitize_line(s: &str) -> String {
    sanitize(s).replace('\n', " ")
}

pub fn clean_outgoing(s: &str) -> String {
    let out: String = s.chars().filter(|c| !forbidden(*c) || *c == '\t').collect();
    out.trim_end().to_string()
}

pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                if tag
                    .trim_start_matches('/')
                    .to_ascii_lowercase()
                    .starts_with("br")
                {
                    out.push('\n');
                }
            }
            (true, c) => tag.push(c),
            (false, c) => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn display_width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

pub fn truncate_to_width(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_owned();
    }
    let Some(budget) = max.checked_sub(1) else {
        return String::new();
    };
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}
