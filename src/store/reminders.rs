//! The reminder side of the store: evaluating a week, the delivery queue, opt-outs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::org::{parse_time_zone, Org, TimeZone};
use crate::reminders::due::{delivery_instant, local_date, stale_cutoff};
use crate::reminders::{Reason, Week};
use crate::store::db::{DbRow, Param};
use crate::store::decode::{goal_id, member_id, org_id, RowReader};
use crate::store::reminder_sql::*;
use crate::store::{Result, SqlStore, StoreError};

pub use crate::store::reminder_types::*;

#[async_trait]
pub trait ReminderStore: Send + Sync {
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
    /// Records how a send ended; false when the worker no longer held the lease.
    async fn finish_digest(&self, key: &DigestKey, worker: &str, outcome: &DigestOutcome) -> Result<bool>;
    /// Gives back every lease `worker` holds (a clean shutdown).
    async fn release_digests(&self, worker: &str) -> Result<u64>;
    async fn outbox(&self, org: Option<&OrgId>, state: Option<&str>, limit: u32) -> Result<Vec<OutboxEntry>>;
    async fn outbox_counts(&self, org: Option<&OrgId>) -> Result<Vec<(String, i64)>>;
    /// Records the opt-out of the owner of the digest holding `token`.
    async fn opt_out(&self, token: &str, at: DateTime<Utc>) -> Result<Option<(OrgId, MemberId)>>;
}

fn week(text: &str) -> Result<Week> {
    text.parse().map_err(|e| StoreError::Corrupt(format!("week: {e}")))
}

pub(crate) fn reasons(text: &str) -> Result<Vec<Reason>> {
    text.split_whitespace().map(|r| r.parse().map_err(|e| StoreError::Corrupt(format!("reason: {e}")))).collect()
}

fn corrupt<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

fn claimed(row: &DbRow) -> Result<ClaimedDigest> {
    Ok(ClaimedDigest {
        key: DigestKey {
            org: org_id(row.text("org_id")?)?,
            owner: member_id(row.text("owner_id")?)?,
            week: week(&row.text("week")?)?,
        },
        evaluated_at: row.instant("evaluated_at")?,
        attempts: u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX),
        unsubscribe_token: row.text("unsubscribe_token")?,
    })
}

#[async_trait]
impl ReminderStore for SqlStore {
    async fn plan_reminders(&self, org: &Org, evaluated_at: DateTime<Utc>) -> Result<Vec<PlannedDigest>> {
        let params = [
            Param::Text(org.id.as_str()),
            Param::Instant(stale_cutoff(evaluated_at)),
            Param::Date(local_date(evaluated_at, org.timezone)),
        ];
        let rows = self.db.fetch(PREVIEW_DUE_GOALS, &params).await?;
        let mut digests: std::collections::BTreeMap<MemberId, PlannedDigest> = Default::default();
        for row in &rows {
            let owner = member_id(row.text("owner_id")?)?;
            let goal = DueGoal { id: goal_id(row.text("goal_id")?)?, reasons: reasons(&row.text("reasons")?)? };
            if let Some(digest) = digests.get_mut(&owner) {
                digest.goals.push(goal);
                continue;
            }
            let timezone = parse_time_zone(&row.text("timezone")?).map_err(corrupt("time zone"))?;
            let digest = PlannedDigest {
                owner: owner.clone(),
                email: row.opt_text("email")?.unwrap_or_default(),
                locale: row.text("locale")?.parse().map_err(corrupt("locale"))?,
                deliver_at: delivery_instant(evaluated_at, timezone),
                goals: vec![goal],
            };
            digests.insert(owner, digest);
        }
        let mut digests: Vec<PlannedDigest> = digests.into_values().collect();
        for digest in &mut digests {
            digest.goals.sort_by(|a, b| a.id.cmp(&b.id));
        }
        Ok(digests)
    }

    async fn evaluate_week(
        &self,
        org: &Org,
        week: Week,
        evaluated_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<EvaluationOutcome> {
        crate::store::evaluate::evaluate_week(&self.db, org, week, evaluated_at, now).await
    }

    async fn is_week_evaluated(&self, org: &OrgId, week: Week) -> Result<bool> {
        let week = week.to_string();
        let rows = self.db.fetch(EVALUATION_EXISTS, &[Param::Text(org.as_str()), Param::Text(&week)]).await?;
        Ok(!rows.is_empty())
    }

    async fn evaluations(&self, org: &OrgId) -> Result<Vec<EvaluationRecord>> {
        let rows = self.db.fetch(EVALUATIONS, &[Param::Text(org.as_str())]).await?;
        rows.iter()
            .map(|row| {
                Ok(EvaluationRecord {
                    week: row.text("week")?,
                    evaluated_at: row.instant("evaluated_at")?,
                    started_at: row.instant("started_at")?,
                    finished_at: row.opt_instant("finished_at")?,
                    digests: row.int("digests")?,
                    goals: row.int("goals")?,
                })
            })
            .collect()
    }

    async fn org_time_zones(&self) -> Result<Vec<(OrgId, TimeZone)>> {
        let rows = self.db.fetch(ALL_ORGS, &[]).await?;
        rows.iter()
            .map(|row| {
                let timezone = parse_time_zone(&row.text("timezone")?).map_err(corrupt("time zone"))?;
                Ok((org_id(row.text("id")?)?, timezone))
            })
            .collect()
    }

    async fn claim_digests(
        &self,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        worker: &str,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedDigest>> {
        let params = [
            Param::Instant(until),
            Param::Instant(now),
            Param::Text(worker),
            Param::Instant(lease_until),
            Param::Int(i64::from(limit)),
        ];
        let mut tx = self.db.begin().await?;
        let rows = tx.fetch(CLAIM_DIGESTS, &params).await?;
        tx.commit().await?;
        rows.iter().map(claimed).collect()
    }

    async fn recipient(&self, org: &OrgId, member: &MemberId) -> Result<Option<Recipient>> {
        let rows = self.db.fetch(DIGEST_RECIPIENT, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
        let Some(row) = rows.first() else { return Ok(None) };
        Ok(Some(Recipient {
            name: row.text("name")?,
            email: row.opt_text("email")?.filter(|email| !email.trim().is_empty()),
            locale: row.text("locale")?.parse().map_err(corrupt("locale"))?,
            active: row.flag("active")?,
            opted_out: row.flag("opted_out")?,
        }))
    }

    async fn digest_goals(&self, digest: &ClaimedDigest) -> Result<Vec<DigestGoalRow>> {
        let week = digest.key.week.to_string();
        let params = [
            Param::Text(digest.key.org.as_str()),
            Param::Text(digest.key.owner.as_str()),
            Param::Text(&week),
            Param::Instant(digest.evaluated_at),
        ];
        let rows = self.db.fetch(DIGEST_GOALS_STILL_DUE, &params).await?;
        rows.iter()
            .map(|row| {
                Ok(DigestGoalRow {
                    id: goal_id(row.text("goal_id")?)?,
                    title: row.text("title")?,
                    end_date: row.date("end_date")?,
                    reasons: reasons(&row.text("reasons")?)?,
                })
            })
            .collect()
    }

    async fn finish_digest(&self, key: &DigestKey, worker: &str, outcome: &DigestOutcome) -> Result<bool> {
        crate::store::evaluate::finish_digest(&self.db, key, worker, outcome).await
    }

    async fn release_digests(&self, worker: &str) -> Result<u64> {
        self.db.execute(RELEASE_LEASES, &[Param::Text(worker)]).await
    }

    async fn outbox(&self, org: Option<&OrgId>, state: Option<&str>, limit: u32) -> Result<Vec<OutboxEntry>> {
        let org = org.map(OrgId::as_str).unwrap_or("");
        let params = [Param::Text(org), Param::Text(state.unwrap_or("")), Param::Int(i64::from(limit))];
        let rows = self.db.fetch(OUTBOX, &params).await?;
        rows.iter()
            .map(|row| {
                Ok(OutboxEntry {
                    org: row.text("org_id")?,
                    owner: row.text("owner_id")?,
                    week: row.text("week")?,
                    state: row.text("state")?,
                    deliver_at: row.instant("deliver_at")?,
                    attempts: row.int("attempts")?,
                    retry_at: row.opt_instant("retry_at")?,
                    sent_at: row.opt_instant("sent_at")?,
                    goals: row.int("goals")?,
                    goals_sent: row.opt_int("goals_sent")?,
                    last_error: row.opt_text("last_error")?,
                })
            })
            .collect()
    }

    async fn outbox_counts(&self, org: Option<&OrgId>) -> Result<Vec<(String, i64)>> {
        DbRow::state_counts(&self.db.fetch(OUTBOX_COUNTS, &[Param::Text(org.map(OrgId::as_str).unwrap_or(""))]).await?)
    }

    async fn opt_out(&self, token: &str, at: DateTime<Utc>) -> Result<Option<(OrgId, MemberId)>> {
        let rows = self.db.fetch(DIGEST_BY_TOKEN, &[Param::Text(token)]).await?;
        let Some(row) = rows.first() else { return Ok(None) };
        let found = (org_id(row.text("org_id")?)?, member_id(row.text("owner_id")?)?);
        self.db.execute(OPT_OUT, &[Param::Text(token), Param::Instant(at)]).await?;
        Ok(Some(found))
    }
}
