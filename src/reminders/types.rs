//! What the reminders take and give: planned and claimed digests, their keys, goals and
//! outcomes, and the records the store keeps of evaluations and the outbox. Plain data
//! (no database), so the pure digest code and the store share it.

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::GoalType;
use crate::org::{Locale, TimeZone};
use crate::reminders::{Reason, Week};

/// One digest the evaluation would queue (CONTRACT §7 `reminders preview`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlannedDigest {
    pub owner: MemberId,
    pub email: String,
    pub locale: Locale,
    #[serde(with = "crate::core::time::rfc3339")]
    pub deliver_at: DateTime<Utc>,
    pub goals: Vec<DueGoal>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DueGoal {
    pub id: GoalId,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum EvaluationOutcome {
    /// This call ran the week's evaluation.
    Queued { digests: u64, goals: u64 },
    /// The week was already evaluated (here or by another replica): nothing queued.
    AlreadyEvaluated,
}

/// A digest's identity: one per owner and week.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DigestKey {
    pub org: OrgId,
    pub owner: MemberId,
    pub week: Week,
}

/// A digest this worker holds until its lease ends.
#[derive(Debug, Clone)]
pub struct ClaimedDigest {
    pub key: DigestKey,
    pub evaluated_at: DateTime<Utc>,
    /// Including this one.
    pub attempts: u32,
    pub unsubscribe_token: String,
}

/// Who a digest goes to, as they are now.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub name: String,
    pub email: Option<String>,
    pub locale: Locale,
    pub active: bool,
    pub opted_out: bool,
    /// The server's reply that put this address on the suppression list, while the
    /// member's email is still the refused one.
    pub suppressed: Option<String>,
    /// The org's name and time zone: the digest's header, and its day counts and pace.
    pub org_name: String,
    pub org_timezone: TimeZone,
}

#[derive(Debug, Clone)]
pub struct DigestGoalRow {
    pub id: GoalId,
    pub title: String,
    pub goal_type: GoalType,
    /// The title of the goal it is aligned under, if any.
    pub parent_title: Option<String>,
    /// 0 to 100, as stored (roll-ups included).
    pub progress: f64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub reasons: Vec<Reason>,
    /// None when never updated: the longest untouched of all.
    pub last_activity_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub enum DigestOutcome {
    Sent { at: DateTime<Utc>, goals: usize },
    Skipped { why: String },
    Retry { at: DateTime<Utc>, error: String },
    Failed { error: String },
}

/// One week's evaluation of an org, as recorded.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EvaluationRecord {
    pub week: String,
    #[serde(with = "crate::core::time::rfc3339")]
    pub evaluated_at: DateTime<Utc>,
    #[serde(with = "crate::core::time::rfc3339")]
    pub started_at: DateTime<Utc>,
    #[serde(with = "crate::core::time::opt_rfc3339")]
    pub finished_at: Option<DateTime<Utc>>,
    pub digests: i64,
    pub goals: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct OutboxEntry {
    pub org: String,
    pub owner: String,
    pub week: String,
    pub state: String,
    #[serde(with = "crate::core::time::rfc3339")]
    pub deliver_at: DateTime<Utc>,
    pub attempts: i64,
    #[serde(with = "crate::core::time::opt_rfc3339")]
    pub retry_at: Option<DateTime<Utc>>,
    #[serde(with = "crate::core::time::opt_rfc3339")]
    pub sent_at: Option<DateTime<Utc>>,
    pub goals: i64,
    pub goals_sent: Option<i64>,
    pub last_error: Option<String>,
}

/// An address on the suppression list: a server refused it for good. It applies while
/// the member's email is still `email`; any change of address lifts it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Suppression {
    pub member: String,
    pub email: String,
    pub reason: String,
    pub reply: String,
    #[serde(with = "crate::core::time::rfc3339")]
    pub suppressed_at: DateTime<Utc>,
    /// False once the member's email has changed (or the member is gone).
    pub in_force: bool,
}
