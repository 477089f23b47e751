//! The command groups' shapes (clap), split from `args` to keep files short.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::values::DigestStateArg;

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration (--config, goald.toml, GOALD_* variables) and say what is wrong.
    Check,
}

#[derive(Subcommand)]
pub enum ApiKeyCommand {
    /// Make a key for ORG and print it (the only time it is shown).
    Create {
        /// The org the key opens.
        #[arg(long)]
        org: String,
        /// A name to tell the org's keys apart.
        #[arg(long, default_value = "default")]
        name: String,
    },
    /// The org's keys (never the keys themselves).
    List {
        /// The org whose keys to list.
        #[arg(long)]
        org: String,
    },
    /// Refuse the key with this id from now on.
    Revoke {
        /// The org the key belongs to.
        #[arg(long)]
        org: String,
        /// The key's id (from `api-key list`), not the key.
        id: String,
    },
}

#[derive(Subcommand)]
pub enum HrisCommand {
    /// Apply a JSON-lines file of events, in file order, through the inbox.
    Apply {
        /// The org the events are for.
        #[arg(long)]
        org: String,
        /// One event (CONTRACT §6) per line.
        file: PathBuf,
    },
    /// What the org's inbox holds, and why events wait.
    Status {
        /// The org whose inbox to show.
        #[arg(long)]
        org: String,
    },
    /// Webhook secrets.
    #[command(subcommand)]
    Secret(SecretCommand),
}

#[derive(Subcommand)]
pub enum SecretCommand {
    /// Accept webhooks for ORG signed with a secret (whsec_...); several may be active.
    Add(SecretArgs),
    /// Stop accepting webhooks signed with a secret (the end of a rotation).
    Remove(SecretArgs),
}

/// Where a secret comes from. On the command line it is visible to every user of the
/// machine (`ps`, /proc/PID/cmdline) and stays in shell history: prefer `--secret-file`
/// or standard input (`-`, or no SECRET at all).
#[derive(Args)]
pub struct SecretArgs {
    /// The org the secret is for.
    #[arg(long)]
    pub org: String,
    /// The secret (whsec_...), or `-` to read it from standard input; read from standard
    /// input when neither it nor --secret-file is given. Visible in `ps` when given here.
    #[arg(conflicts_with = "secret_file")]
    pub secret: Option<String>,
    /// Read the secret from this file (its first line).
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Puts failed digests back in the queue (attempts reset; the last error is kept).
    Retry {
        /// Which digests: only `failed` can be requeued.
        #[arg(long, value_enum)]
        state: DigestStateArg,
        /// Only this org's digests.
        #[arg(long)]
        org: Option<String>,
        /// Only digests due for delivery at or after this instant (RFC 3339).
        #[arg(long, value_name = "T")]
        since: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum RemindersCommand {
    /// What the evaluation at --at would queue, writing nothing.
    Preview {
        /// The org to evaluate.
        #[arg(long)]
        org: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        at: Option<String>,
    },
    /// The org's weekly evaluations, oldest first.
    History {
        /// The org whose evaluations to list.
        #[arg(long)]
        org: String,
    },
    /// Evaluate the week holding --at and queue its digests (once per week).
    Run {
        /// The org to evaluate.
        #[arg(long)]
        org: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        at: Option<String>,
    },
    /// Write the HTML and text of the digest --owner would get at --at, queuing nothing.
    Render {
        /// The org of the owner.
        #[arg(long)]
        org: String,
        /// The owner whose digest to write.
        #[arg(long)]
        owner: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        at: Option<String>,
        /// The directory to write digest.html, digest.txt and subject.txt into (made if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
pub struct MemberArgs {
    /// The org's id.
    #[arg(long)]
    pub org: String,
    /// The member's id.
    #[arg(long)]
    pub member: String,
}

#[derive(Subcommand)]
pub enum GoalCommand {
    /// A goal with its progress and pace.
    Show {
        /// The org's id.
        #[arg(long)]
        org: String,
        /// The goal's id.
        #[arg(long)]
        goal: String,
        /// The instant the pace is computed at (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        at: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum DemoCommand {
    /// Print a synthetic org as an import file.
    Generate {
        /// How many members.
        #[arg(long, default_value_t = 200)]
        members: usize,
        /// How many goals.
        #[arg(long, default_value_t = 1_000)]
        goals: usize,
        /// The random seed: the same seed gives the same org.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The org's id.
        #[arg(long, default_value = "demo")]
        org: String,
        /// The instant the data is built around (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        now: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Goals by state and pace, mean progress, past their end, not updated for 28 days.
    Progress(ReportArgs),
    /// Who owns a published goal, goals with a parent, days since the last activity.
    Adoption(ReportArgs),
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub member: MemberArgs,
    /// line (the member and their reporting line, the default), team:ID, or org
    /// (executives and collaborators only).
    #[arg(long, default_value = "line")]
    pub scope: String,
    /// The instant T (RFC 3339; default now).
    #[arg(long)]
    pub at: Option<String>,
}
