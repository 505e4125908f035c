//! Colours and text styles, in one place.
//!
//! The palette avoids red/green pairs (the usual colour-blindness confusion): people are blue
//! and magenta, warnings yellow, success cyan. Colour only ever repeats what the text already
//! says with a marker (`✗`, `!`, `›`, brackets), so `NO_COLOR` (modifiers only) and the
//! high-contrast theme lose no information.

use crate::app::chat::StatusTone;
use crate::app::transcript::Tone;
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// `NO_COLOR`: no foreground or background colours at all.
    pub no_color: bool,
    /// Brighter colours and bold text for low-contrast terminals.
    pub high_contrast: bool,
}

impl Theme {
    fn fg(&self, color: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(color)
        }
    }

    fn strong(&self, style: Style) -> Style {
        if self.high_contrast {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn muted(&self) -> Style {
        if self.high_contrast {
            Style::default()
        } else {
            self.fg(Color::DarkGray)
        }
    }
    pub fn label(&self) -> Style {
        self.strong(Style::default())
    }
    /// The focused field's label or button.
    pub fn focused(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    /// A search's match in the transcript: not by colour alone (bold and reversed without
    /// colours, bold on yellow with them).
    pub fn search_match(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        }
    }
    pub fn input(&self) -> Style {
        Style::default().add_modifier(Modifier::UNDERLINED)
    }
    pub fn error(&self) -> Style {
        self.fg(if self.high_contrast {
            Color::LightRed
        } else {
            Color::Red
        })
        .add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn good(&self) -> Style {
        self.strong(self.fg(Color::Cyan))
    }
    pub fn key(&self) -> Style {
        self.strong(self.fg(Color::Cyan))
            .add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        self.muted()
    }
    pub fn focused_border(&self) -> Style {
        self.strong(self.fg(Color::Blue))
    }

    pub fn status(&self, tone: StatusTone) -> Style {
        match tone {
            StatusTone::Normal => self.label(),
            StatusTone::Good => self.good(),
            StatusTone::Warn => self.warning(),
            StatusTone::Bad => self.error(),
        }
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::CustomerName => self.fg(Color::Blue).add_modifier(Modifier::BOLD),
            Tone::AgentName => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Tone::Time | Tone::Pending => self.muted(),
            Tone::Body | Tone::Image => Style::default(),
            Tone::System => self.muted().add_modifier(Modifier::ITALIC),
            Tone::Warning => self.warning(),
            Tone::Error => self.error(),
            Tone::Done => self.good(),
            Tone::Button => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Tone::Link | Tone::LinkMore => Style::default().add_modifier(Modifier::UNDERLINED),
        }
    }
}
