//! Writing one goal change: the goal row, its parts, its progress update, its history and
//! the roll-ups it moves, in one transaction that first checks the goal's revision.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::history::HistoryOp;
use crate::goals::{Goal, Tracking, Weight};
use crate::store::db::row::goal_id;
use crate::store::db::{Db, DbTx, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::goals::columns::{goal_params, insert_goal, update_goal, Folded};
use crate::store::goals::people::{write_people, DELETE_GOAL_PEOPLE};
use crate::store::goals::rollup::roll_up_from;
use crate::store::goals::social_sql::{DELETE_GOAL_FOLLOWS, DELETE_RELATIONS_HIGH, DELETE_RELATIONS_LOW};
use crate::store::goals::sql::{
    CHILD_IDS, DELETE_COMMENTS, DELETE_GOAL, DELETE_GOAL_MEASUREMENTS, DELETE_GOAL_MEMBER_CONTRIBUTORS,
    DELETE_GOAL_TEAM_CONTRIBUTORS, DELETE_UPDATE, DELETE_UPDATES, EDIT_UPDATE, GOAL_EXISTS, INSERT_HISTORY,
    INSERT_MEASUREMENT, INSERT_MEMBER_CONTRIBUTOR, INSERT_TEAM_CONTRIBUTOR, LOCK_GOAL, REFRESH_LAST_ACTIVITY,
    UNLINK_CHILD,
};
use crate::store::goals::tree_keys;
use crate::store::goals::types::{GoalWrite, HistoryEntry, ProgressOp};
use crate::store::goals::updates::insert_update;
use crate::store::org::line_keys::refresh_goal_line_keys;

pub async fn create(db: &Db, org: &OrgId, goal: &Goal, history: &[HistoryEntry], actor: &MemberId) -> Result<()> {
    let mut tx = db.begin().await?;
    let key = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    if !tx.fetch(GOAL_EXISTS, &key).await?.is_empty() {
        return Err(StoreError::Conflict(format!("goal id {} is already taken", goal.id)));
    }
    tx.execute(insert_goal(), &goal_params(org, goal, &Folded::of(goal))).await?;
    write_contributors(&mut tx, org, goal).await?;
    write_people(&mut tx, org, goal).await?;
    refresh_goal_line_keys(&mut tx, org, &goal.id).await?;
    tree_keys::place(&mut tx, org, &goal.id).await?;
    write_measurements(&mut tx, org, goal).await?;
    for entry in history {
        insert_history(&mut tx, org, entry, actor, goal.created_at).await?;
    }
    if let Some(parent) = &goal.parent {
        roll_up_from(&mut tx, org, parent, actor, goal.created_at).await?;
    }
    tx.commit().await
}

/// Returns the id of the progress update it added, if any.
pub async fn save(db: &Db, org: &OrgId, write: GoalWrite<'_>) -> Result<Option<i64>> {
    let goal = write.goal;
    let mut tx = db.begin().await?;
    check_revision(&mut tx, org, &goal.id, write.revision).await?;
    tx.execute(update_goal(), &goal_params(org, goal, &Folded::of(goal))).await?;
    if write.contributors_changed {
        write_contributors(&mut tx, org, goal).await?;
    }
    // A few rows at most: rewritten on every save rather than tracked as a change.
    write_people(&mut tx, org, goal).await?;
    // The owner or the contributors may have changed: visibility reads their line keys.
    refresh_goal_line_keys(&mut tx, org, &goal.id).await?;
    if write.old_parent != goal.parent {
        tree_keys::place(&mut tx, org, &goal.id).await?;
    }
    if write.measurements_changed {
        write_measurements(&mut tx, org, goal).await?;
    }
    let added = match &write.progress {
        Some(op) => progress_op(&mut tx, org, &goal.id, op, write.actor, write.now).await?,
        None => None,
    };
    let key = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    tx.execute(REFRESH_LAST_ACTIVITY, &key).await?;
    for entry in &write.history {
        insert_history(&mut tx, org, entry, write.actor, write.now).await?;
    }
    if goal.tracking == Tracking::SubgoalsAutomatic {
        roll_up_from(&mut tx, org, &goal.id, write.actor, write.now).await?;
    }
    for parent in goal.parent.iter().chain(write.old_parent.iter().filter(|old| goal.parent.as_ref() != Some(*old))) {
        roll_up_from(&mut tx, org, parent, write.actor, write.now).await?;
    }
    tx.commit().await?;
    Ok(added)
}

/// Deletes the goal with its progress updates, comments, measurements, contributors,
/// follow rows and related-goal links;
/// its children lose their parent link (and say so in their history). History is kept.
pub async fn delete(
    db: &Db,
    org: &OrgId,
    goal: &Goal,
    revision: i64,
    actor: &MemberId,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx = db.begin().await?;
    check_revision(&mut tx, org, &goal.id, revision).await?;
    let key = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    for statement in [
        DELETE_GOAL_MEMBER_CONTRIBUTORS,
        DELETE_GOAL_TEAM_CONTRIBUTORS,
        DELETE_GOAL_PEOPLE,
        DELETE_GOAL_MEASUREMENTS,
        DELETE_UPDATES,
        DELETE_COMMENTS,
        DELETE_GOAL_FOLLOWS,
        DELETE_RELATIONS_LOW,
        DELETE_RELATIONS_HIGH,
        DELETE_GOAL,
    ] {
        tx.execute(statement, &key).await?;
    }
    let children = tx.fetch(CHILD_IDS, &key).await?;
    for row in children {
        let child = goal_id(row.text("id")?)?;
        tx.execute(UNLINK_CHILD, &[Param::Text(org.as_str()), Param::Text(child.as_str())]).await?;
        tree_keys::place(&mut tx, org, &child).await?;
        let entry = HistoryEntry::new(&child, HistoryOp::Updated, json!({"parent": goal.id}));
        insert_history(&mut tx, org, &entry, actor, now).await?;
    }
    let entry = HistoryEntry::new(&goal.id, HistoryOp::Deleted, json!({"title": goal.title, "state": goal.state}));
    insert_history(&mut tx, org, &entry, actor, now).await?;
    if let Some(parent) = &goal.parent {
        roll_up_from(&mut tx, org, parent, actor, now).await?;
        let entry = HistoryEntry::new(parent, HistoryOp::SubgoalUnlinked, json!({"subgoal": goal.id}));
        insert_history(&mut tx, org, &entry, actor, now).await?;
    }
    tx.commit().await
}

async fn check_revision(tx: &mut DbTx, org: &OrgId, goal: &GoalId, revision: i64) -> Result<()> {
    let rows = tx.fetch(LOCK_GOAL, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
    match rows.first() {
        None => Err(StoreError::NotFound(format!("goal {goal}"))),
        Some(row) if row.int("revision")? != revision => {
            Err(StoreError::Conflict(format!("goal {goal} changed meanwhile; read it again and retry")))
        }
        Some(_) => Ok(()),
    }
}

async fn write_contributors(tx: &mut DbTx, org: &OrgId, goal: &Goal) -> Result<()> {
    let key = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    tx.execute(DELETE_GOAL_MEMBER_CONTRIBUTORS, &key).await?;
    tx.execute(DELETE_GOAL_TEAM_CONTRIBUTORS, &key).await?;
    for member in &goal.member_contributors {
        tx.execute(INSERT_MEMBER_CONTRIBUTOR, &[key[0], key[1], Param::Text(member.as_str())]).await?;
    }
    for team in &goal.team_contributors {
        tx.execute(INSERT_TEAM_CONTRIBUTOR, &[key[0], key[1], Param::Text(team.as_str())]).await?;
    }
    Ok(())
}

async fn write_measurements(tx: &mut DbTx, org: &OrgId, goal: &Goal) -> Result<()> {
    let key = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    tx.execute(DELETE_GOAL_MEASUREMENTS, &key).await?;
    for (position, m) in goal.measurements.iter().enumerate() {
        let row = [
            key[0],
            key[1],
            Param::Text(m.id.as_str()),
            Param::Int(position as i64),
            Param::Text(&m.name),
            Param::Text(m.kind.as_str()),
            Param::Real(m.start),
            Param::Real(m.current),
            Param::Real(m.target),
            Param::OptReal(m.weight.map(Weight::percent)),
        ];
        tx.execute(INSERT_MEASUREMENT, &row).await?;
    }
    Ok(())
}

async fn progress_op(
    tx: &mut DbTx,
    org: &OrgId,
    goal: &GoalId,
    op: &ProgressOp,
    actor: &MemberId,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let key = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
    match op {
        ProgressOp::Add { values, before } => {
            let id = insert_update(tx, org, goal, values, actor, now, false, before).await?;
            Ok(Some(id))
        }
        ProgressOp::Edit { id, values } => {
            let measurements = values.measurements.as_ref().map(Value::to_string);
            let params = [
                key[0],
                key[1],
                Param::Int(*id),
                Param::OptReal(values.progress),
                Param::OptText(measurements.as_deref()),
                Param::OptText(values.status.map(|s| s.as_str())),
                Param::OptText(values.comment.as_deref()),
                Param::Instant(now),
            ];
            tx.execute(EDIT_UPDATE, &params).await?;
            Ok(None)
        }
        ProgressOp::Delete { id } => {
            tx.execute(DELETE_UPDATE, &[key[0], key[1], Param::Int(*id)]).await?;
            Ok(None)
        }
    }
}

pub(super) async fn insert_history(
    tx: &mut DbTx,
    org: &OrgId,
    entry: &HistoryEntry,
    actor: &MemberId,
    at: DateTime<Utc>,
) -> Result<()> {
    let before = entry.before.to_string();
    let params = [
        Param::Text(org.as_str()),
        Param::Text(entry.goal.as_str()),
        Param::Text(entry.operation.as_str()),
        Param::Instant(at),
        Param::Text(actor.as_str()),
        Param::Text(&before),
    ];
    tx.execute(INSERT_HISTORY, &params).await?;
    Ok(())
}
