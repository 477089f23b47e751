//! The import's rows, as both backends write them: each lists its cells in its table's
//! bulk column order (tables.rs), what SQLite binds and PostgreSQL's COPY reads.

use serde::Serialize;

use crate::goals::{Goal, Measurement, ProgressUpdate};
use crate::store::db::bulk::{Cell, Cells};
use crate::store::db::text::instant_text;

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

impl Cells for MemberRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.id),
            Cell::Text(self.name),
            Cell::OptText(self.email),
            Cell::Text(self.role),
            Cell::OptText(self.manager_id),
            Cell::Bool(self.active),
            Cell::Text(self.locale),
            Cell::Text(self.timezone),
            Cell::Int(self.line_key),
        ]);
    }
}

impl Cells for TeamRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.id), Cell::Text(self.name)]);
    }
}

impl Cells for TeamMemberRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.team_id), Cell::Text(self.member_id), Cell::Int(self.member_key)]);
    }
}

impl Cells for ReachRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.member_id), Cell::Int(self.lo), Cell::Int(self.hi)]);
    }
}

impl Cells for LineRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.manager_id), Cell::Text(self.report_id), Cell::Int(i64::from(self.depth))]);
    }
}

impl Cells for GoalRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.id),
            Cell::Text(self.title),
            Cell::OptText(self.description),
            Cell::Text(self.goal_type),
            Cell::Text(self.state),
            Cell::Text(self.creator_id),
            Cell::Text(self.owner_id),
            Cell::Text(self.visibility),
            Cell::Text(&self.start_date),
            Cell::Text(&self.end_date),
            Cell::OptText(self.parent_id),
            Cell::Bool(self.contributes_to_parent),
            Cell::OptReal(self.weight),
            Cell::Text(self.tracking),
            Cell::Real(self.progress),
            Cell::OptText(self.status),
            Cell::Text(&self.created_at),
            Cell::OptText(self.published_at.as_deref()),
            Cell::OptText(self.closed_at.as_deref()),
            Cell::OptText(self.archived_at.as_deref()),
            Cell::OptText(self.last_activity_at.as_deref()),
            Cell::Int(self.owner_key),
        ]);
    }
}

impl Cells for MemberContributorRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.goal_id), Cell::Text(self.member_id), Cell::Int(self.member_key)]);
    }
}

impl Cells for TeamContributorRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([Cell::Text(self.goal_id), Cell::Text(self.team_id)]);
    }
}

impl Cells for MeasurementRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.goal_id),
            Cell::Text(self.id),
            Cell::Int(self.position as i64),
            Cell::Text(self.name),
            Cell::Text(self.kind),
            Cell::Real(self.start_value),
            Cell::Real(self.current_value),
            Cell::Real(self.target_value),
            Cell::OptReal(self.weight),
        ]);
    }
}

impl Cells for UpdateRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>) {
        out.extend([
            Cell::Text(self.goal_id),
            Cell::Text(&self.at),
            Cell::Text(self.author_id),
            Cell::OptReal(self.progress),
            Cell::OptText(self.comment),
            Cell::Bool(self.automatic),
        ]);
    }
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
