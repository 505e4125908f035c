//! Overlays drawn above any screen: the help (generated from the keymap) and y/n questions.
//!
//! The help reads in the order one needs it: the keys of where the focus is, the keys that work
//! everywhere, then the rest of the screen in its present phase (no survey keys while chatting),
//! the text-editing keys and the files. From 100 columns it is laid out in two columns, so a
//! chat's keys fit one screen at 120×40; what does not fit is one scroll below.

use super::theme::Theme;
use super::widgets::centered;
use crate::app::App;
use crate::app::composer::EDIT_BINDINGS;
use crate::app::keymap::{Action, Keymap, Mode};
use crate::app::wrap::wrap_lines;
use crate::text::display_width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// The help box is one column up to this width; from [`TWO_COLUMNS_FROM`] cells of terminal it
/// is two columns side by side, so that a chat's keys fit one screen at 120×40.
const ONE_COLUMN_WIDTH: u16 = 76;
const TWO_COLUMNS_FROM: u16 = 100;
const MAX_WIDTH: u16 = 150;
/// Cells between the two columns.
const GAP: usize = 3;
/// The keys cell is at most this wide; longer keys get a line of their own.
const MAX_KEY_WIDTH: usize = 22;

/// A titled group of `(keys, what they do)` rows.
struct Section {
    title: String,
    rows: Vec<(String, String)>,
}

/// The help's sections in reading order: the modes in force here (below the help), the keys
/// that work everywhere (F1, Ctrl-C), the rest of this screen's modes in its present phase,
/// then the text-editing keys and the files.
fn sections(app: &App) -> Vec<Section> {
    let mut order: Vec<Mode> = app.help_here();
    order.push(Mode::Global);
    for mode in app.help_modes() {
        if !order.contains(&mode) {
            order.push(mode);
        }
    }
    let mut sections: Vec<Section> = app
        .keymap()
        .help_sections(&order)
        .into_iter()
        .map(|(title, rows)| Section {
            title: title.to_owned(),
            rows: rows
                .into_iter()
                .map(|(keys, help)| (keys, help.to_owned()))
                .collect(),
        })
        .collect();
    let mut edits = Vec::new();
    let mut seen = Vec::new();
    // An editing key the keys in force here take for something else (Ctrl-F searches in the
    // chat) does not edit here: leave it out.
    let in_force = app.help_here();
    let edits_here = |key: &crate::app::KeyCombo| app.keymap().lookup(&in_force, *key).is_none();
    for (_, edit) in EDIT_BINDINGS {
        if seen.contains(edit) {
            continue;
        }
        seen.push(*edit);
        let keys: Vec<String> = EDIT_BINDINGS
            .iter()
            .filter(|(k, e)| e == edit && edits_here(k))
            .map(|(k, _)| k.to_string())
            .collect();
        if !keys.is_empty() {
            edits.push((keys.join("/"), edit.help().to_owned()));
        }
    }
    sections.push(Section {
        title: "In text fields".to_owned(),
        rows: edits,
    });
    let path = |p: Option<&std::path::Path>| match p {
        Some(p) => crate::text::sanitize_line(&p.display().to_string()),
        None => "(none: logging is off)".to_string(),
    };
    sections.push(Section {
        title: "Files".to_owned(),
        rows: vec![
            ("Log files".to_owned(), path(app.log_path())),
            ("Config file".to_owned(), path(Some(app.config_path()))),
        ],
    });
    sections
}

/// A section's lines; with a `width`, each text is wrapped under itself to fit.
fn section_lines(section: &Section, width: Option<usize>, theme: &Theme) -> Vec<Line<'static>> {
    let key_width = section
        .rows
        .iter()
        .map(|(keys, _)| display_width(keys))
        .max()
        .unwrap_or(0)
        .min(MAX_KEY_WIDTH);
    let indent = " ".repeat(2 + key_width + 1);
    let mut lines = vec![Line::from(Span::styled(
        section.title.clone(),
        theme.title(),
    ))];
    for (keys, help) in &section.rows {
        let pieces = match width {
            Some(width) => wrap_lines(help, width.saturating_sub(indent.len()).max(8)),
            None => vec![help.clone()],
        };
        let mut pieces = pieces.into_iter();
        let keys_width = display_width(keys);
        if keys_width > key_width {
            lines.push(Line::from(Span::styled(format!("  {keys}"), theme.key())));
        } else {
            let pad = " ".repeat(key_width - keys_width);
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys}{pad} "), theme.key()),
                Span::raw(pieces.next().unwrap_or_default()),
            ]));
        }
        for piece in pieces {
            lines.push(Line::from(vec![
                Span::raw(indent.clone()),
                Span::raw(piece),
            ]));
        }
    }
    lines
}

/// The help text in one column, sections apart by a blank line, texts not wrapped (what the
/// tests read).
#[cfg(test)]
pub fn help_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    one_column(&sections(app), None, theme)
}

fn one_column(sections: &[Section], width: Option<usize>, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.extend(section_lines(section, width, theme));
    }
    lines
}

/// The sections flowed into columns of `height` rows (a section starts a new column when it
/// does not fit in what is left of one), two columns side by side per page, pages one below
/// the other: the first page is what applies here, the rest one scroll away.
fn two_columns(
    sections: &[Section],
    width: usize,
    height: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let column_width = width.saturating_sub(GAP) / 2;
    let height = height.max(1);
    let mut columns: Vec<Vec<Line<'static>>> = Vec::new();
    let mut current: Vec<Line<'static>> = Vec::new();
    for section in sections {
        let lines = section_lines(section, Some(column_width), theme);
        if !current.is_empty() && current.len() + 1 + lines.len() > height {
            columns.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(Line::default());
        }
        for line in lines {
            if current.len() == height {
                columns.push(std::mem::take(&mut current));
            }
            current.push(line);
        }
    }
    if !current.is_empty() {
        columns.push(current);
    }
    let pages = columns.chunks(2).count();
    let mut out = Vec::new();
    for (page, pair) in columns.chunks(2).enumerate() {
        let rows = if page + 1 < pages {
            height
        } else {
            pair.iter().map(Vec::len).max().unwrap_or(0)
        };
        for row in 0..rows {
            let left = pair[0].get(row).cloned().unwrap_or_default();
            let pad = (column_width + GAP).saturating_sub(left.width());
            let mut spans = left.spans;
            if let Some(right) = pair.get(1).and_then(|column| column.get(row)) {
                spans.push(Span::raw(" ".repeat(pad)));
                spans.extend(right.spans.iter().cloned());
            }
            out.push(Line::from(spans));
        }
    }
    out
}

/// The first key of `action` in the help's own mode, for the box's title.
fn help_key(app: &App, action: Action) -> String {
    app.keymap()
        .keys_of(Mode::Help, action)
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

pub fn render_help(app: &App, scroll: u16, theme: &Theme, area: Rect, frame: &mut Frame) {
    let two = area.width >= TWO_COLUMNS_FROM;
    let width = area
        .width
        .saturating_sub(4)
        .min(if two { MAX_WIDTH } else { ONE_COLUMN_WIDTH });
    let spot = centered(area, width, area.height.saturating_sub(2));
    let inner = Block::bordered().inner(spot);
    let sections = sections(app);
    let lines = if two {
        two_columns(
            &sections,
            usize::from(inner.width),
            usize::from(inner.height),
            theme,
        )
    } else {
        one_column(&sections, Some(usize::from(inner.width)), theme)
    };
    let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
    let scroll = scroll.min(max_scroll);
    let more = if scroll < max_scroll {
        " · more below"
    } else {
        ""
    };
    let title = format!(
        " Keys — {} closes · {}/{} scroll{more} ",
        help_key(app, Action::CloseHelp),
        help_key(app, Action::ScrollUp),
        help_key(app, Action::ScrollDown),
    );
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(title, theme.title()));
    frame.render_widget(Clear, spot);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), spot);
}

pub fn render_confirm(
    question: &str,
    keymap: &Keymap,
    theme: &Theme,
    area: Rect,
    frame: &mut Frame,
) {
    let keys = |action| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for key in keymap.keys_of(Mode::Confirm, action) {
            if !spans.is_empty() {
                spans.push(Span::raw("/"));
            }
            spans.push(Span::styled(key.to_string(), theme.key()));
        }
        spans
    };
    let mut answers = keys(Action::Yes);
    answers.push(Span::raw(" yes   "));
    answers.extend(keys(Action::No));
    answers.push(Span::raw(" no"));
    let width = area.width.saturating_sub(4).min(60);
    let text_rows =
        (crate::text::display_width(question) as u16).div_ceil(width.saturating_sub(4).max(1));
    let spot = centered(area, width, text_rows + 4);
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(" Question ", theme.title()));
    frame.render_widget(Clear, spot);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(question.to_string(), theme.label())),
            Line::default(),
            Line::from(answers),
        ])
        .wrap(Wrap { trim: true })
        .block(block.padding(ratatui::widgets::Padding::horizontal(1))),
        spot,
    );
}
