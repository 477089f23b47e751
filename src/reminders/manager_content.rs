//! What one manager digest holds, as the evaluation stores it (JSON) and the delivery
//! renders it (issue 17).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::goals::Status;

/// The most goals and owners a digest lists; the counts say how many there are.
pub const MAX_LISTED: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedGoal {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub owner_name: String,
    pub pace: Status,
    pub progress: f64,
    pub end_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateOwner {
    pub member: String,
    pub name: String,
    /// Their published goals past their end date.
    pub goals: u64,
}

/// The figures a digest compares with the previous period's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFigures {
    pub on_track: u64,
    pub at_risk: u64,
    pub off_track: u64,
    pub late_owners: u64,
    pub active_members: u64,
    pub members_with_published_goal: u64,
    pub adoption_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalatedGoal {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub owner_name: String,
    /// 1 for the owner's manager, 2 for theirs, ...
    pub level: u32,
    /// Weeks reminded in a row without an update.
    pub weeks: u32,
}

/// One manager's digest, as the evaluation stores it and the delivery renders it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManagerDigestContent {
    pub figures: LineFigures,
    /// The previous period's figures, when that period had a digest for this manager.
    pub previous: Option<LineFigures>,
    /// The off-track then at-risk goals, the least advanced first, at most [`MAX_LISTED`].
    pub flagged: Vec<FlaggedGoal>,
    pub flagged_total: u64,
    /// The most late goals first, at most [`MAX_LISTED`]; `figures.late_owners` counts all.
    pub late_owners: Vec<LateOwner>,
    pub escalated: Vec<EscalatedGoal>,
}

impl ManagerDigestContent {
    /// A digest with nothing to report is not written.
    pub fn is_empty(&self) -> bool {
        self.figures.active_members == 0 && self.escalated.is_empty()
    }
}

/// Which manager digest: the primary key that makes it once per manager and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerDigestKey {
    pub org: crate::core::ids::OrgId,
    pub manager: crate::core::ids::MemberId,
    /// `Period`'s text: `2026-W48` or `2026-11`.
    pub period: String,
}

/// A queued manager digest a worker holds the lease on.
#[derive(Debug, Clone)]
pub struct ClaimedManagerDigest {
    pub key: ManagerDigestKey,
    pub evaluated_at: chrono::DateTime<chrono::Utc>,
    /// Including this one.
    pub attempts: u32,
    pub unsubscribe_token: String,
    pub content: ManagerDigestContent,
}

/// What one manager-digest evaluation of an org did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ManagerEvaluation {
    /// The org's `manager_digest` is `off`.
    Off,
    /// A monthly digest, and this is not the month's last Friday.
    NotDue,
    AlreadyEvaluated {
        period: String,
    },
    Queued {
        period: String,
        digests: u64,
    },
}
