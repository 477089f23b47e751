//! `goald reminders render`: the digest an owner would get, as files, for designers and
//! ops to look at before a Friday. It reads what the evaluation at T would list and
//! renders it as the worker would; it queues and sends nothing.

use std::path::Path;

use anyhow::Context;

use crate::cli::common::{org, parse_at, Common};
use crate::core::ids::MemberId;
use crate::core::time::rfc3339_text as rfc3339;
use crate::digest::{compose, message_id, Addressee};
use crate::jobs::delivery::settings;
use crate::mail::bodies;
use crate::reminders::due::local_date;
use crate::reminders::types::DigestKey;
use crate::reminders::Week;

/// Stands for the unsubscribe token a queued digest gets: a preview has none.
const PREVIEW_TOKEN: &str = "preview";

pub async fn render(
    common: &Common,
    (org_id, owner): (&str, &str),
    at: Option<&str>,
    out: &Path,
) -> anyhow::Result<()> {
    let at = parse_at(at, &common.clock)?;
    let owner = MemberId::parse(owner).map_err(|e| anyhow::anyhow!("--owner: {e}"))?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let recipient = store
        .recipient(&org.id, &owner)
        .await?
        .with_context(|| format!("--owner: {owner} is not a member of {}", org.id))?;
    let goals = store.due_goals_of(&org, &owner, at).await?;
    let mail = settings(&common.settings).context("cannot set up mail signing")?.mail;
    let key = DigestKey { org: org.id.clone(), owner: owner.clone(), week: Week::of(local_date(at, org.timezone)) };
    let to = Addressee {
        name: &recipient.name,
        email: recipient.email.as_deref().unwrap_or_default(),
        locale: recipient.locale,
        org_name: &recipient.org_name,
        timezone: recipient.org_timezone,
    };
    let message = compose(&mail, &key, to, PREVIEW_TOKEN, &goals, at);
    let rendered = bodies(&message).context("rendering the digest")?;
    std::fs::create_dir_all(out).with_context(|| format!("--out: cannot make {}", out.display()))?;
    for (name, text) in
        [("digest.html", &rendered.html), ("digest.txt", &rendered.text), ("subject.txt", &rendered.subject)]
    {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    tracing::info!(org = org.id.as_str(), owner = owner.as_str(), goals = goals.len(), "digest rendered");
    if common.json {
        return crate::cli::output::print_json(&serde_json::json!({
            "org": org.id.as_str(),
            "owner": owner.as_str(),
            "at": rfc3339(at),
            "goals": goals.len(),
            "subject": rendered.subject,
            "message_id": message_id(&key, &mail),
            "out": out.display().to_string(),
        }));
    }
    say!(
        "{} goals due for {owner} at {}: wrote digest.html, digest.txt and subject.txt to {}",
        goals.len(),
        rfc3339(at),
        out.display()
    );
    Ok(())
}
