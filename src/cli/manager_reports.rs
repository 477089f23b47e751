//! `goald reports render|outbox`: the manager digest (issue 17) as files, for designers
//! and ops to look at before a Friday, and the manager digests queued so far.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use crate::cli::common::{org, parse_at, Common};
use crate::cli::output::print_json;
use crate::core::ids::{MemberId, OrgId};
use crate::core::time::rfc3339_text as rfc3339;
use crate::digest::links::manager_message_id;
use crate::digest::manager_compose::compose_manager;
use crate::digest::Addressee;
use crate::jobs::delivery::settings;
use crate::mail::manager_bodies;
use crate::reminders::due::local_date;
use crate::reminders::manager_content::ManagerDigestKey;

/// Stands for the unsubscribe token a queued digest gets: a preview has none.
const PREVIEW_TOKEN: &str = "preview";

#[derive(Subcommand)]
pub enum ReportsCommand {
    /// Write the HTML and text of the manager digest --member would get at --at (weekly
    /// when the org's manager_digest is off), queuing nothing.
    Render {
        /// The org of the manager.
        #[arg(long)]
        org: String,
        /// The manager whose digest to write.
        #[arg(long)]
        member: String,
        /// The evaluation instant (RFC 3339; default now).
        #[arg(long, value_name = "T")]
        at: Option<String>,
        /// The directory to write manager.html, manager.txt and subject.txt into (made if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// The manager digests queued, sent, skipped or failed, oldest period first.
    Outbox {
        /// Only this org's digests.
        #[arg(long)]
        org: Option<String>,
    },
}

pub async fn run(common: &Common, command: ReportsCommand) -> anyhow::Result<()> {
    match command {
        ReportsCommand::Render { org, member, at, out } => render(common, (&org, &member), at.as_deref(), &out).await,
        ReportsCommand::Outbox { org } => outbox(common, org.as_deref()).await,
    }
}

async fn render(common: &Common, (org_id, member): (&str, &str), at: Option<&str>, out: &Path) -> anyhow::Result<()> {
    let at = parse_at(at, &common.clock)?;
    let manager = MemberId::parse(member).map_err(|e| anyhow::anyhow!("--member: {e}"))?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let recipient = store
        .manager_recipient(&org.id, &manager)
        .await?
        .with_context(|| format!("--member: {manager} is not a member of {}", org.id))?;
    let (period, content) = store
        .manager_digest_preview(&org, &manager, at)
        .await?
        .with_context(|| format!("--member: {manager} gets no manager digest (no active report, or no email)"))?;
    let mail = settings(&common.settings).context("cannot set up mail signing")?.mail;
    let key = ManagerDigestKey { org: org.id.clone(), manager: manager.clone(), period: period.clone() };
    let to = Addressee {
        name: &recipient.name,
        email: recipient.email.as_deref().unwrap_or_default(),
        locale: recipient.locale,
        org_name: &recipient.org_name,
        timezone: recipient.org_timezone,
    };
    let message = compose_manager(&mail, &key, to, (PREVIEW_TOKEN, local_date(at, org.timezone)), &content);
    let rendered = manager_bodies(&message).context("rendering the manager digest")?;
    std::fs::create_dir_all(out).with_context(|| format!("--out: cannot make {}", out.display()))?;
    for (name, text) in
        [("manager.html", &rendered.html), ("manager.txt", &rendered.text), ("subject.txt", &rendered.subject)]
    {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    tracing::info!(org = org.id.as_str(), manager = manager.as_str(), %period, "manager digest rendered");
    if common.json {
        return print_json(&serde_json::json!({
            "org": org.id.as_str(),
            "member": manager.as_str(),
            "at": rfc3339(at),
            "period": period,
            "subject": rendered.subject,
            "message_id": manager_message_id(org.id.as_str(), manager.as_str(), &period, &mail),
            "content": content,
            "out": out.display().to_string(),
        }));
    }
    say!(
        "wrote the {period} manager digest of {manager}: manager.html, manager.txt and subject.txt in {}",
        out.display()
    );
    Ok(())
}

async fn outbox(common: &Common, org: Option<&str>) -> anyhow::Result<()> {
    let org = org.map(|o| OrgId::parse(o).map_err(|e| anyhow::anyhow!("--org: {e}"))).transpose()?;
    let store = common.store().await?;
    let digests = store.manager_outbox(org.as_ref()).await?;
    if common.json {
        return print_json(&serde_json::json!({"digests": digests}));
    }
    for d in &digests {
        let error = d.last_error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
        say!(
            "{} {} {} {:<7} deliver {} attempts {}{error}",
            d.org,
            d.manager,
            d.period,
            d.state,
            d.deliver_at,
            d.attempts
        );
    }
    Ok(())
}
