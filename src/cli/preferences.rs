//! `goald preferences show|set --org O --member M`: a member's email switches (the weekly
//! digest, nudges, cheers; docs/notifications.md), as the preferences page shows and
//! changes them.

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::common::{org, Common};
use crate::cli::output::print_json;
use crate::core::ids::MemberId;
use crate::notify::{PreferenceChange, Preferences};

#[derive(Subcommand)]
pub enum PreferencesCommand {
    /// A member's email preferences.
    Show(PreferenceMember),
    /// Turn a member's digest, nudges or cheers on or off.
    Set {
        #[command(flatten)]
        who: PreferenceMember,
        /// The weekly digest: on (resubscribe) or off (unsubscribe).
        #[arg(long, value_enum)]
        digest: Option<Switch>,
        /// Nudge emails ("Update?") from colleagues.
        #[arg(long, value_enum)]
        nudges: Option<Switch>,
        /// Cheer emails ("Keep it up!") from colleagues.
        #[arg(long, value_enum)]
        cheers: Option<Switch>,
    },
}

#[derive(Args)]
pub struct PreferenceMember {
    /// The member's org.
    #[arg(long)]
    pub org: String,
    /// The member's id.
    #[arg(long)]
    pub member: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    fn text(self) -> &'static str {
        match self {
            Switch::On => "on",
            Switch::Off => "off",
        }
    }
}

pub async fn run(common: &Common, command: PreferencesCommand) -> anyhow::Result<()> {
    let store = common.store().await?;
    let (who, changes) = match &command {
        PreferencesCommand::Show(who) => (who, Vec::new()),
        PreferencesCommand::Set { who, digest, nudges, cheers } => {
            let named = [("digest", digest), ("nudges", nudges), ("cheers", cheers)];
            let pairs = named.into_iter().filter_map(|(name, value)| value.map(|v| (name, v.text())));
            let changes = PreferenceChange::parse_all(pairs).map_err(|e| anyhow::anyhow!("{e}"))?;
            (who, changes)
        }
    };
    let org = org(store.as_ref(), &who.org).await?;
    let member = MemberId::parse(who.member.as_str()).map_err(|e| anyhow::anyhow!("--member: {e}"))?;
    if store.member(&org.id, &member).await?.is_none() {
        anyhow::bail!("{member:?} is not a member of org {}", org.id);
    }
    let prefs = if changes.is_empty() {
        store.preferences(&org.id, &member).await?
    } else {
        let prefs = store.change_preferences(&org.id, &member, &changes, common.clock.now()).await?;
        tracing::info!(org = org.id.as_str(), member = member.as_str(), "email preferences changed");
        prefs
    };
    print(common, &org.id, &member, &prefs)
}

fn print(common: &Common, org: &crate::core::ids::OrgId, member: &MemberId, prefs: &Preferences) -> anyhow::Result<()> {
    if common.json {
        return print_json(&serde_json::json!({
            "org": org.as_str(), "member": member.as_str(),
            "digest": prefs.digest, "nudges": prefs.nudges, "cheers": prefs.cheers,
        }));
    }
    let word = |on: bool| if on { "on" } else { "off" };
    say!("digest  {}", word(prefs.digest));
    say!("nudges  {}", word(prefs.nudges));
    say!("cheers  {}", word(prefs.cheers));
    Ok(())
}
