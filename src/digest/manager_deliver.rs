//! The manager digests' delivery pass (issue 17): claims due digests with a lease and
//! sends each through the same `Mailer`, with the owner digests' retry rules
//! (`deliver::backoff`, `max_attempts`). Every digest ends sent, skipped (with why) or
//! failed (with why); a crash after the server's 250 resends it with the same Message-ID.

use chrono::{DateTime, Utc};

use crate::core::clock::Clock;
use crate::digest::compose::Addressee;
use crate::digest::deliver::{backoff, DeliveryReport, DeliverySettings};
use crate::digest::links::manager_file_stem;
use crate::digest::manager_compose::compose_manager;
use crate::mail::{render_manager, Mailer, SendError};
use crate::reminders::manager_content::ClaimedManagerDigest;
use crate::reminders::types::DigestOutcome;
use crate::rollup::local_date;
use crate::store::{ManagerDigestStore, Result};

/// Sends every manager digest due by `until`, batch after batch, until none is left to
/// claim or `stop` says so; then gives back what is still held.
pub async fn deliver_due_manager_digests(
    store: &dyn ManagerDigestStore,
    mailer: &Mailer,
    settings: &DeliverySettings,
    worker: &str,
    (until, clock): (DateTime<Utc>, Clock),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<DeliveryReport> {
    let mut report = DeliveryReport::default();
    let batch = (settings.concurrency.max(1) * 4) as u32;
    while !stop() {
        let now = clock.now();
        let claimed = store.claim_manager_digests(until, now, worker, now + settings.lease, batch).await?;
        if claimed.is_empty() {
            break;
        }
        for digest in claimed {
            if stop() {
                break;
            }
            let outcome = match crate::unwind::catch(send(store, mailer, settings, &digest, clock)).await {
                Ok(outcome) => outcome?,
                Err(panic) => DigestOutcome::Failed { error: format!("internal error: {panic}") },
            };
            let held = store.finish_manager_digest(&digest.key, worker, &outcome).await?;
            let (org, manager, period) =
                (digest.key.org.as_str(), digest.key.manager.as_str(), digest.key.period.as_str());
            match (&outcome, held) {
                (_, false) => {
                    tracing::warn!(org, manager, period, "the lease ran out before the manager digest was finished")
                }
                (DigestOutcome::Failed { error }, _) => {
                    tracing::error!(org, manager, period, error, "manager digest failed")
                }
                (outcome, _) => tracing::info!(org, manager, period, ?outcome, "manager digest"),
            }
            count(&mut report, &outcome);
        }
    }
    store.release_manager_digests(worker).await?;
    Ok(report)
}

fn count(report: &mut DeliveryReport, outcome: &DigestOutcome) {
    match outcome {
        DigestOutcome::Sent { .. } => report.sent += 1,
        DigestOutcome::Skipped { .. } => report.skipped += 1,
        DigestOutcome::Retry { .. } => report.retried += 1,
        DigestOutcome::Failed { .. } => report.failed += 1,
    }
}

async fn send(
    store: &dyn ManagerDigestStore,
    mailer: &Mailer,
    settings: &DeliverySettings,
    digest: &ClaimedManagerDigest,
    clock: Clock,
) -> Result<DigestOutcome> {
    let skipped = |why: &str| Ok(DigestOutcome::Skipped { why: why.to_owned() });
    let Some(manager) = store.manager_recipient(&digest.key.org, &digest.key.manager).await? else {
        return skipped("the manager is no longer a member");
    };
    let email = match manager.email.as_deref() {
        _ if !manager.active => return skipped("the manager was deactivated"),
        _ if manager.opted_out => return skipped("the manager unsubscribed from manager digests"),
        None => return skipped("the manager has no email address"),
        Some(email) => email,
    };
    // The suppression list (docs/suppression.md) covers every email goald sends.
    if let Some(reply) = &manager.suppressed {
        return skipped(&format!("suppressed: {reply}"));
    }
    let to = Addressee {
        name: &manager.name,
        email,
        locale: manager.locale,
        org_name: &manager.org_name,
        timezone: manager.org_timezone,
    };
    let date = local_date(digest.evaluated_at, manager.org_timezone);
    let message = compose_manager(&settings.mail, &digest.key, to, (&digest.unsubscribe_token, date), &digest.content);
    let rendered = match render_manager(&message) {
        Ok(rendered) => rendered,
        Err(e) => return Ok(DigestOutcome::Failed { error: e.to_string() }),
    };
    let stem = manager_file_stem(digest.key.org.as_str(), digest.key.manager.as_str(), &digest.key.period);
    Ok(match mailer.send_signed(&rendered, &stem, settings.dkim.as_deref()).await {
        Ok(()) => DigestOutcome::Sent { at: clock.now(), goals: digest.content.flagged.len() },
        Err(SendError::Fatal(error)) => DigestOutcome::Failed { error },
        Err(SendError::Retryable(error)) if digest.attempts >= settings.max_attempts => {
            DigestOutcome::Failed { error: format!("gave up after {} attempts: {error}", digest.attempts) }
        }
        Err(SendError::Retryable(error)) => {
            DigestOutcome::Retry { at: clock.now() + backoff(settings.retry_initial, digest.attempts), error }
        }
    })
}
