//! Keeping automatic roll-ups current after a write: the parents tracked
//! `subgoals_automatic` are recomputed from their counting children, climbing while
//! progress moves.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::{GoalState, Tracking, Weight};
use crate::rollup::weighted_mean;
use crate::store::db::row::goal_id;
use crate::store::db::{DbTx, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::goals::sql::{REFRESH_LAST_ACTIVITY, ROLLUP_CHILDREN, ROLLUP_GOAL, SET_ROLLED_UP};
use crate::store::goals::types::UpdateValues;
use crate::store::goals::updates::insert_update;

/// Roll-ups climb at most this many parents: links are acyclic, this only bounds bad data.
const MAX_ROLLUP_DEPTH: usize = 10_000;

/// Recomputes `start` if it rolls up its sub-goals automatically and climbs while progress
/// changes. A published goal whose progress moved gets an automatic progress update (so
/// its reminder clock restarts); closed and archived goals keep their final progress.
pub async fn roll_up_from(
    tx: &mut DbTx,
    org: &OrgId,
    start: &GoalId,
    actor: &MemberId,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut current = Some(start.clone());
    for _ in 0..MAX_ROLLUP_DEPTH {
        let Some(goal) = current.take() else {
            return Ok(());
        };
        let key = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
        let Some(row) = tx.fetch(ROLLUP_GOAL, &key).await?.into_iter().next() else {
            return Ok(());
        };
        let state: GoalState = row.text("state")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?;
        if row.text("tracking")? != Tracking::SubgoalsAutomatic.as_str()
            || matches!(state, GoalState::Closed | GoalState::Archived)
        {
            return Ok(());
        }
        let old = row.real("progress")?;
        let mut children = Vec::new();
        for child in tx.fetch(ROLLUP_CHILDREN, &key).await? {
            let weight = child.opt_real("weight")?.map(Weight::parse).transpose();
            let weight = weight.map_err(|e| StoreError::Corrupt(e.to_string()))?;
            children.push((weight, child.real("progress")?));
        }
        let new = weighted_mean(&children).clamp(0.0, 100.0);
        if (new - old).abs() < 1e-9 {
            return Ok(());
        }
        tx.execute(SET_ROLLED_UP, &[key[0], key[1], Param::Real(new)]).await?;
        if state == GoalState::Published {
            let values = UpdateValues { progress: Some(new), ..UpdateValues::default() };
            insert_update(tx, org, &goal, &values, actor, now, true, &json!({"progress": old})).await?;
            tx.execute(REFRESH_LAST_ACTIVITY, &key).await?;
        }
        current = row.opt_text("parent_id")?.map(goal_id).transpose()?;
    }
    Ok(())
}
