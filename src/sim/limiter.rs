//! The tenant's rate limiter: at most `max_requests` non-poll requests per client in any `per`
//! long stretch; the request over the limit is refused with `Retry-After`, and so is every
//! further one until that time has passed (PROTOCOL.md, "Being a good citizen on the wire").
//!
//! Owns the limit ([`RateLimit`]) and the per-client bookkeeping, as a pure decision taking the
//! time as an argument so it can be tested without a server. The HTTP side (which requests are
//! counted, what the refusal looks like) is `traffic`'s.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;
use tokio::time::Instant;

/// Past this many clients, those with nothing left to remember are forgotten, so a tenant that
/// sees many clientIds does not grow without bound.
const PRUNE_ABOVE: usize = 1024;

/// A limit on a client's non-poll requests (the poll is exempt: holding one is how a client
/// waits). Off unless configured (`SimConfig::rate_limit`, `SimControl::set_rate_limit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests accepted per client in any window of `per`.
    pub max_requests: u32,
    pub per: Duration,
    /// What `Retry-After` says (seconds) when the limit is hit. A client that waits this long
    /// and is still over the limit (when `per` is longer) is refused again.
    pub retry_after_secs: u64,
}

/// What the limiter decided about one non-poll request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Pass,
    /// Refuse it, telling the client to wait this many seconds.
    Refuse {
        retry_after_secs: u64,
    },
}

/// What the limiter knows about one client.
#[derive(Debug, Default)]
struct Bucket {
    /// When each accepted request of the current window arrived, oldest first.
    accepted: VecDeque<Instant>,
    /// Until when the client was told to stay away (the last `Retry-After` it was given).
    quiet_until: Option<Instant>,
}

impl Bucket {
    fn idle(&self, now: Instant) -> bool {
        self.accepted.is_empty() && self.quiet_until.is_none_or(|t| t <= now)
    }
}

/// The limiter's state: the limit in force and each client's bucket.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    limit: Option<RateLimit>,
    buckets: HashMap<String, Bucket>,
}

/// One non-poll request's fate, and whether it came while its client was told to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    pub verdict: Verdict,
    pub during_retry_after: bool,
}

impl Limiter {
    pub fn new(limit: Option<RateLimit>) -> Limiter {
        Limiter {
            limit,
            buckets: HashMap::new(),
        }
    }

    /// Replaces the limit; what clients did under the old one is forgotten.
    pub fn set(&mut self, limit: Option<RateLimit>) {
        self.limit = limit;
        self.buckets.clear();
    }

    /// Decides about a non-poll request of `client` arriving at `now`. Without a limit every
    /// request passes and nothing is remembered.
    pub fn check(&mut self, client: &str, now: Instant) -> Decision {
        let Some(limit) = self.limit else {
            return Decision {
                verdict: Verdict::Pass,
                during_retry_after: false,
            };
        };
        if self.buckets.len() > PRUNE_ABOVE {
            self.prune(now, limit.per);
        }
        let bucket = self.buckets.entry(client.to_string()).or_default();
        while bucket
            .accepted
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= limit.per)
        {
            bucket.accepted.pop_front();
        }
        if let Some(until) = bucket.quiet_until.filter(|t| now < *t) {
            // Still inside the window it was given: refused again with the time that is left,
            // and the deadline is not moved (the client is told the same moment).
            let left = until.saturating_duration_since(now);
            return Decision {
                verdict: Verdict::Refuse {
                    retry_after_secs: whole_secs_up(left),
                },
                during_retry_after: true,
            };
        }
        let full =
            bucket.accepted.len() >= usize::try_from(limit.max_requests).unwrap_or(usize::MAX);
        if full {
            bucket.quiet_until = Some(now + Duration::from_secs(limit.retry_after_secs));
            return Decision {
                verdict: Verdict::Refuse {
                    retry_after_secs: limit.retry_after_secs,
                },
                during_retry_after: false,
            };
        }
        bucket.accepted.push_back(now);
        Decision {
            verdict: Verdict::Pass,
            during_retry_after: false,
        }
    }

    /// Whether `client` is inside a Retry-After window at `now` (only its polls pass then).
    pub fn in_retry_after(&self, client: &str, now: Instant) -> bool {
        self.buckets
            .get(client)
            .and_then(|b| b.quiet_until)
            .is_some_and(|t| now < t)
    }

    fn prune(&mut self, now: Instant, per: Duration) {
        for bucket in self.buckets.values_mut() {
            while bucket
                .accepted
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= per)
            {
                bucket.accepted.pop_front();
            }
        }
        self.buckets.retain(|_, b| !b.idle(now));
    }
}

/// Seconds, rounded up, so a client that waits what it was told is past the deadline.
fn whole_secs_up(d: Duration) -> u64 {
    let secs = d.as_secs();
    if d.subsec_nanos() > 0 { secs + 1 } else { secs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(max_requests: u32, per_secs: u64, retry_after_secs: u64) -> Option<RateLimit> {
        Some(RateLimit {
            max_requests,
            per: Duration::from_secs(per_secs),
            retry_after_secs,
        })
    }

    fn refused(secs: u64, during: bool) -> Decision {
        Decision {
            verdict: Verdict::Refuse {
                retry_after_secs: secs,
            },
            during_retry_after: during,
        }
    }

    const PASS: Decision = Decision {
        verdict: Verdict::Pass,
        during_retry_after: false,
    };

    #[tokio::test(start_paused = true)]
    async fn without_a_limit_everything_passes() {
        let mut limiter = Limiter::new(None);
        let now = Instant::now();
        for _ in 0..10_000 {
            assert_eq!(limiter.check("c", now), PASS);
        }
        assert!(limiter.buckets.is_empty(), "nothing remembered");
    }

    #[tokio::test(start_paused = true)]
    async fn over_the_limit_is_refused_until_retry_after_has_passed() {
        let mut limiter = Limiter::new(limit(3, 10, 5));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check("c", t0), PASS);
        }
        assert_eq!(limiter.check("c", t0), refused(5, false));
        assert!(limiter.in_retry_after("c", t0));
        // Inside the window: refused with what is left, and counted as arriving during it.
        let t1 = t0 + Duration::from_millis(2500);
        assert_eq!(limiter.check("c", t1), refused(3, true));
        // The window has passed, but the 10 s window still holds 3 requests: a new refusal.
        let t2 = t0 + Duration::from_secs(5);
        assert!(!limiter.in_retry_after("c", t2));
        assert_eq!(limiter.check("c", t2), refused(5, false));
        // Once the old requests age out, requests pass again.
        let t3 = t0 + Duration::from_secs(10);
        assert_eq!(limiter.check("c", t3), PASS);
    }

    #[tokio::test(start_paused = true)]
    async fn clients_are_limited_separately() {
        let mut limiter = Limiter::new(limit(1, 60, 30));
        let now = Instant::now();
        assert_eq!(limiter.check("a", now), PASS);
        assert_eq!(limiter.check("a", now), refused(30, false));
        assert_eq!(limiter.check("b", now), PASS);
        assert_eq!(limiter.check("", now), PASS);
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_limit_forgets_the_old_windows() {
        let mut limiter = Limiter::new(limit(1, 60, 30));
        let now = Instant::now();
        limiter.check("a", now);
        assert_eq!(limiter.check("a", now), refused(30, false));
        limiter.set(limit(1, 60, 30));
        assert_eq!(limiter.check("a", now), PASS);
        limiter.set(None);
        assert_eq!(limiter.check("a", now), PASS);
    }

    #[tokio::test(start_paused = true)]
    async fn idle_clients_are_forgotten_past_the_prune_size() {
        let mut limiter = Limiter::new(limit(5, 1, 1));
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE {
            limiter.check(&format!("c{i}"), t0);
        }
        let later = t0 + Duration::from_secs(2);
        limiter.check("late", later);
        assert_eq!(
            limiter.buckets.len(),
            1,
            "only the client just seen is left"
        );
    }

    #[test]
    fn seconds_round_up() {
        assert_eq!(whole_secs_up(Duration::from_millis(2500)), 3);
        assert_eq!(whole_secs_up(Duration::from_secs(2)), 2);
        assert_eq!(whole_secs_up(Duration::ZERO), 0);
    }
}
