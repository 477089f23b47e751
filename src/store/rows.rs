//! Rows as both backends write and read them. Bulk writes send a chunk of rows as one
//! JSON array (SQLite's json_each, PostgreSQL's json_to_recordset): one statement per
//! few thousand rows, the same Rust on both sides.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::core::time::{parse_date, parse_instant};
use crate::goals::{Goal, Measurement, ProgressUpdate};
use crate::store::{Result, StoreError};

/// Rows per bulk statement: large enough to amortise the round trip, small enough
/// to keep each JSON text a few megabytes.
pub const CHUNK: usize = 5_000;

/// The one text form of an instant in the database: fixed width, so it sorts.
pub fn instant_text(at: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // By hand: chrono's strftime re-parses its pattern on every call, millions of times an import.
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.nanosecond() / 1_000 % 1_000_000
    )
}

pub fn read_instant(text: &str) -> Result<DateTime<Utc>> {
    parse_instant(text).map_err(StoreError::Corrupt)
}

pub fn read_date(text: &str) -> Result<NaiveDate> {
    parse_date(text).map_err(StoreError::Corrupt)
}

pub fn json_chunks<T: Serialize>(rows: &[T]) -> Result<Vec<String>> {
    rows.chunks(CHUNK)
        .map(|chunk| serde_json::to_string(chunk).map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect()
}

#[derive(Serialize)]
pub struct GoalRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub goal_type: &'static str,
    pub state: &'static str,
    pub creator_id: &'a str,
    pub owner_id: &'a str,
    pub visibility: &'static str,
    pub start_date: String,
    pub end_date: String,
    pub parent_id: Option<&'a str>,
    pub contributes_to_parent: bool,
    pub weight: Option<f64>,
    pub tracking: &'static str,
    pub progress: f64,
    pub status: Option<&'static str>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub closed_at: Option<String>,
    pub archived_at: Option<String>,
    pub last_activity_at: Option<String>,
    /// The owner's line key (store/line_keys.rs).
    pub owner_key: i64,
}

impl<'a> GoalRow<'a> {
    pub fn new(goal: &'a Goal, progress: f64, owner_key: i64) -> Self {
        Self {
            id: goal.id.as_str(),
            title: &goal.title,
            description: goal.description.as_deref(),
            goal_type: goal.goal_type.as_str(),
            state: goal.state.as_str(),
            creator_id: goal.creator.as_str(),
            owner_id: goal.owner.as_str(),
            visibility: goal.visibility.as_str(),
            start_date: goal.start_date.to_string(),
            end_date: goal.end_date.to_string(),
            parent_id: goal.parent.as_ref().map(|p| p.as_str()),
            contributes_to_parent: goal.contributes_to_parent,
            weight: goal.weight.map(|w| w.percent()),
            tracking: goal.tracking.as_str(),
            progress,
            status: goal.status.map(|s| s.as_str()),
            created_at: instant_text(goal.created_at),
            published_at: goal.published_at.map(instant_text),
            closed_at: goal.closed_at.map(instant_text),
            archived_at: goal.archived_at.map(instant_text),
            last_activity_at: goal.last_activity_at().map(instant_text),
            owner_key,
        }
    }
}

#[derive(Serialize)]
pub struct MeasurementRow<'a> {
    pub goal_id: &'a str,
    pub id: &'a str,
    pub position: usize,
    pub name: &'a str,
    pub kind: &'static str,
    pub start_value: f64,
    pub current_value: f64,
    pub target_value: f64,
    pub weight: Option<f64>,
}

impl<'a> MeasurementRow<'a> {
    pub fn new(goal: &'a Goal, position: usize, m: &'a Measurement) -> Self {
        Self {
            goal_id: goal.id.as_str(),
            id: m.id.as_str(),
            position,
            name: &m.name,
            kind: m.kind.as_str(),
            start_value: m.start,
            current_value: m.current,
            target_value: m.target,
            weight: m.weight.map(|w| w.percent()),
        }
    }
}

#[derive(Serialize)]
pub struct UpdateRow<'a> {
    pub goal_id: &'a str,
    pub at: String,
    pub author_id: &'a str,
    pub progress: Option<f64>,
    pub comment: Option<&'a str>,
    pub automatic: bool,
}

impl<'a> UpdateRow<'a> {
    pub fn new(goal: &'a Goal, update: &'a ProgressUpdate) -> Self {
        Self {
            goal_id: goal.id.as_str(),
            at: instant_text(update.at),
            author_id: update.by.as_str(),
            progress: update.progress,
            comment: update.comment.as_deref(),
            automatic: update.automatic,
        }
    }
}

#[derive(Serialize)]
pub struct MemberContributorRow<'a> {
    pub goal_id: &'a str,
    pub member_id: &'a str,
    pub member_key: i64,
}

#[derive(Serialize)]
pub struct TeamContributorRow<'a> {
    pub goal_id: &'a str,
    pub team_id: &'a str,
}

#[derive(Serialize)]
pub struct TeamRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct TeamMemberRow<'a> {
    pub team_id: &'a str,
    pub member_id: &'a str,
    pub member_key: i64,
}

#[derive(Serialize)]
pub struct MemberRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub role: &'static str,
    pub manager_id: Option<&'a str>,
    pub active: bool,
    pub locale: &'static str,
    pub timezone: &'static str,
    pub line_key: i64,
}

/// One range of the keys of a member and their reporting line.
#[derive(Serialize)]
pub struct ReachRow<'a> {
    pub member_id: &'a str,
    pub lo: i64,
    pub hi: i64,
}

#[derive(Serialize)]
pub struct LineRow<'a> {
    pub manager_id: &'a str,
    pub report_id: &'a str,
    pub depth: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_instant_is_written_in_the_fixed_width_form_that_sorts() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap() + chrono::Duration::microseconds(89);
        assert_eq!(instant_text(at), "2026-03-04T05:06:07.000089Z");
        assert_eq!(read_instant(&instant_text(at)).unwrap(), at);
    }
}
