//! A whole chat through the `sp_chat::api` library, without the terminal UI.
//!
//! Requests a chat, sends a message, prints what the agent says and does, optionally uploads an
//! image, then leaves with `chat_session_disconnect`, answers the `MobileChatSurvey` with a
//! rating of 5 and exits 0 once the server ends the chat.
//!
//! Against the simulated tenant (`SimConfig::demo()` or `fast()`), for example:
//! ```text
//! cargo run --example chat -- --server http://127.0.0.1:8098 --tenant sim.sp-chat.test \
//!     --app-id SimChat --client-id 123e4567-e89b-12d3-a456-426614174000 --image photo.png
//! ```
//! or with a settings file: `cargo run --example chat -- --config path/to/config.toml`.

use clap::Parser;
use sp_chat::api::types::FormShow;
use sp_chat::api::{
    ChatRequest, Client, ClientConfig, EndReason, ServerEvent, SessionCommand, SessionEvent,
    SessionOptions, Start,
};
use sp_chat::text;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(about = "Run one chat against a Bright Pattern tenant (or the simulator)")]
struct Args {
    /// A settings file (as the app writes it) instead of the four options below.
    #[arg(long)]
    config: Option<PathBuf>,
    /// client_web_server_url, e.g. http://127.0.0.1:8098
    #[arg(long, required_unless_present = "config")]
    server: Option<String>,
    /// The tenant's domain (tenantUrl).
    #[arg(long, required_unless_present = "config")]
    tenant: Option<String>,
    #[arg(long, required_unless_present = "config")]
    app_id: Option<String>,
    #[arg(long, required_unless_present = "config")]
    client_id: Option<String>,
    /// The first message.
    #[arg(long, default_value = "Hello! Could you help me with my order?")]
    message: String,
    /// An image to upload once the agent has answered.
    #[arg(long)]
    image: Option<PathBuf>,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 120)]
    timeout: u64,
}

/// Where the conversation stands (the example's script).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Waiting for the agent's greeting and answer to our first message (two messages).
    AwaitAnswer {
        seen: u32,
    },
    /// The image is on its way; then wait for the agent's acknowledgement.
    Uploading,
    AwaitAck,
    /// Disconnected: waiting for the survey and the end.
    Leaving,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let cfg = match client_config(&args) {
        Ok(cfg) => cfg,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = match Client::new(cfg) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let deadline = Duration::from_secs(args.timeout);
    match tokio::time::timeout(deadline, converse(client, &args)).await {
        Ok(code) => code,
        Err(_) => {
            eprintln!("error: no end of chat within {} s", args.timeout);
            ExitCode::FAILURE
        }
    }
}

fn client_config(args: &Args) -> Result<ClientConfig, String> {
    if let Some(path) = &args.config {
        let settings = sp_chat::config::load(path).map_err(|e| e.to_string())?;
        return ClientConfig::from_settings(&settings).map_err(|e| e.to_string());
    }
    let get = |o: &Option<String>| o.clone().unwrap_or_default();
    ClientConfig::new(
        &get(&args.server),
        &get(&args.tenant),
        &get(&args.app_id),
        &get(&args.client_id),
    )
    .map_err(|e| e.to_string())
}

async fn converse(client: Client, args: &Args) -> ExitCode {
    let request = ChatRequest {
        from: "sp-chat example".into(),
        ..ChatRequest::default()
    };
    let (session, mut events) =
        sp_chat::api::start(client, Start::New(request), SessionOptions::default());
    let mut chat_id = String::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut step = Step::AwaitAnswer { seen: 0 };
    while let Some(event) = events.recv().await {
        match event {
            SessionEvent::Started {
                chat_id: id,
                state,
                ewt,
                resumed,
            } => {
                let state = state.map(|s| s.as_str().to_string()).unwrap_or_default();
                println!("chat {id} started (state {state}, ewt {ewt:?}, resumed {resumed})");
                chat_id = id;
                session.send_message(&args.message);
            }
            SessionEvent::StartFailed(e) => {
                eprintln!("could not start the chat: {e}");
                return ExitCode::FAILURE;
            }
            SessionEvent::Events(list) => {
                for e in list {
                    let from_agent = print_event(&e, &chat_id, &mut names);
                    if let ServerEvent::FormShow(form) = &e {
                        answer_form(&session, form);
                    }
                    if !from_agent {
                        continue;
                    }
                    step = match (step, &args.image) {
                        (Step::AwaitAnswer { seen: 0 }, _) => Step::AwaitAnswer { seen: 1 },
                        (Step::AwaitAnswer { .. }, Some(path)) => {
                            println!("uploading {}", path.display());
                            session.upload(path.clone());
                            Step::Uploading
                        }
                        (Step::AwaitAnswer { .. }, None) | (Step::AwaitAck, _) => {
                            println!("leaving the conversation");
                            session.disconnect();
                            Step::Leaving
                        }
                        (s @ (Step::Uploading | Step::Leaving), _) => s,
                    };
                }
            }
            SessionEvent::LinkDown { error, retry_in } => {
                println!(
                    "link down ({error}); retrying in {} ms",
                    retry_in.as_millis()
                );
            }
            SessionEvent::LinkUp => println!("link up"),
            SessionEvent::MessageSent { msg_id, .. } => println!("sent ({msg_id})"),
            SessionEvent::MessageFailed { error, .. } => println!("message failed: {error}"),
            SessionEvent::UploadProgress { sent, total, .. } => {
                println!("upload {sent}/{total} bytes");
            }
            SessionEvent::UploadDone { file_name, .. } => {
                println!("uploaded {}", text::sanitize_line(&file_name));
                step = Step::AwaitAck;
            }
            SessionEvent::UploadFailed { error, .. } => {
                println!("upload failed: {error}; leaving");
                session.disconnect();
                step = Step::Leaving;
            }
            SessionEvent::FormSent { .. } => println!("survey sent"),
            SessionEvent::FormFailed { error, .. } => println!("survey failed: {error}"),
            SessionEvent::Ended(reason) => {
                return match reason {
                    EndReason::Ended | EndReason::Inactivity | EndReason::Gone => {
                        println!("chat ended");
                        ExitCode::SUCCESS
                    }
                    EndReason::Fatal(e) => {
                        eprintln!("chat stopped: {e}");
                        ExitCode::FAILURE
                    }
                    EndReason::Stopped => ExitCode::FAILURE,
                };
            }
        }
    }
    eprintln!("the session stopped unexpectedly");
    ExitCode::FAILURE
}

/// Prints one server event; true if it is a message or file from someone other than us.
fn print_event(e: &ServerEvent, chat_id: &str, names: &mut HashMap<String, String>) -> bool {
    let name = |party: &str, names: &HashMap<String, String>| {
        names.get(party).cloned().unwrap_or_else(|| "agent".into())
    };
    match e {
        ServerEvent::Status(s) => {
            let ewt = s.ewt.map(|w| format!(" (about {w} s)")).unwrap_or_default();
            println!("status: {}{ewt}", text::sanitize_line(s.state.as_str()));
        }
        ServerEvent::PartyJoined(p) => {
            let n = text::sanitize_line(&p.name());
            println!("{n} joined the chat");
            names.insert(p.party_id.clone(), n);
        }
        ServerEvent::PartyLeft(p) => println!("{} left the chat", name(&p.party_id, names)),
        ServerEvent::Typing(p) if p.party_id != chat_id => {
            println!("{} is typing…", name(&p.party_id, names));
        }
        ServerEvent::NotTyping(p) if p.party_id != chat_id => {
            println!("{} stopped typing", name(&p.party_id, names));
        }
        ServerEvent::Message(m) if m.party_id != chat_id => {
            let body = m
                .msg_text
                .clone()
                .unwrap_or_else(|| text::html_to_text(&m.msg));
            println!("{}: {}", name(&m.party_id, names), text::sanitize(&body));
            return true;
        }
        ServerEvent::File(f) if f.party_id != chat_id => {
            println!(
                "{} sent a file: {}",
                name(&f.party_id, names),
                text::sanitize_line(&f.file_name)
            );
            return true;
        }
        ServerEvent::FormShow(f) => println!("form shown: {}", text::sanitize_line(&f.form_name)),
        ServerEvent::Ended(_) => println!("the server ended the chat"),
        other => println!("({})", text::sanitize_line(other.name())),
    }
    false
}

/// The survey gets a 5; any other form is declined.
fn answer_form(session: &sp_chat::api::SessionHandle, form: &FormShow) {
    let cmd = if form.form_name == "MobileChatSurvey" {
        let data = BTreeMap::from([
            ("rating".to_string(), "5".to_string()),
            ("resolved".to_string(), "yes".to_string()),
            ("comment".to_string(), "Thanks!".to_string()),
        ]);
        println!("answering the survey: rating 5");
        SessionCommand::SubmitForm {
            form_request_id: form.form_request_id.clone(),
            form_name: form.form_name.clone(),
            data,
            secure: false,
        }
    } else {
        SessionCommand::CancelForm {
            form_request_id: form.form_request_id.clone(),
            form_name: form.form_name.clone(),
            secure: false,
        }
    };
    session.command(cmd);
}
