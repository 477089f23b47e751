//! Goal rows as the domain model: the goal, then the parts that live in other tables.

use std::collections::HashMap;

use crate::core::ids::{GoalId, MeasurementId, MemberId, TeamId};
use crate::goals::{Goal, Measurement, ProgressUpdate, Weight};
use crate::store::db::row::{goal_id, member_id, parsed};
use crate::store::db::text::{read_date, read_instant};
use crate::store::db::RowReader;
use crate::store::Result;

fn weight(value: Option<f64>) -> Result<Option<Weight>> {
    value.map(|w| parsed("weight", Weight::parse(w))).transpose()
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
