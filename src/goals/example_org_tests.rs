//! The answers of `example-expected.json` (at 2026-11-27T22:00:00Z, America/Toronto) for the
//! example org, reproduced from the pure rules.

use crate::goals::fixtures::{example_org, goal_id, instant, member};
use crate::goals::permissions::{allowed_actions, Action};
use crate::goals::Goal;
use crate::rollup::{local_date, pace_status, progress_of_all, round2};
use crate::visibility::{visible_goal_ids, GoalAccess};

fn find<'g>(goals: &'g [Goal], id: &str) -> &'g Goal {
    goals.iter().find(|g| g.id.as_str() == id).unwrap()
}

#[test]
fn every_member_sees_the_goals_listed_in_the_expected_answers() {
    let (org, goals) = example_org();
    let everything = ["g-arr", "g-dee", "g-eli", "g-gus", "g-hal", "g-ops", "g-sales"];
    let expected: [(&str, &[&str]); 8] = [
        ("ada", &everything),
        ("bo", &everything),
        ("cy", &["g-arr", "g-dee", "g-eli", "g-hal", "g-sales"]),
        ("dee", &["g-arr", "g-dee", "g-eli", "g-hal", "g-sales"]),
        ("eli", &["g-arr", "g-eli", "g-hal", "g-sales"]),
        ("fay", &["g-arr", "g-eli", "g-hal", "g-ops"]),
        ("gus", &["g-arr", "g-eli", "g-gus", "g-hal", "g-ops"]),
        ("hal", &[]),
    ];
    for (viewer, ids) in expected {
        let seen: Vec<String> = visible_goal_ids(&org, &member(viewer), &goals).iter().map(|g| g.to_string()).collect();
        assert_eq!(seen, ids, "visibility of {viewer}");
    }
}

#[test]
fn every_goal_shows_the_expected_progress_and_pace() {
    let (_, goals) = example_org();
    let today = local_date(instant("2026-11-27T22:00:00Z"), chrono_tz::America::Toronto);
    let progress = progress_of_all(&goals);
    let expected = [
        ("g-arr", 58.0, "at_risk"),
        ("g-dee", 20.0, "off_track"),
        ("g-eli", 80.0, "on_track"),
        ("g-gus", 0.0, "off_track"),
        ("g-hal", 50.0, "at_risk"),
        ("g-ops", 40.0, "off_track"),
        ("g-sales", 70.0, "on_track"),
    ];
    assert_eq!(progress.len(), expected.len());
    for (id, shown, pace) in expected {
        let goal = find(&goals, id);
        let value = progress[&goal_id(id)];
        assert_eq!(round2(value), shown, "progress of {id}");
        let status = pace_status(value, goal.start_date, goal.end_date, today);
        assert_eq!(status.as_str(), pace, "pace of {id}");
    }
}

#[test]
fn every_listed_member_may_take_exactly_the_expected_actions() {
    let (org, goals) = example_org();
    let all_but_organization = "add_progress archive close delete duplicate edit make_organization view";
    let expected = [
        ("ada g-arr", "add_progress align_child archive close delete duplicate edit view"),
        ("ada g-sales", all_but_organization),
        ("ada g-dee", all_but_organization),
        ("ada g-gus", "delete duplicate edit make_organization view"),
        ("cy g-arr", "add_progress align_child view"),
        ("cy g-sales", "add_progress align_child archive close delete duplicate edit make_organization view"),
        ("cy g-dee", "view"),
        ("cy g-gus", ""),
        ("dee g-arr", "add_progress align_child view"),
        ("dee g-sales", "add_progress align_child view"),
        ("dee g-dee", "add_progress align_child archive close delete duplicate edit view"),
        ("dee g-gus", ""),
        ("eli g-arr", "add_progress align_child view"),
        ("eli g-sales", "add_progress align_child view"),
        ("eli g-dee", ""),
        ("eli g-gus", ""),
        ("gus g-arr", "add_progress align_child view"),
        ("gus g-sales", ""),
        ("gus g-dee", ""),
        ("gus g-gus", "delete duplicate edit publish view"),
        ("hal g-arr", ""),
        ("hal g-sales", ""),
        ("hal g-dee", ""),
        ("hal g-gus", ""),
    ];
    for (pair, actions) in expected {
        let (who, id) = pair.split_once(' ').unwrap();
        let allowed = allowed_actions(&org, &member(who), &GoalAccess::from(find(&goals, id)));
        let allowed: Vec<&str> = allowed.iter().map(|a: &Action| a.as_str()).collect();
        assert_eq!(allowed.join(" "), actions, "actions of {pair}");
    }
}
