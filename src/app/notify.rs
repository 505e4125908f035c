//! When the customer is told about something new while looking elsewhere: the pure decision
//! behind [`Effect::Bell`] and [`Effect::Notify`].
//!
//! Owns the rule (QUALITY.md: "notifications on agent messages only when the terminal is not
//! focused; configurable"): nothing while focused; otherwise the bell and/or a desktop
//! notification, as the settings say, for a new agent message or a form to fill. Does not own
//! delivering them (`runtime::effects`, where a failure is a logged warning) or the unread
//! count in the title (`ChatState::unread`).

use super::Effect;
use crate::text;

/// Something worth interrupting the customer for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    /// The last new agent message of a batch (one alert per batch, not one per message).
    AgentMessage(String),
    /// A form (the survey) waits for an answer; its title.
    Form(String),
}

/// The notification settings in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    pub bell: bool,
    pub desktop: bool,
}

/// The effects for `incoming` from `agent`: none while the terminal has the focus.
pub fn decide(focused: bool, prefs: Prefs, agent: &str, incoming: &Incoming) -> Vec<Effect> {
    if focused {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if prefs.bell {
        effects.push(Effect::Bell);
    }
    if prefs.desktop {
        let body = match incoming {
            Incoming::AgentMessage(text) => text.clone(),
            Incoming::Form(title) => format!("{title} — please answer in sp-chat"),
        };
        effects.push(Effect::Notify {
            title: text::sanitize_line(&format!("sp-chat: {agent}")),
            body: text::truncate_to_width(&text::sanitize_line(&body), 120),
        });
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    const BOTH: Prefs = Prefs {
        bell: true,
        desktop: true,
    };

    fn message() -> Incoming {
        Incoming::AgentMessage("hello".into())
    }

    #[test]
    fn nothing_while_focused_whatever_the_settings() {
        for bell in [false, true] {
            for desktop in [false, true] {
                let prefs = Prefs { bell, desktop };
                assert_eq!(decide(true, prefs, "Anna", &message()), vec![]);
                assert_eq!(
                    decide(true, prefs, "Anna", &Incoming::Form("Survey".into())),
                    vec![]
                );
            }
        }
    }

    #[test]
    fn unfocused_follows_the_settings() {
        let notify = Effect::Notify {
            title: "sp-chat: Anna".into(),
            body: "hello".into(),
        };
        let table = [
            (false, false, vec![]),
            (true, false, vec![Effect::Bell]),
            (false, true, vec![notify.clone()]),
            (true, true, vec![Effect::Bell, notify]),
        ];
        for (bell, desktop, want) in table {
            assert_eq!(
                decide(false, Prefs { bell, desktop }, "Anna", &message()),
                want
            );
        }
    }

    #[test]
    fn a_form_is_announced_too() {
        assert_eq!(
            decide(
                false,
                BOTH,
                "Anna",
                &Incoming::Form("How did we do?".into())
            ),
            vec![
                Effect::Bell,
                Effect::Notify {
                    title: "sp-chat: Anna".into(),
                    body: "How did we do? — please answer in sp-chat".into()
                }
            ]
        );
    }

    #[test]
    fn notification_text_is_sanitised_and_short() {
        let incoming = Incoming::AgentMessage(format!("x\u{1b}]52;c;AAAA\u{7}{}", "y".repeat(500)));
        let effects = decide(false, BOTH, "Eve\u{202E}", &incoming);
        let Some(Effect::Notify { title, body }) = effects.get(1) else {
            panic!("no notification: {effects:?}");
        };
        for s in [title, body] {
            assert!(
                !s.chars()
                    .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202E}'),
                "{s:?}"
            );
        }
        assert!(crate::text::display_width(body) <= 120);
    }
}
