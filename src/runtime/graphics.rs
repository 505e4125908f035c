//! How this terminal shows pictures, and which [`Picker`] the settings ask for, now and after
//! they change.
//!
//! Owns: asking the terminal once, at start ([`Graphics::at_start`]), which graphics protocol
//! it speaks (kitty, sixel, iTerm2) and its cell size; and turning that answer and the picture
//! settings (`ui.show_images`, `ui.image_protocol`) into a picker ([`Graphics::picker`]), again
//! whenever the settings screen changes them ([`Graphics::follow`]), so that they apply without
//! a restart.
//!
//! Why the terminal is asked only at start: the answer is read from stdin, which the event
//! loop's reader owns afterwards. When pictures were off at start and are switched on later,
//! the cell size comes from the window size in pixels (an ioctl, no reading), and `auto`
//! means half-blocks, or iTerm2 where the environment names a terminal that speaks it.
//!
//! Does not own the query itself (`graphics_query`) or the pictures (`images`).

use super::graphics_query;
use crate::config::Settings;
use ratatui_image::picker::{Picker, ProtocolType};
use std::time::Duration;

/// How long the terminal has to answer the graphics query at start (local terminals answer in
/// a few milliseconds; this leaves room for a slow remote link).
const QUERY_TIMEOUT: Duration = Duration::from_millis(600);

/// What the runtime knows about the terminal's pictures, and the settings last followed.
pub struct Graphics {
    /// The terminal's own answer, when it was asked at start.
    asked: Option<Picker>,
    /// Half-blocks are coloured text: with `NO_COLOR` they would be noise.
    no_color: bool,
    /// `(show_images, image_protocol)` as last followed.
    followed: (bool, String),
}

impl Graphics {
    /// Asks the terminal when the settings want pictures drawn with a protocol it may speak.
    /// Must run after the terminal is in raw mode and before anything reads terminal events.
    pub fn at_start(settings: &Settings, no_color: bool) -> Graphics {
        let wants_query =
            settings.ui.show_images && forced(settings) != Some(ProtocolType::Halfblocks);
        Graphics {
            asked: wants_query.then(ask_the_terminal),
            no_color,
            followed: followed(settings),
        }
    }

    /// Without asking the terminal.
    #[cfg(test)]
    fn unasked(settings: &Settings, no_color: bool) -> Graphics {
        Graphics {
            asked: None,
            no_color,
            followed: followed(settings),
        }
    }

    /// The picker for these settings, or `None` when previews are off.
    pub fn picker(&self, settings: &Settings) -> Option<Picker> {
        if !settings.ui.show_images {
            return None;
        }
        let forced = forced(settings);
        // Half-blocks need no cell size; the others need the cell size in pixels at least.
        let mut picker = match (forced, &self.asked) {
            (Some(ProtocolType::Halfblocks), _) => Picker::halfblocks(),
            (_, Some(asked)) => asked.clone(),
            (_, None) => from_window(),
        };
        if let Some(protocol) = forced {
            picker.set_protocol_type(protocol);
        }
        if self.no_color && picker.protocol_type() == ProtocolType::Halfblocks {
            tracing::info!("NO_COLOR and no graphics protocol: previews off");
            return None;
        }
        tracing::info!(protocol = ?picker.protocol_type(), font = ?picker.font_size(), "previews on");
        Some(picker)
    }

    /// The picker to use from now on when the picture settings changed since the last call
    /// (`Some(None)`: pictures are off now), `None` when they did not.
    pub fn follow(&mut self, settings: &Settings) -> Option<Option<Picker>> {
        let now = followed(settings);
        if now == self.followed {
            return None;
        }
        self.followed = now;
        Some(self.picker(settings))
    }
}

fn followed(settings: &Settings) -> (bool, String) {
    (settings.ui.show_images, settings.ui.image_protocol.clone())
}

/// The protocol the settings force, if any (`auto`, and anything validation let through: none).
fn forced(settings: &Settings) -> Option<ProtocolType> {
    match settings.ui.image_protocol.as_str() {
        "kitty" => Some(ProtocolType::Kitty),
        "sixel" => Some(ProtocolType::Sixel),
        "iterm2" => Some(ProtocolType::Iterm2),
        "halfblocks" => Some(ProtocolType::Halfblocks),
        _ => None,
    }
}

/// A picker from the terminal's own answer: kitty, then sixel, then iTerm2 when the environment
/// names a terminal that speaks it, else half-blocks; the cell size as the terminal gave it, else
/// from the window size in pixels, else the crate's default.
fn ask_the_terminal() -> Picker {
    // Also detects tmux (and lets graphics pass through it to the outer terminal).
    let plain = Picker::halfblocks();
    let Some(answer) = graphics_query::query(plain.tmux_detected(), QUERY_TIMEOUT) else {
        tracing::info!("the terminal did not answer the graphics query: half-blocks");
        return plain;
    };
    let Some(cell_px) = answer.cell_px.or_else(cell_px_from_window) else {
        return plain;
    };
    let mut picker = with_cell_size(cell_px);
    if let Some(protocol) = answer.protocol {
        picker.set_protocol_type(protocol);
    }
    picker
}

/// A picker without asking: the cell size from the window, half-blocks when it is unknown.
fn from_window() -> Picker {
    cell_px_from_window().map_or_else(Picker::halfblocks, with_cell_size)
}

fn with_cell_size((width, height): (u16, u16)) -> Picker {
    // The crate's only constructor taking a measured cell size; it also reads the environment
    // for iTerm2-speaking terminals (the query cannot ask for that protocol).
    #[allow(deprecated)]
    Picker::from_fontsize(ratatui_image::FontSize::new(width, height))
}

/// The cell size from the window's size in pixels, when the terminal reports one.
fn cell_px_from_window() -> Option<(u16, u16)> {
    let size = ratatui::crossterm::terminal::window_size().ok()?;
    if size.width == 0 || size.height == 0 || size.columns == 0 || size.rows == 0 {
        return None;
    }
    Some((size.width / size.columns, size.height / size.rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(show: bool, protocol: &str) -> Settings {
        let mut settings = Settings::default();
        settings.ui.show_images = show;
        settings.ui.image_protocol = protocol.into();
        settings
    }

    #[test]
    fn previews_are_off_when_switched_off_or_half_blocks_meet_no_color() {
        let off = settings(false, "auto");
        assert!(Graphics::unasked(&off, false).picker(&off).is_none());
        let half = settings(true, "halfblocks");
        assert!(
            Graphics::unasked(&half, true).picker(&half).is_none(),
            "NO_COLOR"
        );
        let picker = Graphics::unasked(&half, false)
            .picker(&half)
            .expect("forced half-blocks");
        assert_eq!(picker.protocol_type(), ProtocolType::Halfblocks);
    }

    #[test]
    fn a_change_of_the_picture_settings_is_followed_once() {
        let off = settings(false, "auto");
        let mut graphics = Graphics::unasked(&off, false);
        assert!(graphics.follow(&off).is_none(), "nothing changed");
        let mut on = settings(true, "halfblocks");
        on.customer.first_name = "Ada".into();
        let picker = graphics
            .follow(&on)
            .expect("switched on")
            .expect("a picker");
        assert_eq!(picker.protocol_type(), ProtocolType::Halfblocks);
        assert!(graphics.follow(&on).is_none(), "followed already");
        let kitty = settings(true, "kitty");
        let picker = graphics
            .follow(&kitty)
            .expect("protocol changed")
            .expect("a picker");
        assert_eq!(picker.protocol_type(), ProtocolType::Kitty);
        assert!(matches!(graphics.follow(&off), Some(None)), "switched off");
    }
}
