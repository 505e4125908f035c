//! The wording at each boundary, the day change in a non-zero offset, hostile instants, and
//! that `next_change_ms` names exactly the instant the wording changes.

use super::*;
use proptest::prelude::*;

/// 2023-11-14 22:13:20 UTC.
const T0: i64 = 1_700_000_000_000;
const S: i64 = 1000;
const MIN: i64 = 60 * S;
const H: i64 = 60 * MIN;

fn rel(age_ms: i64) -> String {
    relative(T0, T0 + age_ms, 0)
}

#[test]
fn under_a_minute_is_just_now_and_a_minute_is_one_min() {
    assert_eq!(rel(0), "just now");
    assert_eq!(rel(59_999), "just now");
    assert_eq!(rel(60 * S), "1 min ago");
    assert_eq!(rel(2 * MIN - 1), "1 min ago");
    assert_eq!(rel(2 * MIN), "2 min ago");
}

#[test]
fn minutes_up_to_an_hour_then_whole_hours() {
    assert_eq!(rel(59 * MIN), "59 min ago");
    assert_eq!(rel(60 * MIN - 1), "59 min ago");
    assert_eq!(rel(60 * MIN), "1 h ago");
    assert_eq!(rel(H + 59 * MIN), "1 h ago");
    assert_eq!(rel(2 * H), "2 h ago");
    assert_eq!(rel(24 * H - 1), "23 h ago");
}

#[test]
fn a_day_later_reads_yesterday_or_a_date_on_the_local_calendar() {
    // T0 is 22:13 UTC; 24 h later is the next calendar day in UTC.
    assert_eq!(rel(24 * H), "yesterday 22:13");
    // Past the next midnight it is two calendar days back: a date.
    assert_eq!(rel(26 * H), "2023-11-14 22:13");
}

#[test]
fn the_day_change_follows_the_local_offset() {
    let plus_two = 2 * 3600;
    // T0 is 00:13 on Nov 15 at UTC+2; 24 h later is 00:13 on Nov 16 there.
    assert_eq!(relative(T0, T0 + 24 * H, plus_two), "yesterday 00:13");
    // 23:50 local on Nov 16 is still "yesterday" at UTC+2 ...
    assert_eq!(
        relative(T0, T0 + 24 * H + 23 * H + 37 * MIN, plus_two),
        "yesterday 00:13"
    );
    // ... while in UTC that instant (21:50 on Nov 16) is already two days after Nov 14.
    assert_eq!(
        relative(T0, T0 + 24 * H + 23 * H + 37 * MIN, 0),
        "2023-11-14 22:13"
    );
    // A negative offset: T0 is 17:13 on Nov 14 at UTC-5.
    assert_eq!(relative(T0, T0 + 30 * H, -5 * 3600), "yesterday 17:13");
}

#[test]
fn future_instants_read_just_now() {
    assert_eq!(rel(-1), "just now");
    assert_eq!(rel(-3 * H), "just now");
    assert_eq!(relative(i64::MAX, 0, 0), "just now");
}

#[test]
fn extreme_instants_neither_overflow_nor_panic() {
    for then in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX] {
        for now in [i64::MIN, -1, 0, T0, i64::MAX] {
            for offset in [i32::MIN, -50_400, 0, 50_400, i32::MAX] {
                let text = relative(then, now, offset);
                assert!(!text.is_empty());
                if let Some(next) = next_change_ms(then, now, offset) {
                    assert!(next > now, "{then} {now} {offset}: {next}");
                }
            }
        }
    }
    assert_eq!(relative(i64::MIN, i64::MAX, 0), "long ago");
    assert_eq!(relative(i64::MIN, 0, 0), "long ago");
}

#[test]
fn next_change_is_the_next_boundary_counted_from_then() {
    let next = |age: i64| next_change_ms(T0, T0 + age, 0).map(|t| t - T0);
    assert_eq!(next(0), Some(MIN));
    assert_eq!(next(59_999), Some(MIN));
    assert_eq!(next(MIN), Some(2 * MIN));
    assert_eq!(next(59 * MIN + 30 * S), Some(60 * MIN));
    assert_eq!(next(H), Some(2 * H));
    assert_eq!(next(23 * H + 1), Some(24 * H));
    // "yesterday 22:13" lasts until local midnight: 2023-11-16 00:00 UTC.
    assert_eq!(next(24 * H), Some(1_700_092_800_000 - T0));
    // A date never changes.
    assert_eq!(next(26 * H), None);
    // In the future: "1 min ago" begins a minute after `then`.
    assert_eq!(next(-5 * MIN), Some(MIN));
}

#[test]
fn yesterday_ends_at_local_midnight_in_the_offset() {
    let plus_two = 2 * 3600;
    // 00:13 Nov 16 at UTC+2 → midnight starting Nov 17 at UTC+2 = 22:00 Nov 16 UTC.
    let next = next_change_ms(T0, T0 + 24 * H, plus_two);
    assert_eq!(next, Some(1_700_172_000_000));
}

#[test]
fn next_change_does_not_overflow_near_the_end_of_time() {
    assert_eq!(next_change_ms(i64::MAX, 0, 0), None);
    assert_eq!(
        next_change_ms(i64::MAX - 30 * S, i64::MAX - 10 * S, 0),
        None
    );
    assert_eq!(next_change_ms(i64::MIN, i64::MAX, 0), None);
}

proptest! {
    /// The wording holds from `now` up to just before the announced instant and changes there;
    /// a minute-granularity label never asks for a wake-up sooner than its own next minute.
    #[test]
    fn the_wording_changes_exactly_at_next_change(
        age in -2 * DAY_MS..5 * DAY_MS,
        offset in -14 * 3600i32..=14 * 3600,
    ) {
        let now = T0 + age;
        let text = relative(T0, now, offset);
        match next_change_ms(T0, now, offset) {
            Some(next) => {
                prop_assert!(next > now);
                prop_assert_eq!(relative(T0, next - 1, offset), text.clone());
                prop_assert_ne!(relative(T0, next, offset), text);
                // Monotonic: asking again at the boundary moves forward.
                let again = next_change_ms(T0, next, offset);
                prop_assert!(again.is_none_or(|a| a > next));
            }
            None => {
                prop_assert_eq!(relative(T0, now + 365 * DAY_MS, offset), text);
            }
        }
    }
}
