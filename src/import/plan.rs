//! Everything an import writes, computed before the first write: the validated org,
//! the reporting-line closure and every goal's progress.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::core::ids::{GoalId, MemberId};
use crate::goals::{Goal, GoalType, Tracking, Visibility};
use crate::import::error::Result;
use crate::import::existing::ExistingOrg;
use crate::import::format::ImportFile;
use crate::import::validate::{validate, ValidatedImport};
use crate::org::{closure_pairs, line_places, LinePlace};
use crate::rollup::progress_of_all;

#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub import: ValidatedImport,
    /// The whole org's (manager, report, depth) pairs after the import.
    pub reporting_lines: Vec<(MemberId, MemberId, u32)>,
    /// Every member's line key and the end of its line's range, numbered afresh.
    pub line_places: HashMap<MemberId, LinePlace>,
    /// Progress of every goal of the file.
    pub progress: HashMap<GoalId, f64>,
    /// Stored goals outside the file whose automatic roll-up the import changes.
    pub stored_progress_changes: Vec<(GoalId, f64)>,
}

pub fn plan_import(file: ImportFile, existing: &ExistingOrg) -> Result<ImportPlan> {
    let started = std::time::Instant::now();
    let import = validate(file, existing)?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "validated");
    let mut managers: HashMap<&MemberId, Option<&MemberId>> =
        existing.members.iter().map(|(id, manager)| (id, manager.as_ref())).collect();
    managers.extend(import.members.iter().map(|m| (&m.id, m.manager.as_ref())));
    let line_places = line_places(managers.iter().map(|(&member, &manager)| (member, manager)));
    let reporting_lines = closure_pairs(managers);
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "reporting lines computed");
    let (progress, stored_progress_changes) = compute_progress(&import.goals, existing);
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "roll-ups computed");
    Ok(ImportPlan { import, reporting_lines, line_places, progress, stored_progress_changes })
}

/// Roll-ups over the file's goals and the stored ones together: a stored parent's
/// automatic progress moves when a child arrives in the file.
fn compute_progress(goals: &[Goal], existing: &ExistingOrg) -> (HashMap<GoalId, f64>, Vec<(GoalId, f64)>) {
    if existing.goals.is_empty() {
        // A first import: nothing stored to merge, and no million-goal copy to make.
        return (progress_of_all(goals), Vec::new());
    }
    let in_file: HashSet<&GoalId> = goals.iter().map(|g| &g.id).collect();
    let stored: Vec<Goal> = existing
        .goals
        .iter()
        .filter(|(id, _)| !in_file.contains(id))
        .map(|(id, g)| stand_in_for_stored_goal(id, g))
        .collect();
    let mut all = goals.to_vec();
    all.extend(stored.iter().cloned());
    let computed = progress_of_all(&all);
    let mut changes: Vec<(GoalId, f64)> = stored
        .iter()
        .filter(|g| g.tracking == Tracking::SubgoalsAutomatic)
        .filter_map(|g| {
            let now = computed.get(&g.id).copied().unwrap_or(0.0);
            ((now - g.progress).abs() > 1e-9).then(|| (g.id.clone(), now))
        })
        .collect();
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    let progress = computed.into_iter().filter(|(id, _)| in_file.contains(id)).collect();
    (progress, changes)
}

/// A stored goal as the roll-up sees it. Its measurements did not change, so a
/// measured goal's stored progress stands as it is (read as a basic goal); only
/// automatic roll-ups are recomputed from their children.
fn stand_in_for_stored_goal(id: &GoalId, stored: &crate::import::existing::ExistingGoal) -> Goal {
    let tracking = match stored.tracking {
        Tracking::SubgoalsAutomatic => Tracking::SubgoalsAutomatic,
        _ => Tracking::Basic,
    };
    let placeholder_member = MemberId::parse("stored").unwrap_or_else(|_| unreachable!("a valid literal id"));
    let epoch = NaiveDate::default();
    Goal {
        id: id.clone(),
        title: String::new(),
        description: None,
        goal_type: GoalType::Personal,
        state: stored.state,
        creator: placeholder_member.clone(),
        owner: placeholder_member,
        member_contributors: Vec::new(),
        team_contributors: Vec::new(),
        visibility: Visibility::Public,
        start_date: epoch,
        end_date: epoch,
        parent: stored.parent.clone(),
        contributes_to_parent: stored.contributes_to_parent,
        weight: stored.weight,
        tracking,
        progress: stored.progress,
        status: None,
        measurements: Vec::new(),
        created_at: chrono::DateTime::UNIX_EPOCH,
        published_at: None,
        closed_at: None,
        archived_at: None,
        updates: Vec::new(),
        people: Default::default(),
        category: None,
    }
}
