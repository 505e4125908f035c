//! Relative times for people coming back to the terminal: "just now", "3 min ago", "2 h ago",
//! "yesterday 14:05", then a date.
//!
//! Owns: the wording ([`Relative`], [`relative`]) and when that wording next changes
//! ([`next_change_ms`]), so the app can ask for a wake-up exactly then and never more often than
//! the label's granularity (a minute, then an hour, then midnight). Pure: both instants are
//! passed in, the app never reads a clock. Does not own where labels are shown (`chat_recency`)
//! or transcript rows (they stay absolute `HH:MM`, see `transcript::clock`).
//!
//! Every computation saturates or is checked: timestamps come from the wire and may be anything
//! in `i64`.

use std::fmt;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
const DAY_SECS: i64 = 86_400;

/// How long ago an instant was, at the granularity a glance needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relative {
    /// Under a minute ago, or in the future (the other side's clock runs ahead of ours).
    JustNow,
    /// 1–59 whole minutes ago.
    Minutes(i64),
    /// 1–23 whole hours ago: minutes would change the label every minute for little gain.
    Hours(i64),
    /// A day or more ago, on the local calendar day before today: the local `HH:MM`.
    Yesterday(String),
    /// Earlier still: the local `YYYY-MM-DD HH:MM` (or "long ago" beyond the calendar's range).
    On(String),
}

impl fmt::Display for Relative {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Relative::JustNow => f.write_str("just now"),
            Relative::Minutes(n) => write!(f, "{n} min ago"),
            Relative::Hours(n) => write!(f, "{n} h ago"),
            Relative::Yesterday(clock) => write!(f, "yesterday {clock}"),
            Relative::On(date) => f.write_str(date),
        }
    }
}

/// How long before `now_ms` the instant `then_ms` was, in the local offset.
pub fn classify(then_ms: i64, now_ms: i64, utc_offset_secs: i32) -> Relative {
    let age = now_ms.saturating_sub(then_ms);
    if age < MINUTE_MS {
        Relative::JustNow
    } else if age < HOUR_MS {
        Relative::Minutes(age / MINUTE_MS)
    } else if age < DAY_MS {
        Relative::Hours(age / HOUR_MS)
    } else if local_day(now_ms, utc_offset_secs).saturating_sub(local_day(then_ms, utc_offset_secs))
        == 1
    {
        Relative::Yesterday(super::transcript::clock(then_ms, utc_offset_secs))
    } else {
        Relative::On(local_date(then_ms, utc_offset_secs))
    }
}

/// The text of [`classify`]: "just now", "3 min ago", "yesterday 14:05", ...
pub fn relative(then_ms: i64, now_ms: i64, utc_offset_secs: i32) -> String {
    classify(then_ms, now_ms, utc_offset_secs).to_string()
}

/// The first instant after `now_ms` at which [`relative`] reads differently; `None` when it
/// never will (a date) or that instant is beyond `i64`. Minute labels change on minute
/// boundaries counted from `then_ms`, hour labels on hour boundaries, "yesterday" at the next
/// local midnight.
pub fn next_change_ms(then_ms: i64, now_ms: i64, utc_offset_secs: i32) -> Option<i64> {
    let age = now_ms.saturating_sub(then_ms);
    let after = |step: i64| {
        // Whole steps elapsed, plus one: the next boundary strictly after now.
        let steps = age.div_euclid(step).checked_add(1)?;
        then_ms.checked_add(steps.checked_mul(step)?)
    };
    match classify(then_ms, now_ms, utc_offset_secs) {
        // In the future or under a minute: "1 min ago" starts a minute after `then`.
        Relative::JustNow => then_ms.checked_add(MINUTE_MS),
        Relative::Minutes(_) => after(MINUTE_MS),
        Relative::Hours(_) => after(HOUR_MS),
        Relative::Yesterday(_) => {
            let next_day = local_day(now_ms, utc_offset_secs).checked_add(1)?;
            let local_secs = next_day.checked_mul(DAY_SECS)?;
            local_secs
                .checked_sub(i64::from(utc_offset_secs))?
                .checked_mul(1000)
        }
        Relative::On(_) => None,
    }
}

/// The local calendar day number (days since 1970-01-01 in the local offset).
pub fn local_day(ms: i64, utc_offset_secs: i32) -> i64 {
    local_secs(ms, utc_offset_secs).div_euclid(DAY_SECS)
}

fn local_secs(ms: i64, utc_offset_secs: i32) -> i64 {
    ms.div_euclid(1000)
        .saturating_add(i64::from(utc_offset_secs))
}

/// `YYYY-MM-DD HH:MM` in the local offset.
/// A local date and time, "2026-03-14 14:05".
pub fn local_date(ms: i64, utc_offset_secs: i32) -> String {
    chrono::DateTime::from_timestamp(local_secs(ms, utc_offset_secs), 0)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        // chrono covers ±262,000 years; a wire timestamp beyond that is not a real date.
        .unwrap_or_else(|| "long ago".to_string())
}

#[cfg(test)]
#[path = "relative_time_tests.rs"]
mod tests;
