//! The customer's typing indicator: throttled, followed by "stopped", never queued.
//!
//! Owns the decision of what to tell the server and when; the worker owns the send slot and
//! reports whether a notification could go out right now (`can_send`). A notification that
//! cannot go out at once (link down, a send in flight) is dropped, not kept for later: a stale
//! "typing" arriving after the customer's message would mislead the agent.

use std::time::Duration;
use tokio::time::Instant;

/// What to send now, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypingSignal {
    Typing,
    NotTyping,
}

pub struct Typing {
    throttle: Duration,
    idle: Duration,
    /// The server was told "typing" and not yet "stopped".
    active: bool,
    last_sent: Option<Instant>,
    /// When to say "stopped" if no keystroke comes.
    idle_at: Option<Instant>,
}

impl Typing {
    pub fn new(throttle: Duration, idle: Duration) -> Self {
        Typing {
            throttle,
            idle,
            active: false,
            last_sent: None,
            idle_at: None,
        }
    }

    /// The customer typed (`true`) or cleared/stopped (`false`).
    pub fn on_input(&mut self, typing: bool, now: Instant, can_send: bool) -> Option<TypingSignal> {
        if !typing {
            return self.stop(can_send);
        }
        self.idle_at = Some(now + self.idle);
        let due = self
            .last_sent
            .is_none_or(|last| now.duration_since(last) >= self.throttle);
        if due && can_send {
            self.active = true;
            self.last_sent = Some(now);
            Some(TypingSignal::Typing)
        } else {
            None
        }
    }

    /// The deadline at which [`Typing::on_tick`] has something to do.
    pub fn deadline(&self) -> Option<Instant> {
        self.idle_at
    }

    /// Called when the deadline passed: "stopped" after `idle` without a keystroke.
    pub fn on_tick(&mut self, now: Instant, can_send: bool) -> Option<TypingSignal> {
        match self.idle_at {
            Some(at) if now >= at => self.stop(can_send),
            _ => None,
        }
    }

    /// A message is about to go out: returns true if a "stopped" must go with it.
    pub fn before_message(&mut self) -> bool {
        self.idle_at = None;
        std::mem::take(&mut self.active)
    }

    fn stop(&mut self, can_send: bool) -> Option<TypingSignal> {
        self.idle_at = None;
        let was = std::mem::take(&mut self.active);
        // A new "typing" may follow at once after a "stopped".
        self.last_sent = None;
        (was && can_send).then_some(TypingSignal::NotTyping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typing() -> Typing {
        Typing::new(Duration::from_secs(3), Duration::from_secs(5))
    }

    #[test]
    fn typing_is_sent_once_per_throttle_window() {
        let t0 = Instant::now();
        let mut t = typing();
        let at = |ms| t0 + Duration::from_millis(ms);
        assert_eq!(t.on_input(true, at(0), true), Some(TypingSignal::Typing));
        assert_eq!(t.on_input(true, at(1000), true), None);
        assert_eq!(t.on_input(true, at(2999), true), None);
        assert_eq!(t.on_input(true, at(3000), true), Some(TypingSignal::Typing));
    }

    #[test]
    fn stopped_follows_idle_time_or_an_explicit_stop() {
        let t0 = Instant::now();
        let mut t = typing();
        t.on_input(true, t0, true);
        assert_eq!(t.deadline(), Some(t0 + Duration::from_secs(5)));
        assert_eq!(t.on_tick(t0 + Duration::from_secs(4), true), None);
        assert_eq!(
            t.on_tick(t0 + Duration::from_secs(5), true),
            Some(TypingSignal::NotTyping)
        );
        assert_eq!(t.deadline(), None);
        t.on_input(true, t0 + Duration::from_secs(6), true);
        assert_eq!(
            t.on_input(false, t0 + Duration::from_secs(7), true),
            Some(TypingSignal::NotTyping)
        );
        assert_eq!(t.on_input(false, t0 + Duration::from_secs(8), true), None);
    }

    #[test]
    fn nothing_is_queued_when_it_cannot_go_out_now() {
        let t0 = Instant::now();
        let mut t = typing();
        assert_eq!(t.on_input(true, t0, false), None);
        // Not told "typing", so no "stopped" either.
        assert_eq!(t.on_tick(t0 + Duration::from_secs(5), true), None);
        t.on_input(true, t0 + Duration::from_secs(6), true);
        assert_eq!(t.on_input(false, t0 + Duration::from_secs(7), false), None);
        // Dropped, not retried later.
        assert_eq!(t.on_tick(t0 + Duration::from_secs(20), true), None);
    }

    #[test]
    fn a_message_carries_the_stop() {
        let t0 = Instant::now();
        let mut t = typing();
        t.on_input(true, t0, true);
        assert!(t.before_message());
        assert!(!t.before_message());
        assert_eq!(t.deadline(), None);
    }
}
