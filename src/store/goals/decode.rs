//! The parts of goals that live in other tables, as the domain model (the goal row itself:
//! columns.rs).

use std::collections::HashMap;

use crate::core::ids::{GoalId, MeasurementId, MemberId, TeamId};
use crate::goals::{Goal, Measurement, ProgressUpdate, Weight};
use crate::store::db::row::{goal_id, member_id, parsed};
use crate::store::db::{DbRow, RowReader};
use crate::store::error::Result;

fn weight(value: Option<f64>) -> Result<Option<Weight>> {
    value.map(|w| parsed("weight", Weight::parse(w))).transpose()
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

pub fn update(row: &DbRow) -> Result<(GoalId, ProgressUpdate)> {
    let update = ProgressUpdate {
        at: row.instant("at")?,
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
