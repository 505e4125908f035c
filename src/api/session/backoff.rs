//! Capped exponential backoff with full jitter, honouring `Retry-After`.
//!
//! Owns the arithmetic only: the worker counts failures and owns the clock.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// The shape of the backoff curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackoffPolicy {
    /// The ceiling of the first retry's delay.
    pub base: Duration,
    /// The largest ceiling: delays never exceed it (except to honour `Retry-After`).
    pub cap: Duration,
    /// The longest `Retry-After` we honour; a server asking for more gets this.
    pub max_retry_after: Duration,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        BackoffPolicy {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

/// A jitter source: full jitter needs one random fraction per delay.
pub struct Backoff {
    policy: BackoffPolicy,
    rng: StdRng,
}

impl Backoff {
    /// `seed` makes the jitter reproducible (tests); `None` seeds from the OS.
    pub fn new(policy: BackoffPolicy, seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => StdRng::from_os_rng(),
        };
        Backoff { policy, rng }
    }

    /// The ceiling for the `failures`-th consecutive failure (1-based): base·2^(n-1), capped.
    pub fn ceiling(&self, failures: u32) -> Duration {
        let shift = failures.saturating_sub(1).min(20);
        self.policy
            .base
            .saturating_mul(1u32 << shift)
            .min(self.policy.cap)
    }

    /// The delay before the next attempt: uniformly random in [0, ceiling] ("full jitter", so
    /// many clients recovering from one outage do not retry in lockstep), but never shorter
    /// than the server's `Retry-After` (itself capped at `max_retry_after`).
    pub fn delay(&mut self, failures: u32, retry_after: Option<Duration>) -> Duration {
        let ceiling = self.ceiling(failures);
        let jittered = ceiling.mul_f64(self.rng.random::<f64>());
        match retry_after {
            Some(ra) => jittered.max(ra.min(self.policy.max_retry_after)),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_double_from_base_up_to_cap() {
        let b = Backoff::new(BackoffPolicy::default(), Some(1));
        let ms = |n| b.ceiling(n).as_millis();
        assert_eq!(
            [ms(1), ms(2), ms(3), ms(4), ms(7), ms(8), ms(1000)],
            [500, 1000, 2000, 4000, 30_000, 30_000, 30_000]
        );
    }

    #[test]
    fn delays_are_jittered_within_the_ceiling() {
        let mut b = Backoff::new(BackoffPolicy::default(), Some(7));
        let delays: Vec<Duration> = (0..200).map(|_| b.delay(3, None)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(2)));
        let distinct: std::collections::HashSet<_> = delays.iter().collect();
        assert!(distinct.len() > 100, "jitter must vary the delay");
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let mut b = Backoff::new(BackoffPolicy::default(), Some(3));
        for _ in 0..50 {
            assert!(b.delay(1, Some(Duration::from_secs(10))) >= Duration::from_secs(10));
        }
        assert_eq!(
            b.delay(1, Some(Duration::from_secs(86_400))),
            Duration::from_secs(300)
        );
    }
}
