//! The delivery worker: claims due digests with a lease, drops goals that no longer
//! need a reminder, and sends what is left. Transient failures come back later with
//! exponential backoff; permanent ones are marked failed with the reason; a digest
//! held by a process that died is taken again once its lease ends. Nothing is dropped
//! silently: every digest ends sent, skipped (with why) or failed (with why).
//!
//! A crash between the SMTP server's "250" and marking the digest sent resends it on
//! the next claim: at-least-once, with the same Message-ID so receivers can tell.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::stream::{self, StreamExt};

use crate::core::clock::Clock;
use crate::digest::compose::{compose, Addressee, MailSettings};
use crate::digest::links::file_stem;
use crate::mail::{render, Dkim, Mailer, SendError, SendFailure};
use crate::reminders::types::{ClaimedDigest, DigestGoalRow, DigestKey, DigestOutcome, Recipient};
use crate::store::{Result, Store};

pub use super::report::{DeliveryReport, Phases};

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

/// The wait before attempt `attempts + 1`: the initial wait doubled per attempt made.
pub fn backoff(initial: Duration, attempts: u32) -> Duration {
    let factor = 1u32.checked_shl(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    initial.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Sends every digest due by `until` that can be sent now, batch after batch, until none
/// is left to claim. `stop` is checked between batches and before each digest.
pub async fn deliver_due(
    store: &dyn Store,
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
        let started = Instant::now();
        let claimed = store.claim_digests(until, now, worker, lease_until, batch).await?;
        report.phases.claim += started.elapsed();
        if claimed.is_empty() {
            break;
        }
        let (outcomes, phases) = deliver_batch(store, mailer, settings, (worker, clock), claimed, stop).await?;
        report.phases.add(&phases);
        for (outcome, panicked) in outcomes {
            report.count(&outcome);
            report.panics += u64::from(panicked);
        }
    }
    Ok(report)
}

/// One claimed batch: its recipients and goals in two queries, its sends in parallel,
/// its outcomes in one transaction. A crash before that transaction resends the batch's
/// sent digests on the next claim (same Message-ID): at least once, never lost.
async fn deliver_batch(
    store: &dyn Store,
    mailer: &Mailer,
    settings: &DeliverySettings,
    (worker, clock): (&str, Clock),
    claimed: Vec<ClaimedDigest>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(Vec<(DigestOutcome, bool)>, Phases)> {
    let started = Instant::now();
    let mut recipients = store.batch_recipients(&claimed).await?;
    let mut goals = store.batch_digest_goals(&claimed).await?;
    let mut phases = Phases { read: started.elapsed(), ..Phases::default() };
    let jobs: Vec<_> = claimed
        .into_iter()
        .map(|digest| {
            let owner = recipients.remove(&(digest.key.org.clone(), digest.key.owner.clone()));
            let goals = goals.remove(&digest.key).unwrap_or_default();
            (digest, owner, goals)
        })
        .collect();
    // Once stopping, digests not yet started stay leased; the caller gives them back.
    let done: Vec<(ClaimedDigest, DigestOutcome, bool, Phases)> = stream::iter(jobs)
        .map(|(digest, owner, goals)| async move {
            if stop() {
                return None;
            }
            let job = Job { digest: &digest, owner: owner.as_ref(), goals: &goals };
            let (outcome, panicked, spent) = deliver_one(store, mailer, settings, clock, job).await;
            Some((digest, outcome, panicked, spent))
        })
        .buffer_unordered(settings.concurrency.max(1))
        .filter_map(|done| async move { done })
        .collect()
        .await;
    let marks: Vec<(DigestKey, DigestOutcome)> = done.iter().map(|(d, o, ..)| (d.key.clone(), o.clone())).collect();
    let started = Instant::now();
    let held = store.finish_digests(worker, &marks).await?;
    phases.mark = started.elapsed();
    let outcomes = done
        .into_iter()
        .zip(held)
        .map(|((digest, outcome, panicked, spent), held)| {
            log_outcome(&digest, &outcome, held);
            phases.add(&spent);
            (outcome, panicked)
        })
        .collect();
    Ok((outcomes, phases))
}

/// What one digest needs, read for the whole batch.
struct Job<'a> {
    digest: &'a ClaimedDigest,
    owner: Option<&'a Recipient>,
    goals: &'a [DigestGoalRow],
}

async fn deliver_one(
    store: &dyn Store,
    mailer: &Mailer,
    settings: &DeliverySettings,
    clock: Clock,
    job: Job<'_>,
) -> (DigestOutcome, bool, Phases) {
    let mut spent = Phases::default();
    // The job boundary: a panic on one digest's data fails that digest for good (a retry
    // would panic again) and the others go on.
    let sending = send_digest(store, mailer, settings, (&job, &mut spent), clock);
    let (outcome, panicked) = match crate::unwind::catch(sending).await {
        Ok(outcome) => (outcome, false),
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
    (outcome, panicked, spent)
}

fn log_outcome(digest: &ClaimedDigest, outcome: &DigestOutcome, held: bool) {
    let key = &digest.key;
    let (org, owner, week) = (key.org.as_str(), key.owner.as_str(), key.week.to_string());
    match (outcome, held) {
        (_, false) => tracing::warn!(org, owner, week, "the lease ran out before the digest was finished"),
        (DigestOutcome::Sent { goals, .. }, _) => tracing::info!(org, owner, week, goals, "digest sent"),
        (DigestOutcome::Skipped { why }, _) => tracing::info!(org, owner, week, why, "digest skipped"),
        (DigestOutcome::Retry { at, error }, _) => {
            tracing::warn!(org, owner, week, %at, error, attempts = digest.attempts, "digest will be retried")
        }
        (DigestOutcome::Failed { error }, _) => tracing::error!(org, owner, week, error, "digest failed"),
    }
}

/// Decides and performs one digest's send, returning how it ended.
async fn send_digest(
    store: &dyn Store,
    mailer: &Mailer,
    settings: &DeliverySettings,
    (job, spent): (&Job<'_>, &mut Phases),
    clock: Clock,
) -> DigestOutcome {
    let digest = job.digest;
    let skipped = |why: &str| DigestOutcome::Skipped { why: why.to_owned() };
    let Some(owner) = job.owner else {
        return skipped("the owner is no longer a member");
    };
    let email = match owner.email.as_deref() {
        _ if !owner.active => return skipped("the owner was deactivated"),
        _ if owner.opted_out => return skipped("the owner unsubscribed"),
        None => return skipped("the owner has no email address"),
        Some(email) => email,
    };
    if let Some(reply) = &owner.suppressed {
        crate::telemetry::suppression("skipped");
        return skipped(&format!("suppressed: {reply}"));
    }
    if job.goals.is_empty() {
        return skipped("every goal was updated, closed or deleted since the evaluation");
    }
    let to = Addressee {
        name: &owner.name,
        email,
        locale: owner.locale,
        org_name: &owner.org_name,
        timezone: owner.org_timezone,
    };
    let started = Instant::now();
    let message = compose(&settings.mail, &digest.key, to, &digest.unsubscribe_token, job.goals, clock.now());
    let rendered = render(&message);
    spent.render = started.elapsed();
    let rendered = match rendered {
        Ok(rendered) => rendered,
        Err(e) => {
            crate::telemetry::digest_failure("render");
            return DigestOutcome::Failed { error: e.to_string() };
        }
    };
    let started = Instant::now();
    let sent = mailer.deliver(&rendered, &file_stem(&digest.key), settings.dkim.as_deref()).await;
    spent.send = started.elapsed();
    crate::telemetry::smtp_send(spent.send);
    let (outcome, failure) = match sent {
        Ok(()) => (DigestOutcome::Sent { at: clock.now(), goals: job.goals.len() }, None),
        Err(SendFailure { error: SendError::Fatal(error), refused }) => {
            if let Some(reply) = refused {
                super::suppress::suppress(store, &digest.key, email, &reply, clock.now()).await;
            }
            (DigestOutcome::Failed { error }, Some("smtp_permanent"))
        }
        Err(SendFailure { error: SendError::Retryable(error), .. }) if digest.attempts >= settings.max_attempts => {
            let error = format!("gave up after {} attempts: {error}", digest.attempts);
            (DigestOutcome::Failed { error }, Some("gave_up"))
        }
        Err(SendFailure { error: SendError::Retryable(error), .. }) => {
            let at = clock.now() + backoff(settings.retry_initial, digest.attempts);
            (DigestOutcome::Retry { at, error }, Some("smtp_transient"))
        }
    };
    if let Some(reason) = failure {
        crate::telemetry::digest_failure(reason);
    }
    outcome
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
