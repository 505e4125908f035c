//! Input on any screen: a key through the keymap to an action for the top view or else the
//! screen, text edits for the focused field, paste, and the mouse wheel.
//!
//! A child of `update`. The App keeps only what belongs to no screen: quitting and opening the
//! help. Does not own what an action does (the views' and screens' own files) or the key
//! table (`keymap`).

use crate::api::session::SessionCommand;
use crate::app::App;
use crate::app::chat::ChatState;
use crate::app::composer::{self, Composer};
use crate::app::context::Ctx;
use crate::app::keymap::{Action, KeyCombo};
use crate::app::msg::Effect;
use crate::app::screen::Screen;
use crate::app::step::{Change, Step};
use crate::app::views::{HelpView, Reply, View, ViewCx};
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

/// Hands what a view asked of the chat to the chat (when one is shown); the reply's effects.
fn for_chat(reply: Reply, screen: &mut Screen, ctx: &Ctx) -> Vec<Effect> {
    if let (Some(ask), Some(chat)) = (reply.chat, screen.chat_mut()) {
        chat.for_chat(ask, ctx);
    }
    reply.effects
}

/// Rows the wheel scrolls per notch.
const WHEEL_ROWS: u16 = 3;

impl App {
    pub(super) fn on_key(&mut self, ev: KeyEvent) -> (Vec<Effect>, bool) {
        let Some(key) = KeyCombo::from_event(&ev) else {
            return (Vec::new(), false);
        };
        if let Some(action) = self.keymap.lookup(&self.modes(), key) {
            return (self.on_action(action), true);
        }
        let edit = composer::edit_binding(key);
        let typed = composer::typed_char(key);
        if edit.is_none() && typed.is_none() {
            return (Vec::new(), true);
        }
        let effects = self.edit_focused(&mut |field| match (edit, typed) {
            (Some(e), _) => field.apply(e),
            (None, Some(c)) => {
                field.insert_char(c);
                true
            }
            (None, None) => false,
        });
        (effects, true)
    }

    pub(super) fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        let mut complete = true;
        let effects = self.edit_focused(&mut |field| {
            let before = field.text().len();
            complete = field.insert_str(text);
            field.text().len() != before
        });
        if !complete && self.views.is_empty() {
            self.screen.paste_was_cut();
        }
        effects
    }

    /// Replaces the focused field's text with `text` (cut to the field's limit, like a paste).
    /// The text arrives whole, typed elsewhere: no "typing" is reported for it (it would only
    /// cost the tenant a request just before the message itself).
    pub(super) fn set_focused_text(&mut self, text: &str) -> Vec<Effect> {
        let mut effects = self.edit_focused(&mut |field| {
            let before = field.text().to_string();
            field.set_text(text);
            field.text() != before
        });
        effects.retain(|e| *e != Effect::Session(SessionCommand::Typing(true)));
        effects
    }

    /// Runs `edit` on the focused text field: the top view's if a view is open (the help and
    /// questions have none), else the screen's.
    fn edit_focused(&mut self, edit: &mut dyn FnMut(&mut Composer) -> bool) -> Vec<Effect> {
        if let Some(view) = self.views.last_mut() {
            if !view.overlay_mut().edit(edit) {
                return Vec::new();
            }
            let (mut ctx, screen, views) = self.ctx();
            let Some(view) = views.last_mut() else {
                return Vec::new();
            };
            let cx = ViewCx {
                ctx: &mut ctx,
                transcript: screen.chat().map(ChatState::transcript),
            };
            let reply = view.overlay_mut().edited(cx);
            return for_chat(reply, screen, &ctx);
        }
        let (mut ctx, screen, _) = self.ctx();
        screen.edit(edit, &mut ctx)
    }

    pub(super) fn on_mouse(&mut self, ev: MouseEvent) -> (Vec<Effect>, bool) {
        let up = match ev.kind {
            MouseEventKind::ScrollUp => true,
            MouseEventKind::ScrollDown => false,
            // Clicks and moves do nothing (yet); not worth a redraw.
            MouseEventKind::Down(_)
            | MouseEventKind::Up(_)
            | MouseEventKind::Drag(_)
            | MouseEventKind::Moved
            | MouseEventKind::ScrollLeft
            | MouseEventKind::ScrollRight => return (Vec::new(), false),
        };
        let scrolled_view = self
            .views
            .last_mut()
            .is_some_and(|view| view.overlay_mut().scroll(up, WHEEL_ROWS));
        if !scrolled_view {
            let (ctx, screen, _) = self.ctx();
            screen.scroll(up, usize::from(WHEEL_ROWS), &ctx);
        }
        (Vec::new(), true)
    }

    /// An action: quitting and the help belong to the App; the rest to the top view, or else
    /// the screen. A view that completed is taken off the stack.
    pub(super) fn on_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return self.quit_requested(),
            Action::ShowHelp => {
                self.open(View::Help(HelpView::default()));
                return Vec::new();
            }
            Action::NewLine => {
                return self.edit_focused(&mut |field| {
                    let before = field.text().len();
                    field.insert_newline();
                    field.text().len() != before
                });
            }
            _ => {}
        }
        let (mut ctx, screen, views) = self.ctx();
        let step = match views.last_mut() {
            Some(view) => {
                let cx = ViewCx {
                    ctx: &mut ctx,
                    transcript: screen.chat().map(ChatState::transcript),
                };
                let mut reply = view.overlay_mut().on_action(action, cx);
                let change = reply.confirmed.take().map(Change::Confirmed);
                Step {
                    effects: for_chat(reply, screen, &ctx),
                    change,
                }
            }
            None => screen.on_action(action, &mut ctx),
        };
        self.pop_completed();
        self.apply(step)
    }
}
