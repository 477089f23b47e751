//! Keeping the goals' tree keys (src/goals/tree_keys.rs, migration 0180) in step with
//! their parent links, which §10's waterfall reads (store/org/policy_visibility_sql.rs).
//!
//! Who keeps what:
//! - the import numbers its org afresh ([`number_org`]);
//! - a goal created, relinked or left without a parent (its parent deleted) takes a slot
//!   under its new parent and its subtree is numbered inside it ([`place`]); when the
//!   parent's span is full, the subtree of the parent, or of the nearest goal above it
//!   with room enough, is numbered again inside its span, and when none has room, the
//!   whole org;
//! - opening the store numbers the orgs a database written before 0180 holds
//!   ([`number_unnumbered`]).

use std::collections::HashMap;

use crate::core::ids::{GoalId, OrgId};
use crate::goals::tree_keys::{next_slot, number_forest, number_tree, Span, ORG};
use crate::store::db::text::json_chunks;
use crate::store::db::{Db, DbRow, DbTx, Param, PgOnly, RowReader, Sql};
use crate::store::error::{Result, StoreError};

/// Numbers every goal of `org` from its parent links.
pub(crate) async fn number_org(tx: &mut DbTx, org: &str) -> Result<()> {
    let rows = tx.fetch(ORG_LINKS, &[Param::Text(org)]).await?;
    let (ids, parents) = links(&rows)?;
    let spans = number_forest(&parents)
        .ok_or_else(|| StoreError::Corrupt(format!("the goals of org {org} link in a cycle")))?;
    write(tx, org, &ids, spans.into_iter().map(Some)).await?;
    tracing::debug!(org, goals = ids.len(), "goal tree keys numbered");
    Ok(())
}

/// After `goal` was created or its parent changed (in the same transaction): a slot under
/// its parent, and its subtree numbered inside it.
pub(crate) async fn place(tx: &mut DbTx, org: &OrgId, goal: &GoalId) -> Result<()> {
    let key = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
    let Some(parent) = tx.fetch(PARENT_OF, &key).await?.first().map(|row| row.opt_text("parent_id")).transpose()?
    else {
        return Ok(());
    };
    // Two writes placing under the same parent (or both as roots) must not take the same
    // slot: on PostgreSQL the parent's row (or the org's) is locked until commit. SQLite
    // runs one writer at a time.
    match &parent {
        Some(parent) => tx.execute_pg_only(LOCK_GOAL_ROW, &[key[0], Param::Text(parent)]).await?,
        None => tx.execute_pg_only(LOCK_ORG_ROW, &key[..1]).await?,
    };
    let (parent_span, last_used) = match &parent {
        Some(parent) => {
            let Some(span) = span_of(tx, org.as_str(), parent).await? else {
                return number_org(tx, org.as_str()).await;
            };
            let siblings = tx.fetch(LAST_CHILD_END, &[key[0], Param::Text(parent), key[1]]).await?;
            (span, siblings.first().map(|row| row.opt_int("hi")).transpose()?.flatten())
        }
        None => {
            let last = tx.fetch(LAST_ROOT_END, &key[..1]).await?;
            (ORG, last.first().map(|row| row.opt_int("hi")).transpose()?.flatten())
        }
    };
    if let Some(slot) = next_slot(parent_span, last_used) {
        if number_subtree(tx, org.as_str(), goal.as_str(), slot).await? {
            return Ok(());
        }
    }
    // The parent's span is full: the subtree of the parent, or of the first goal above it
    // with room enough, numbered again inside its own span; else the whole org.
    let mut above = parent;
    while let Some(goal) = above {
        if let Some(span) = span_of(tx, org.as_str(), &goal).await? {
            if number_subtree(tx, org.as_str(), &goal, span).await? {
                return Ok(());
            }
        }
        let rows = tx.fetch(PARENT_OF, &[key[0], Param::Text(&goal)]).await?;
        above = rows.first().map(|row| row.opt_text("parent_id")).transpose()?.flatten();
    }
    number_org(tx, org.as_str()).await
}

/// Numbers the orgs holding goals without tree keys (a database from before 0180).
pub(crate) async fn number_unnumbered(db: &Db) -> Result<()> {
    let mut done: Vec<String> = Vec::new();
    loop {
        let rows = db.fetch(AN_UNNUMBERED_ORG, &[]).await?;
        let Some(row) = rows.first() else { return Ok(()) };
        let org = row.text("org_id")?;
        if done.contains(&org) {
            return Err(StoreError::Corrupt(format!("the goals of org {org} stay without tree keys")));
        }
        let mut tx = db.begin().await?;
        number_org(&mut tx, &org).await?;
        tx.commit().await?;
        tracing::info!(org = org.as_str(), "goal tree keys numbered for §10's waterfall");
        done.push(org);
    }
}

/// `root` keeps `span` and its descendants are numbered inside; false when it is too narrow.
async fn number_subtree(tx: &mut DbTx, org: &str, root: &str, span: Span) -> Result<bool> {
    let rows = tx.fetch(SUBTREE_LINKS, &[Param::Text(org), Param::Text(root)]).await?;
    let (ids, parents) = links(&rows)?;
    // The root's parent is outside the rows (`links` gives it none): only goals below it
    // are anyone's children here.
    let mut children = vec![Vec::new(); ids.len()];
    for (i, parent) in parents.iter().enumerate() {
        if let Some(p) = parent {
            children[*p].push(i);
        }
    }
    let Some(top) = ids.iter().position(|id| id == root) else { return Ok(true) };
    let mut spans = vec![None; ids.len()];
    if !number_tree(&children, top, span, &mut spans) {
        return Ok(false);
    }
    write(tx, org, &ids, spans.into_iter()).await?;
    Ok(true)
}

async fn span_of(tx: &mut DbTx, org: &str, goal: &str) -> Result<Option<Span>> {
    let rows = tx.fetch(SPAN_OF, &[Param::Text(org), Param::Text(goal)]).await?;
    let Some(row) = rows.first() else { return Ok(None) };
    Ok(match (row.opt_int("tree_key")?, row.opt_int("tree_end")?) {
        (Some(key), Some(end)) => Some(Span { key, end }),
        _ => None,
    })
}

/// The ids and, for each, the position of its parent among them (`None`: no parent, or a
/// parent outside the rows).
fn links(rows: &[DbRow]) -> Result<(Vec<String>, Vec<Option<usize>>)> {
    let mut ids = Vec::with_capacity(rows.len());
    let mut parent_ids = Vec::with_capacity(rows.len());
    for row in rows {
        ids.push(row.text("id")?);
        parent_ids.push(row.opt_text("parent_id")?);
    }
    let position: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let parents = parent_ids.iter().map(|p| p.as_deref().and_then(|p| position.get(p).copied())).collect();
    Ok((ids, parents))
}

#[derive(serde::Serialize)]
struct KeyRow<'a> {
    id: &'a str,
    k: i64,
    e: i64,
}

async fn write(tx: &mut DbTx, org: &str, ids: &[String], spans: impl Iterator<Item = Option<Span>>) -> Result<()> {
    let rows: Vec<KeyRow> = ids
        .iter()
        .zip(spans)
        .filter_map(|(id, span)| span.map(|s| KeyRow { id: id.as_str(), k: s.key, e: s.end }))
        .collect();
    if tx.is_sqlite() {
        // One prepared update per goal: SQLite without statistics plans an `update … from
        // json_each` as a scan of the org's goals for every row.
        for row in &rows {
            let params = [Param::Text(org), Param::Text(row.id), Param::Int(row.k), Param::Int(row.e)];
            tx.execute(SET_TREE_KEY, &params).await?;
        }
        return Ok(());
    }
    for chunk in json_chunks(&rows)? {
        tx.execute_pg_only(SET_TREE_KEYS, &[Param::Text(org), Param::Text(&chunk)]).await?;
    }
    Ok(())
}

const ORG_LINKS: Sql = Sql::same("select id, parent_id from goals where org_id = $1");

const PARENT_OF: Sql = Sql::same("select parent_id from goals where org_id = $1 and id = $2");

const SPAN_OF: Sql = Sql::same("select tree_key, tree_end from goals where org_id = $1 and id = $2");

/// $1 org, $2 parent, $3 the goal being placed: where the other children's spans end.
const LAST_CHILD_END: Sql =
    Sql::same("select max(tree_end) as hi from goals where org_id = $1 and parent_id = $2 and id <> $3");

/// Where the last span of the org ends (`goals_by_tree_end`): a new root goes after it. Not
/// read through the parent links, which the write being placed has already changed.
const LAST_ROOT_END: Sql =
    Sql::same("select max(tree_end) as hi from goals where org_id = $1 and tree_end is not null");

/// The goal $2 and every goal below it, with their parents (`cross join`: SQLite starts
/// from the step before, by `goals_by_parent`).
const SUBTREE_LINKS: Sql = Sql::same(
    "with recursive sub(id, parent_id) as ( \
         select id, parent_id from goals where org_id = $1 and id = $2 \
         union all select g.id, g.parent_id from sub s cross join goals g \
             where g.org_id = $1 and g.parent_id = s.id) \
     select id, parent_id from sub",
);

const SET_TREE_KEY: Sql = Sql::same("update goals set tree_key = $3, tree_end = $4 where org_id = $1 and id = $2");

/// PostgreSQL's batch of [`SET_TREE_KEY`].
const SET_TREE_KEYS: PgOnly = PgOnly(
    "update goals as g set tree_key = j.k, tree_end = j.e \
     from json_to_recordset($2::json) as j(id text, k bigint, e bigint) where g.org_id = $1 and g.id = j.id",
);

const AN_UNNUMBERED_ORG: Sql = Sql::same("select org_id from goals where tree_key is null limit 1");

#[cfg(test)]
pub(crate) const ALL: &[Sql] =
    &[ORG_LINKS, PARENT_OF, SPAN_OF, LAST_CHILD_END, LAST_ROOT_END, SUBTREE_LINKS, SET_TREE_KEY, AN_UNNUMBERED_ORG];

const LOCK_GOAL_ROW: PgOnly = PgOnly("select 1 from goals where org_id = $1 and id = $2 for update");

const LOCK_ORG_ROW: PgOnly = PgOnly("select 1 from orgs where id = $1 for update");

#[cfg(test)]
pub(crate) const PG_ONLY: &[PgOnly] = &[SET_TREE_KEYS, LOCK_GOAL_ROW, LOCK_ORG_ROW];

#[cfg(test)]
#[path = "tree_keys_tests.rs"]
mod tests;
