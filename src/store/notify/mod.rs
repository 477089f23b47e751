//! Preferences, nudges and cheers in the store (issue 15, docs/notifications.md): the
//! member's switches and page token (preferences.rs), and the nudge/cheer queue: the
//! 24-hour limit, the 15-minute batches and their leases (queue.rs). The rules are
//! `crate::notify`'s; this only reads and writes.

mod preferences;
mod queue;
pub(crate) mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::notify::{NotificationKind, PreferenceChange, Preferences};
use crate::reminders::types::DigestOutcome;
use crate::store::error::Result;
use crate::store::goals::types::HistoryEntry;

/// A nudge or cheer to record.
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    pub org: &'a OrgId,
    pub goal: &'a GoalId,
    pub owner: &'a MemberId,
    pub sender: &'a MemberId,
    pub kind: NotificationKind,
}

/// How recording one ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Written in the goal's history and queued in the owner's batch for this window.
    Queued { deliver_at: DateTime<Utc> },
    /// The same sender, goal and kind went out at `last` (less than 24 h ago); nothing written.
    Limited { last: DateTime<Utc> },
}

/// One owner's email for one 15-minute window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchKey {
    pub org: OrgId,
    pub owner: MemberId,
    pub window_start: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct ClaimedBatch {
    pub key: BatchKey,
    pub attempts: u32,
}

/// One line of a notification email.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    pub kind: NotificationKind,
    pub goal: GoalId,
    pub goal_title: String,
    pub sender_name: String,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait NotifyStore: Send + Sync {
    /// The member a preferences page token (a digest's or a member token) belongs to.
    async fn token_member(&self, token: &str) -> Result<Option<(OrgId, MemberId)>>;
    /// The member of a member token only (a notification email's one-click link).
    async fn member_token_member(&self, token: &str) -> Result<Option<(OrgId, MemberId)>>;
    /// The member's token for notification emails, made on first use.
    async fn preference_token(&self, org: &OrgId, member: &MemberId, now: DateTime<Utc>) -> Result<String>;
    async fn preferences(&self, org: &OrgId, member: &MemberId) -> Result<Preferences>;
    /// Applies `changes` in order and returns the result.
    async fn change_preferences(
        &self,
        org: &OrgId,
        member: &MemberId,
        changes: &[PreferenceChange],
        now: DateTime<Utc>,
    ) -> Result<Preferences>;

    /// Takes the 24-hour limit, writes `history` and queues the notification, in one
    /// transaction; nothing at all when limited.
    async fn record_notification(
        &self,
        notification: &NewNotification<'_>,
        history: &HistoryEntry,
        now: DateTime<Utc>,
    ) -> Result<Recorded>;
    /// Leases up to `limit` batches due by `now` to `worker` until `lease_until`.
    async fn claim_batches(
        &self,
        now: DateTime<Utc>,
        worker: &str,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedBatch>>;
    async fn batch_items(&self, key: &BatchKey) -> Result<Vec<BatchItem>>;
    /// False when the worker no longer held the lease.
    async fn finish_batch(&self, key: &BatchKey, worker: &str, outcome: &DigestOutcome) -> Result<bool>;
    async fn release_batches(&self, worker: &str) -> Result<u64>;
}

#[async_trait]
impl NotifyStore for crate::store::sql_store::SqlStore {
    async fn token_member(&self, token: &str) -> Result<Option<(OrgId, MemberId)>> {
        preferences::token_member(&self.db, token, false).await
    }

    async fn member_token_member(&self, token: &str) -> Result<Option<(OrgId, MemberId)>> {
        preferences::token_member(&self.db, token, true).await
    }

    async fn preference_token(&self, org: &OrgId, member: &MemberId, now: DateTime<Utc>) -> Result<String> {
        preferences::preference_token(&self.db, org, member, now).await
    }

    async fn preferences(&self, org: &OrgId, member: &MemberId) -> Result<Preferences> {
        preferences::preferences(&self.db, org, member).await
    }

    async fn change_preferences(
        &self,
        org: &OrgId,
        member: &MemberId,
        changes: &[PreferenceChange],
        now: DateTime<Utc>,
    ) -> Result<Preferences> {
        preferences::change(&self.db, org, member, changes, now).await
    }

    async fn record_notification(
        &self,
        notification: &NewNotification<'_>,
        history: &HistoryEntry,
        now: DateTime<Utc>,
    ) -> Result<Recorded> {
        queue::record(&self.db, notification, history, now).await
    }

    async fn claim_batches(
        &self,
        now: DateTime<Utc>,
        worker: &str,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedBatch>> {
        queue::claim(&self.db, now, worker, lease_until, limit).await
    }

    async fn batch_items(&self, key: &BatchKey) -> Result<Vec<BatchItem>> {
        queue::items(&self.db, key).await
    }

    async fn finish_batch(&self, key: &BatchKey, worker: &str, outcome: &DigestOutcome) -> Result<bool> {
        queue::finish(&self.db, key, worker, outcome).await
    }

    async fn release_batches(&self, worker: &str) -> Result<u64> {
        queue::release(&self.db, worker).await
    }
}
