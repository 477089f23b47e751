//! The weekly evaluation as one transaction: claim the (org, week), queue every due
//! goal with one INSERT ... SELECT over the org's goals, then one digest per owner with
//! a second, joining each owner's time zone to its Monday 09:00 computed here (SQLite
//! knows no time zones).
//! A concurrent evaluation of the same week waits on the claim's key and then finds it
//! taken, so it queues nothing.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::org::{parse_time_zone, Org, TimeZone};
use crate::reminders::due::{delivery_instant, local_date, stale_cutoff};
use crate::reminders::types::{DueGoal, EvaluationOutcome, EvaluationRecord, PlannedDigest};
use crate::reminders::Week;
use crate::store::db::row::{goal_id, member_id, org_id};
use crate::store::db::text::instant_text;
use crate::store::db::{Db, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::reminders::decode::{corrupt, reasons};
use crate::store::reminders::sql::{
    preview_due_goals, queue_due_goals, ALL_ORGS, CLAIM_EVALUATION, EVALUATIONS_OF_ORG, EVALUATION_EXISTS,
    FINISH_EVALUATION, MEMBER_TIME_ZONES, QUEUE_DIGESTS,
};
use crate::store::reminders::EvaluationStore;
use crate::store::sql_store::SqlStore;

async fn evaluate_week(
    db: &Db,
    org: &Org,
    week: Week,
    evaluated_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<EvaluationOutcome> {
    let started = std::time::Instant::now();
    let org_id = org.id.as_str();
    let week_text = week.to_string();
    let mut tx = db.begin().await?;
    let claim = [Param::Text(org_id), Param::Text(&week_text), Param::Instant(evaluated_at), Param::Instant(now)];
    if tx.execute(CLAIM_EVALUATION, &claim).await? == 0 {
        return Ok(EvaluationOutcome::AlreadyEvaluated);
    }
    let due = [
        Param::Text(org_id),
        Param::Instant(stale_cutoff(evaluated_at)),
        Param::Date(local_date(evaluated_at, org.timezone)),
        Param::Text(&week_text),
    ];
    let goals = tx.execute(queue_due_goals(), &due).await? as i64;

    let mut deliveries = Vec::new();
    for row in tx.fetch(MEMBER_TIME_ZONES, &[Param::Text(org_id)]).await? {
        let name = row.text("timezone")?;
        let timezone = parse_time_zone(&name).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let deliver_at = instant_text(delivery_instant(evaluated_at, timezone));
        deliveries.push(serde_json::json!({"timezone": name, "deliver_at": deliver_at}));
    }
    let deliveries = serde_json::Value::Array(deliveries).to_string();
    let queue = [Param::Text(org_id), Param::Text(&week_text), Param::Instant(evaluated_at), Param::Text(&deliveries)];
    let digests = tx.execute(QUEUE_DIGESTS, &queue).await? as i64;

    let finish = [
        Param::Text(org_id),
        Param::Text(&week_text),
        // `now` (the started_at) plus what this took, on the caller's clock: /metrics
        // sums finished_at - started_at, which must stay true under a shifted clock.
        Param::Instant(now + started.elapsed()),
        Param::Int(digests),
        Param::Int(goals),
    ];
    tx.execute(FINISH_EVALUATION, &finish).await?;
    tx.commit().await?;
    Ok(EvaluationOutcome::Queued { digests: digests as u64, goals: goals as u64 })
}

#[async_trait]
impl EvaluationStore for SqlStore {
    async fn plan_reminders(&self, org: &Org, evaluated_at: DateTime<Utc>) -> Result<Vec<PlannedDigest>> {
        let params = [
            Param::Text(org.id.as_str()),
            Param::Instant(stale_cutoff(evaluated_at)),
            Param::Date(local_date(evaluated_at, org.timezone)),
        ];
        let rows = self.db.fetch(preview_due_goals(), &params).await?;
        let mut digests: BTreeMap<MemberId, PlannedDigest> = BTreeMap::new();
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
        evaluate_week(&self.db, org, week, evaluated_at, now).await
    }

    async fn is_week_evaluated(&self, org: &OrgId, week: Week) -> Result<bool> {
        let week = week.to_string();
        let rows = self.db.fetch(EVALUATION_EXISTS, &[Param::Text(org.as_str()), Param::Text(&week)]).await?;
        Ok(!rows.is_empty())
    }

    async fn evaluations(&self, org: &OrgId) -> Result<Vec<EvaluationRecord>> {
        let rows = self.db.fetch(EVALUATIONS_OF_ORG, &[Param::Text(org.as_str())]).await?;
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
}
