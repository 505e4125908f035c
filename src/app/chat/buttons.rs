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
use crate::app::transcript::{EntryKind, QuickReplies};

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
        let Some(label) = self.open_set(index).and_then(|r| r.labels.get(button)) else {
            return Vec::new();
        };
        let label = label.clone();
        self.mark_chosen(index, button);
        self.focus = ChatFocus::Composer;
        self.queue_message(label, ctx)
    }

    /// Our own message from a rejoined chat's history: when it is a label of the newest set not
    /// answered yet, that set was answered with it (so it is not offered again).
    pub(super) fn note_answer_in_history(&mut self, text: &str) {
        let Some(index) = self.transcript.open_buttons() else {
            return;
        };
        let answered = self
            .open_set(index)
            .and_then(|r| r.labels.iter().position(|l| l == text.trim()));
        if let Some(button) = answered {
            self.mark_chosen(index, button);
        }
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

    /// The buttons at entry `index` when they are a set not answered yet.
    fn open_set(&self, index: usize) -> Option<&QuickReplies> {
        let EntryKind::Buttons {
            replies,
            chosen: None,
            ..
        } = &self.transcript.entries().get(index)?.kind
        else {
            return None;
        };
        Some(replies)
    }

    fn mark_chosen(&mut self, index: usize, button: usize) {
        self.transcript.modify(index, |kind| {
            if let EntryKind::Buttons { chosen, .. } = kind {
                *chosen = Some(button);
            }
        });
    }
}
