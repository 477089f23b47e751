//! The command line's shape (clap): see CONTRACT §7 and README.md. What each command
//! does is in the sibling modules; `run` in `cli` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "goald", version, about = "The goals daemon: visibility, roll-ups, reminders and org changes")]
pub struct Cli {
    /// Configuration file (default: ./goald.toml when it exists).
    #[arg(long, global = true, env = "GOALD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database URL (sqlite://PATH or postgres://...); overrides the configuration.
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    /// Print JSON on stdout (lists sorted by id, nothing else on stdout).
    #[arg(long, global = true)]
    pub json: bool,
    /// Log lines as `text` or `json` (on stderr); overrides the configuration.
    #[arg(long, global = true)]
    pub log_format: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        #[command(subcommand)]
        action: Option<OutboxCommand>,
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
pub enum ConfigCommand {
    /// Validate the configuration (--config, goald.toml, GOALD_* variables) and say what is wrong.
    Check,
}

#[derive(Subcommand)]
pub enum ApiKeyCommand {
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
pub enum HrisCommand {
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
pub enum SecretCommand {
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
pub enum OutboxCommand {
    /// Puts failed digests back in the queue (attempts reset; the last error is kept).
    Retry {
        /// Which digests: only `failed` can be requeued.
        #[arg(long)]
        state: String,
        #[arg(long)]
        org: Option<String>,
        /// Only digests due for delivery at or after this instant (RFC 3339).
        #[arg(long)]
        since: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum RemindersCommand {
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
    /// Write the HTML and text of the digest --owner would get at --at, queuing nothing.
    Render {
        #[arg(long)]
        org: String,
        #[arg(long)]
        owner: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
        /// The directory to write digest.html, digest.txt and subject.txt into (made if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Args)]
pub struct MemberArgs {
    #[arg(long)]
    pub org: String,
    #[arg(long)]
    pub member: String,
}

#[derive(Subcommand)]
pub enum GoalCommand {
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
pub enum DemoCommand {
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
