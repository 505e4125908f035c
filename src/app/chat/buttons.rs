//! Quick replies on the chat screen: choosing a button of an agent's `/buttons` set, and the
//! highlighted button of a selected set.
//!
//! A child of `chat` (it reaches the transcript and the send path). The choice goes out as an
//! ordinary chat message with the label's text, through the same path as a typed message, and
//! only once: the set keeps which button was chosen and refuses another. Does not own the
//! grammar (`transcript::directive`) or how the buttons look (`transcript::layout`).

use super::{ChatFocus, ChatState};
use crate::app::context::Ctx;
use crate::app::msg::Effect;
use crate::app::transcript::EntryKind;

impl ChatState {
    /// Chooses button `button` (from 0) of the set at entry `index`: sends its label and marks
    /// the set answered. Nothing when the chat is over, the set was answered or has no such
    /// button.
    pub(super) fn choose_button(
        &mut self,
        index: usize,
        button: usize,
        ctx: &mut Ctx,
    ) -> Vec<Effect> {
        if !self.is_live() {
            return Vec::new();
        }
        let Some(EntryKind::Buttons {
            replies,
            chosen: None,
            ..
        }) = self.transcript.entries().get(index).map(|e| &e.kind)
        else {
            return Vec::new();
        };
        let Some(label) = replies.labels.get(button).cloned() else {
            return Vec::new();
        };
        self.transcript.modify(index, |kind| {
            if let EntryKind::Buttons { chosen, .. } = kind {
                *chosen = Some(button);
            }
        });
        self.focus = ChatFocus::Composer;
        self.queue_message(label, ctx)
    }

    /// Enter with the transcript focused: on a quick-reply set, chooses its highlighted button;
    /// on any other entry, sends the composer's text as Enter always did.
    pub(super) fn choose_highlighted(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let ChatFocus::Transcript { selected, button } = self.focus else {
            return self.send(ctx);
        };
        let entry = self.transcript.entries().get(selected).map(|e| &e.kind);
        if matches!(entry, Some(EntryKind::Buttons { .. })) {
            self.choose_button(selected, button, ctx)
        } else {
            self.send(ctx)
        }
    }

    /// Left / Right on a selected quick-reply set: the previous or next button (kept in range).
    pub(super) fn move_button(&mut self, forward: bool) {
        let ChatFocus::Transcript { selected, button } = &mut self.focus else {
            return;
        };
        let Some(EntryKind::Buttons { replies, .. }) =
            self.transcript.entries().get(*selected).map(|e| &e.kind)
        else {
            return;
        };
        let count = replies.labels.len();
        *button = if forward {
            (*button + 1).min(count.saturating_sub(1))
        } else {
            button.saturating_sub(1)
        };
    }
}
