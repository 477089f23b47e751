//! The API's bodies for comments and history, and the snapshot a history entry keeps.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::goals::Goal;
use crate::http::api::model::MeasurementView;
use crate::store::goals::types::{StoredComment, StoredHistory};

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub at: DateTime<Utc>,
    pub body: String,
    pub edited_at: Option<DateTime<Utc>>,
}

impl From<StoredComment> for CommentView {
    fn from(c: StoredComment) -> Self {
        Self { id: c.id, author: c.author.to_string(), at: c.at, body: c.body, edited_at: c.edited_at }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentList {
    pub comments: Vec<CommentView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    pub id: i64,
    pub operation: String,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    /// The fields as they were before the change.
    #[schema(value_type = Object)]
    pub before: serde_json::Value,
}

impl From<StoredHistory> for HistoryView {
    fn from(h: StoredHistory) -> Self {
        Self { id: h.id, operation: h.operation, at: h.at, actor: h.actor.map(|a| a.to_string()), before: h.before }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryList {
    pub history: Vec<HistoryView>,
}

/// The fields a history entry keeps from before a change.
pub fn snapshot(goal: &Goal) -> serde_json::Value {
    serde_json::json!({
        "title": goal.title,
        "description": goal.description,
        "type": goal.goal_type,
        "state": goal.state,
        "owner": goal.owner,
        "contributors": {"members": goal.member_contributors, "teams": goal.team_contributors},
        "visibility": goal.visibility,
        "start_date": goal.start_date,
        "end_date": goal.end_date,
        "parent": goal.parent,
        "contributes_to_parent": goal.contributes_to_parent,
        "weight": goal.weight.map(|w| w.percent()),
        "tracking": goal.tracking,
        "progress": goal.progress,
        "status": goal.status,
        "measurements": goal.measurements.iter().map(MeasurementView::from).collect::<Vec<_>>(),
        "editors": {"members": goal.people.editors.members, "teams": goal.people.editors.teams},
        "participants": {"members": goal.people.participants.members, "teams": goal.people.participants.teams},
        "manager_editor": goal.people.manager_editor,
        "category": goal.category,
    })
}
