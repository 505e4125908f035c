//! The chat's side of inline pictures: which entries ask for a preview, and the answers that
//! make room for one in the entry's rows.
//!
//! A child of `chat`. Picture entries (an agent's image, one of our uploads) become
//! [`Effect::LoadPreview`] requests as soon as the chat has its id and pictures are on; the
//! runtime fetches, decodes and encodes off the UI thread and answers with
//! `Msg::PreviewLoaded`. Does not own pixels (`runtime::pictures`) or sizes (`preview`).

use super::ChatState;
use crate::app::context::Ctx;
use crate::app::msg::Effect;
use crate::app::preview::{Preview, max_rows_for};

impl ChatState {
    /// The preview requests of picture entries that appeared since the last call (nothing
    /// when pictures are off: the entries keep their one-line `[image] name` label). An upload
    /// queued before the chat has its id waits for it (previews are per chat).
    pub(super) fn preview_effects(&mut self, ctx: &Ctx) -> Vec<Effect> {
        self.resized(ctx);
        let Some(chat_id) = self.chat_id.clone() else {
            return Vec::new();
        };
        let wanted = std::mem::take(&mut self.preview_candidates);
        if !ctx.previews_on {
            return Vec::new();
        }
        wanted
            .into_iter()
            .filter_map(|(index, source)| {
                let entry_id = self.transcript.entries().get(index)?.id;
                self.transcript.set_preview(index, Preview::Loading);
                Some(Effect::LoadPreview {
                    chat_id: chat_id.clone(),
                    entry_id,
                    source,
                })
            })
            .collect()
    }

    /// The terminal changed size: a picture takes at most a third of its height.
    pub fn resized(&mut self, ctx: &Ctx) {
        self.transcript.set_preview_limit(max_rows_for(ctx.size.1));
    }

    /// The answer to [`Effect::LoadPreview`]: room for the picture, or a line saying why not.
    /// Answers about another chat (one that ended meanwhile) are ignored.
    pub fn preview_loaded(
        &mut self,
        chat_id: &str,
        entry_id: u64,
        result: Result<(u16, u16), String>,
    ) {
        if self.chat_id.as_deref() != Some(chat_id) {
            return;
        }
        let Some(index) = self.transcript.index_of(entry_id) else {
            return;
        };
        let preview = match result {
            Ok((cols, rows)) => Preview::Ready { cols, rows },
            Err(why) => Preview::Unavailable(crate::text::sanitize_line(&why)),
        };
        self.transcript.set_preview(index, preview);
    }
}
