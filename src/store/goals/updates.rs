//! Adding a progress update: what a person's write and an automatic roll-up both do.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::store::db::{DbTx, Param};
use crate::store::error::{Result, StoreError};
use crate::store::goals::sql::INSERT_UPDATE;
use crate::store::goals::types::UpdateValues;

/// Returns the update's id. An update of the same goal, instant, author and kind is the
/// same update: its progress is replaced.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_update(
    tx: &mut DbTx,
    org: &OrgId,
    goal: &GoalId,
    values: &UpdateValues,
    author: &MemberId,
    at: DateTime<Utc>,
    automatic: bool,
    before: &Value,
) -> Result<i64> {
    let measurements = values.measurements.as_ref().map(Value::to_string);
    let before = before.to_string();
    let params = [
        Param::Text(org.as_str()),
        Param::Text(goal.as_str()),
        Param::Instant(at),
        Param::Text(author.as_str()),
        Param::OptReal(values.progress),
        Param::OptText(measurements.as_deref()),
        Param::OptText(values.status.map(|s| s.as_str())),
        Param::OptText(values.comment.as_deref()),
        Param::Bool(automatic),
        Param::Text(&before),
    ];
    let rows = tx.fetch(INSERT_UPDATE, &params).await?;
    rows.first().map(|row| row.int("id")).transpose()?.ok_or_else(|| StoreError::Corrupt("no update id".into()))
}
