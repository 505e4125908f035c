//! The relative time label each screen shows, and the wake-ups it needs.
//!
//! Owns the choice per screen: the chat's status line ("Anna Lee wrote 3 min ago", or the selected
//! entry's time, see `chat_recency`), Home's header after a chat ("last chat ended 5 min ago"),
//! nothing on Settings. `App::next_wakeup_ms` asks for the label's next change only while it is
//! (or is due to be) on screen, and `update` redraws on a Tick only when its words change.
//! Does not own the wording (`relative_time`) or drawing (`ui`).

use super::chat::TimeLabel;
use super::relative_time::{self, Relative};
use super::{App, Screen};

impl App {
    /// The time label on screen at `now`, if any.
    pub fn time_label(&self, now: i64) -> Option<TimeLabel> {
        match &self.screen {
            Screen::Chat(chat) => chat.time_label(now, self.utc_offset_secs),
            Screen::Home(_) => {
                let ended = self.last_chat_ended_ms?;
                // Under a minute the thank-you line (or the chat just left) says it already.
                match relative_time::classify(ended, now, self.utc_offset_secs) {
                    Relative::JustNow => None,
                    rel @ (Relative::Minutes(_)
                    | Relative::Hours(_)
                    | Relative::Yesterday(_)
                    | Relative::On(_)) => Some(TimeLabel {
                        text: format!("last chat ended {rel}"),
                        short: rel.to_string(),
                    }),
                }
            }
            Screen::Settings(_) => None,
        }
    }

    /// When the label will next read differently (or first appear); `None` on screens without one.
    pub(super) fn time_label_wakeup_ms(&self) -> Option<i64> {
        let now = self.now_ms;
        match &self.screen {
            Screen::Chat(chat) => chat.time_label_wakeup_ms(now, self.utc_offset_secs),
            Screen::Home(_) => self
                .last_chat_ended_ms
                .and_then(|ended| relative_time::next_change_ms(ended, now, self.utc_offset_secs)),
            Screen::Settings(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{App, Msg, Screen};
    use crate::api::FormRequestId;
    use crate::api::session::{EndReason, SessionEvent};
    use ratatui::crossterm::event::KeyCode;

    const MIN: i64 = 60_000;

    fn label(app: &App) -> Option<String> {
        app.time_label(app.now_ms()).map(|l| l.text)
    }

    /// A chat whose survey was sent and that ended at `ended`: back on Home with thanks.
    fn home_after_survey(ended: i64) -> App {
        let mut app = connected_app();
        app.update(events(vec![form_show("MobileChatSurvey")]));
        app.update(key(KeyCode::Char('5')));
        app.update(ctrl('s'));
        app.update(Msg::Session(SessionEvent::FormSent {
            form_request_id: FormRequestId::Number(42),
        }));
        app.update(Msg::Tick { now_ms: ended });
        app.update(Msg::Session(SessionEvent::Ended(EndReason::Ended)));
        app.clear_dirty();
        app
    }

    #[test]
    fn home_says_when_the_last_chat_ended_once_a_minute_has_passed() {
        let ended = T0 + 20 * MIN;
        let mut app = home_after_survey(ended);
        let Screen::Home(home) = app.screen() else {
            panic!("the survey's end returns Home");
        };
        assert_eq!(home.notice(), Some("Thank you for your feedback."));
        assert_eq!(label(&app), None);
        assert_eq!(app.next_wakeup_ms(), Some(ended + MIN));
        app.update(Msg::Tick {
            now_ms: ended + MIN,
        });
        assert!(app.is_dirty());
        assert_eq!(label(&app).as_deref(), Some("last chat ended 1 min ago"));
        app.clear_dirty();
        app.update(Msg::Tick {
            now_ms: ended + MIN + 59_999,
        });
        assert!(!app.is_dirty(), "same words, no redraw");
        assert_eq!(app.next_wakeup_ms(), Some(ended + 2 * MIN));
    }

    #[test]
    fn an_ended_chat_left_with_enter_is_labelled_on_home_too() {
        let mut app = connected_app();
        app.update(Msg::Tick { now_ms: T0 + MIN });
        app.update(Msg::Session(SessionEvent::Ended(EndReason::Inactivity)));
        app.update(key(KeyCode::Enter));
        assert!(matches!(app.screen(), Screen::Home(_)));
        app.update(Msg::Tick {
            now_ms: T0 + 4 * MIN,
        });
        assert_eq!(label(&app).as_deref(), Some("last chat ended 3 min ago"));
    }

    #[test]
    fn a_fresh_home_has_no_label_and_settings_never_do() {
        let mut app = home_app();
        app.update(Msg::Tick {
            now_ms: T0 + 90 * MIN,
        });
        assert_eq!(label(&app), None);
        assert_eq!(app.next_wakeup_ms(), None);
        let (app, _) = App::new(init(valid_settings()));
        assert_eq!(label(&app), None);
        assert_eq!(app.next_wakeup_ms(), None);
    }
}
