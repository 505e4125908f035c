//! The simulated tenant: the server side of PROTOCOL.md, strict like a real Bright Pattern tenant,
//! with a scripted agent, fault injection and an on/off switch for the whole server.
//!
//! Owns the configuration ([`SimConfig`], [`AgentScript`], [`RateLimit`]) and the public face
//! ([`SimServer`], [`SimControl`], [`Route`], [`Fault`], [`SimStats`], [`LoggedRequest`]). The pieces live in sibling files: `state` (the tenant's
//! data), `auth` (Authorization and tenantUrl checks), `routes` (HTTP handlers), `intake`
//! (validation of client events), `agent` (the scripted agent), `faults` (fault plan and response
//! mangling), `scenario` (what each step of a chat pushes), `reply` (answer shapes), `html`
//! (escaping), `server` (listening, going down, coming back, counting connections), `traffic`
//! (the outermost layer: counting, logging and rate-limiting requests), `limiter` (the rate
//! limit's bookkeeping), `control` (the test/driver handle), `tls` (serving over TLS with a given
//! certificate), `cli` (the standalone `sp-chat sim` runner). It does not own the wire types (`api::types`).

mod agent;
mod assets;
mod auth;
pub mod cli;
pub mod console;
mod control;
mod extras;
mod faults;
mod html;
mod intake;
mod limiter;
mod reply;
mod routes;
mod scenario;
mod server;
mod state;
mod tls;
mod traffic;

pub use cli::{SimCliOptions, run_standalone};
pub use control::SimControl;
pub use faults::{Fault, Route};
pub use limiter::RateLimit;
pub use server::SimServer;
pub use state::SimStats;
pub use tls::SimTls;
pub use traffic::LoggedRequest;

use crate::api::types::{ExpectedParameter, ParameterType};
use std::time::Duration;

/// How the simulated tenant behaves. `Default` is [`SimConfig::demo`].
#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    /// The domain expected in `?tenantUrl=` (compared case-insensitively).
    pub tenant: String,
    /// The only appId this tenant knows (the scenario entry).
    pub app_id: String,
    /// How long an empty poll is held before it is answered `{"events":[]}`.
    pub poll_hold: Duration,
    pub agent: AgentScript,
    /// Whether a Send Events answer carries the events pending for the chat (and so advances the
    /// poll cursor), as some servers do.
    pub events_in_send_answer: bool,
    /// Whether polls echo the customer's own messages and files back.
    pub echo_customer_messages: bool,
    /// Check Availability's answer; when false, Request Chat is refused with 503 / 5001.
    pub available: bool,
    /// For this long after the tenant starts, Check Availability says `notAvailable` while
    /// Request Chat is still accepted (PROTOCOL.md: "not available" means outside hours, not
    /// that nobody can answer). The demo starts with such a period.
    pub unavailable_for: Duration,
    /// The estimated wait announced while queued; `None`: the agent's queue time, rounded up.
    pub ewt_secs: Option<u64>,
    /// What Expected Parameters lists.
    pub parameters: Vec<ExpectedParameter>,
    /// Larger uploads are refused with 413 / 5501.
    pub max_upload_bytes: u64,
    /// A limit on each client's non-poll requests, answered 429 (v2) or 503 (v1) with
    /// `Retry-After` when exceeded. Off (`None`) unless a test or bench asks for it.
    pub rate_limit: Option<RateLimit>,
    /// The most events one poll (or Send Events) answer carries; the rest wait for the next
    /// poll, which then answers at once. PROTOCOL.md sets no limit; a real server answers a
    /// long backlog in parts, and a client must cope with a poll that returns with more to
    /// come. `usize::MAX`: everything pending in one answer.
    pub max_events_per_answer: usize,
}

/// The default [`SimConfig::max_events_per_answer`].
pub const DEFAULT_MAX_EVENTS_PER_ANSWER: usize = 1000;

/// The scripted agent's identity and pace.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentScript {
    pub first_name: String,
    pub last_name: String,
    /// From Request Chat until the agent joins.
    pub queue_time: Duration,
    /// How long "typing" shows before each answer.
    pub typing_time: Duration,
    /// True: the agent greets, answers, acknowledges files and sends attachments on request.
    /// False: it only joins, leaves and runs the survey; tests speak for it through
    /// [`SimControl::agent_say`] and friends.
    pub autopilot: bool,
    /// After the customer says "wait"/"afk"/"brb", the agent warns of inactivity at once and
    /// ends the chat for inactivity if nothing arrives within this time.
    pub idle_timeout: Duration,
}

impl SimConfig {
    /// A human-paced tenant for trying the app by hand.
    pub fn demo() -> Self {
        SimConfig {
            tenant: "sim.sp-chat.test".to_string(),
            app_id: "SimChat".to_string(),
            poll_hold: Duration::from_secs(10),
            agent: AgentScript {
                first_name: "Anna".to_string(),
                last_name: "Lee".to_string(),
                queue_time: Duration::from_secs(4),
                typing_time: Duration::from_millis(1800),
                autopilot: true,
                idle_timeout: Duration::from_secs(30),
            },
            events_in_send_answer: false,
            echo_customer_messages: false,
            available: true,
            unavailable_for: Duration::from_secs(15),
            ewt_secs: None,
            parameters: vec![
                param("first_name", ParameterType::FirstName),
                param("last_name", ParameterType::LastName),
                param("email", ParameterType::Email),
            ],
            max_upload_bytes: 25 * 1024 * 1024,
            rate_limit: None,
            max_events_per_answer: DEFAULT_MAX_EVENTS_PER_ANSWER,
        }
    }

    /// Quick but with every step visible: half a second of queue and of typing.
    pub fn brisk() -> Self {
        SimConfig::paced(Duration::from_secs(5), 500, 600, Duration::from_secs(8))
    }

    /// For tests: every agent delay is at most 50 ms and an empty poll is held 2 s.
    pub fn fast() -> Self {
        SimConfig::paced(Duration::from_secs(2), 50, 20, Duration::from_secs(2))
    }

    /// The demo's agent at another pace (queue and typing in milliseconds), always open.
    fn paced(poll_hold: Duration, queue_ms: u64, typing_ms: u64, idle: Duration) -> Self {
        let mut config = SimConfig::demo();
        config.poll_hold = poll_hold;
        config.agent.queue_time = Duration::from_millis(queue_ms);
        config.agent.typing_time = Duration::from_millis(typing_ms);
        config.agent.idle_timeout = idle;
        config.unavailable_for = Duration::ZERO;
        config
    }

    /// The estimated wait announced while queued, in seconds.
    pub(crate) fn ewt(&self) -> u64 {
        self.ewt_secs.unwrap_or_else(|| {
            let millis = self.agent.queue_time.as_millis();
            u64::try_from(millis.div_ceil(1000)).unwrap_or(u64::MAX)
        })
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig::demo()
    }
}

fn param(name: &str, kind: ParameterType) -> ExpectedParameter {
    ExpectedParameter {
        name: name.to_string(),
        kind,
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
#[path = "http_tests.rs"]
mod http_tests;

#[cfg(test)]
#[path = "conversation_tests.rs"]
mod conversation_tests;

#[cfg(test)]
#[path = "fault_tests.rs"]
mod fault_tests;

#[cfg(test)]
#[path = "load_tests.rs"]
mod load_tests;
