//! The delivery worker: claims due digests with a lease, drops goals that no longer
//! need a reminder, and sends what is left. Transient failures come back later with
//! exponential backoff; permanent ones are marked failed with the reason; a digest
//! held by a process that died is taken again once its lease ends. Nothing is dropped
//! silently: every digest ends sent, skipped (with why) or failed (with why).
//!
//! A crash between the SMTP server's "250" and marking the digest sent resends it on
//! the next claim: at-least-once, with the same Message-ID so receivers can tell.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::core::clock::Clock;
use crate::digest::compose::{compose, Addressee, MailSettings};
use crate::digest::links::file_stem;
use crate::mail::{render, Dkim, Mailer, SendError};
use crate::reminders::types::{ClaimedDigest, DigestOutcome};
use crate::store::{DeliveryStore, Result};

#[derive(Debug, Clone)]
pub struct DeliverySettings {
    pub mail: MailSettings,
    pub lease: Duration,
    pub retry_initial: Duration,
    pub max_attempts: u32,
    pub concurrency: usize,
    /// Signs every digest when `mail_dkim_selector` and `mail_dkim_key_file` are set.
    pub dkim: Option<Arc<Dkim>>,
}

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// What one delivery pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryReport {
    pub sent: u64,
    pub skipped: u64,
    pub retried: u64,
    pub failed: u64,
    /// Digests whose render or send panicked (failed with "internal error: ..."), for the
    /// `goald_job_panics_total` metric; already counted in `failed`.
    #[serde(skip)]
    pub panics: u64,
}

impl DeliveryReport {
    fn count(&mut self, outcome: &DigestOutcome) {
        match outcome {
            DigestOutcome::Sent { .. } => self.sent += 1,
            DigestOutcome::Skipped { .. } => self.skipped += 1,
            DigestOutcome::Retry { .. } => self.retried += 1,
            DigestOutcome::Failed { .. } => self.failed += 1,
        }
    }

    pub fn handled(&self) -> u64 {
        self.sent + self.skipped + self.retried + self.failed
    }
}

/// The wait before attempt `attempts + 1`: the initial wait doubled per attempt made.
pub fn backoff(initial: Duration, attempts: u32) -> Duration {
    let factor = 1u32.checked_shl(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    initial.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Sends every digest due by `until` that can be sent now, batch after batch, until none
/// is left to claim. `stop` is checked between batches.
pub async fn deliver_due(
    store: &dyn DeliveryStore,
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
        let lease_until = now + settings.lease;
        let claimed = store.claim_digests(until, now, worker, lease_until, batch).await?;
        if claimed.is_empty() {
            break;
        }
        // Once stopping, digests not yet started stay leased; the caller gives them back.
        let outcomes: Vec<Option<(DigestOutcome, bool)>> = stream::iter(claimed)
            .map(|digest| async move {
                if stop() {
                    return Ok(None);
                }
                deliver_one(store, mailer, settings, (worker, clock), digest).await.map(Some)
            })
            .buffer_unordered(settings.concurrency.max(1))
            .try_collect()
            .await?;
        for (outcome, panicked) in outcomes.iter().flatten() {
            report.count(outcome);
            report.panics += u64::from(*panicked);
        }
    }
    Ok(report)
}

async fn deliver_one(
    store: &dyn DeliveryStore,
    mailer: &Mailer,
    settings: &DeliverySettings,
    (worker, clock): (&str, Clock),
    digest: ClaimedDigest,
) -> Result<(DigestOutcome, bool)> {
    // The job boundary: a panic on one digest's data fails that digest for good (a retry
    // would panic again) and the others go on.
    let (outcome, panicked) = match crate::unwind::catch(send_digest(store, mailer, settings, &digest, clock)).await {
        Ok(outcome) => (outcome?, false),
        Err(panic) => {
            crate::telemetry::digest_failure("panic");
            (DigestOutcome::Failed { error: format!("internal error: {panic}") }, true)
        }
    };
    crate::telemetry::digest(match &outcome {
        DigestOutcome::Sent { .. } => "sent",
        DigestOutcome::Skipped { .. } => "skipped",
        DigestOutcome::Retry { .. } => "retried",
        DigestOutcome::Failed { .. } => "failed",
    });
    let held = store.finish_digest(&digest.key, worker, &outcome).await?;
    let key = &digest.key;
    let (org, owner, week) = (key.org.as_str(), key.owner.as_str(), key.week.to_string());
    match (&outcome, held) {
        (_, false) => tracing::warn!(org, owner, week, "the lease ran out before the digest was finished"),
        (DigestOutcome::Sent { goals, .. }, _) => tracing::info!(org, owner, week, goals, "digest sent"),
        (DigestOutcome::Skipped { why }, _) => tracing::info!(org, owner, week, why, "digest skipped"),
        (DigestOutcome::Retry { at, error }, _) => {
            tracing::warn!(org, owner, week, %at, error, attempts = digest.attempts, "digest will be retried")
        }
        (DigestOutcome::Failed { error }, _) => tracing::error!(org, owner, week, error, "digest failed"),
    }
    Ok((outcome, panicked))
}

/// Decides and performs one digest's send, returning how it ended.
async fn send_digest(
    store: &dyn DeliveryStore,
    mailer: &Mailer,
    settings: &DeliverySettings,
    digest: &ClaimedDigest,
    clock: Clock,
) -> Result<DigestOutcome> {
    let skipped = |why: &str| Ok(DigestOutcome::Skipped { why: why.to_owned() });
    let Some(owner) = store.recipient(&digest.key.org, &digest.key.owner).await? else {
        return skipped("the owner is no longer a member");
    };
    let email = match owner.email.as_deref() {
        _ if !owner.active => return skipped("the owner was deactivated"),
        _ if owner.opted_out => return skipped("the owner unsubscribed"),
        None => return skipped("the owner has no email address"),
        Some(email) => email,
    };
    let goals = store.digest_goals(digest).await?;
    if goals.is_empty() {
        return skipped("every goal was updated, closed or deleted since the evaluation");
    }
    let to = Addressee {
        name: &owner.name,
        email,
        locale: owner.locale,
        org_name: &owner.org_name,
        timezone: owner.org_timezone,
    };
    let message = compose(&settings.mail, &digest.key, to, &digest.unsubscribe_token, &goals, clock.now());
    let rendered = match render(&message) {
        Ok(rendered) => rendered,
        Err(e) => {
            crate::telemetry::digest_failure("render");
            return Ok(DigestOutcome::Failed { error: e.to_string() });
        }
    };
    let started = std::time::Instant::now();
    let sent = mailer.send_signed(&rendered, &file_stem(&digest.key), settings.dkim.as_deref()).await;
    crate::telemetry::smtp_send(started.elapsed());
    let (outcome, failure) = match sent {
        Ok(()) => (DigestOutcome::Sent { at: clock.now(), goals: goals.len() }, None),
        Err(SendError::Fatal(error)) => (DigestOutcome::Failed { error }, Some("smtp_permanent")),
        Err(SendError::Retryable(error)) if digest.attempts >= settings.max_attempts => {
            let error = format!("gave up after {} attempts: {error}", digest.attempts);
            (DigestOutcome::Failed { error }, Some("gave_up"))
        }
        Err(SendError::Retryable(error)) => {
            let at = clock.now() + backoff(settings.retry_initial, digest.attempts);
            (DigestOutcome::Retry { at, error }, Some("smtp_transient"))
        }
    };
    if let Some(reason) = failure {
        crate::telemetry::digest_failure(reason);
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_from_the_initial_wait_up_to_an_hour() {
        let initial = Duration::from_secs(60);
        assert_eq!(backoff(initial, 1), Duration::from_secs(60));
        assert_eq!(backoff(initial, 2), Duration::from_secs(120));
        assert_eq!(backoff(initial, 4), Duration::from_secs(480));
        assert_eq!(backoff(initial, 7), MAX_BACKOFF);
        assert_eq!(backoff(initial, 200), MAX_BACKOFF);
    }
}
