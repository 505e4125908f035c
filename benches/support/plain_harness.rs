//! What the plain harnesses (`harness = false`, one measurement each) share.

/// Whether this harness, `name`, is to run: `cargo bench` passes `--bench` and any filter as
/// arguments, and a filter that names none of `name` skips it.
pub fn selected(name: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    filters.is_empty() || filters.iter().any(|a| name.contains(a.as_str()))
}
