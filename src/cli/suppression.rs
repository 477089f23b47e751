//! `goald suppression list|remove --org O` (docs/suppression.md): the addresses a mail
//! server refused for good, which receive nothing until the member's email changes.

use clap::Subcommand;

use crate::cli::common::{org, Common};
use crate::cli::output::print_json;
use crate::core::time::rfc3339_text as rfc3339;

#[derive(Subcommand)]
pub enum SuppressionCommand {
    /// The org's suppressed addresses, and those an email change has lifted.
    List {
        /// The org whose list to show.
        #[arg(long)]
        org: String,
    },
    /// Takes a member or an address off the list, so mail to it is sent again.
    Remove {
        /// The org whose list to change.
        #[arg(long)]
        org: String,
        /// A member id, or an email address (case-insensitive).
        #[arg(value_name = "MEMBER_OR_ADDRESS")]
        target: String,
    },
}

pub async fn run(common: &Common, command: SuppressionCommand) -> anyhow::Result<()> {
    match command {
        SuppressionCommand::List { org } => list(common, &org).await,
        SuppressionCommand::Remove { org, target } => remove(common, &org, &target).await,
    }
}

async fn list(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let suppressions = store.suppressions(&org.id).await?;
    if common.json {
        return print_json(&serde_json::json!({"suppressions": suppressions}));
    }
    if suppressions.is_empty() {
        say!("no suppressed address in {}", org.id.as_str());
    }
    for s in &suppressions {
        let state = if s.in_force { "suppressed" } else { "lifted (email changed)" };
        say!("{} {} {} since {}: {}", s.member, s.email, state, rfc3339(s.suppressed_at), s.reply);
    }
    Ok(())
}

async fn remove(common: &Common, org_id: &str, target: &str) -> anyhow::Result<()> {
    let target = target.trim();
    if target.is_empty() {
        anyhow::bail!("MEMBER_OR_ADDRESS is empty: give a member id or an email address");
    }
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let removed = store.remove_suppression(&org.id, target).await?;
    if removed == 0 {
        anyhow::bail!("{target:?} is not on the suppression list of {}", org.id.as_str());
    }
    if common.json {
        return print_json(&serde_json::json!({"removed": removed}));
    }
    say!("removed {removed} suppression(s) of {target}");
    Ok(())
}
