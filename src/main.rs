#![forbid(unsafe_code)]
//! The `goald` command line: see CONTRACT §7 and README.md.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use goald::commands::{self, Common};
use goald::config::Config;

/// An import allocates tens of millions of small strings; mimalloc does that several
/// times faster than the system allocator and hands memory back as readily.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "goald", version, about = "The goals daemon: visibility, roll-ups, reminders and org changes")]
struct Cli {
    /// Configuration file (default: ./goald.toml when it exists).
    #[arg(long, global = true, env = "GOALD_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL (sqlite://PATH or postgres://...); overrides the configuration.
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Print JSON on stdout (lists sorted by id, nothing else on stdout).
    #[arg(long, global = true)]
    json: bool,
    /// Log lines as `text` or `json` (on stderr); overrides the configuration.
    #[arg(long, global = true)]
    log_format: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply the database migrations (every command that opens the database does too).
    Migrate,
    /// The configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Import an org from a JSON file (CONTRACT §2): all or nothing.
    Import { file: PathBuf },
    /// The goals a member sees.
    Visibility(MemberArgs),
    /// Goals.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// The actions a member may take on a goal now.
    Permissions {
        #[command(flatten)]
        member: MemberArgs,
        #[arg(long)]
        goal: String,
    },
    /// Demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Org changes from the HRIS (CONTRACT §6).
    #[command(subcommand)]
    Hris(HrisCommand),
    /// API keys of the goals API.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// The weekly reminders (CONTRACT §5).
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Send every queued digest due by --until, then exit.
    Deliver {
        /// Deliver digests due at or before this instant (RFC 3339; default now).
        #[arg(long)]
        until: Option<String>,
        /// smtp://HOST:PORT (or any mail_url form); overrides the configuration.
        #[arg(long)]
        mail_url: Option<String>,
    },
    /// Digests by state, soonest first.
    Outbox {
        #[arg(long)]
        org: Option<String>,
        /// queued, sent, failed or skipped.
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// The daemon: HTTP, the weekly scheduler and the delivery worker.
    Serve {
        /// Where to listen (default: the configuration's http_addr).
        #[arg(long)]
        http_addr: Option<String>,
        /// What to run: api, scheduler, worker, comma-separated (default: the configuration's roles).
        #[arg(long)]
        roles: Option<String>,
        /// smtp://HOST:PORT (or any mail_url form); overrides the configuration.
        #[arg(long)]
        mail_url: Option<String>,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate the configuration (--config, goald.toml, GOALD_* variables) and say what is wrong.
    Check,
}

#[derive(Subcommand)]
enum ApiKeyCommand {
    /// Make a key for ORG and print it (the only time it is shown).
    Create {
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "default")]
        name: String,
    },
    /// The org's keys (never the keys themselves).
    List {
        #[arg(long)]
        org: String,
    },
    /// Refuse the key with this id from now on.
    Revoke {
        #[arg(long)]
        org: String,
        id: String,
    },
}

#[derive(Subcommand)]
enum HrisCommand {
    /// Apply a JSON-lines file of events, in file order, through the inbox.
    Apply {
        #[arg(long)]
        org: String,
        file: PathBuf,
    },
    /// What the org's inbox holds, and why events wait.
    Status {
        #[arg(long)]
        org: String,
    },
    /// Webhook secrets.
    #[command(subcommand)]
    Secret(SecretCommand),
}

#[derive(Subcommand)]
enum SecretCommand {
    /// Accept webhooks for ORG signed with SECRET (whsec_...); several may be active.
    Add {
        #[arg(long)]
        org: String,
        secret: String,
    },
    /// Stop accepting webhooks signed with SECRET (the end of a rotation).
    Remove {
        #[arg(long)]
        org: String,
        secret: String,
    },
}

#[derive(Subcommand)]
enum RemindersCommand {
    /// What the evaluation at --at would queue, writing nothing.
    Preview {
        #[arg(long)]
        org: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
    },
    /// The org's weekly evaluations, oldest first.
    History {
        #[arg(long)]
        org: String,
    },
    /// Evaluate the week holding --at and queue its digests (once per week).
    Run {
        #[arg(long)]
        org: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Args)]
struct MemberArgs {
    #[arg(long)]
    org: String,
    #[arg(long)]
    member: String,
}

#[derive(Subcommand)]
enum GoalCommand {
    /// A goal with its progress and pace.
    Show {
        #[arg(long)]
        org: String,
        #[arg(long)]
        goal: String,
        /// The instant the pace is computed at (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Print a synthetic org as an import file.
    Generate {
        #[arg(long, default_value_t = 200)]
        members: usize,
        #[arg(long, default_value_t = 1_000)]
        goals: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value = "demo")]
        org: String,
        /// The instant the data is built around (RFC 3339; default now).
        #[arg(long)]
        now: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(e) => return fail(&anyhow::Error::new(e)),
    };
    if let Some(format) = cli.log_format {
        config.log_format = format;
    }
    commands::init_logging(&config.log, &config.log_format);
    let clock = match commands::clock(std::env::var("GOALD_NOW").ok().as_deref()) {
        Ok(clock) => clock,
        Err(e) => return fail(&e),
    };
    let common = Common { config, database_url: cli.database_url, json: cli.json, clock };
    let result = match cli.command {
        Command::Migrate => commands::migrate(&common).await,
        Command::Config(ConfigCommand::Check) => commands::config_check(&common),
        Command::Import { file } => commands::import(&common, &file).await,
        Command::Visibility(m) => commands::visibility(&common, &m.org, &m.member).await,
        Command::Goal(GoalCommand::Show { org, goal, at }) => {
            commands::goal_show(&common, &org, &goal, at.as_deref()).await
        }
        Command::Permissions { member, goal } => {
            commands::permissions(&common, &member.org, &member.member, &goal).await
        }
        Command::Demo(DemoCommand::Generate { members, goals, seed, org, now }) => {
            commands::demo_generate(&common, &org, members, goals, seed, now.as_deref())
        }
        Command::ApiKey(ApiKeyCommand::Create { org, name }) => commands::api_key_create(&common, &org, &name).await,
        Command::ApiKey(ApiKeyCommand::List { org }) => commands::api_key_list(&common, &org).await,
        Command::ApiKey(ApiKeyCommand::Revoke { org, id }) => commands::api_key_revoke(&common, &org, &id).await,
        Command::Hris(HrisCommand::Apply { org, file }) => commands::hris_apply(&common, &org, &file).await,
        Command::Hris(HrisCommand::Status { org }) => commands::hris_status(&common, &org).await,
        Command::Hris(HrisCommand::Secret(SecretCommand::Add { org, secret })) => {
            commands::hris_secret_add(&common, &org, &secret).await
        }
        Command::Hris(HrisCommand::Secret(SecretCommand::Remove { org, secret })) => {
            commands::hris_secret_remove(&common, &org, &secret).await
        }
        Command::Reminders(RemindersCommand::Preview { org, at }) => {
            commands::reminders_preview(&common, &org, at.as_deref()).await
        }
        Command::Reminders(RemindersCommand::History { org }) => commands::reminders_history(&common, &org).await,
        Command::Reminders(RemindersCommand::Run { org, at }) => {
            commands::reminders_run(&common, &org, at.as_deref()).await
        }
        Command::Deliver { until, mail_url } => commands::deliver(&common, until.as_deref(), mail_url.as_deref()).await,
        Command::Outbox { org, state, limit } => {
            commands::outbox(&common, org.as_deref(), state.as_deref(), limit).await
        }
        Command::Serve { http_addr, roles, mail_url } => {
            goald::app::serve(common, http_addr.as_deref(), roles.as_deref(), mail_url.as_deref()).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    // The reader went away (`goald ... | head`): what it wanted was printed.
    let broken_pipe = error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("goald: error: {error:#}");
    ExitCode::FAILURE
}
