//! The chat's dealings beyond messages: receipts for the agent's messages, the agent's files
//! (which one a download fetches, and what the transcript says about it), and the agent's photo.
//!
//! A child of `chat` (it reaches the chat's private bookkeeping); split off so each file stays
//! readable. Does not own fetching or saving (the runtime runs `Effect::DownloadFile`).

use super::{AgentFile, ChatState};
use crate::api::session::SessionCommand;
use crate::app::context::Ctx;
use crate::app::msg::{Effect, PreviewSource};
use crate::app::transcript::EntryKind;
use crate::text::sanitize_line;
use std::path::PathBuf;

impl ChatState {
    /// Receipts for the agent messages just shown (the rule: docs/PROTOCOL-NOTES.md,
    /// "Receipts"). In view (the terminal focused and the transcript at its newest): the
    /// newest `visible` of them are read (the screen shows them), older ones of the same batch
    /// delivered. Otherwise (unfocused, or scrolled up to older messages): all delivered, and
    /// the newest `visible` are remembered to be marked read once they are in view.
    pub(super) fn acknowledge(&mut self, focused: bool, visible: usize) -> Vec<Effect> {
        let visible = visible.max(1);
        let shown: Vec<String> = self.unacknowledged.drain(..).collect();
        // The newest `visible` of the batch are what the screen shows.
        let newest = shown.len().saturating_sub(visible);
        let in_view = focused && self.follows_newest();
        let seen_from = if in_view { newest } else { shown.len() };
        if !in_view {
            // Only what the screen will show when the customer looks again becomes read.
            self.unread.extend_from_slice(&shown[newest..]);
            let excess = self.unread.len().saturating_sub(visible);
            self.unread.drain(..excess);
        }
        let mut effects = Vec::with_capacity(shown.len());
        for (i, ref_msg_id) in shown.into_iter().enumerate() {
            effects.extend(self.command(SessionCommand::Receipt {
                ref_msg_id,
                read: i >= seen_from,
            }));
        }
        effects
    }

    /// Get Agent Profile Photo for an agent who just joined, once per agent.
    pub(super) fn photo_effect(&mut self) -> Option<Effect> {
        let party_id = self.photo_wanted.take()?;
        Some(Effect::FetchAgentPhoto {
            chat_id: self.chat_id.clone()?,
            party_id,
        })
    }

    /// The agent's photo arrived (or there is none: a 404 is normal). It gets a line, and with
    /// pictures on, the photo is drawn small under it (never more than a preview's rows).
    pub fn photo_fetched(
        &mut self,
        party_id: &str,
        photo: Option<crate::api::Downloaded>,
        ctx: &Ctx,
    ) -> Vec<Effect> {
        let Some(photo) = photo.filter(|p| !p.bytes.is_empty()) else {
            return Vec::new();
        };
        let name = self.sender_name(party_id);
        let index = self.transcript.push(
            ctx.now_ms,
            EntryKind::System(format!(
                "{name}'s profile photo ({})",
                crate::app::transcript::human_bytes(photo.bytes.len() as u64)
            )),
        );
        self.preview_candidates
            .push((index, PreviewSource::Fetched(photo.bytes.as_slice().into())));
        self.agent_photo = Some(photo);
        self.preview_effects(ctx)
    }

    /// The terminal got the focus: the alerts counted while away are seen.
    pub fn focus_gained(&mut self) {
        self.unseen_alerts = 0;
    }

    /// The transcript shows its newest rows (not scrolled up to older messages).
    fn follows_newest(&self) -> bool {
        self.transcript.scroll() == crate::app::transcript::Scroll::Bottom
    }

    /// Read receipts for what was only delivered, once it is in view: called after every
    /// message with whether the terminal has the focus, so focus coming back, a scroll back
    /// down to the newest message, or a search closed all count, and nothing else does.
    pub fn read_in_view(&mut self, focused: bool) -> Vec<Effect> {
        if self.unread.is_empty() || !focused || !self.follows_newest() {
            return Vec::new();
        }
        if !self.is_live() {
            self.unread.clear();
            return Vec::new();
        }
        let unread: Vec<String> = self.unread.drain(..).collect();
        unread
            .into_iter()
            .flat_map(|ref_msg_id| {
                self.command(SessionCommand::Receipt {
                    ref_msg_id,
                    read: true,
                })
            })
            .collect()
    }

    /// The file to download: the one at the selected entry (`Some(index)`), or the agent's
    /// latest. Says in the transcript what happens; `None` when there is no such file.
    pub fn download(&mut self, index: Option<usize>, now: i64) -> Option<(String, AgentFile)> {
        let chat_id = self.chat_id.clone()?;
        let picked = match index {
            Some(i) => self.agent_files.get(&i),
            None => self.agent_files.values().next_back(),
        };
        let Some(file) = picked.cloned() else {
            self.notice = Some(match index {
                Some(_) => "Select a file from the agent to save it.".to_string(),
                None => "The agent has not sent a file.".to_string(),
            });
            return None;
        };
        self.transcript.push(
            now,
            EntryKind::System(format!("Saving \u{201c}{}\u{201d}…", file.name)),
        );
        Some((chat_id, file))
    }

    /// A download finished: say where the file is, or why it is not.
    pub fn downloaded(&mut self, file_id: &str, result: Result<PathBuf, String>, now: i64) {
        let file = self.agent_files.values_mut().find(|f| f.file_id == file_id);
        let name = file
            .as_ref()
            .map(|f| f.name.clone())
            .unwrap_or_else(|| "the file".to_string());
        match result {
            Ok(path) => {
                let shown = sanitize_line(&path.to_string_lossy());
                if let Some(file) = file {
                    file.saved = Some(path);
                }
                self.transcript.push(
                    now,
                    EntryKind::System(format!("Saved \u{201c}{name}\u{201d} to {shown}")),
                )
            }
            Err(why) => self.transcript.push(
                now,
                EntryKind::Warning(format!(
                    "Could not save \u{201c}{name}\u{201d}: {}",
                    sanitize_line(&why)
                )),
            ),
        };
        self.transcript.scroll_to_bottom();
    }
}
