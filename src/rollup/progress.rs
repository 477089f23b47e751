//! Progress of a measurement, of a goal, and of a whole goal tree.

use std::collections::{HashMap, VecDeque};

use crate::core::ids::GoalId;
use crate::goals::Weight;
use crate::goals::{Goal, Measurement, MeasurementKind, Tracking};
use crate::rollup::weights::weighted_mean;

/// CONTRACT §4: `clamp((current - start) / (target - start), 0, 1) * 100`; when
/// `target == start`, 100 if `current == target` else 0; `yes_no` is 100 when `current` is 1.
pub fn measurement_progress(m: &Measurement) -> f64 {
    if m.kind == MeasurementKind::YesNo {
        return if m.current == 1.0 { 100.0 } else { 0.0 };
    }
    if m.target == m.start {
        return if m.current == m.target { 100.0 } else { 0.0 };
    }
    let ratio = (m.current - m.start) / (m.target - m.start);
    // Non-finite input (which import rejects) must not leak a NaN into every roll-up above.
    if ratio.is_nan() {
        return 0.0;
    }
    ratio.clamp(0.0, 1.0) * 100.0
}

/// The progress of `goal` by its tracking method. `children` are the `(weight, progress)`
/// of the children that count: `contributes_to_parent` and not drafts.
///
/// Computed methods are always recomputed from their inputs; keeping a closed goal's final
/// progress is the store's job (it stops rolling up into closed goals).
pub fn goal_progress(goal: &Goal, children: &[(Option<Weight>, f64)]) -> f64 {
    match goal.tracking {
        Tracking::Basic | Tracking::SubgoalsManual => goal.progress,
        Tracking::Measurements => {
            let items: Vec<(Option<Weight>, f64)> =
                goal.measurements.iter().map(|m| (m.weight, measurement_progress(m))).collect();
            // A mean of percents can only leave 0..=100 by float noise; the store checks the range.
            weighted_mean(&items).clamp(0.0, 100.0)
        }
        Tracking::SubgoalsAutomatic => weighted_mean(children).clamp(0.0, 100.0),
    }
}

/// The progress of every goal, children before parents, each computed once.
///
/// Works without recursion (a queue of goals whose counting children are all done), so a
/// million goals or a very deep tree cannot overflow the stack. A parent id that is not
/// among `goals`, and every link of a parent cycle, are treated as "no parent". With
/// duplicate ids the last goal wins, like a map insert.
pub fn progress_of_all(goals: &[Goal]) -> HashMap<GoalId, f64> {
    let index: HashMap<&GoalId, usize> = goals.iter().enumerate().map(|(i, g)| (&g.id, i)).collect();
    let parents = effective_parents(goals, &index);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); goals.len()];
    for (child, parent) in parents.iter().enumerate() {
        if let Some(parent) = *parent {
            if counts_for_parent(&goals[child]) {
                children[parent].push(child);
            }
        }
    }
    let mut waiting: Vec<usize> = children.iter().map(Vec::len).collect();
    let mut ready: VecDeque<usize> = (0..goals.len()).filter(|&i| waiting[i] == 0).collect();
    let mut progress = vec![0.0; goals.len()];
    while let Some(goal) = ready.pop_front() {
        let items: Vec<(Option<Weight>, f64)> =
            children[goal].iter().map(|&c| (goals[c].weight, progress[c])).collect();
        progress[goal] = goal_progress(&goals[goal], &items);
        if let Some(parent) = parents[goal].filter(|_| counts_for_parent(&goals[goal])) {
            waiting[parent] -= 1;
            if waiting[parent] == 0 {
                ready.push_back(parent);
            }
        }
    }
    index.into_iter().map(|(id, i)| (id.clone(), progress[i])).collect()
}

/// Whether a child's progress counts in its parent's roll-up (CONTRACT §4).
pub fn counts_for_parent(goal: &Goal) -> bool {
    goal.contributes_to_parent && !goal.is_draft()
}

/// Each goal's parent as an index, with missing parents and cycle links cut.
fn effective_parents(goals: &[Goal], index: &HashMap<&GoalId, usize>) -> Vec<Option<usize>> {
    let mut parents: Vec<Option<usize>> =
        goals.iter().map(|g| g.parent.as_ref().and_then(|p| index.get(p).copied())).collect();
    // Walk up from each goal once; a walk that meets its own path has found a cycle.
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut mark = vec![NEW; goals.len()];
    let mut path = Vec::new();
    for start in 0..goals.len() {
        let mut current = Some(start);
        while let Some(goal) = current.filter(|&g| mark[g] == NEW) {
            mark[goal] = ON_PATH;
            path.push(goal);
            current = parents[goal];
        }
        if let Some(seen) = current.filter(|&g| mark[g] == ON_PATH) {
            let from = path.iter().position(|&g| g == seen).unwrap_or(0);
            for &goal in &path[from..] {
                parents[goal] = None;
            }
        }
        for goal in path.drain(..) {
            mark[goal] = DONE;
        }
    }
    parents
}
