use super::*;
use crate::goals::fixtures::{goal, goal_id, measurement, weight};
use crate::goals::{Goal, GoalState, MeasurementKind, Tracking};

fn numeric(start: f64, current: f64, target: f64) -> f64 {
    measurement_progress(&measurement("m", MeasurementKind::Numeric, (start, current, target), None))
}

fn yes_no(current: f64) -> f64 {
    measurement_progress(&measurement("m", MeasurementKind::YesNo, (0.0, current, 1.0), None))
}

fn automatic(id: &str) -> Goal {
    Goal { tracking: Tracking::SubgoalsAutomatic, ..goal(id, "ann") }
}

fn basic(id: &str, progress: f64) -> Goal {
    Goal { progress, ..goal(id, "ann") }
}

fn under(parent: &str, child: Goal) -> Goal {
    Goal { parent: Some(goal_id(parent)), ..child }
}

#[test]
fn a_measurement_halfway_to_its_target_is_at_fifty() {
    assert_eq!(numeric(0.0, 5.0, 10.0), 50.0);
    assert_eq!(numeric(100.0, 150.0, 200.0), 50.0);
}

#[test]
fn a_measurement_past_its_target_or_below_its_start_is_clamped() {
    assert_eq!(numeric(0.0, 12.0, 10.0), 100.0);
    assert_eq!(numeric(10.0, 5.0, 20.0), 0.0);
}

#[test]
fn a_measurement_that_should_go_down_counts_its_decrease() {
    assert_eq!(numeric(10.0, 4.0, 0.0), 60.0);
    assert_eq!(numeric(10.0, 12.0, 0.0), 0.0);
}

#[test]
fn a_measurement_whose_target_is_its_start_is_all_or_nothing() {
    assert_eq!(numeric(5.0, 5.0, 5.0), 100.0);
    assert_eq!(numeric(5.0, 6.0, 5.0), 0.0);
}

#[test]
fn a_yes_no_measurement_is_done_only_when_current_is_one() {
    assert_eq!(yes_no(1.0), 100.0);
    assert_eq!(yes_no(0.0), 0.0);
    assert_eq!(yes_no(0.5), 0.0);
}

#[test]
fn a_measurement_with_a_non_finite_value_counts_as_zero() {
    assert_eq!(numeric(0.0, f64::NAN, 10.0), 0.0);
}

#[test]
fn basic_and_manual_goals_keep_the_progress_a_person_set() {
    let children = [(None, 100.0)];
    assert_eq!(goal_progress(&basic("g", 35.0), &children), 35.0);
    let manual = Goal { tracking: Tracking::SubgoalsManual, ..basic("g", 35.0) };
    assert_eq!(goal_progress(&manual, &children), 35.0);
}

#[test]
fn a_measured_goal_is_the_weighted_mean_of_its_measurements() {
    let goal = Goal {
        tracking: Tracking::Measurements,
        measurements: vec![
            measurement("a", MeasurementKind::Currency, (0.0, 3.0, 6.0), None),
            measurement("b", MeasurementKind::Numeric, (0.0, 8.0, 10.0), weight(25.0)),
            measurement("c", MeasurementKind::YesNo, (0.0, 1.0, 1.0), weight(25.0)),
        ],
        ..goal("g", "ann")
    };
    assert_eq!(goal_progress(&goal, &[]), 70.0);
}

#[test]
fn a_measured_goal_without_measurements_is_at_zero() {
    let goal = Goal { tracking: Tracking::Measurements, progress: 40.0, ..goal("g", "ann") };
    assert_eq!(goal_progress(&goal, &[]), 0.0);
}

#[test]
fn an_automatic_goal_is_the_weighted_mean_of_its_children_or_zero() {
    assert_eq!(goal_progress(&automatic("g"), &[(weight(60.0), 70.0), (None, 40.0)]), 58.0);
    assert_eq!(goal_progress(&automatic("g"), &[]), 0.0);
}

#[test]
fn drafts_and_children_that_do_not_contribute_are_left_out_of_the_roll_up() {
    let goals = [
        automatic("top"),
        under("top", basic("counted", 40.0)),
        under("top", Goal { state: GoalState::Draft, ..basic("draft", 100.0) }),
        under("top", Goal { contributes_to_parent: false, ..basic("aside", 100.0) }),
    ];
    let progress = progress_of_all(&goals);
    assert_eq!(progress[&goal_id("top")], 40.0);
    assert_eq!(progress[&goal_id("draft")], 100.0);
    assert_eq!(progress[&goal_id("aside")], 100.0);
}

#[test]
fn closed_and_archived_children_still_count() {
    let goals = [
        automatic("top"),
        under("top", Goal { state: GoalState::Closed, ..basic("closed", 20.0) }),
        under("top", Goal { state: GoalState::Archived, ..basic("archived", 60.0) }),
    ];
    assert_eq!(progress_of_all(&goals)[&goal_id("top")], 40.0);
}

#[test]
fn progress_rolls_up_through_several_levels_in_any_input_order() {
    let goals = [
        under("mid", basic("leaf-a", 100.0)),
        automatic("top"),
        under("top", basic("side", 20.0)),
        under("mid", basic("leaf-b", 50.0)),
        under("top", Goal { weight: weight(80.0), ..automatic("mid") }),
    ];
    let progress = progress_of_all(&goals);
    assert_eq!(progress[&goal_id("mid")], 75.0);
    assert_eq!(progress[&goal_id("top")], 64.0);
    assert_eq!(progress.len(), 5);
}

#[test]
fn a_manual_parent_ignores_its_children() {
    let goals = [Goal { tracking: Tracking::SubgoalsManual, ..basic("top", 10.0) }, under("top", basic("child", 90.0))];
    assert_eq!(progress_of_all(&goals)[&goal_id("top")], 10.0);
}

#[test]
fn a_goal_whose_parent_is_missing_counts_as_a_root() {
    let goals = [under("ghost", basic("orphan", 30.0))];
    assert_eq!(progress_of_all(&goals)[&goal_id("orphan")], 30.0);
}

#[test]
fn goals_in_a_parent_cycle_are_treated_as_having_no_parent() {
    let goals = [
        under("b", automatic("a")),
        under("a", automatic("b")),
        under("a", basic("c", 40.0)),
        under("self", automatic("self")),
    ];
    let progress = progress_of_all(&goals);
    assert_eq!(progress[&goal_id("a")], 40.0);
    assert_eq!(progress[&goal_id("b")], 0.0);
    assert_eq!(progress[&goal_id("self")], 0.0);
}

#[test]
fn a_very_deep_tree_rolls_up_without_overflowing_the_stack() {
    let depth = 200_000;
    let mut goals = vec![automatic("g0")];
    goals.extend((1..depth).map(|i| under(&format!("g{}", i - 1), automatic(&format!("g{i}")))));
    goals.push(under(&format!("g{}", depth - 1), basic("leaf", 30.0)));
    let progress = progress_of_all(&goals);
    assert_eq!(progress.len(), depth + 1);
    assert_eq!(progress[&goal_id("g0")], 30.0);
}
