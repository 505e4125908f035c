//! The demo agent's less common requests: each one a server event of PROTOCOL.md that a
//! customer can make the simulated agent send by saying a keyword.
//!
//! Owns the keyword table ([`act_for`]) and the events each act pushes ([`Chat::agent_act`],
//! [`Chat::inactivity_end`]). Does not own timing (the `agent` task waits for the idle timer)
//! or the ordinary answers (`agent::compose`).
//!
//! | the customer says | the agent |
//! |---|---|
//! | wait, afk, brb | warns of inactivity (`chat_session_timeout_warning`); silence for the idle time ends the chat (`chat_session_inactivity_timeout`) |
//! | location, address | asks for the location (`chat_session_form_show` `RequestLocation`) |
//! | office, map | shares a location (`chat_session_location`) |
//! | card, secure, payment | shows a secure form (`chat_session_secure_form_show` `CardDetails`) |
//! | cobrowse, screen | asks to co-browse (`chat_session_cobrowsing_request`) |
//! | call, video | starts a call (`chat_session_signaling`) |
//! | case, ticket | links a CRM case (`chat_session_case_set`) |
//! | page, link, website | suggests a page (`chat_session_navigation`) |

use super::state::{Chat, now};
use crate::api::types::{
    CaseSetEvent, FormShow, LocationEvent, NavigationEvent, NoticeEvent, ServerEvent,
};
use crate::api::wire::FormRequestId;
use serde_json::json;

/// Something the agent does besides talking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AgentAct {
    IdleWarning,
    AskLocation,
    ShareLocation,
    SecureForm,
    Cobrowse,
    Call,
    CaseSet,
    Navigate,
}

/// The form names the agent's requests use.
pub(crate) const LOCATION_FORM: &str = "RequestLocation";
pub(crate) const SECURE_FORM: &str = "CardDetails";
/// The case id the agent links.
pub(crate) const CASE_ID: &str = "CASE-1042";

/// The act a message asks for (by its words, lower-cased), and what the agent says with it.
pub(crate) fn act_for(words: &[&str]) -> Option<(AgentAct, &'static str)> {
    let has = |stems: &[&str]| words.iter().any(|w| stems.contains(w));
    let table: [(&[&str], AgentAct, &str); 8] = [
        (
            &["wait", "afk", "brb"],
            AgentAct::IdleWarning,
            "Take your time. I'll stay here for a little while.",
        ),
        (
            &["location", "address"],
            AgentAct::AskLocation,
            "Could you tell me where you are?",
        ),
        (
            &["office", "map"],
            AgentAct::ShareLocation,
            "Here is our office on the map.",
        ),
        (
            &["card", "secure", "payment"],
            AgentAct::SecureForm,
            "Please enter your card details in the secure form.",
        ),
        (
            &["cobrowse", "screen"],
            AgentAct::Cobrowse,
            "Let me look at your screen with you.",
        ),
        (&["call", "video"], AgentAct::Call, "I'll try calling you."),
        (
            &["case", "ticket"],
            AgentAct::CaseSet,
            "I've opened a case for this.",
        ),
        (
            &["page", "link", "website"],
            AgentAct::Navigate,
            "This page explains it.",
        ),
    ];
    table
        .into_iter()
        .find(|(stems, _, _)| has(stems))
        .map(|(_, act, text)| (act, text))
}

impl Chat {
    /// Pushes the events of `act`; `form_id` names a form it shows.
    pub(crate) fn agent_act(&mut self, act: AgentAct, form_id: i64) {
        let party_id = self.agent_party_id.clone();
        let form = |name: &str| FormShow {
            form_request_id: FormRequestId::Number(form_id),
            form_name: name.to_string(),
            form_timeout: Some(120),
            channel: None,
            timestamp: Some(now()),
        };
        let event = match act {
            AgentAct::IdleWarning => ServerEvent::TimeoutWarning(NoticeEvent {
                msg: "Are you still there? This chat will close soon if there is no activity."
                    .to_string(),
                timestamp: Some(now()),
            }),
            AgentAct::AskLocation => ServerEvent::FormShow(form(LOCATION_FORM)),
            AgentAct::ShareLocation => ServerEvent::Location(LocationEvent {
                url: "https://maps.example.com/?q=48.8584,2.2945".to_string(),
                latitude: Some(json!(48.8584)),
                longitude: Some(json!(2.2945)),
                party_id,
                timestamp: Some(now()),
            }),
            AgentAct::SecureForm => ServerEvent::SecureFormShow(form(SECURE_FORM)),
            AgentAct::Cobrowse => self.raw("chat_session_cobrowsing_request"),
            AgentAct::Call => self.raw("chat_session_signaling"),
            AgentAct::CaseSet => ServerEvent::CaseSet(CaseSetEvent {
                case_id: CASE_ID.to_string(),
                timestamp: Some(now()),
            }),
            AgentAct::Navigate => ServerEvent::Navigation(NavigationEvent {
                msg_id: format!("nav-{form_id}"),
                title: "Returns and refunds".to_string(),
                page: "https://www.example.com/help/returns".to_string(),
                timestamp: Some(now()),
            }),
        };
        self.push_server(event.to_value());
    }

    /// An event the client library keeps as "unsupported" (calls, co-browsing).
    fn raw(&self, name: &str) -> ServerEvent {
        let raw = json!({
            "event": name,
            "party_id": self.agent_party_id,
            "timestamp": now(),
        });
        ServerEvent::Unsupported {
            event: name.to_string(),
            raw,
        }
    }

    /// The customer stayed silent after the warning: the chat ends for inactivity.
    pub(crate) fn inactivity_end(&mut self) {
        if self.ended {
            return;
        }
        self.agent_leave();
        self.push_server(
            ServerEvent::InactivityTimeout(NoticeEvent {
                msg: "The chat was closed because there was no activity.".to_string(),
                timestamp: Some(now()),
            })
            .to_value(),
        );
        self.ended = true;
        self.survey_pending = false;
        self.agent_tx = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_pick_acts_and_ordinary_words_none() {
        assert_eq!(
            act_for(&["please", "wait"]).map(|a| a.0),
            Some(AgentAct::IdleWarning)
        );
        assert_eq!(
            act_for(&["my", "card"]).map(|a| a.0),
            Some(AgentAct::SecureForm)
        );
        assert_eq!(
            act_for(&["open", "a", "ticket"]).map(|a| a.0),
            Some(AgentAct::CaseSet)
        );
        assert_eq!(act_for(&["hello", "there"]), None);
    }
}
