//! The weekly evaluation as one transaction: claim the (org, week), queue every due
//! goal with one INSERT ... SELECT over the org's goals, then one digest per owner with
//! a second, joining each owner's time zone to its Monday 09:00 computed here (SQLite
//! knows no time zones).
//! A concurrent evaluation of the same week waits on the claim's key and then finds it
//! taken, so it queues nothing.

use chrono::{DateTime, Utc};

use crate::org::{parse_time_zone, Org};
use crate::reminders::due::{delivery_instant, local_date, stale_cutoff};
use crate::reminders::Week;
use crate::store::db::{Db, Param};
use crate::store::decode::RowReader;
use crate::store::reminder_sql::*;
use crate::store::reminders::{DigestKey, DigestOutcome, EvaluationOutcome};
use crate::store::rows::instant_text;
use crate::store::{Result, StoreError};

pub async fn evaluate_week(
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
    let goals = tx.execute(QUEUE_DUE_GOALS, &due).await? as i64;

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

pub async fn finish_digest(db: &Db, key: &DigestKey, worker: &str, outcome: &DigestOutcome) -> Result<bool> {
    let week = key.week.to_string();
    let mut params =
        vec![Param::Text(key.org.as_str()), Param::Text(key.owner.as_str()), Param::Text(&week), Param::Text(worker)];
    let sql = match outcome {
        DigestOutcome::Sent { at, goals } => {
            params.extend([Param::Instant(*at), Param::Int(*goals as i64)]);
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
    Ok(db.execute(sql, &params).await? == 1)
}
