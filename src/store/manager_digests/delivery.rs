//! The manager digests' queue: workers lease due digests and record how each send ended;
//! operators read the outbox; managers opt out. The twin of store/reminders/delivery.rs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::core::time::rfc3339_text;
use crate::org::policy::ManagerDigestCadence;
use crate::org::{parse_time_zone, Org};
use crate::reminders::due::local_date;
use crate::reminders::manager::Period;
use crate::reminders::manager_content::{
    ClaimedManagerDigest, ManagerDigestContent, ManagerDigestKey, ManagerEvaluation,
};
use crate::reminders::types::{DigestOutcome, Recipient};
use crate::store::db::row::{member_id, org_id};
use crate::store::db::{DbRow, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::manager_digests::sql::{
    BY_TOKEN, CLAIM, MARK_FAILED, MARK_RETRY, MARK_SENT, MARK_SKIPPED, OPT_OUT, OUTBOX, RECIPIENT, RELEASE,
};
use crate::store::manager_digests::{evaluate, ManagerDigestRow, ManagerDigestStore};
use crate::store::sql_store::SqlStore;

fn content(row: &DbRow) -> Result<ManagerDigestContent> {
    serde_json::from_str(&row.text("content")?).map_err(|e| StoreError::Corrupt(format!("manager digest: {e}")))
}

fn claimed(row: &DbRow) -> Result<ClaimedManagerDigest> {
    Ok(ClaimedManagerDigest {
        key: ManagerDigestKey {
            org: org_id(row.text("org_id")?)?,
            manager: member_id(row.text("manager_id")?)?,
            period: row.text("period")?,
        },
        evaluated_at: row.instant("evaluated_at")?,
        attempts: row.int("attempts")?.max(0) as u32,
        unsubscribe_token: row.text("unsubscribe_token")?,
        content: content(row)?,
    })
}

#[async_trait]
impl ManagerDigestStore for SqlStore {
    async fn evaluate_manager_digests(
        &self,
        org: &Org,
        evaluated_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ManagerEvaluation> {
        evaluate::evaluate(&self.db, org, evaluated_at, now).await
    }

    async fn manager_digest_preview(
        &self,
        org: &Org,
        manager: &MemberId,
        at: DateTime<Utc>,
    ) -> Result<Option<(String, ManagerDigestContent)>> {
        let cadence = match org.policy.manager_digest {
            ManagerDigestCadence::Off => ManagerDigestCadence::Weekly,
            cadence => cadence,
        };
        let Some(period) = Period::of(cadence, local_date(at, org.timezone)) else { return Ok(None) };
        let planned = evaluate::plan(&self.db, org, (cadence, period), at).await?;
        Ok(planned.into_iter().find(|(m, _, _)| m == manager).map(|(_, _, content)| (period.to_string(), content)))
    }

    async fn claim_manager_digests(
        &self,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        worker: &str,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ClaimedManagerDigest>> {
        let params = [
            Param::Instant(until),
            Param::Instant(now),
            Param::Text(worker),
            Param::Instant(lease_until),
            Param::Int(i64::from(limit)),
        ];
        let mut tx = self.db.begin().await?;
        let rows = tx.fetch(CLAIM, &params).await?;
        tx.commit().await?;
        rows.iter().map(claimed).collect()
    }

    async fn manager_recipient(&self, org: &OrgId, member: &MemberId) -> Result<Option<Recipient>> {
        let rows = self.db.fetch(RECIPIENT, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
        let Some(row) = rows.first() else { return Ok(None) };
        let bad = |what: &'static str| move |e: crate::core::UnknownValue| StoreError::Corrupt(format!("{what}: {e}"));
        Ok(Some(Recipient {
            name: row.text("name")?,
            email: row.opt_text("email")?.filter(|email| !email.trim().is_empty()),
            locale: row.text("locale")?.parse().map_err(bad("locale"))?,
            active: row.flag("active")?,
            opted_out: row.flag("opted_out")?,
            suppressed: row.opt_text("suppressed")?,
            org_name: row.text("org_name")?,
            org_timezone: parse_time_zone(&row.text("org_timezone")?).map_err(bad("time zone"))?,
        }))
    }

    async fn finish_manager_digest(
        &self,
        key: &ManagerDigestKey,
        worker: &str,
        outcome: &DigestOutcome,
    ) -> Result<bool> {
        let mut params = vec![
            Param::Text(key.org.as_str()),
            Param::Text(key.manager.as_str()),
            Param::Text(&key.period),
            Param::Text(worker),
        ];
        let sql = match outcome {
            DigestOutcome::Sent { at, .. } => {
                params.push(Param::Instant(*at));
                MARK_SENT
            }
            DigestOutcome::Skipped { why } => {
                params.push(Param::Text(why));
                MARK_SKIPPED
            }
            DigestOutcome::Retry { at, error } => {
                params.extend([Param::Instant(*at), Param::Text(error)]);
                MARK_RETRY
            }
            DigestOutcome::Failed { error } => {
                params.push(Param::Text(error));
                MARK_FAILED
            }
        };
        Ok(self.db.execute(sql, &params).await? == 1)
    }

    async fn release_manager_digests(&self, worker: &str) -> Result<u64> {
        self.db.execute(RELEASE, &[Param::Text(worker)]).await
    }

    async fn manager_outbox(&self, org: Option<&OrgId>) -> Result<Vec<ManagerDigestRow>> {
        let rows = self.db.fetch(OUTBOX, &[Param::OptText(org.map(OrgId::as_str))]).await?;
        rows.iter()
            .map(|row| {
                Ok(ManagerDigestRow {
                    org: row.text("org_id")?,
                    manager: row.text("manager_id")?,
                    period: row.text("period")?,
                    state: row.text("state")?,
                    deliver_at: rfc3339_text(row.instant("deliver_at")?),
                    attempts: row.int("attempts")?,
                    last_error: row.opt_text("last_error")?,
                    sent_at: row.opt_instant("sent_at")?.map(rfc3339_text),
                    content: serde_json::to_value(content(row)?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                })
            })
            .collect()
    }

    async fn manager_opt_out(&self, token: &str, at: DateTime<Utc>) -> Result<Option<(OrgId, MemberId)>> {
        let rows = self.db.fetch(BY_TOKEN, &[Param::Text(token)]).await?;
        let Some(row) = rows.first() else { return Ok(None) };
        let found = (org_id(row.text("org_id")?)?, member_id(row.text("manager_id")?)?);
        self.db.execute(OPT_OUT, &[Param::Text(token), Param::Instant(at)]).await?;
        Ok(Some(found))
    }
}
