//! What the goals API reads from and writes to the store.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::history::HistoryOp;
use crate::goals::{Goal, GoalState, GoalType, Status};

/// A goal as stored, with the revision every API write checks and bumps.
#[derive(Debug, Clone)]
pub struct StoredGoal {
    pub goal: Goal,
    pub revision: i64,
    pub last_activity_at: Option<DateTime<Utc>>,
}

/// One line of a goal's history: the operation, who, when, and the fields before it.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub goal: GoalId,
    pub operation: HistoryOp,
    pub before: Value,
}

impl HistoryEntry {
    pub fn new(goal: &GoalId, operation: HistoryOp, before: Value) -> Self {
        Self { goal: goal.clone(), operation, before }
    }
}

/// The values a person enters with a progress update.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateValues {
    pub progress: Option<f64>,
    /// `{"measurement id": value}` as entered.
    pub measurements: Option<Value>,
    pub status: Option<Status>,
    pub comment: Option<String>,
}

/// A progress-update change that rides with a goal write.
#[derive(Debug, Clone)]
pub enum ProgressOp {
    /// `before` is the goal's progress, measurement values and status before it.
    Add {
        values: UpdateValues,
        before: Value,
    },
    Edit {
        id: i64,
        values: UpdateValues,
    },
    Delete {
        id: i64,
    },
}

/// A change to one goal, written in one transaction with its history and the roll-ups
/// it moves. Fails with `Conflict` when the goal's revision is no longer `revision`.
pub struct GoalWrite<'a> {
    /// The goal as it must be after the write.
    pub goal: &'a Goal,
    pub revision: i64,
    /// The parent before the write, rolled up again when it differs.
    pub old_parent: Option<GoalId>,
    pub contributors_changed: bool,
    pub measurements_changed: bool,
    pub progress: Option<ProgressOp>,
    pub history: Vec<HistoryEntry>,
    pub actor: &'a MemberId,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct StoredUpdate {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub author: MemberId,
    pub values: UpdateValues,
    pub automatic: bool,
    pub edited_at: Option<DateTime<Utc>>,
    pub before: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct StoredComment {
    pub id: i64,
    pub author: MemberId,
    pub at: DateTime<Utc>,
    pub body: String,
    pub edited_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct StoredHistory {
    pub id: i64,
    pub operation: String,
    pub at: DateTime<Utc>,
    pub actor: Option<MemberId>,
    pub before: Value,
}

#[derive(Debug, Clone)]
pub struct ApiKeyInfo {
    pub id: String,
    pub org: OrgId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What "explore" and "my goals" may sort by; every sort ends on the id, so pages are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Title,
    EndDate,
    CreatedAt,
    Progress,
}

impl SortKey {
    pub fn column(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::Title => "title",
            SortKey::EndDate => "end_date",
            SortKey::CreatedAt => "created_at",
            SortKey::Progress => "progress",
        }
    }
}

/// Which goals to list. `mine` keeps the goals the viewer owns or contributes to.
#[derive(Debug, Clone)]
pub struct ExploreQuery {
    pub mine: bool,
    pub owner: Option<MemberId>,
    pub state: Option<GoalState>,
    pub goal_type: Option<GoalType>,
    /// `Some(None)`: goals without a parent.
    pub parent: Option<Option<GoalId>>,
    /// Lower-cased text looked for in the title and the description.
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: u32,
    pub offset: u32,
    /// Only the goals the viewer follows.
    pub following: bool,
    /// `Some(None)`: goals without a category.
    pub category: Option<Option<crate::core::ids::CategoryId>>,
}

pub struct ExplorePage {
    pub goals: Vec<StoredGoal>,
    pub total: i64,
}
