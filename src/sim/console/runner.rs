//! The agent console's I/O: reads the tenant into [`ChatSnapshot`]s, executes
//! [`ConsoleAction`]s against [`SimControl`], and runs the terminal loop.
//!
//! The loop waits on three things only: a terminal event, a change of the tenant (the
//! `SimControl::subscribe` counter, so an idle console never wakes up) and Ctrl-C/SIGTERM. It
//! owns the terminal through `runtime::terminal` (the same setup/restore pair and panic hook as
//! the app). It does not decide anything (`state`) or draw anything itself (`view`).

use super::state::{ChatSnapshot, ConsoleAction, ConsoleState, SURVEY_FORM};
use crate::runtime::terminal;
use crate::sim::SimControl;
use futures_util::StreamExt;
use ratatui::crossterm::event::{Event, EventStream};
use std::path::Path;

/// The largest file the console pushes (the tenant's own upload limit, PROTOCOL.md).
const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;

/// Every chat the tenant has, oldest first.
pub fn snapshot(control: &SimControl) -> Vec<ChatSnapshot> {
    control
        .chat_ids()
        .into_iter()
        .map(|chat_id| ChatSnapshot {
            customer: control
                .chat_request(&chat_id)
                .map(|r| r.from)
                .unwrap_or_default(),
            history: control.history(&chat_id),
            ended: control.is_ended(&chat_id),
            chat_id,
        })
        .collect()
}

/// Executes one action. A file that cannot be read is a sentence for the console's notice line,
/// never a failure of the console. Reading the file blocks briefly (at most 25 MB, local disk):
/// acceptable for a developer tool that has nothing else to do meanwhile.
pub fn apply(control: &SimControl, action: ConsoleAction) -> Result<(), String> {
    match action {
        ConsoleAction::Say { chat_id, text } => control.agent_say(&chat_id, &text),
        ConsoleAction::Typing { chat_id, on } => control.agent_typing(&chat_id, on),
        ConsoleAction::ShowSurvey { chat_id } => control.show_form(&chat_id, SURVEY_FORM),
        ConsoleAction::EndChat { chat_id } => control.end_chat(&chat_id),
        ConsoleAction::SendFile { chat_id, path } => {
            let (name, content_type, bytes) = read_file(Path::new(&path))?;
            control.agent_send_file(&chat_id, &name, content_type, bytes);
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<(String, &'static str, Vec<u8>), String> {
    let shown = crate::text::sanitize_line(&path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| format!("Cannot read {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown} is not a regular file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("{shown} is larger than 25 MB"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("Cannot read {shown}: {e}"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    Ok((name, crate::api::session::sniff_content_type(&bytes), bytes))
}

/// Runs the console until Ctrl-C (a key, or the signal). The tenant keeps running meanwhile.
pub async fn run(control: SimControl, settings: Vec<String>) -> anyhow::Result<()> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("--agent-console needs a terminal");
    }
    terminal::install_panic_hook();
    terminal::setup()?;
    let result = event_loop(control, settings).await;
    let restored = terminal::restore();
    result?;
    restored?;
    Ok(())
}

async fn event_loop(control: SimControl, settings: Vec<String>) -> anyhow::Result<()> {
    let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
    let mut term = ratatui::Terminal::new(backend)?;
    let mut state = ConsoleState::new(settings);
    let mut changes = control.subscribe();
    let mut events = EventStream::new();
    state.sync(snapshot(&control));
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        term.draw(|f| super::view::draw(&state, f))?;
        if state.should_quit() {
            return Ok(());
        }
        tokio::select! {
            event = events.next() => {
                let actions = match event {
                    Some(Ok(Event::Key(key))) => state.key(key),
                    Some(Ok(Event::Paste(text))) => state.paste(&text),
                    Some(Ok(_)) => Vec::new(),
                    Some(Err(e)) => return Err(e.into()),
                    None => return Ok(()),
                };
                for action in actions {
                    if let Err(notice) = apply(&control, action) {
                        state.set_notice(&notice);
                    }
                }
                // An action changes the tenant; so may nothing: read it again either way.
                state.sync(snapshot(&control));
            }
            changed = changes.changed() => {
                if changed.is_err() {
                    return Ok(());
                }
                changes.borrow_and_update();
                state.sync(snapshot(&control));
            }
            _ = sigterm.recv() => return Ok(()),
        }
    }
}
