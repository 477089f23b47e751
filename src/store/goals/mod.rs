//! The goals area: the goals API's reads and writes (one goal change per transaction,
//! with its history and the roll-ups it moves), explore, and API keys.

pub(crate) mod api_keys;
pub(crate) mod categories;
pub(crate) mod categories_sql;
pub(crate) mod chain;
pub(crate) mod columns;
pub(crate) mod decode;
pub(crate) mod explore;
pub(crate) mod people;
pub(crate) mod read_sql;
pub(crate) mod reads;
mod rollup;
pub(crate) mod social;
pub(crate) mod social_sql;
pub(crate) mod sql;
pub(crate) mod tree_keys;
pub mod types;
mod updates;
mod write;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{GoalId, MemberId, OrgId, TeamId};
use crate::goals::hierarchy::MAX_GOAL_DEPTH;
use crate::goals::Goal;
use crate::store::db::row::{goal_id, member_id};
use crate::store::db::{Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::goals::sql::{
    COMMENTS, GOAL_META, HISTORY, INSERT_COMMENT, PARENT_OF, SIBLING_WEIGHTS, SUBTREE_LEVELS, TEAM_MEMBERS, UPDATES,
};
use crate::store::goals::types::{
    ExplorePage, ExploreQuery, GoalWrite, HistoryEntry, StoredComment, StoredGoal, StoredHistory, StoredUpdate,
    UpdateValues,
};
use crate::store::org::sql::TEAM_EXISTS;
use crate::store::org::{policy_flags, OrgStore};
use crate::store::sql_store::SqlStore;
use crate::store::types::GoalAccessContext;

/// What the goals API reads and writes, goal by goal.
#[async_trait]
pub trait GoalStore: Send + Sync {
    /// The goal with contributors and measurements (not updates), its revision and last activity.
    async fn stored_goal(&self, org: &OrgId, goal: &GoalId) -> Result<Option<StoredGoal>>;
    /// The goal (with contributors and measurements) and its direct children, whose
    /// stored progress is kept current by every write.
    async fn goal_with_children(&self, org: &OrgId, goal: &GoalId) -> Result<Option<(Goal, Vec<Goal>)>>;
    /// The goal with the viewer's and the involved members' facts and reporting lines.
    async fn goal_access(&self, org: &OrgId, member: &MemberId, goal: &GoalId) -> Result<Option<GoalAccessContext>>;
    async fn parent_of(&self, org: &OrgId, goal: &GoalId) -> Result<Option<GoalId>>;
    /// How many levels of sub-goals are below `goal`, counted no further than
    /// `MAX_GOAL_DEPTH` + 1 (goals/hierarchy.rs): what a new parent link's depth check reads.
    async fn subtree_levels(&self, org: &OrgId, goal: &GoalId) -> Result<usize>;
    /// The weights of `parent`'s contributing children other than `except`.
    async fn sibling_weights(&self, org: &OrgId, parent: &GoalId, except: &GoalId) -> Result<Vec<Option<f64>>>;
    /// The members of each team; None when a team does not exist.
    async fn teams_members(&self, org: &OrgId, teams: &[TeamId]) -> Result<HashMap<TeamId, Option<Vec<MemberId>>>>;

    /// Fails with `Conflict` when the id is taken. `history` may name the parent too.
    async fn create_goal(&self, org: &OrgId, goal: &Goal, history: &[HistoryEntry], actor: &MemberId) -> Result<()>;
    async fn save_goal(&self, org: &OrgId, write: GoalWrite<'_>) -> Result<Option<i64>>;
    async fn delete_goal(
        &self,
        org: &OrgId,
        goal: &Goal,
        revision: i64,
        actor: &MemberId,
        now: DateTime<Utc>,
    ) -> Result<()>;

    async fn progress_updates(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<StoredUpdate>>;
    async fn add_comment(
        &self,
        org: &OrgId,
        goal: &GoalId,
        author: &MemberId,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<i64>;
    async fn comments(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<StoredComment>>;
    async fn history(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<StoredHistory>>;
    async fn explore(
        &self,
        org: &OrgId,
        viewer: &MemberId,
        sees_everything: bool,
        query: &ExploreQuery,
    ) -> Result<ExplorePage>;
}

/// A JSON column, read as text on both backends (PostgreSQL's jsonb selected `::text`).
fn stored_json(text: Option<String>) -> Result<Option<serde_json::Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("stored JSON: {e}")))).transpose()
}

#[async_trait]
impl GoalStore for SqlStore {
    async fn stored_goal(&self, org: &OrgId, goal: &GoalId) -> Result<Option<StoredGoal>> {
        let Some(found) = reads::goal(&self.db, org, goal).await? else {
            return Ok(None);
        };
        let rows = self.db.fetch(GOAL_META, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        Ok(Some(StoredGoal {
            goal: found,
            revision: row.int("revision")?,
            last_activity_at: row.opt_instant("last_activity_at")?,
        }))
    }

    async fn goal_with_children(&self, org: &OrgId, goal: &GoalId) -> Result<Option<(Goal, Vec<Goal>)>> {
        reads::goal_with_children(&self.db, org, goal).await
    }

    async fn goal_access(&self, org: &OrgId, member: &MemberId, goal: &GoalId) -> Result<Option<GoalAccessContext>> {
        reads::goal_access(&self.db, org, member, goal).await
    }

    async fn parent_of(&self, org: &OrgId, goal: &GoalId) -> Result<Option<GoalId>> {
        let rows = self.db.fetch(PARENT_OF, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
        let parent = rows.first().map(|row| row.opt_text("parent_id")).transpose()?.flatten();
        parent.map(goal_id).transpose()
    }

    async fn subtree_levels(&self, org: &OrgId, goal: &GoalId) -> Result<usize> {
        let cap = i64::try_from(MAX_GOAL_DEPTH).unwrap_or(i64::MAX);
        let params = [Param::Text(org.as_str()), Param::Text(goal.as_str()), Param::Int(cap)];
        let rows = self.db.fetch(SUBTREE_LEVELS, &params).await?;
        let n = rows.first().map(|row| row.int("n")).transpose()?.unwrap_or(0);
        usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("a negative level count: {n}")))
    }

    async fn sibling_weights(&self, org: &OrgId, parent: &GoalId, except: &GoalId) -> Result<Vec<Option<f64>>> {
        let params = [Param::Text(org.as_str()), Param::Text(parent.as_str()), Param::Text(except.as_str())];
        let rows = self.db.fetch(SIBLING_WEIGHTS, &params).await?;
        rows.iter().map(|row| row.opt_real("weight")).collect()
    }

    async fn teams_members(&self, org: &OrgId, teams: &[TeamId]) -> Result<HashMap<TeamId, Option<Vec<MemberId>>>> {
        let mut found = HashMap::new();
        for team in teams {
            let params = [Param::Text(org.as_str()), Param::Text(team.as_str())];
            let members = if self.db.fetch(TEAM_EXISTS, &params).await?.is_empty() {
                None
            } else {
                let rows = self.db.fetch(TEAM_MEMBERS, &params).await?;
                Some(rows.iter().map(|row| member_id(row.text("member_id")?)).collect::<Result<Vec<_>>>()?)
            };
            found.insert(team.clone(), members);
        }
        Ok(found)
    }

    async fn create_goal(&self, org: &OrgId, goal: &Goal, history: &[HistoryEntry], actor: &MemberId) -> Result<()> {
        write::create(&self.db, org, goal, history, actor).await
    }

    async fn save_goal(&self, org: &OrgId, write: GoalWrite<'_>) -> Result<Option<i64>> {
        write::save(&self.db, org, write).await
    }

    async fn delete_goal(
        &self,
        org: &OrgId,
        goal: &Goal,
        revision: i64,
        actor: &MemberId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write::delete(&self.db, org, goal, revision, actor, now).await
    }

    async fn progress_updates(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<StoredUpdate>> {
        let rows = self.db.fetch(UPDATES, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
        rows.iter()
            .map(|row| {
                let status = row.opt_text("status")?.map(|s| s.parse::<crate::goals::Status>()).transpose();
                Ok(StoredUpdate {
                    id: row.int("id")?,
                    at: row.instant("at")?,
                    author: member_id(row.text("author_id")?)?,
                    values: UpdateValues {
                        progress: row.opt_real("progress")?,
                        measurements: stored_json(row.opt_text("measurement_values")?)?,
                        status: status.map_err(|e| StoreError::Corrupt(e.to_string()))?,
                        comment: row.opt_text("comment")?,
                    },
                    automatic: row.flag("automatic")?,
                    edited_at: row.opt_instant("edited_at")?,
                    before: stored_json(row.opt_text("before")?)?,
                })
            })
            .collect()
    }

    async fn add_comment(
        &self,
        org: &OrgId,
        goal: &GoalId,
        author: &MemberId,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let params = [
            Param::Text(org.as_str()),
            Param::Text(goal.as_str()),
            Param::Text(author.as_str()),
            Param::Instant(now),
            Param::Text(body),
        ];
        let mut tx = self.db.begin().await?;
        let rows = tx.fetch(INSERT_COMMENT, &params).await?;
        tx.commit().await?;
        rows.first().map(|row| row.int("id")).transpose()?.ok_or_else(|| StoreError::Corrupt("no comment id".into()))
    }

    async fn comments(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<StoredComment>> {
        let rows = self.db.fetch(COMMENTS, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
        rows.iter()
            .map(|row| {
                Ok(StoredComment {
                    id: row.int("id")?,
                    author: member_id(row.text("author_id")?)?,
                    at: row.instant("at")?,
                    body: row.text("body")?,
                    edited_at: row.opt_instant("edited_at")?,
                })
            })
            .collect()
    }

    async fn history(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<StoredHistory>> {
        let rows = self.db.fetch(HISTORY, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
        rows.iter()
            .map(|row| {
                Ok(StoredHistory {
                    id: row.int("id")?,
                    operation: row.text("operation")?,
                    at: row.instant("at")?,
                    actor: row.opt_text("actor_id")?.map(member_id).transpose()?,
                    before: stored_json(Some(row.text("before")?))?.unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn explore(
        &self,
        org: &OrgId,
        viewer: &MemberId,
        sees_everything: bool,
        query: &ExploreQuery,
    ) -> Result<ExplorePage> {
        if !sees_everything && explore::is_plain_listing(query) {
            // The visibility query answers in tens of milliseconds for any line; filtering
            // and paging inside SQL against it costs several times that on large lines.
            let visible = OrgStore::visible_goal_ids(self, org, viewer).await?;
            return explore::page_of_ids(&self.db, org, &visible, query).await;
        }
        let policy = match OrgStore::member(self, org, viewer).await? {
            Some(member) if !sees_everything => policy_flags(&self.db, org, &member).await?,
            _ => None,
        };
        explore::explore(&self.db, org, viewer, sees_everything, policy, query).await
    }
}
