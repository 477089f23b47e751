//! One pass of the notification worker: claims the due 15-minute batches with a lease,
//! keeps the nudges and cheers the owner's preferences allow, and sends them as one email.
//! Outcomes and retries follow the digests' rules (sent, skipped with why, retried with
//! backoff, failed with why); the Message-ID is the same on every retry of a batch.

use chrono::{DateTime, Utc};

use crate::core::clock::Clock;
use crate::digest::links::{goal_url, percent_encode};
use crate::digest::DeliverySettings;
use crate::mail::{render_notification, Mailer, NotificationLine, NotificationMessage, SendError};
use crate::notify::retry_wait;
use crate::reminders::types::DigestOutcome;
use crate::store::notify::{BatchKey, ClaimedBatch};
use crate::store::{Result, Store};

/// How many emails one pass sent, skipped, put off and gave up.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NotifyReport {
    pub sent: u64,
    pub skipped: u64,
    pub retried: u64,
    pub failed: u64,
}

impl NotifyReport {
    pub fn handled(&self) -> u64 {
        self.sent + self.skipped + self.retried + self.failed
    }
}

/// Sends every batch due by now, claim after claim, until none is left or `stop`.
pub async fn deliver_due_notifications(
    store: &dyn Store,
    mailer: &Mailer,
    settings: &DeliverySettings,
    (worker, clock): (&str, Clock),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<NotifyReport> {
    let mut report = NotifyReport::default();
    while !stop() {
        let now = clock.now();
        let claimed = store.claim_batches(now, worker, now + settings.lease, 16).await?;
        if claimed.is_empty() {
            break;
        }
        for batch in claimed {
            let outcome = send_batch(store, mailer, settings, &batch, clock).await?;
            let (label, counter) = match &outcome {
                DigestOutcome::Sent { .. } => ("sent", &mut report.sent),
                DigestOutcome::Skipped { .. } => ("skipped", &mut report.skipped),
                DigestOutcome::Retry { .. } => ("retried", &mut report.retried),
                DigestOutcome::Failed { .. } => ("failed", &mut report.failed),
            };
            *counter += 1;
            crate::telemetry::notify::email(label);
            let held = store.finish_batch(&batch.key, worker, &outcome).await?;
            let (org, owner) = (batch.key.org.as_str(), batch.key.owner.as_str());
            if held {
                tracing::info!(org, owner, outcome = label, attempts = batch.attempts, "notification email");
            } else {
                tracing::warn!(org, owner, "the lease ran out before the notification email was finished");
            }
        }
    }
    Ok(report)
}

async fn send_batch(
    store: &dyn Store,
    mailer: &Mailer,
    settings: &DeliverySettings,
    batch: &ClaimedBatch,
    clock: Clock,
) -> Result<DigestOutcome> {
    let skipped = |why: &str| Ok(DigestOutcome::Skipped { why: why.to_owned() });
    let key = &batch.key;
    let Some(owner) = store.recipient(&key.org, &key.owner).await? else {
        return skipped("the owner is no longer a member");
    };
    let email = match owner.email.as_deref() {
        _ if !owner.active => return skipped("the owner was deactivated"),
        None | Some("") => return skipped("the owner has no email address"),
        Some(email) => email,
    };
    // The suppression list (docs/suppression.md) covers every email goald sends.
    if let Some(reply) = &owner.suppressed {
        return skipped(&format!("suppressed: {reply}"));
    }
    let prefs = store.preferences(&key.org, &key.owner).await?;
    let mut items = store.batch_items(key).await?;
    let before = items.len();
    items.retain(|item| prefs.allows(item.kind));
    if items.is_empty() {
        return skipped(if before > 0 { "the owner turned these emails off" } else { "no goal left to mention" });
    }
    let token = store.preference_token(&key.org, &key.owner, clock.now()).await?;
    let mail = &settings.mail;
    let public = mail.public_url.trim_end_matches('/');
    let message = NotificationMessage {
        from: mail.from.clone(),
        to_name: owner.name.clone(),
        to_email: email.to_owned(),
        locale: owner.locale,
        org_name: owner.org_name.clone(),
        message_id: format!("{}@{}", batch_name(key, '.'), mail.message_id_domain()),
        list_id: format!("notifications.{}.{}", percent_encode(key.org.as_str()), mail.message_id_domain()),
        unsubscribe_url: format!("{public}/v1/unsubscribe/{token}"),
        preferences_url: format!("{public}/v1/preferences/{token}"),
        items: items
            .iter()
            .map(|item| NotificationLine {
                kind: item.kind,
                sender: item.sender_name.clone(),
                goal_title: item.goal_title.clone(),
                link: goal_url(mail, key.org.as_str(), item.goal.as_str()),
            })
            .collect(),
    };
    let rendered = match render_notification(&message) {
        Ok(rendered) => rendered,
        Err(e) => return Ok(DigestOutcome::Failed { error: e.to_string() }),
    };
    let sent = mailer.send_signed(&rendered, &batch_name(key, '_'), settings.dkim.as_deref()).await;
    Ok(match sent {
        Ok(()) => DigestOutcome::Sent { at: clock.now(), goals: items.len() },
        Err(SendError::Fatal(error)) => DigestOutcome::Failed { error },
        Err(SendError::Retryable(error)) if batch.attempts >= settings.max_attempts => {
            DigestOutcome::Failed { error: format!("gave up after {} attempts: {error}", batch.attempts) }
        }
        Err(SendError::Retryable(error)) => {
            DigestOutcome::Retry { at: clock.now() + retry_wait(settings.retry_initial, batch.attempts), error }
        }
    })
}

/// `notify.ORG.OWNER.YYYYMMDDTHHMM` (ids percent-encoded), joined by `sep`: the
/// Message-ID's left side and the .eml file's name, the same on every retry.
fn batch_name(key: &BatchKey, sep: char) -> String {
    let window: DateTime<Utc> = key.window_start;
    format!(
        "notify{sep}{}{sep}{}{sep}{}",
        percent_encode(key.org.as_str()),
        percent_encode(key.owner.as_str()),
        window.format("%Y%m%dT%H%M")
    )
}
