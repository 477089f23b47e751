//! One claimed batch read and marked in a few statements instead of three per digest:
//! its recipients in one query, its goals still due in one, its outcomes in one
//! transaction.

use std::collections::HashMap;

use crate::core::ids::{MemberId, OrgId};
use crate::reminders::types::{ClaimedDigest, DigestGoalRow, DigestKey, DigestOutcome, Recipient};
use crate::store::db::row::{member_id, org_id};
use crate::store::db::{Db, DbRow, Param, RowReader, Sql};
use crate::store::error::Result;
use crate::store::reminders::batch_sql::{BATCH_DIGEST_GOALS, BATCH_RECIPIENTS};
use crate::store::reminders::decode::{digest_goal, recipient_row, week};
use crate::store::reminders::sql::{MARK_FAILED, MARK_RETRY, MARK_SENT, MARK_SKIPPED};

/// The batch's keys as the `$1` JSON of `batch_sql`.
fn keys(batch: &[ClaimedDigest]) -> String {
    let keys: Vec<serde_json::Value> = batch
        .iter()
        .map(|d| {
            serde_json::json!({"org_id": d.key.org.as_str(), "owner_id": d.key.owner.as_str(), "week": d.key.week.to_string()})
        })
        .collect();
    serde_json::Value::Array(keys).to_string()
}

pub async fn recipients(db: &Db, batch: &[ClaimedDigest]) -> Result<HashMap<(OrgId, MemberId), Recipient>> {
    let json = keys(batch);
    let rows = db.fetch(BATCH_RECIPIENTS, &[Param::Text(&json)]).await?;
    rows.iter()
        .map(|row| Ok(((org_id(row.text("org_id")?)?, member_id(row.text("owner_id")?)?), recipient_row(row)?)))
        .collect()
}

pub async fn goals(db: &Db, batch: &[ClaimedDigest]) -> Result<HashMap<DigestKey, Vec<DigestGoalRow>>> {
    let json = keys(batch);
    let rows = db.fetch(BATCH_DIGEST_GOALS, &[Param::Text(&json)]).await?;
    let mut goals: HashMap<DigestKey, Vec<DigestGoalRow>> = HashMap::new();
    for row in &rows {
        goals.entry(key(row)?).or_default().push(digest_goal(row)?);
    }
    Ok(goals)
}

fn key(row: &DbRow) -> Result<DigestKey> {
    Ok(DigestKey {
        org: org_id(row.text("org_id")?)?,
        owner: member_id(row.text("owner_id")?)?,
        week: week(&row.text("week")?)?,
    })
}

/// Every outcome in one transaction: one commit (one fsync on SQLite) for the batch.
pub async fn finish(db: &Db, worker: &str, outcomes: &[(DigestKey, DigestOutcome)]) -> Result<Vec<bool>> {
    let mut tx = db.begin().await?;
    let mut held = Vec::with_capacity(outcomes.len());
    for (key, outcome) in outcomes {
        let week = key.week.to_string();
        let (sql, params): (Sql, Vec<Param>) = mark_statement(key, &week, worker, outcome);
        held.push(tx.execute(sql, &params).await? == 1);
    }
    tx.commit().await?;
    Ok(held)
}

/// The MARK_* statement recording `outcome`, with its parameters.
pub fn mark_statement<'a>(
    key: &'a DigestKey,
    week: &'a str,
    worker: &'a str,
    outcome: &'a DigestOutcome,
) -> (Sql, Vec<Param<'a>>) {
    let mut params =
        vec![Param::Text(key.org.as_str()), Param::Text(key.owner.as_str()), Param::Text(week), Param::Text(worker)];
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
    (sql, params)
}
