//! `goald reminders preview|run`, `goald deliver` and `goald outbox` (CONTRACT §7).

use std::time::Duration;

use anyhow::Context;

use crate::commands::{counts_json, org, parse_at, print_counts, print_json, Common};
use crate::config::Config;
use crate::core::ids::OrgId;
use crate::core::time::rfc3339_text as rfc3339;
use crate::digest::{deliver_due, DeliverySettings, MailSettings};
use crate::mail::Mailer;
use crate::reminders::due::local_date;
use crate::reminders::types::EvaluationOutcome;
use crate::reminders::Week;

pub async fn reminders_preview(common: &Common, org_id: &str, at: Option<&str>) -> anyhow::Result<()> {
    let at = parse_at(at, &common.clock)?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let digests = store.plan_reminders(&org, at).await?;
    if common.json {
        return print_json(&serde_json::json!({
            "org": org.id.as_str(),
            "evaluated_at": rfc3339(at),
            "digests": digests,
        }));
    }
    say!("evaluation of {} at {}: {} digests", org.id, rfc3339(at), digests.len());
    for digest in &digests {
        say!("  {} <{}> {} delivered {}", digest.owner, digest.email, digest.locale, rfc3339(digest.deliver_at));
        for goal in &digest.goals {
            let reasons: Vec<&str> = goal.reasons.iter().map(|r| r.as_str()).collect();
            say!("    {} ({})", goal.id, reasons.join(", "));
        }
    }
    Ok(())
}

pub async fn reminders_run(common: &Common, org_id: &str, at: Option<&str>) -> anyhow::Result<()> {
    let at = parse_at(at, &common.clock)?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let week = Week::of(local_date(at, org.timezone));
    let outcome = store.evaluate_week(&org, week, at, common.clock.now()).await?;
    tracing::info!(org = org.id.as_str(), %week, ?outcome, "evaluation");
    if common.json {
        return print_json(&serde_json::json!({
            "org": org.id.as_str(),
            "week": week.to_string(),
            "evaluated_at": rfc3339(at),
            "result": outcome,
        }));
    }
    match outcome {
        EvaluationOutcome::Queued { digests, goals } => {
            say!("{} {week}: queued {digests} digests listing {goals} goals", org.id)
        }
        EvaluationOutcome::AlreadyEvaluated => say!("{} {week}: already evaluated, nothing queued", org.id),
    }
    Ok(())
}

pub async fn reminders_history(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let evaluations = store.evaluations(&org.id).await?;
    if common.json {
        return print_json(&serde_json::json!({"org": org.id.as_str(), "evaluations": evaluations}));
    }
    for e in &evaluations {
        say!("{} evaluated at {}: {} digests, {} goals", e.week, rfc3339(e.evaluated_at), e.digests, e.goals);
    }
    Ok(())
}

pub fn delivery_settings(config: &Config) -> DeliverySettings {
    DeliverySettings {
        mail: MailSettings {
            from: config.mail_from.clone(),
            app_url: config.app_url.clone(),
            public_url: config.public_url.clone(),
        },
        lease: Duration::from_secs(config.mail_lease_secs),
        retry_initial: Duration::from_secs(config.mail_retry_initial_secs),
        max_attempts: config.mail_max_attempts.max(1),
        concurrency: config.mail_concurrency.max(1),
    }
}

pub fn mailer(config: &Config, mail_url: Option<&str>) -> anyhow::Result<Mailer> {
    let url = mail_url.unwrap_or(&config.mail_url);
    let mailer =
        Mailer::from_url(url, &config.data_dir.join("mail"), Duration::from_secs(config.mail_send_timeout_secs))
            .context("cannot set up mail delivery")?
            .with_pool_size(config.mail_concurrency.max(1) as u32);
    Ok(mailer)
}

/// A name for this process in leases: host and pid, so ops can tell who holds what.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".to_owned());
    format!("{host}:{}", std::process::id())
}

pub async fn deliver(common: &Common, until: Option<&str>, mail_url: Option<&str>) -> anyhow::Result<()> {
    let until = parse_at(until, &common.clock).context("--until")?;
    let store = common.store().await?;
    let mailer = mailer(&common.config, mail_url)?;
    let settings = delivery_settings(&common.config);
    let worker = worker_name();
    tracing::info!(mailer = %mailer.describe(), until = %rfc3339(until), "delivering");
    let report = deliver_due(store.as_ref(), &mailer, &settings, &worker, (until, common.clock), &|| false).await?;
    if common.json {
        return print_json(&report);
    }
    say!("sent {}, skipped {}, to retry {}, failed {}", report.sent, report.skipped, report.retried, report.failed);
    Ok(())
}

pub async fn outbox(common: &Common, org: Option<&str>, state: Option<&str>, limit: u32) -> anyhow::Result<()> {
    const STATES: [&str; 4] = ["queued", "sent", "failed", "skipped"];
    if let Some(state) = state.filter(|s| !STATES.contains(s)) {
        anyhow::bail!("--state {state:?} is not one of {}", STATES.join(", "));
    }
    let org = org.map(|o| OrgId::parse(o).map_err(|e| anyhow::anyhow!("--org: {e}"))).transpose()?;
    let store = common.store().await?;
    let counts = store.outbox_counts(org.as_ref()).await?;
    let digests = store.outbox(org.as_ref(), state, limit).await?;
    if common.json {
        return print_json(&serde_json::json!({"counts": counts_json(counts), "digests": digests}));
    }
    print_counts("digests", &counts)?;
    for d in &digests {
        let error = d.last_error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
        say!(
            "{} {} {} {:<7} deliver {} attempts {} goals {}{}",
            d.org,
            d.owner,
            d.week,
            d.state,
            rfc3339(d.deliver_at),
            d.attempts,
            d.goals,
            error
        );
    }
    Ok(())
}
