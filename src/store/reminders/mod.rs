//! The reminders area: the weekly evaluation (evaluate.rs), the delivery queue the
//! workers claim from and the outbox operators read (delivery.rs).

mod batch;
pub(crate) mod batch_sql;
mod decode;
mod delivery;
mod evaluate;
pub(crate) mod sql;
mod suppressions;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::org::{Org, TimeZone};
use crate::reminders::types::{
    ClaimedDigest, DigestGoalRow, DigestKey, DigestOutcome, EvaluationOutcome, EvaluationRecord, OutboxEntry,
    PlannedDigest, Recipient, Suppression,
};
use crate::reminders::Week;
use crate::store::error::Result;

/// What the scheduler and `reminders evaluate|preview` use: a week's evaluation.
#[async_trait]
pub trait EvaluationStore: Send + Sync {
    /// What the evaluation at `evaluated_at` would queue, writing nothing; sorted by owner.
    async fn plan_reminders(&self, org: &Org, evaluated_at: DateTime<Utc>) -> Result<Vec<PlannedDigest>>;
    /// Runs the evaluation of `week` at `evaluated_at` and queues its digests, once per
    /// org and week whatever runs it concurrently.
    async fn evaluate_week(
        &self,
        org: &Org,
        week: Week,
        evaluated_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<EvaluationOutcome>;
    async fn is_week_evaluated(&self, org: &OrgId, week: Week) -> Result<bool>;
    /// The org's evaluations, oldest first.
    async fn evaluations(&self, org: &OrgId) -> Result<Vec<EvaluationRecord>>;
    /// Every org with its time zone, for the scheduler.
    async fn org_time_zones(&self) -> Result<Vec<(OrgId, TimeZone)>>;
}

/// What a delivery worker uses: claims on queued digests and their outcomes.
#[async_trait]
pub trait DeliveryStore: Send + Sync {
    /// Leases up to `limit` queued digests due by `until` to `worker` until `lease_until`.
    async fn claim_digests(
        &self,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        worker: &str,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedDigest>>;
    async fn recipient(&self, org: &OrgId, member: &MemberId) -> Result<Option<Recipient>>;
    /// The goals of a claimed digest that are still due (see `DIGEST_GOALS_STILL_DUE`).
    async fn digest_goals(&self, digest: &ClaimedDigest) -> Result<Vec<DigestGoalRow>>;
    /// The goals of `owner` the evaluation at `at` would list, with what a digest shows
    /// of each, writing nothing (`reminders render`).
    async fn due_goals_of(&self, org: &Org, owner: &MemberId, at: DateTime<Utc>) -> Result<Vec<DigestGoalRow>>;
    /// Records how a send ended; false when the worker no longer held the lease.
    async fn finish_digest(&self, key: &DigestKey, worker: &str, outcome: &DigestOutcome) -> Result<bool>;
    /// Gives back every lease `worker` holds (a clean shutdown).
    async fn release_digests(&self, worker: &str) -> Result<u64>;
    /// `recipient` for every digest of a claimed batch in one query; a member gone is absent.
    async fn batch_recipients(&self, batch: &[ClaimedDigest]) -> Result<HashMap<(OrgId, MemberId), Recipient>>;
    /// `digest_goals` for every digest of a claimed batch in one query; a digest with no
    /// goal left is absent.
    async fn batch_digest_goals(&self, batch: &[ClaimedDigest]) -> Result<HashMap<DigestKey, Vec<DigestGoalRow>>>;
    /// `finish_digest` for many, in one transaction; for each, whether the lease held.
    async fn finish_digests(&self, worker: &str, outcomes: &[(DigestKey, DigestOutcome)]) -> Result<Vec<bool>>;
}

/// The suppression list: addresses a server refused for good (a permanent 5xx). Every
/// sender of mail to members asks `is_suppressed` first.
#[async_trait]
pub trait SuppressionStore: Send + Sync {
    /// Records that `email`, the member's address, was refused with `reply`.
    async fn suppress(
        &self,
        member: (&OrgId, &MemberId),
        email: &str,
        (reason, reply): (&str, &str),
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// The reply that suppressed the member's current address, if it is suppressed.
    async fn is_suppressed(&self, org: &OrgId, member: &MemberId) -> Result<Option<String>>;
    /// The org's suppressions, in force or lifted by an email change.
    async fn suppressions(&self, org: &OrgId) -> Result<Vec<Suppression>>;
    /// Deletes every suppression of the member with id `member_or_email`, or of that
    /// address (case-insensitive). Returns how many.
    async fn remove_suppression(&self, org: &OrgId, member_or_email: &str) -> Result<u64>;
}

/// The queue as operators (`reminders outbox`) and recipients (unsubscribe) see it.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    async fn outbox(&self, org: Option<&OrgId>, state: Option<&str>, limit: u32) -> Result<Vec<OutboxEntry>>;
    async fn outbox_counts(&self, org: Option<&OrgId>) -> Result<Vec<(String, i64)>>;
    /// Puts every failed digest (of `org`, due at or after `since`) back in the queue with
    /// its attempts reset and no retry wait; its last error stays for history until the
    /// next outcome replaces it. The suppressions of their owners are lifted: the failure
    /// was fixed on our side. Returns how many.
    async fn retry_failed_digests(&self, org: Option<&OrgId>, since: Option<DateTime<Utc>>) -> Result<u64>;
    /// Records the opt-out of the owner of the digest holding `token`.
    async fn opt_out(&self, token: &str, at: DateTime<Utc>) -> Result<Option<(OrgId, MemberId)>>;
}
