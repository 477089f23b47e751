//! The import's rows but the goals' (store/goals/columns.rs), as both backends write them:
//! each lists its values in its table's bulk column order (tables.rs).

use serde::Serialize;

use crate::goals::{Goal, Measurement, ProgressUpdate};
use crate::store::db::bulk::Cells;
use crate::store::db::text::instant_text;
use crate::store::db::Param;

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
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([
            Param::Text(self.id),
            Param::Text(self.name),
            Param::OptText(self.email),
            Param::Text(self.role),
            Param::OptText(self.manager_id),
            Param::Bool(self.active),
            Param::Text(self.locale),
            Param::Text(self.timezone),
            Param::Int(self.line_key),
        ]);
    }
}

impl Cells for TeamRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([Param::Text(self.id), Param::Text(self.name)]);
    }
}

impl Cells for TeamMemberRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([Param::Text(self.team_id), Param::Text(self.member_id), Param::Int(self.member_key)]);
    }
}

impl Cells for ReachRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([Param::Text(self.member_id), Param::Int(self.lo), Param::Int(self.hi)]);
    }
}

impl Cells for LineRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([Param::Text(self.manager_id), Param::Text(self.report_id), Param::Int(i64::from(self.depth))]);
    }
}

impl Cells for MemberContributorRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([Param::Text(self.goal_id), Param::Text(self.member_id), Param::Int(self.member_key)]);
    }
}

impl Cells for TeamContributorRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([Param::Text(self.goal_id), Param::Text(self.team_id)]);
    }
}

impl Cells for MeasurementRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([
            Param::Text(self.goal_id),
            Param::Text(self.id),
            Param::Int(self.position as i64),
            Param::Text(self.name),
            Param::Text(self.kind),
            Param::Real(self.start_value),
            Param::Real(self.current_value),
            Param::Real(self.target_value),
            Param::OptReal(self.weight),
        ]);
    }
}

impl Cells for UpdateRow<'_> {
    fn cells<'a>(&'a self, out: &mut Vec<Param<'a>>) {
        out.extend([
            Param::Text(self.goal_id),
            Param::Text(&self.at),
            Param::Text(self.author_id),
            Param::OptReal(self.progress),
            Param::OptText(self.comment),
            Param::Bool(self.automatic),
        ]);
    }
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
