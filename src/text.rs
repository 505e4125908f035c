//! (minimal placeholder; replaced by the full sanitiser)
pub fn sanitize_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}
