//! The tenant's "slow down": one gate shared by every request of a [`super::Client`] and its
//! clones, so a 429 (or a 503 with `Retry-After`) on any request holds back all the others.
//!
//! Owns the pause and the pacing after it. Does not decide what a request is (the client says
//! whether it waits: the long poll never does, since it keeps its own backoff and holding it
//! costs the tenant nothing) and does not retry (callers do).
//!
//! Decisions (PROTOCOL.md, "Being a good citizen on the wire"):
//! - 429 always pauses (1 s when it names no `Retry-After`); 503 pauses only when it names one
//!   (a bare 503 is an outage, handled by each caller's backoff).
//! - A pause is capped at [`MAX_PAUSE`]: a hostile or broken `Retry-After` must not silence the
//!   client for a day.
//! - After a pause, requests are spaced [`PACE_GAP`] apart for [`PACE_WINDOW`]: what waited does
//!   not leave in one burst that would earn the next 429.
//! - The clock is tokio's, so a paused test clock drives it.

use crate::api::error::Error;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// The longest pause a `Retry-After` can impose.
const MAX_PAUSE: Duration = Duration::from_secs(300);
/// The pause after a 429 that names no `Retry-After`.
const DEFAULT_PAUSE: Duration = Duration::from_secs(1);
/// How far apart requests leave once a pause is over.
const PACE_GAP: Duration = Duration::from_millis(250);
/// How long after a pause requests stay paced.
const PACE_WINDOW: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
pub(crate) struct RateGate {
    state: Mutex<GateState>,
}

#[derive(Debug, Default)]
struct GateState {
    /// No request but the poll before this.
    paused_until: Option<Instant>,
    /// Requests are paced until this.
    paced_until: Option<Instant>,
    /// The earliest the next paced request may leave.
    next_slot: Option<Instant>,
}

impl RateGate {
    /// Waits until a request may leave: after any pause, and in its turn while pacing.
    pub(crate) async fn wait(&self) {
        loop {
            let at = self.reserve(Instant::now());
            match at {
                Some(at) => tokio::time::sleep_until(at).await,
                None => return,
            }
        }
    }

    /// `None`: go now (the slot is taken). `Some(t)`: try again at `t`.
    fn reserve(&self, now: Instant) -> Option<Instant> {
        let mut s = self.lock();
        if let Some(until) = s.paused_until {
            if now < until {
                return Some(until);
            }
            s.paused_until = None;
        }
        match s.paced_until {
            Some(end) if now < end => {
                let slot = s.next_slot.unwrap_or(now).max(now);
                if slot > now {
                    return Some(slot);
                }
                s.next_slot = Some(now + PACE_GAP);
                None
            }
            _ => {
                s.paced_until = None;
                s.next_slot = None;
                None
            }
        }
    }

    /// Looks at a request's outcome: a "slow down" answer starts (or extends) the pause.
    pub(crate) fn observe<T>(&self, result: &Result<T, Error>) {
        if let Err(e) = result
            && let Some(pause) = slow_down_pause(e)
        {
            self.pause(Instant::now(), pause);
        }
    }

    fn pause(&self, now: Instant, pause: Duration) {
        let until = now + pause;
        let mut s = self.lock();
        let until = s.paused_until.map_or(until, |u| u.max(until));
        tracing::info!(
            pause_ms = (until - now).as_millis() as u64,
            "tenant asked to slow down"
        );
        s.paused_until = Some(until);
        s.paced_until = Some(until + PACE_WINDOW);
        s.next_slot = Some(until);
    }

    /// When requests may leave again, if the tenant asked for a pause that is still running.
    #[cfg(test)]
    fn paused_until(&self) -> Option<Instant> {
        self.lock().paused_until.filter(|u| *u > Instant::now())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        // The state stays consistent at every step, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// How long an error asks us to hold back, if it is a "slow down" (capped at [`MAX_PAUSE`]).
/// The one rule for the gate and for the session worker's send slot.
pub(crate) fn slow_down_pause(e: &Error) -> Option<Duration> {
    let pause = match e.status {
        Some(429) => e.retry_after.unwrap_or(DEFAULT_PAUSE),
        Some(503) => e.retry_after?,
        _ => return None,
    };
    Some(pause.min(MAX_PAUSE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::Error;

    fn status(code: u16, retry_after: Option<u64>) -> Result<(), Error> {
        Err(Error::from_status(
            code,
            None,
            None,
            retry_after.map(Duration::from_secs),
        ))
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_holds_every_request_until_retry_after_then_paces_them() {
        let gate = RateGate::default();
        let t0 = Instant::now();
        gate.observe(&status(429, Some(2)));
        gate.wait().await;
        assert_eq!(Instant::now() - t0, Duration::from_secs(2));
        gate.wait().await;
        gate.wait().await;
        assert_eq!(Instant::now() - t0, Duration::from_millis(2500));
        tokio::time::sleep(PACE_WINDOW).await;
        let t1 = Instant::now();
        gate.wait().await;
        gate.wait().await;
        assert_eq!(Instant::now(), t1, "pacing ends after its window");
    }

    #[tokio::test(start_paused = true)]
    async fn only_slow_down_answers_pause() {
        let gate = RateGate::default();
        gate.observe(&status(503, None));
        gate.observe(&status(500, Some(9)));
        gate.observe(&Ok::<(), Error>(()));
        assert_eq!(gate.paused_until(), None);
        let t0 = Instant::now();
        gate.observe(&status(503, Some(3)));
        assert_eq!(gate.paused_until(), Some(t0 + Duration::from_secs(3)));
        gate.observe(&status(429, None));
        assert_eq!(
            gate.paused_until(),
            Some(t0 + Duration::from_secs(3)),
            "a shorter pause never shortens a longer one"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_huge_retry_after_is_capped() {
        let gate = RateGate::default();
        let t0 = Instant::now();
        gate.observe(&status(429, Some(86_400)));
        assert_eq!(gate.paused_until(), Some(t0 + MAX_PAUSE));
    }
}
