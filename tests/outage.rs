//! A long outage of every kind at once, over real HTTP: the simulated tenant refuses connections
//! for a while, then answers 500s, 503s with `Retry-After`, holds a request silently, drips a
//! body, and cuts bodies mid-transfer, then recovers. Meanwhile the agent keeps talking and the
//! customer keeps typing. Afterwards the events the app received equal the server's history
//! exactly (nothing lost, nothing doubled), and every message typed during the outage reached
//! the server once, in order.

mod common;

use common::{
    DEADLINE, client, comparable, delivered, fast_options, status_fault as status, wait_event,
};

use sp_chat::api::{SessionEvent, SessionOptions};
use sp_chat::sim::{Fault, Route, SimConfig, SimServer};
use std::time::Duration;

/// Short backoff, and enough attempts that a long outage never exhausts a message's retries.
fn outage_options() -> SessionOptions {
    SessionOptions {
        send_attempts: 500,
        ..fast_options()
    }
}

/// The faults served once the server is reachable again, in order, to whatever asks first
/// (polls, history fetches and sends alike), with how many requests each one hits.
fn recovery_faults() -> Vec<(Fault, usize)> {
    vec![
        (status(500, None), 3),
        (status(502, None), 1),
        (status(503, Some(1)), 2),
        (Fault::Hang, 1),
        (
            Fault::Drip {
                chunk: 1,
                interval: Duration::from_millis(400),
            },
            1,
        ),
        (Fault::DropMidBody, 2),
        (Fault::Garbage, 1),
        (status(500, None), 2),
    ]
}

#[tokio::test]
async fn a_long_outage_loses_nothing_and_doubles_nothing() {
    let common::QuietChat {
        mut sim,
        h,
        mut rx,
        mut log,
        chat_id,
    } = common::quiet_chat_with_agent(outage_options()).await;
    let ctl = sim.control();
    ctl.agent_say(&chat_id, "before the outage");
    h.send_message("before");

    // Down: connections refused. The agent and the customer keep talking.
    sim.go_down().await;
    ctl.agent_say(&chat_id, "during 1");
    h.send_message("during 1");
    let link_downs = |log: &[SessionEvent]| {
        log.iter()
            .filter(|e| matches!(e, SessionEvent::LinkDown { .. }))
            .count()
    };
    // Held down across several failed attempts (poll and send both back off and retry).
    while link_downs(&log) < 6 {
        wait_event(&mut rx, &mut log, |_| true).await;
    }
    h.send_message("during 2");
    ctl.agent_say(&chat_id, "during 2");
    h.send_message("during 3");

    // Back, but sick: every kind of bad answer before good ones.
    let faults = recovery_faults();
    let injected: usize = faults.iter().map(|(_, n)| n).sum();
    for (fault, times) in faults {
        ctl.inject(Route::Any, fault, times);
    }
    let requests_before = ctl.stats().requests;
    sim.come_back().await.expect("back");
    ctl.agent_say(&chat_id, "after");
    h.send_message("after");

    // Wait for everything to settle: all five messages sent, the app has the whole history.
    let started = tokio::time::Instant::now();
    loop {
        let sent = log
            .iter()
            .filter(|e| matches!(e, SessionEvent::MessageSent { .. }))
            .count();
        let have = comparable(&delivered(&log), &chat_id).len();
        let want = comparable(&ctl.history(&chat_id), &chat_id).len();
        if sent == 5 && have >= want {
            break;
        }
        assert!(
            started.elapsed() < DEADLINE * 4,
            "no recovery; events so far: {log:#?}"
        );
        wait_event(&mut rx, &mut log, |_| true).await;
    }

    // Any success comes after every injected fault was served.
    assert!(ctl.stats().requests >= requests_before + injected as u64);

    // Nothing lost, nothing doubled.
    assert_eq!(
        comparable(&delivered(&log), &chat_id),
        comparable(&ctl.history(&chat_id), &chat_id),
        "the app's events equal the server's history"
    );
    let agent_lines: Vec<String> = common::agent_texts(&delivered(&log), &chat_id);
    assert_eq!(
        agent_lines,
        ["before the outage", "during 1", "during 2", "after"],
        "every agent line once, in order"
    );
    let expected: Vec<(String, String)> = ["before", "during 1", "during 2", "during 3", "after"]
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("{chat_id}:{}", i + 1), text.to_string()))
        .collect();
    assert_eq!(
        ctl.customer_messages(&chat_id),
        expected,
        "each customer message arrived once, in order"
    );
    assert!(
        !log.iter()
            .any(|e| matches!(e, SessionEvent::MessageFailed { .. })),
        "no message failed: {log:#?}"
    );
    // The outage was seen and the recovery announced.
    assert!(link_downs(&log) >= 6);
    let last_down = log
        .iter()
        .rposition(|e| matches!(e, SessionEvent::LinkDown { .. }));
    let last_up = log.iter().rposition(|e| matches!(e, SessionEvent::LinkUp));
    assert!(last_up > last_down, "the link is reported up again");
    assert_eq!(
        ctl.stats().max_concurrent_polls,
        1,
        "one poll in flight, ever"
    );
    h.shutdown();
}

#[tokio::test]
async fn ten_thousand_events_in_one_poll_are_applied_once_in_order() {
    let mut cfg = SimConfig::fast();
    cfg.agent.autopilot = false;
    // A tenant that answers a backlog whole: the client must take 10,000 events at once.
    cfg.max_events_per_answer = usize::MAX;
    let sim = SimServer::start(cfg).await.expect("sim");
    let ctl = sim.control();
    let common::Started {
        h,
        mut rx,
        mut log,
        chat_id,
    } = common::start_chat(client(&sim), outage_options()).await;
    // Held polls answer at once with whatever is queued: queue all of it before the next one.
    ctl.inject(Route::Poll, Fault::Delay(Duration::from_millis(300)), 1);
    let want: Vec<String> = (0..10_000).map(|i| format!("burst {i}")).collect();
    for text in &want {
        ctl.agent_say(&chat_id, text);
    }
    let started = tokio::time::Instant::now();
    while common::agent_texts(&delivered(&log), &chat_id).len() < want.len() {
        assert!(started.elapsed() < DEADLINE, "not all applied");
        wait_event(&mut rx, &mut log, |_| true).await;
    }
    assert_eq!(common::agent_texts(&delivered(&log), &chat_id), want);
    let biggest = log
        .iter()
        .map(|e| match e {
            SessionEvent::Events(v) => v.len(),
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    assert!(
        biggest >= 5_000,
        "the burst came in large batches ({biggest})"
    );
    h.shutdown();
}
