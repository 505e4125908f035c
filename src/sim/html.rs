//! The little HTML the simulated tenant needs: escaping what it generates (agent messages are
//! HTML on the wire) and reading a customer's escaped message back as plain text.
//! Deliberately tiny; the client's own HTML handling lives in `text`.

/// The agent's text as a tenant sends it: the same escaping as the client's own messages.
pub(crate) use crate::text::escape_html;

/// Plain text of a message body: `<br>` is a newline, other tags vanish, common and numeric
/// entities are decoded (an undecodable one stays as written).
pub(crate) fn html_to_plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
            let tag = rest[..end].to_ascii_lowercase();
            if tag.starts_with("<br") {
                out.push('\n');
            }
            rest = &rest[end..];
        } else if c == '&' {
            let end = rest.find(';').filter(|&i| i <= 10);
            let decoded = end.and_then(|i| decode_entity(&rest[1..i]));
            match (end, decoded) {
                (Some(i), Some(d)) => {
                    out.push(d);
                    rest = &rest[i + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_then_read_back_is_the_original() {
        let text = "a < b & \"c\" 'd'\nnext line <script>";
        assert_eq!(
            escape_html(text),
            "a &lt; b &amp; &quot;c&quot; &#39;d&#39;<br>next line &lt;script&gt;"
        );
        assert_eq!(html_to_plain(&escape_html(text)), text);
    }

    #[test]
    fn tags_vanish_and_entities_decode() {
        assert_eq!(
            html_to_plain("<b>hi</b><BR/>&#x263A; &#65; &bogus; & x"),
            "hi\n☺ A &bogus; & x"
        );
        assert_eq!(html_to_plain("unclosed <tag"), "unclosed ");
    }
}
