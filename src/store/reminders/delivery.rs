//! The delivery queue: workers lease due digests, read what to send and record how each
//! send ended; operators read the outbox; recipients opt out.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::org::Org;
use crate::reminders::due::{local_date, stale_cutoff};
use crate::reminders::types::{ClaimedDigest, DigestGoalRow, DigestKey, DigestOutcome, OutboxEntry, Recipient};
use crate::store::db::row::{member_id, org_id};
use crate::store::db::{Db, DbRow, Param, RowReader};
use crate::store::error::Result;
use crate::store::reminders::batch::{self, mark_statement};
use crate::store::reminders::batch_sql::LIFT_SUPPRESSIONS_OF_FAILED;
use crate::store::reminders::decode::{claimed, digest_goal, recipient_row};
use crate::store::reminders::sql::{
    render_due_goals, CLAIM_DIGESTS, DIGEST_BY_TOKEN, DIGEST_GOALS_STILL_DUE, DIGEST_RECIPIENT, OPT_OUT, OUTBOX,
    OUTBOX_COUNTS, RELEASE_LEASES, RETRY_FAILED,
};
use crate::store::reminders::{DeliveryStore, OutboxStore};
use crate::store::sql_store::SqlStore;

#[async_trait]
impl DeliveryStore for SqlStore {
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
        rows.first().map(recipient_row).transpose()
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
        rows.iter().map(digest_goal).collect()
    }

    async fn due_goals_of(&self, org: &Org, owner: &MemberId, at: DateTime<Utc>) -> Result<Vec<DigestGoalRow>> {
        let params = [
            Param::Text(org.id.as_str()),
            Param::Instant(stale_cutoff(at)),
            Param::Date(local_date(at, org.timezone)),
            Param::Text(owner.as_str()),
        ];
        let rows = self.db.fetch(render_due_goals(), &params).await?;
        rows.iter().map(digest_goal).collect()
    }

    async fn finish_digest(&self, key: &DigestKey, worker: &str, outcome: &DigestOutcome) -> Result<bool> {
        finish_digest(&self.db, key, worker, outcome).await
    }

    async fn release_digests(&self, worker: &str) -> Result<u64> {
        self.db.execute(RELEASE_LEASES, &[Param::Text(worker)]).await
    }

    async fn batch_recipients(&self, batch: &[ClaimedDigest]) -> Result<HashMap<(OrgId, MemberId), Recipient>> {
        batch::recipients(&self.db, batch).await
    }

    async fn batch_digest_goals(&self, batch: &[ClaimedDigest]) -> Result<HashMap<DigestKey, Vec<DigestGoalRow>>> {
        batch::goals(&self.db, batch).await
    }

    async fn finish_digests(&self, worker: &str, outcomes: &[(DigestKey, DigestOutcome)]) -> Result<Vec<bool>> {
        batch::finish(&self.db, worker, outcomes).await
    }
}

#[async_trait]
impl OutboxStore for SqlStore {
    async fn outbox(&self, org: Option<&OrgId>, state: Option<&str>, limit: u32) -> Result<Vec<OutboxEntry>> {
        let params = [Param::OptText(org.map(OrgId::as_str)), Param::OptText(state), Param::Int(i64::from(limit))];
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
        DbRow::state_counts(&self.db.fetch(OUTBOX_COUNTS, &[Param::OptText(org.map(OrgId::as_str))]).await?)
    }

    async fn retry_failed_digests(&self, org: Option<&OrgId>, since: Option<DateTime<Utc>>) -> Result<u64> {
        let params = [Param::OptText(org.map(OrgId::as_str)), Param::OptInstant(since)];
        let mut tx = self.db.begin().await?;
        tx.execute(LIFT_SUPPRESSIONS_OF_FAILED, &params).await?;
        let requeued = tx.execute(RETRY_FAILED, &params).await?;
        tx.commit().await?;
        Ok(requeued)
    }

    async fn opt_out(&self, token: &str, at: DateTime<Utc>) -> Result<Option<(OrgId, MemberId)>> {
        let rows = self.db.fetch(DIGEST_BY_TOKEN, &[Param::Text(token)]).await?;
        let Some(row) = rows.first() else { return Ok(None) };
        let found = (org_id(row.text("org_id")?)?, member_id(row.text("owner_id")?)?);
        self.db.execute(OPT_OUT, &[Param::Text(token), Param::Instant(at)]).await?;
        Ok(Some(found))
    }
}

async fn finish_digest(db: &Db, key: &DigestKey, worker: &str, outcome: &DigestOutcome) -> Result<bool> {
    let week = key.week.to_string();
    let (sql, params) = mark_statement(key, &week, worker, outcome);
    Ok(db.execute(sql, &params).await? == 1)
}
