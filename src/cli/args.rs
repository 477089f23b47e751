//! The command line's shape (clap): see CONTRACT §7 and README.md. What each command
//! does is in the sibling modules; `run` in `cli` dispatches. Every argument has help
//! (a test walks the whole tree), and every flag with a fixed set of values is a
//! `ValueEnum`, so a typo is refused with the list of values.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use crate::cli::subcommands::{
    ApiKeyCommand, ConfigCommand, DemoCommand, GoalCommand, HrisCommand, MemberArgs, OutboxCommand, RemindersCommand,
    ReportArgs, ReportCommand, SecretArgs, SecretCommand,
};
pub use crate::cli::values::{value_text, DigestStateArg, LogFormatArg, RoleArg};

#[derive(Parser)]
#[command(name = "goald", version, about = "The goals daemon: visibility, roll-ups, reminders and org changes")]
pub struct Cli {
    /// Configuration file (default: ./goald.toml when it exists).
    #[arg(long, global = true, env = "GOALD_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database URL (sqlite://PATH or postgres://...); overrides the configuration.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Print JSON on stdout (lists sorted by id, nothing else on stdout).
    #[arg(long, global = true)]
    pub json: bool,
    /// How log lines are written on stderr; overrides the configuration.
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormatArg>,
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
    Import {
        /// The org as a JSON file (CONTRACT §2).
        file: PathBuf,
    },
    /// The goals a member sees.
    Visibility(MemberArgs),
    /// Goals.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// The actions a member may take on a goal now.
    Permissions {
        #[command(flatten)]
        member: MemberArgs,
        /// The goal's id.
        #[arg(long)]
        goal: String,
    },
    /// Progress and adoption reports of a member over a scope (docs/reports.md).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Org changes from the HRIS (CONTRACT §6).
    #[command(subcommand)]
    Hris(HrisCommand),
    /// The manager digest: render one, list the queued ones (docs/manager-digest.md).
    #[command(subcommand)]
    Reports(crate::cli::manager_reports::ReportsCommand),
    /// SCIM 2.0 provisioning: tokens and reconcile (docs/scim.md).
    #[command(subcommand)]
    Scim(crate::cli::scim::ScimCommand),
    /// A member's email preferences: the weekly digest, nudges and cheers (docs/notifications.md).
    #[command(subcommand)]
    Preferences(crate::cli::preferences::PreferencesCommand),
    /// The suppression list: addresses a mail server refused for good (a permanent 5xx).
    #[command(subcommand)]
    Suppression(crate::cli::suppression::SuppressionCommand),
    /// API keys of the goals API.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// The weekly reminders (CONTRACT §5).
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Send every queued digest due by --until, then exit.
    Deliver {
        /// Deliver digests due at or before this instant (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        until: Option<String>,
        /// smtp://HOST:PORT (or any mail_url form); overrides the configuration.
        #[arg(long, value_name = "URL")]
        mail_url: Option<String>,
    },
    /// Digests by state, soonest first.
    Outbox {
        /// Only this org's digests.
        #[arg(long)]
        org: Option<String>,
        /// Only digests in this state.
        #[arg(long, value_enum)]
        state: Option<DigestStateArg>,
        /// At most this many digests.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[command(subcommand)]
        action: Option<OutboxCommand>,
    },
    /// The daemon: HTTP, the weekly scheduler and the delivery worker.
    Serve {
        /// Where to listen, HOST:PORT (default: the configuration's http_addr).
        #[arg(long, value_name = "HOST:PORT")]
        http_addr: Option<String>,
        /// What to run, comma-separated (default: the configuration's roles).
        #[arg(long, value_enum, value_delimiter = ',')]
        roles: Option<Vec<RoleArg>>,
        /// smtp://HOST:PORT (or any mail_url form); overrides the configuration.
        #[arg(long, value_name = "URL")]
        mail_url: Option<String>,
    },
    /// Print a shell completion script on stdout (e.g. `goald completions bash > /etc/bash_completion.d/goald`).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout (e.g. `goald man > goald.1`).
    Man,
}
