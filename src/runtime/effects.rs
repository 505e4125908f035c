//! Executes the app's `Effect`s: the bridge from the pure state machine to the world.
//!
//! Owns the current session worker (at most one), the settings in force and the one HTTP client
//! built from them (`shared_client.rs`, rebuilt on `Effect::UseSettings` only when they change),
//! and the background tasks that answer effects with `Msg`s. Nothing here blocks the event
//! loop: every network or disk operation runs in a task and answers through the message channel.

use super::shared_client::SharedClient;
use crate::api::session::{self, SessionCommand, SessionEvent, SessionOptions, Start};
use crate::api::{Client, Error};
use crate::app::{Effect, Msg};
use crate::config::{self, Settings};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::SetTitle;
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::task::JoinHandle;

/// A running session: the task that negotiates the API version, starts the worker, and then
/// forwards commands to it and its events into the app. Commands sent before the worker runs
/// wait in the channel, so nothing the app says early is lost.
struct ActiveSession {
    commands: UnboundedSender<SessionCommand>,
    task: JoinHandle<()>,
}

/// Runs effects; answers arrive on `msgs`.
pub struct EffectRunner {
    msgs: UnboundedSender<Msg>,
    config_path: PathBuf,
    session: Option<ActiveSession>,
    /// The settings in force (the app's saved ones): which tenant, where downloads go.
    settings: Settings,
    /// The one HTTP client (one pool, one rate gate) every effect and the worker share.
    client: SharedClient,
    /// Where decoded pictures go (the event loop's store), when previews are on.
    previews: Option<UnboundedSender<super::images::ImageEvent>>,
    /// Stdout is the TUI's terminal: the title and the bell may be written to it (not in line
    /// mode, whose stdout carries only its lines).
    terminal: bool,
}

/// What the event loop must do after an effect.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

impl EffectRunner {
    /// `settings`: the ones in force at start (`Effect::UseSettings` replaces them).
    pub fn new(msgs: UnboundedSender<Msg>, config_path: PathBuf, settings: Settings) -> Self {
        EffectRunner {
            msgs,
            config_path,
            client: SharedClient::new(&settings),
            settings,
            session: None,
            previews: None,
            terminal: true,
        }
    }

    /// Stdout is not the TUI's terminal (line mode): the window title and the bell are not
    /// written, so nothing but the front end's own lines reaches stdout.
    pub fn without_terminal(&mut self) {
        self.terminal = false;
    }

    /// Previews are on: decoded pictures go to `events`.
    pub fn enable_previews(&mut self, events: UnboundedSender<super::images::ImageEvent>) {
        self.previews = Some(events);
    }

    /// Previews are off (the settings switched them off): preview requests are not run.
    pub fn disable_previews(&mut self) {
        self.previews = None;
    }

    pub fn run(&mut self, effect: Effect) -> Flow {
        match effect {
            Effect::SaveSettings(settings) => self.save_settings(settings),
            Effect::UseSettings(settings) => {
                self.client.use_settings(&settings);
                self.settings = settings;
            }
            Effect::CheckAvailability => self.check_availability(),
            Effect::FetchParameters => self.fetch_parameters(),
            Effect::LookForActiveChat => self.look_for_active_chat(),
            Effect::StartChat { request } => self.start_session(Start::New(request)),
            Effect::ResumeChat { chat_id } => self.start_session(Start::Resume { chat_id }),
            Effect::Session(command) => self.forward(command),
            Effect::CompletePath(input) => self.complete_path(input),
            Effect::DownloadFile {
                chat_id,
                file_id,
                file_name,
                open,
            } => self.download(chat_id, file_id, file_name, open),
            Effect::FetchCaseHistory { chat_id } => self.ask(
                |client| async move { client.case_history(&chat_id).await },
                Msg::CaseHistoryFetched,
            ),
            Effect::FetchAgentPhoto { chat_id, party_id } => {
                self.fetch_agent_photo(chat_id, party_id)
            }
            Effect::LoadPreview {
                chat_id,
                entry_id,
                source,
            } => match self.previews.clone() {
                Some(events) => {
                    super::images::load(events, self.client.client(), chat_id, entry_id, source)
                }
                None => {
                    let _ = self.msgs.send(Msg::PreviewLoaded {
                        chat_id,
                        entry_id,
                        result: Err("previews are off".to_string()),
                    });
                }
            },
            Effect::Bell if self.terminal => ring_bell(),
            Effect::Bell => {}
            Effect::Notify { title, body } => notify_desktop(title, body),
            Effect::ExportTranscript {
                path,
                create_dir,
                contents,
            } => self.export_transcript(path, create_dir, contents),
            Effect::SetTitle(title) if self.terminal => {
                let _ = write_title(&mut std::io::stdout(), &title);
            }
            Effect::SetTitle(_) => {}
            // Line mode has no selection to copy, and its stdout is the script's.
            Effect::Copy { text } if self.terminal => {
                let _ = super::clipboard::write_clipboard(&mut std::io::stdout(), &text);
            }
            Effect::Copy { .. } => {}
            Effect::OpenUrl { url } => open_url(url, self.msgs.clone()),
            Effect::Quit => return Flow::Quit,
        }
        Flow::Continue
    }

    /// Stops the worker without ending the chat: a live chat stays resumable.
    pub fn shutdown(&mut self) {
        if let Some(active) = self.session.take() {
            let _ = active.commands.send(SessionCommand::Shutdown);
            // Dropping the worker's handle (with the task) stops it as `Shutdown` would, and
            // no late event of this chat reaches the app.
            active.task.abort();
        }
    }

    fn export_transcript(&self, path: PathBuf, create_dir: bool, contents: String) {
        let msgs = self.msgs.clone();
        tokio::task::spawn_blocking(move || {
            let home = home_dir();
            let result = super::export_file::write_transcript(
                &path,
                contents.as_bytes(),
                create_dir,
                home.as_deref(),
            );
            let _ = msgs.send(Msg::TranscriptExported(result));
        });
    }

    fn save_settings(&self, mut settings: Settings) {
        let path = self.config_path.clone();
        let msgs = self.msgs.clone();
        tokio::task::spawn_blocking(move || {
            if settings.client_id.trim().is_empty() {
                settings.client_id = uuid::Uuid::new_v4().to_string();
            }
            let answer = match config::save(&path, &settings) {
                Ok(()) => Ok(settings),
                Err(e) => Err(format!("Could not save the settings: {e}")),
            };
            let _ = msgs.send(Msg::SettingsSaved(answer.map(Box::new)));
        });
    }

    /// Asks the tenant one question off the event loop; the answer (or why the client could
    /// not be built) comes back as the `Msg` that `answer` makes.
    fn ask<T, F>(&self, call: impl FnOnce(Client) -> F, answer: fn(Result<T, Error>) -> Msg)
    where
        F: std::future::Future<Output = Result<T, Error>> + Send + 'static,
        T: Send + 'static,
    {
        let msgs = self.msgs.clone();
        match self.client.client() {
            Ok(client) => {
                let asked = call(client);
                tokio::spawn(async move {
                    let _ = msgs.send(answer(asked.await));
                });
            }
            Err(e) => {
                let _ = msgs.send(answer(Err(e)));
            }
        }
    }

    fn check_availability(&self) {
        self.ask(
            |client| async move { client.check_availability().await },
            Msg::AvailabilityChecked,
        );
    }

    fn fetch_parameters(&self) {
        self.ask(
            |client| async move { client.expected_parameters().await },
            Msg::ParametersFetched,
        );
    }

    fn fetch_agent_photo(&self, chat_id: String, party_id: String) {
        let Ok(client) = self.client.client() else {
            return;
        };
        let msgs = self.msgs.clone();
        tokio::spawn(async move {
            let photo = match client.agent_photo(&chat_id, &party_id).await {
                Ok(photo) => photo,
                Err(e) => {
                    tracing::info!(kind = ?e.kind, "no agent photo");
                    None
                }
            };
            let _ = msgs.send(Msg::AgentPhoto { party_id, photo });
        });
    }

    fn look_for_active_chat(&self) {
        // Incomplete settings cannot name a chat: nothing to look for yet.
        if !self.settings.validate().is_empty() {
            let _ = self.msgs.send(Msg::ActiveChatFound(Ok(None)));
            return;
        }
        self.ask(
            |client| async move { client.active_chat().await },
            Msg::ActiveChatFound,
        );
    }

    fn start_session(&mut self, start: Start) {
        self.shutdown();
        let client = match self.client.client() {
            Ok(client) => client,
            Err(e) => {
                let _ = self.msgs.send(Msg::Session(SessionEvent::StartFailed(e)));
                return;
            }
        };
        let options = SessionOptions {
            max_upload_bytes: u64::from(self.settings.files.max_upload_mb) * 1024 * 1024,
            ..SessionOptions::default()
        };
        let msgs = self.msgs.clone();
        let (commands, mut command_rx) = mpsc::unbounded_channel::<SessionCommand>();
        let task = tokio::spawn(async move {
            let client = client.negotiate_version().await;
            let (handle, mut events) = session::start(client, start, options);
            loop {
                tokio::select! {
                    command = command_rx.recv() => match command {
                        Some(command) => {
                            handle.command(command);
                        }
                        None => {
                            handle.shutdown();
                            break;
                        }
                    },
                    event = events.recv() => match event {
                        Some(event) => {
                            if msgs.send(Msg::Session(event)).is_err() {
                                break;
                            }
                        }
                        None => break,
                    },
                }
            }
        });
        self.session = Some(ActiveSession { commands, task });
    }

    fn forward(&mut self, command: SessionCommand) {
        // The app keeps paths as the customer typed them; `~/` is a shell-ism the worker
        // (a library that must not guess) does not expand.
        let command = match command {
            SessionCommand::UploadFile { local_id, path } => SessionCommand::UploadFile {
                local_id,
                path: expand_tilde(&path, home_dir().as_deref()),
            },
            other => other,
        };
        let is_shutdown = matches!(command, SessionCommand::Shutdown);
        let delivered = self
            .session
            .as_ref()
            .is_some_and(|active| active.commands.send(command).is_ok());
        if is_shutdown {
            self.shutdown();
        } else if !delivered {
            tracing::warn!("a command reached no session worker");
        }
    }

    /// Get File → save (never overwriting) → optionally open, all off the event loop.
    fn download(&self, chat_id: String, file_id: String, file_name: String, open: bool) {
        let msgs = self.msgs.clone();
        let fetch_id = file_id.clone();
        let answer = move |result: Result<PathBuf, String>| {
            let _ = msgs.send(Msg::FileDownloaded {
                file_id: file_id.clone(),
                result,
            });
        };
        let Some(dir) = self.settings.resolved_download_dir() else {
            answer(Err("there is no download folder (no home directory)".into()));
            return;
        };
        let client = match self.client.client() {
            Ok(client) => client,
            Err(e) => return answer(Err(crate::app::sentences::error_sentence(&e))),
        };
        let msgs = self.msgs.clone();
        tokio::spawn(async move {
            let fetched = match client.get_file(&chat_id, &fetch_id).await {
                Ok(d) => d,
                Err(e) => return answer(Err(crate::app::sentences::error_sentence(&e))),
            };
            let saved = tokio::task::spawn_blocking(move || {
                crate::download::save_download(&dir, &file_name, &fetched.bytes)
            })
            .await;
            let path = match saved {
                Ok(Ok(path)) => path,
                Ok(Err(e)) => return answer(Err(e.to_string())),
                Err(e) => return answer(Err(e.to_string())),
            };
            answer(Ok(path.clone()));
            if open {
                open_saved(path, msgs);
            }
        });
    }

    fn complete_path(&self, input: String) {
        let msgs = self.msgs.clone();
        tokio::task::spawn_blocking(move || {
            let candidates = complete_path(&input, home_dir().as_deref());
            let _ = msgs.send(Msg::PathCompleted { input, candidates });
        });
    }
}

/// Shows a desktop notification off the UI thread (D-Bus may be slow or absent); a failure is a
/// logged warning, never an error the customer sees.
#[cfg(feature = "desktop-notifications")]
fn notify_desktop(title: String, body: String) {
    let title = crate::text::sanitize_line(&title);
    let body = crate::text::sanitize_line(&body);
    tokio::task::spawn_blocking(move || {
        if let Err(e) = notify_rust::Notification::new()
            .appname("sp-chat")
            .summary(&title)
            .body(&body)
            .show()
        {
            tracing::warn!(error = %e, "desktop notification failed");
        }
    });
}

/// Built without the `desktop-notifications` feature: the notification is only logged.
#[cfg(not(feature = "desktop-notifications"))]
fn notify_desktop(title: String, body: String) {
    tracing::info!(
        title = %crate::text::sanitize_line(&title),
        body_len = body.len(),
        "desktop notification (built without the desktop-notifications feature)"
    );
}

/// Starts the system opener on a saved file and reaps it in the background; a failure to
/// start becomes a line in the transcript.
fn open_saved(path: PathBuf, msgs: UnboundedSender<Msg>) {
    open_with_system(path.as_os_str(), "The file is saved, but", msgs);
}

/// Starts the system opener on a link (the URL as its one argument: no shell sees it).
fn open_url(url: String, msgs: UnboundedSender<Msg>) {
    open_with_system(
        std::ffi::OsStr::new(&url),
        "The link cannot be opened:",
        msgs,
    );
}

/// Starts the system opener on `target` and reaps it in the background; a failure to start
/// becomes a line in the transcript, after `lead` ("The file is saved, but").
fn open_with_system(target: &std::ffi::OsStr, lead: &str, msgs: UnboundedSender<Msg>) {
    let opener = crate::download::system_opener();
    let opener = opener.as_str();
    match crate::download::open_detached(opener, target) {
        Ok(mut child) => {
            // Reaped off the event loop so no zombie stays behind; its status does not matter.
            tokio::task::spawn_blocking(move || {
                let _ = child.wait();
            });
        }
        Err(e) => {
            tracing::warn!(error = %e, "system opener failed");
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                format!("{lead} there is no system opener ({opener}) to open it.")
            } else {
                format!("{lead} {opener} could not start: {e}")
            };
            let _ = msgs.send(Msg::OpenFailed(why));
        }
    }
}

/// Sets the window title: the one place the app writes an OSC sequence, so the title text is
/// sanitised here again (it is a sink that bypasses ratatui).
pub fn write_title(out: &mut impl Write, title: &str) -> std::io::Result<()> {
    let clean = crate::text::sanitize_line(title);
    execute!(out, SetTitle(clean))
}

fn ring_bell() {
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07");
    let _ = out.flush();
}

fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// `~/rest` → `<home>/rest`; any other path unchanged.
pub fn expand_tilde(path: &Path, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// The most candidates offered: a huge directory must not flood the screen or the state.
const MAX_CANDIDATES: usize = 50;

/// Paths that start with `input` (`~/` expanded), directories with a trailing `/`, sorted.
/// Candidates keep the user's spelling (`~/` stays `~/`).
pub fn complete_path(input: &str, home: Option<&Path>) -> Vec<String> {
    let (expanded, tilde) = match (input.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => (home.join(rest).to_string_lossy().into_owned(), true),
        _ => (input.to_string(), false),
    };
    let (dir_part, name_prefix) = match expanded.rfind('/') {
        Some(i) => (&expanded[..=i], &expanded[i + 1..]),
        None => ("", expanded.as_str()),
    };
    let dir = if dir_part.is_empty() { "." } else { dir_part };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Hidden files only when asked for explicitly.
            if !name.starts_with(name_prefix)
                || (name.starts_with('.') && !name_prefix.starts_with('.'))
            {
                return None;
            }
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            let mut full = format!("{dir_part}{name}");
            if is_dir {
                full.push('/');
            }
            if tilde {
                if let Some(home) = home {
                    let home = home.to_string_lossy();
                    if let Some(rest) = full.strip_prefix(home.as_ref()) {
                        full = format!("~{rest}");
                    }
                }
            }
            Some(full)
        })
        .collect();
    out.sort();
    out.truncate(MAX_CANDIDATES);
    out
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn completes_files_and_directories_with_tilde_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("photos")).unwrap();
        std::fs::write(dir.path().join("photo.png"), b"x").unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        std::fs::write(dir.path().join(".photo-hidden"), b"x").unwrap();
        let base = format!("{}/pho", dir.path().display());
        let got = complete_path(&base, None);
        assert_eq!(
            got,
            vec![
                format!("{}/photo.png", dir.path().display()),
                format!("{}/photos/", dir.path().display()),
            ]
        );
        let got = complete_path("~/pho", Some(dir.path()));
        assert_eq!(
            got,
            vec!["~/photo.png".to_string(), "~/photos/".to_string()]
        );
        assert!(complete_path("/definitely/not/here/x", None).is_empty());
    }

    #[test]
    fn tilde_expands_to_home_only_at_the_start() {
        let home = Path::new("/home/ann");
        assert_eq!(
            expand_tilde(Path::new("~/a.png"), Some(home)),
            PathBuf::from("/home/ann/a.png")
        );
        assert_eq!(
            expand_tilde(Path::new("/x/~/a"), Some(home)),
            PathBuf::from("/x/~/a")
        );
        assert_eq!(expand_tilde(Path::new("~/a"), None), PathBuf::from("~/a"));
    }
}
