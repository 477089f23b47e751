//! The Betterworks goal features in the store: comment edits and deletions (each with its
//! history line, in one transaction), followers and related goals. Who may do what is the
//! API's to check (goals/comments.rs, the visibility rule); this only reads and writes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::store::db::row::goal_id;
use crate::store::db::{DbRow, Param, RowReader};
use crate::store::error::Result;
use crate::store::goals::social_sql::{
    DELETE_COMMENT, EDIT_COMMENT, FOLLOW, FOLLOWED, RELATE, RELATED, UNFOLLOW, UNRELATE,
};
use crate::store::goals::types::HistoryEntry;
use crate::store::goals::write::insert_history;
use crate::store::sql_store::SqlStore;

/// A change to one comment, with the history line that records it.
pub enum CommentChange<'a> {
    Edit { id: i64, body: &'a str },
    Delete { id: i64 },
}

impl CommentChange<'_> {
    fn id(&self) -> i64 {
        match self {
            CommentChange::Edit { id, .. } | CommentChange::Delete { id } => *id,
        }
    }
}

#[async_trait]
pub trait SocialStore: Send + Sync {
    /// Edits or deletes a comment of `goal` and writes `history`; false when there is no
    /// such comment (nothing written then).
    async fn change_comment(
        &self,
        org: &OrgId,
        goal: &GoalId,
        change: CommentChange<'_>,
        history: &HistoryEntry,
        actor: &MemberId,
        now: DateTime<Utc>,
    ) -> Result<bool>;

    async fn follow(&self, org: &OrgId, member: &MemberId, goal: &GoalId, now: DateTime<Utc>) -> Result<()>;
    /// Removes each of `goals` from what `member` follows.
    async fn unfollow(&self, org: &OrgId, member: &MemberId, goals: &[GoalId]) -> Result<()>;
    /// The goals `member` follows, sorted, whether or not they still see them.
    async fn followed(&self, org: &OrgId, member: &MemberId) -> Result<Vec<GoalId>>;

    /// Links `a` and `b` both ways (one row).
    async fn relate(&self, org: &OrgId, a: &GoalId, b: &GoalId, now: DateTime<Utc>) -> Result<()>;
    /// False when they were not related.
    async fn unrelate(&self, org: &OrgId, a: &GoalId, b: &GoalId) -> Result<bool>;
    /// The goals related to `goal`, sorted, whoever sees them.
    async fn related(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<GoalId>>;
}

/// The pair in stored order: the smaller id first.
fn ordered<'a>(a: &'a GoalId, b: &'a GoalId) -> (&'a GoalId, &'a GoalId) {
    if a.as_str() < b.as_str() {
        (a, b)
    } else {
        (b, a)
    }
}

fn goal_ids(rows: &[DbRow], column: &str) -> Result<Vec<GoalId>> {
    rows.iter().map(|row| goal_id(row.text(column)?)).collect()
}

#[async_trait]
impl SocialStore for SqlStore {
    async fn change_comment(
        &self,
        org: &OrgId,
        goal: &GoalId,
        change: CommentChange<'_>,
        history: &HistoryEntry,
        actor: &MemberId,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let key = [Param::Text(org.as_str()), Param::Text(goal.as_str()), Param::Int(change.id())];
        let mut tx = self.db.begin().await?;
        let changed = match change {
            CommentChange::Edit { body, .. } => {
                tx.execute(EDIT_COMMENT, &[key[0], key[1], key[2], Param::Text(body), Param::Instant(now)]).await?
            }
            CommentChange::Delete { .. } => tx.execute(DELETE_COMMENT, &key).await?,
        };
        if changed == 0 {
            return Ok(false);
        }
        insert_history(&mut tx, org, history, actor, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn follow(&self, org: &OrgId, member: &MemberId, goal: &GoalId, now: DateTime<Utc>) -> Result<()> {
        let params =
            [Param::Text(org.as_str()), Param::Text(member.as_str()), Param::Text(goal.as_str()), Param::Instant(now)];
        self.db.execute(FOLLOW, &params).await?;
        Ok(())
    }

    async fn unfollow(&self, org: &OrgId, member: &MemberId, goals: &[GoalId]) -> Result<()> {
        let mut tx = self.db.begin().await?;
        for goal in goals {
            let params = [Param::Text(org.as_str()), Param::Text(member.as_str()), Param::Text(goal.as_str())];
            tx.execute(UNFOLLOW, &params).await?;
        }
        tx.commit().await
    }

    async fn followed(&self, org: &OrgId, member: &MemberId) -> Result<Vec<GoalId>> {
        let rows = self.db.fetch(FOLLOWED, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
        goal_ids(&rows, "goal_id")
    }

    async fn relate(&self, org: &OrgId, a: &GoalId, b: &GoalId, now: DateTime<Utc>) -> Result<()> {
        let (low, high) = ordered(a, b);
        let params =
            [Param::Text(org.as_str()), Param::Text(low.as_str()), Param::Text(high.as_str()), Param::Instant(now)];
        self.db.execute(RELATE, &params).await?;
        Ok(())
    }

    async fn unrelate(&self, org: &OrgId, a: &GoalId, b: &GoalId) -> Result<bool> {
        let (low, high) = ordered(a, b);
        let params = [Param::Text(org.as_str()), Param::Text(low.as_str()), Param::Text(high.as_str())];
        Ok(self.db.execute(UNRELATE, &params).await? > 0)
    }

    async fn related(&self, org: &OrgId, goal: &GoalId) -> Result<Vec<GoalId>> {
        let rows = self.db.fetch(RELATED, &[Param::Text(org.as_str()), Param::Text(goal.as_str())]).await?;
        goal_ids(&rows, "other")
    }
}
