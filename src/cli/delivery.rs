//! `goald deliver` and `goald outbox`: the digests queued by the evaluations (CONTRACT §7).

use anyhow::Context;

use crate::cli::common::{parse_at, Common};
use crate::cli::output::{counts_json, print_counts, print_json};
use crate::core::ids::OrgId;
use crate::core::time::{parse_instant, rfc3339_text as rfc3339};
use crate::digest::deliver_due;
use crate::jobs::delivery::{mailer, settings, worker_name};

pub async fn deliver(common: &Common, until: Option<&str>) -> anyhow::Result<()> {
    let until = parse_at(until, &common.clock).context("--until")?;
    let store = common.store().await?;
    let mailer = mailer(&common.settings).context("cannot set up mail delivery")?;
    let settings = settings(&common.settings).context("cannot set up mail signing")?;
    let worker = worker_name();
    tracing::info!(mailer = %mailer.describe(), until = %rfc3339(until), "delivering");
    let report = deliver_due(store.as_ref(), &mailer, &settings, &worker, (until, common.clock), &|| false).await?;
    let managers = crate::digest::manager_deliver::deliver_due_manager_digests(
        store.as_ref(),
        &mailer,
        &settings,
        &worker,
        (until, common.clock),
        &|| false,
    )
    .await?;
    tracing::info!(?managers, "manager digests delivered");
    let p = report.phases;
    let ms = |d: std::time::Duration| d.as_millis() as u64;
    let (claim_ms, read_ms, render_ms, send_ms, mark_ms) =
        (ms(p.claim), ms(p.read), ms(p.render), ms(p.send), ms(p.mark));
    tracing::info!(claim_ms, read_ms, render_ms, send_ms, mark_ms, "delivery phases");
    if common.json {
        return print_json(&report);
    }
    say!("sent {}, skipped {}, to retry {}, failed {}", report.sent, report.skipped, report.retried, report.failed);
    let m = managers;
    say!("manager digests: sent {}, skipped {}, to retry {}, failed {}", m.sent, m.skipped, m.retried, m.failed);
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

/// `goald outbox retry --state failed [--org O] [--since T]`: requeues the failed digests
/// (after fixing what failed them, e.g. `mail_from`), so the next delivery pass sends them.
pub async fn outbox_retry(common: &Common, state: &str, org: Option<&str>, since: Option<&str>) -> anyhow::Result<()> {
    // Only failed: a skipped digest was decided by the rules (unsubscribed, deactivated)
    // and a queued or sent one needs nothing.
    if state != "failed" {
        anyhow::bail!("--state {state:?}: only failed digests can be retried");
    }
    let org = org.map(|o| OrgId::parse(o).map_err(|e| anyhow::anyhow!("--org: {e}"))).transpose()?;
    let since = since.map(|t| parse_instant(t).map_err(|e| anyhow::anyhow!("--since: {e}"))).transpose()?;
    let store = common.store().await?;
    let requeued = store.retry_failed_digests(org.as_ref(), since).await?;
    if common.json {
        return print_json(&serde_json::json!({"requeued": requeued}));
    }
    say!("requeued {requeued} failed digest(s)");
    Ok(())
}
