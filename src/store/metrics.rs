//! What `/metrics` reads from the database: the live part of the queues every process
//! shares (queued digests, open HRIS events), so any replica reports the same depth and
//! age. Each query reads only a partial index's rows (`digests_queued`,
//! `hris_events_open`), never the sent digests or applied events that pile up: those are
//! counted by the processes that finish them (telemetry's counters).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::store::db::{Db, DbRow, Param, RowReader, Sql};
use crate::store::error::Result;
use crate::store::sql_store::SqlStore;

/// One queue state: how many items, and when the oldest due one became due (None when
/// nothing in that state is due yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueState {
    pub depth: i64,
    pub oldest_due: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct QueueMetrics {
    /// Queued digests not tried yet, and those waiting for a retry: disjoint.
    pub digests_queued: QueueState,
    pub digests_retrying: QueueState,
    /// HRIS events not looked at yet, and those waiting for a member or team: disjoint.
    pub hris_pending: QueueState,
    pub hris_waiting: QueueState,
}

/// The connection pool right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    pub size: u32,
    pub idle: usize,
    pub max: u32,
}

/// A queued digest is due at its retry time when it has one, else at its delivery time.
const QUEUED_DIGESTS: Sql = Sql::same(
    "select case when retry_at is null then 'queued' else 'retrying' end as state, count(*) as n, \
     min(case when coalesce(retry_at, deliver_at) <= $1 then coalesce(retry_at, deliver_at) end) as oldest \
     from digests where state = 'queued' group by case when retry_at is null then 'queued' else 'retrying' end",
);
/// An open event has been due since it arrived.
const OPEN_HRIS_EVENTS: Sql = Sql::same(
    "select state, count(*) as n, min(received_at) as oldest from hris_events \
     where state in ('pending', 'waiting') group by state",
);

#[async_trait]
pub trait MetricsStore: Send + Sync {
    async fn queue_metrics(&self, now: DateTime<Utc>) -> Result<QueueMetrics>;
    fn pool_stats(&self) -> PoolStats;
}

fn by_state(rows: &[DbRow]) -> Result<Vec<(String, QueueState)>> {
    rows.iter()
        .map(|row| {
            Ok((row.text("state")?, QueueState { depth: row.int("n")?, oldest_due: row.opt_instant("oldest")? }))
        })
        .collect()
}

fn pick(states: &[(String, QueueState)], name: &str) -> QueueState {
    states.iter().find(|(state, _)| state == name).map(|(_, s)| *s).unwrap_or_default()
}

#[async_trait]
impl MetricsStore for SqlStore {
    async fn queue_metrics(&self, now: DateTime<Utc>) -> Result<QueueMetrics> {
        let digests = by_state(&self.db.fetch(QUEUED_DIGESTS, &[Param::Instant(now)]).await?)?;
        let hris = by_state(&self.db.fetch(OPEN_HRIS_EVENTS, &[]).await?)?;
        Ok(QueueMetrics {
            digests_queued: pick(&digests, "queued"),
            digests_retrying: pick(&digests, "retrying"),
            hris_pending: pick(&hris, "pending"),
            hris_waiting: pick(&hris, "waiting"),
        })
    }

    fn pool_stats(&self) -> PoolStats {
        match &self.db {
            Db::Sqlite(pool, _) => {
                PoolStats { size: pool.size(), idle: pool.num_idle(), max: pool.options().get_max_connections() }
            }
            Db::Postgres(pool) => {
                PoolStats { size: pool.size(), idle: pool.num_idle(), max: pool.options().get_max_connections() }
            }
        }
    }
}

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[QUEUED_DIGESTS, OPEN_HRIS_EVENTS];
