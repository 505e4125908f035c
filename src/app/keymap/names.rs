//! The config names of the actions (`end_chat`, `scroll_up`): what the `[keys]` table and
//! `sp-chat keys` call them.
//!
//! A child of `keymap`. The match is exhaustive on purpose: a new [`Action`] does not compile
//! until it has a name. Actions with a parameter get one name per value: `quick_reply_1` …
//! `quick_reply_9`, `rating_1` … `rating_5`, and `save_file` / `open_file` for
//! `DownloadSelected { open }`.

use super::Action;

impl Action {
    /// The snake_case name of this action in the config's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ShowHelp => "show_help",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::Activate => "activate",
            Action::SaveSettings => "save_settings",
            Action::LeaveSettings => "leave_settings",
            Action::NextChoice => "next_choice",
            Action::PrevChoice => "prev_choice",
            Action::HelpMe => "help_me",
            Action::NewLine => "new_line",
            Action::OpenSettings => "open_settings",
            Action::RefreshAvailability => "refresh_availability",
            Action::CompletePath => "complete_path",
            Action::Send => "send",
            Action::Attach => "attach",
            Action::EndChat => "end_chat",
            Action::ExportTranscript => "export_transcript",
            Action::CaseHistory => "case_history",
            Action::CloseHistory => "close_history",
            Action::SaveExport => "save_export",
            Action::CloseExport => "close_export",
            Action::NextFormat => "next_format",
            Action::PrevFormat => "prev_format",
            Action::ScrollUp => "scroll_up",
            Action::ScrollDown => "scroll_down",
            Action::ScrollBottom => "scroll_bottom",
            Action::ScrollTop => "scroll_top",
            Action::RetryLastFailed => "retry_last_failed",
            Action::RetrySelected => "retry_selected",
            Action::DownloadSelected { open: false } => "save_file",
            Action::DownloadSelected { open: true } => "open_file",
            Action::DownloadLatest => "save_latest_file",
            Action::SelectPrev => "select_prev",
            Action::SelectNext => "select_next",
            Action::QuickReply(n) => numbered(
                n,
                &[
                    "quick_reply_1",
                    "quick_reply_2",
                    "quick_reply_3",
                    "quick_reply_4",
                    "quick_reply_5",
                    "quick_reply_6",
                    "quick_reply_7",
                    "quick_reply_8",
                    "quick_reply_9",
                ],
                "quick_reply",
            ),
            Action::PrevButton => "prev_button",
            Action::NextButton => "next_button",
            Action::ChooseButton => "choose_button",
            Action::FocusComposer => "focus_composer",
            Action::ConfirmAttach => "confirm_attach",
            Action::Cancel => "cancel",
            Action::BackHome => "back_home",
            Action::RatingDown => "rating_down",
            Action::RatingUp => "rating_up",
            Action::Rating(n) => numbered(
                n,
                &["rating_1", "rating_2", "rating_3", "rating_4", "rating_5"],
                "rating",
            ),
            Action::ToggleResolved => "toggle_resolved",
            Action::ResolvedYes => "resolved_yes",
            Action::ResolvedNo => "resolved_no",
            Action::SubmitForm => "submit_form",
            Action::CancelForm => "cancel_form",
            Action::CloseHelp => "close_help",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Search => "search",
            Action::SearchOlder => "search_older",
            Action::SearchNewer => "search_newer",
            Action::CloseSearch => "close_search",
            Action::CopyMessage => "copy_message",
            Action::CopyTranscript => "copy_transcript",
            Action::OpenLinks => "open_links",
            Action::OpenLink(n) => numbered(
                n,
                &[
                    "open_link_1",
                    "open_link_2",
                    "open_link_3",
                    "open_link_4",
                    "open_link_5",
                    "open_link_6",
                    "open_link_7",
                    "open_link_8",
                    "open_link_9",
                ],
                "open_link",
            ),
            Action::ChooseLink => "choose_link",
            Action::CloseLinks => "close_links",
        }
    }
}

/// `names[n - 1]`, or `fallback` for a number out of range (the help's merged `Rating(0)` row).
fn numbered(n: u8, names: &[&'static str], fallback: &'static str) -> &'static str {
    usize::from(n)
        .checked_sub(1)
        .and_then(|i| names.get(i))
        .copied()
        .unwrap_or(fallback)
}
