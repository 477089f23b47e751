//! The nudge/cheer queue: the limit taken, the history written and the notification
//! added to its owner's 15-minute batch in one transaction; batches claimed with a lease
//! and finished like digests.

use chrono::{DateTime, Utc};

use crate::notify::{window_of, NotificationKind, RATE_LIMIT};
use crate::reminders::types::DigestOutcome;
use crate::store::db::row::{goal_id, member_id, org_id, parsed};
use crate::store::db::{Db, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::goals::sql::INSERT_HISTORY;
use crate::store::goals::types::HistoryEntry;
use crate::store::notify::sql::{
    ADD_NOTIFICATION, BATCH_ITEMS, CLAIM_BATCHES, LAST_SENT, MARK_FAILED, MARK_RETRY, MARK_SENT, MARK_SKIPPED,
    OPEN_BATCH, RELEASE, TAKE_LIMIT,
};
use crate::store::notify::{BatchItem, BatchKey, ClaimedBatch, NewNotification, Recorded};

pub(super) async fn record(
    db: &Db,
    n: &NewNotification<'_>,
    history: &HistoryEntry,
    now: DateTime<Utc>,
) -> Result<Recorded> {
    let (org, goal, owner, sender, kind) =
        (n.org.as_str(), n.goal.as_str(), n.owner.as_str(), n.sender.as_str(), n.kind.as_str());
    let limit_key = [Param::Text(org), Param::Text(sender), Param::Text(goal), Param::Text(kind)];
    let mut tx = db.begin().await?;
    let taken = tx
        .execute(
            TAKE_LIMIT,
            &[
                limit_key[0],
                limit_key[1],
                limit_key[2],
                limit_key[3],
                Param::Instant(now),
                Param::Instant(now - RATE_LIMIT),
            ],
        )
        .await?;
    if taken == 0 {
        let rows = tx.fetch(LAST_SENT, &limit_key).await?;
        let last =
            rows.first().ok_or_else(|| StoreError::Corrupt("a limit row vanished".into()))?.instant("last_at")?;
        return Ok(Recorded::Limited { last });
    }
    let (start, end) = window_of(now);
    tx.execute(OPEN_BATCH, &[Param::Text(org), Param::Text(owner), Param::Instant(start), Param::Instant(end)]).await?;
    let params = [
        Param::Text(org),
        Param::Text(owner),
        Param::Instant(start),
        Param::Text(goal),
        Param::Text(sender),
        Param::Text(kind),
        Param::Instant(now),
    ];
    tx.execute(ADD_NOTIFICATION, &params).await?;
    let before = history.before.to_string();
    let params = [
        Param::Text(org),
        Param::Text(history.goal.as_str()),
        Param::Text(history.operation.as_str()),
        Param::Instant(now),
        Param::Text(sender),
        Param::Text(&before),
    ];
    tx.execute(INSERT_HISTORY, &params).await?;
    tx.commit().await?;
    Ok(Recorded::Queued { deliver_at: end })
}

pub(super) async fn claim(
    db: &Db,
    now: DateTime<Utc>,
    worker: &str,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<ClaimedBatch>> {
    let params = [Param::Instant(now), Param::Text(worker), Param::Instant(lease_until), Param::Int(i64::from(limit))];
    let rows = db.fetch(CLAIM_BATCHES, &params).await?;
    rows.iter()
        .map(|row| {
            Ok(ClaimedBatch {
                key: BatchKey {
                    org: org_id(row.text("org_id")?)?,
                    owner: member_id(row.text("owner_id")?)?,
                    window_start: row.instant("window_start")?,
                },
                attempts: u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

fn key_params<'a>(key: &'a BatchKey, worker: &'a str) -> Vec<Param<'a>> {
    vec![
        Param::Text(key.org.as_str()),
        Param::Text(key.owner.as_str()),
        Param::Instant(key.window_start),
        Param::Text(worker),
    ]
}

pub(super) async fn items(db: &Db, key: &BatchKey) -> Result<Vec<BatchItem>> {
    let params = [Param::Text(key.org.as_str()), Param::Text(key.owner.as_str()), Param::Instant(key.window_start)];
    let rows = db.fetch(BATCH_ITEMS, &params).await?;
    rows.iter()
        .map(|row| {
            Ok(BatchItem {
                kind: parsed("notification kind", row.text("kind")?.parse::<NotificationKind>())?,
                goal: goal_id(row.text("goal_id")?)?,
                goal_title: row.text("title")?,
                sender_name: row.text("sender_name")?,
                at: row.instant("at")?,
            })
        })
        .collect()
}

pub(super) async fn finish(db: &Db, key: &BatchKey, worker: &str, outcome: &DigestOutcome) -> Result<bool> {
    let mut params = key_params(key, worker);
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
    Ok(db.execute(sql, &params).await? == 1)
}

pub(super) async fn release(db: &Db, worker: &str) -> Result<u64> {
    db.execute(RELEASE, &[Param::Text(worker)]).await
}
