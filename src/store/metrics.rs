//! What `/metrics` reads from the database: the state of the queues every process
//! shares, so any replica reports the same totals.

use async_trait::async_trait;

use crate::store::db::{DbRow, RowReader, Sql};
use crate::store::error::Result;
use crate::store::sql_store::SqlStore;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct QueueMetrics {
    /// Digests by state; `retrying` counts queued digests waiting for a retry.
    pub digests: Vec<(String, i64)>,
    pub evaluations: i64,
    pub evaluation_seconds: f64,
    /// HRIS events by state.
    pub hris_events: Vec<(String, i64)>,
}

const DIGESTS_BY_STATE: Sql = Sql::same(
    "select state, count(*) as n from digests group by state \
     union all select 'retrying', count(*) from digests where state = 'queued' and retry_at is not null",
);
const EVALUATION_TOTALS: Sql = Sql {
    sqlite: "select count(*) as n, coalesce(sum((julianday(finished_at) - julianday(started_at)) * 86400.0), 0.0) as seconds \
             from reminder_evaluations where finished_at is not null",
    postgres: "select count(*) as n, coalesce(sum(extract(epoch from finished_at - started_at)), 0)::float8 as seconds \
               from reminder_evaluations where finished_at is not null",
};
const HRIS_BY_STATE: Sql = Sql::same("select state, count(*) as n from hris_events group by state");

#[async_trait]
pub trait MetricsStore: Send + Sync {
    async fn queue_metrics(&self) -> Result<QueueMetrics>;
}

#[async_trait]
impl MetricsStore for SqlStore {
    async fn queue_metrics(&self) -> Result<QueueMetrics> {
        let digests = DbRow::state_counts(&self.db.fetch(DIGESTS_BY_STATE, &[]).await?)?;
        let hris_events = DbRow::state_counts(&self.db.fetch(HRIS_BY_STATE, &[]).await?)?;
        let rows = self.db.fetch(EVALUATION_TOTALS, &[]).await?;
        let (evaluations, evaluation_seconds) = match rows.first() {
            Some(row) => (row.int("n")?, row.real("seconds")?),
            None => (0, 0.0),
        };
        Ok(QueueMetrics { digests, evaluations, evaluation_seconds, hris_events })
    }
}

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[DIGESTS_BY_STATE, EVALUATION_TOTALS, HRIS_BY_STATE];
