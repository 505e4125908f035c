//! The session worker against every fault the simulated tenant can inject, on polls and on
//! sends, and against the whole server going away: afterwards the app has exactly the server's
//! history (nothing lost, nothing doubled) and the customer's messages arrived once, in order.

mod common;

use common::{comparable, delivered, fast_options, status_fault as status, wait_event};
use sp_chat::api::{SessionEvent, SessionHandle};
use sp_chat::sim::{Fault, Route, SimControl, SimServer};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

struct Chat {
    sim: SimServer,
    ctl: SimControl,
    h: SessionHandle,
    rx: UnboundedReceiver<SessionEvent>,
    log: Vec<SessionEvent>,
    chat_id: String,
}

/// A chat with the (quiet) agent joined.
async fn joined_chat() -> Chat {
    let common::QuietChat {
        sim,
        h,
        rx,
        log,
        chat_id,
    } = common::quiet_chat_with_agent(fast_options()).await;
    let ctl = sim.control();
    Chat {
        sim,
        ctl,
        h,
        rx,
        log,
        chat_id,
    }
}

impl Chat {
    /// Agent and customer talk across whatever fault is set up.
    fn talk(&self) {
        self.ctl.agent_say(&self.chat_id, "one");
        self.h.send_message("m1");
        self.ctl.agent_say(&self.chat_id, "two");
        self.h.send_message("m2");
        self.ctl.agent_say(&self.chat_id, "three");
    }

    /// Waits until both messages are sent and the app has all of the server's history, then
    /// checks there is nothing more and nothing less.
    async fn check_consistent(&mut self) {
        let id = self.chat_id.clone();
        loop {
            let sent = self
                .log
                .iter()
                .filter(|e| matches!(e, SessionEvent::MessageSent { .. }))
                .count();
            let have = comparable(&delivered(&self.log), &id).len();
            let want = comparable(&self.ctl.history(&id), &id).len();
            if sent == 2 && have >= want {
                break;
            }
            wait_event(&mut self.rx, &mut self.log, |_| true).await;
        }
        assert_eq!(
            comparable(&delivered(&self.log), &id),
            comparable(&self.ctl.history(&id), &id),
            "the app's events equal the server's history"
        );
        assert_eq!(
            self.ctl.customer_messages(&id),
            [
                (format!("{id}:1"), "m1".to_string()),
                (format!("{id}:2"), "m2".to_string())
            ],
            "each customer message arrived once, in order"
        );
        let failed = self
            .log
            .iter()
            .any(|e| matches!(e, SessionEvent::MessageFailed { .. }));
        assert!(!failed, "{:#?}", self.log);
        assert_eq!(self.ctl.stats().max_concurrent_polls, 1);
    }
}

async fn survives(route: Route, fault: Fault, times: usize) {
    let mut chat = joined_chat().await;
    chat.ctl.inject(route, fault, times);
    chat.talk();
    chat.check_consistent().await;
    chat.h.shutdown();
}

/// A body sent a byte at a time, one every `interval`.
fn drip_every(interval: Duration) -> Fault {
    Fault::Drip { chunk: 1, interval }
}

/// One test per fault: `name: route, fault, how many requests it hits;` — the chat survives it.
macro_rules! survives {
    ($($name:ident: $route:expr, $fault:expr, $times:expr;)*) => {$(
        #[tokio::test]
        async fn $name() {
            survives($route, $fault, $times).await;
        }
    )*};
}

// ---- polls --------------------------------------------------------------------------------------

survives! {
    poll_delayed_beyond_its_deadline: Route::Poll, Fault::Delay(Duration::from_secs(4)), 1;
    poll_500: Route::Poll, status(500, None), 3;
    poll_503_with_retry_after: Route::Poll, status(503, Some(1)), 2;
    poll_429: Route::Poll, status(429, None), 2;
    poll_dropped_mid_body: Route::Poll, Fault::DropMidBody, 2;
    poll_dripping: Route::Poll, drip_every(Duration::from_millis(500)), 1;
    poll_held_silently: Route::Poll, Fault::Hang, 1;
    poll_garbage: Route::Poll, Fault::Garbage, 3;
    poll_empty_body: Route::Poll, Fault::EmptyBody, 3;
}

// ---- sends --------------------------------------------------------------------------------------

// The commit-then-drop case first: the one a resend could double.
survives! {
    send_dropped_mid_body_after_the_server_committed: Route::SendEvents, Fault::DropMidBody, 2;
    send_500: Route::SendEvents, status(500, None), 3;
    send_delayed_beyond_its_deadline: Route::SendEvents, Fault::Delay(Duration::from_secs(2)), 1;
    send_503_with_retry_after: Route::SendEvents, status(503, Some(1)), 2;
    send_held_silently: Route::SendEvents, Fault::Hang, 1;
    send_429: Route::SendEvents, status(429, None), 2;
    send_dripping: Route::SendEvents, drip_every(Duration::from_millis(200)), 1;
}

#[tokio::test]
async fn history_held_silently() {
    let mut chat = joined_chat().await;
    chat.ctl.inject(Route::Poll, Fault::DropMidBody, 1);
    chat.ctl.inject(Route::History, Fault::Hang, 1);
    chat.talk();
    chat.check_consistent().await;
}

#[tokio::test]
async fn send_garbage() {
    survives(Route::SendEvents, Fault::Garbage, 2).await;
}

#[tokio::test]
async fn send_empty_body() {
    survives(Route::SendEvents, Fault::EmptyBody, 2).await;
}

#[tokio::test]
async fn history_failing_too() {
    let mut chat = joined_chat().await;
    chat.ctl.inject(Route::Poll, Fault::DropMidBody, 1);
    chat.ctl.inject(Route::History, status(502, None), 2);
    chat.talk();
    chat.check_consistent().await;
}

// ---- the whole server -----------------------------------------------------------------------------

#[tokio::test]
async fn the_server_goes_down_and_comes_back() {
    let mut chat = joined_chat().await;
    chat.sim.go_down().await;
    chat.talk();
    wait_event(&mut chat.rx, &mut chat.log, |e| {
        matches!(e, SessionEvent::LinkDown { .. })
    })
    .await;
    chat.sim.come_back().await.expect("back");
    wait_event(&mut chat.rx, &mut chat.log, |e| {
        matches!(e, SessionEvent::LinkUp)
    })
    .await;
    chat.check_consistent().await;
}
