//! Reading rows into the domain model, once for both backends: PostgreSQL queries
//! return instants and dates as text in the form SQLite stores them (see `utc_text`).

use std::collections::HashMap;

use sqlx::Row;

use crate::core::ids::{GoalId, MeasurementId, MemberId, OrgId, TeamId};
use crate::goals::{Goal, Measurement, ProgressUpdate, Weight};
use crate::org::{parse_time_zone, Member};
use crate::store::rows::{read_date, read_instant};
use crate::store::{Result, StoreError};

/// The column accessors the decoders need, implemented for both row types.
pub trait RowReader {
    fn text(&self, column: &str) -> Result<String>;
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
    fn real(&self, column: &str) -> Result<f64>;
    fn opt_real(&self, column: &str) -> Result<Option<f64>>;
    fn flag(&self, column: &str) -> Result<bool>;
}

macro_rules! row_reader {
    ($row:ty) => {
        impl RowReader for $row {
            fn text(&self, column: &str) -> Result<String> {
                Ok(self.try_get(column)?)
            }
            fn opt_text(&self, column: &str) -> Result<Option<String>> {
                Ok(self.try_get(column)?)
            }
            fn real(&self, column: &str) -> Result<f64> {
                Ok(self.try_get(column)?)
            }
            fn opt_real(&self, column: &str) -> Result<Option<f64>> {
                Ok(self.try_get(column)?)
            }
            fn flag(&self, column: &str) -> Result<bool> {
                Ok(self.try_get(column)?)
            }
        }
    };
}
row_reader!(sqlx::sqlite::SqliteRow);
row_reader!(sqlx::postgres::PgRow);

fn parsed<T, E: std::fmt::Display>(what: &str, value: std::result::Result<T, E>) -> Result<T> {
    value.map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

pub fn org_id(text: String) -> Result<OrgId> {
    parsed("org id", OrgId::parse(text))
}

pub fn member_id(text: String) -> Result<MemberId> {
    parsed("member id", MemberId::parse(text))
}

pub fn goal_id(text: String) -> Result<GoalId> {
    parsed("goal id", GoalId::parse(text))
}

pub fn team_id(text: String) -> Result<TeamId> {
    parsed("team id", TeamId::parse(text))
}

fn weight(value: Option<f64>) -> Result<Option<Weight>> {
    value.map(|w| parsed("weight", Weight::parse(w))).transpose()
}

pub fn member(row: &impl RowReader) -> Result<Member> {
    Ok(Member {
        id: member_id(row.text("id")?)?,
        name: row.text("name")?,
        email: row.opt_text("email")?,
        role: parsed("role", row.text("role")?.parse())?,
        manager: row.opt_text("manager_id")?.map(member_id).transpose()?,
        active: row.flag("active")?,
        locale: parsed("locale", row.text("locale")?.parse())?,
        timezone: parsed("timezone", parse_time_zone(&row.text("timezone")?))?,
    })
}

/// A goal without its contributors, measurements and updates (see `attach`).
pub fn goal(row: &impl RowReader) -> Result<Goal> {
    let instant =
        |column: &str| -> Result<Option<_>> { row.opt_text(column)?.as_deref().map(read_instant).transpose() };
    Ok(Goal {
        id: goal_id(row.text("id")?)?,
        title: row.text("title")?,
        description: row.opt_text("description")?,
        goal_type: parsed("goal type", row.text("goal_type")?.parse())?,
        state: parsed("state", row.text("state")?.parse())?,
        creator: member_id(row.text("creator_id")?)?,
        owner: member_id(row.text("owner_id")?)?,
        member_contributors: Vec::new(),
        team_contributors: Vec::new(),
        visibility: parsed("visibility", row.text("visibility")?.parse())?,
        start_date: read_date(&row.text("start_date")?)?,
        end_date: read_date(&row.text("end_date")?)?,
        parent: row.opt_text("parent_id")?.map(goal_id).transpose()?,
        contributes_to_parent: row.flag("contributes_to_parent")?,
        weight: weight(row.opt_real("weight")?)?,
        tracking: parsed("tracking", row.text("tracking")?.parse())?,
        progress: row.real("progress")?,
        status: row.opt_text("status")?.map(|s| parsed("status", s.parse())).transpose()?,
        measurements: Vec::new(),
        created_at: read_instant(&row.text("created_at")?)?,
        published_at: instant("published_at")?,
        closed_at: instant("closed_at")?,
        archived_at: instant("archived_at")?,
        updates: Vec::new(),
    })
}

pub fn measurement(row: &impl RowReader) -> Result<(GoalId, Measurement)> {
    let measurement = Measurement {
        id: parsed("measurement id", MeasurementId::parse(row.text("id")?))?,
        name: row.text("name")?,
        kind: parsed("measurement kind", row.text("kind")?.parse())?,
        start: row.real("start_value")?,
        current: row.real("current_value")?,
        target: row.real("target_value")?,
        weight: weight(row.opt_real("weight")?)?,
    };
    Ok((goal_id(row.text("goal_id")?)?, measurement))
}

pub fn update(row: &impl RowReader) -> Result<(GoalId, ProgressUpdate)> {
    let update = ProgressUpdate {
        at: read_instant(&row.text("at")?)?,
        by: member_id(row.text("author_id")?)?,
        progress: row.opt_real("progress")?,
        comment: row.opt_text("comment")?,
        automatic: row.flag("automatic")?,
    };
    Ok((goal_id(row.text("goal_id")?)?, update))
}

/// The parts of goals that live in other tables, keyed by goal id.
#[derive(Default)]
pub struct GoalParts {
    pub member_contributors: Vec<(GoalId, MemberId)>,
    pub team_contributors: Vec<(GoalId, TeamId)>,
    pub measurements: Vec<(GoalId, Measurement)>,
    pub updates: Vec<(GoalId, ProgressUpdate)>,
}

/// Puts each part on its goal, in the order the parts came (queries sort them).
pub fn attach(goals: &mut [Goal], parts: GoalParts) {
    let index: HashMap<GoalId, usize> = goals.iter().enumerate().map(|(i, g)| (g.id.clone(), i)).collect();
    let place = |id: &GoalId| index.get(id).copied();
    for (id, member) in parts.member_contributors {
        if let Some(i) = place(&id) {
            goals[i].member_contributors.push(member);
        }
    }
    for (id, team) in parts.team_contributors {
        if let Some(i) = place(&id) {
            goals[i].team_contributors.push(team);
        }
    }
    for (id, m) in parts.measurements {
        if let Some(i) = place(&id) {
            goals[i].measurements.push(m);
        }
    }
    for (id, u) in parts.updates {
        if let Some(i) = place(&id) {
            goals[i].updates.push(u);
        }
    }
}
