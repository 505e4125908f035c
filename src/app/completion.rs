//! Path completion as a field sees it: the runtime lists the matches (`Effect::CompletePath`),
//! and the answer is applied here to the path field that asked, by Home's image field and the
//! chat's attach prompt alike.

use super::composer::Composer;

/// Applies a path completion to a path field: one match replaces the text, several extend it to
/// their common prefix and are listed. A stale answer (the text changed since) is ignored.
pub fn apply(field: &mut Composer, shown: &mut Vec<String>, input: &str, candidates: Vec<String>) {
    if field.text() != input {
        return;
    }
    let candidates: Vec<String> = candidates
        .iter()
        .map(|c| crate::text::sanitize_line(c))
        .collect();
    match candidates.as_slice() {
        [] => shown.clear(),
        [only] => {
            field.set_text(only);
            shown.clear();
        }
        many => {
            let prefix = common_prefix(many);
            if prefix.len() > input.len() {
                field.set_text(&prefix);
            }
            *shown = candidates;
        }
    }
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut len = first.len();
    for item in &items[1..] {
        len = first
            .char_indices()
            .zip(item.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map(|((i, a), _)| i + a.len_utf8())
            .unwrap_or(0)
            .min(len);
    }
    first[..len].to_string()
}
