//! The manager digest area (issue 17): the evaluation that writes each period's digests
//! once (evaluate.rs and its reads, reads.rs, over the pure rules of `reminders::manager*`), and the delivery
//! queue, outbox and opt-outs (delivery.rs).

mod delivery;
mod evaluate;
mod reads;
pub(crate) mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::core::ids::{MemberId, OrgId};
use crate::org::Org;
use crate::reminders::manager_content::{
    ClaimedManagerDigest, ManagerDigestContent, ManagerDigestKey, ManagerEvaluation,
};
use crate::reminders::types::{DigestOutcome, Recipient};
use crate::store::error::Result;

/// A manager digest as `goald reports outbox` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ManagerDigestRow {
    pub org: String,
    pub manager: String,
    pub period: String,
    pub state: String,
    pub deliver_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
    pub content: serde_json::Value,
}

#[async_trait]
pub trait ManagerDigestStore: Send + Sync {
    /// Writes the manager digests of the period the evaluation at `evaluated_at` is due
    /// for (the org's policy decides), once per org and period whatever runs it
    /// concurrently; run it after the week's owner evaluation (escalation reads it).
    async fn evaluate_manager_digests(
        &self,
        org: &Org,
        evaluated_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ManagerEvaluation>;
    /// The digest `manager` would get at `at` (weekly when the policy is off), writing
    /// nothing; None when they would get none.
    async fn manager_digest_preview(
        &self,
        org: &Org,
        manager: &MemberId,
        at: DateTime<Utc>,
    ) -> Result<Option<(String, ManagerDigestContent)>>;
    async fn claim_manager_digests(
        &self,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        worker: &str,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedManagerDigest>>;
    async fn manager_recipient(&self, org: &OrgId, member: &MemberId) -> Result<Option<Recipient>>;
    async fn finish_manager_digest(
        &self,
        key: &ManagerDigestKey,
        worker: &str,
        outcome: &DigestOutcome,
    ) -> Result<bool>;
    async fn release_manager_digests(&self, worker: &str) -> Result<u64>;
    async fn manager_outbox(&self, org: Option<&OrgId>) -> Result<Vec<ManagerDigestRow>>;
    /// Stops the manager digests of the manager whose digest holds `token`.
    async fn manager_opt_out(&self, token: &str, at: DateTime<Utc>) -> Result<Option<(OrgId, MemberId)>>;
}
