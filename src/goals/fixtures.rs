//! Test builders shared by the rule modules, and the example org of the contract
//! (`example-org.json`) built by hand so unit tests read no files.

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::ids::{GoalId, MeasurementId, MemberId, TeamId};
use crate::goals::{Goal, GoalState, GoalType, Measurement, MeasurementKind, Tracking, Visibility, Weight};
use crate::org::{MemberFacts, OrgChart, Role};

pub(crate) fn member(id: &str) -> MemberId {
    MemberId::parse(id).unwrap()
}

pub(crate) fn goal_id(id: &str) -> GoalId {
    GoalId::parse(id).unwrap()
}

pub(crate) fn team(id: &str) -> TeamId {
    TeamId::parse(id).unwrap()
}

pub(crate) fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub(crate) fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

pub(crate) fn weight(percent: f64) -> Option<Weight> {
    Some(Weight::parse(percent).unwrap())
}

/// An org chart from `(id, role, manager, active)` rows and `(team, members)` rows.
pub(crate) fn chart(members: &[(&str, Role, Option<&str>, bool)], teams: &[(&str, &[&str])]) -> OrgChart {
    let mut chart = OrgChart::default();
    for (id, role, manager, active) in members {
        let facts = MemberFacts { role: *role, active: *active, manager: manager.map(member) };
        chart.insert_member(member(id), facts);
    }
    for (id, members) in teams {
        chart.set_team(team(id), members.iter().map(|m| member(m)).collect());
    }
    chart
}

/// A published, public, personal `basic` goal for 2026 that `owner` created, at 0%.
pub(crate) fn goal(id: &str, owner: &str) -> Goal {
    Goal {
        id: goal_id(id),
        title: format!("Goal {id}"),
        description: None,
        goal_type: GoalType::Personal,
        state: GoalState::Published,
        creator: member(owner),
        owner: member(owner),
        member_contributors: Vec::new(),
        team_contributors: Vec::new(),
        visibility: Visibility::Public,
        start_date: date("2026-01-01"),
        end_date: date("2026-12-31"),
        parent: None,
        contributes_to_parent: true,
        weight: None,
        tracking: Tracking::Basic,
        progress: 0.0,
        status: None,
        measurements: Vec::new(),
        created_at: instant("2026-01-01T09:00:00Z"),
        published_at: Some(instant("2026-01-01T09:00:00Z")),
        closed_at: None,
        archived_at: None,
        updates: Vec::new(),
        people: Default::default(),
        category: None,
    }
}

pub(crate) fn measurement(
    id: &str,
    kind: MeasurementKind,
    (start, current, target): (f64, f64, f64),
    weight: Option<Weight>,
) -> Measurement {
    Measurement {
        id: MeasurementId::parse(id).unwrap(),
        name: format!("Measurement {id}"),
        kind,
        start,
        current,
        target,
        weight,
    }
}

/// The org and goals of `example-org.json`.
pub(crate) fn example_org() -> (OrgChart, Vec<Goal>) {
    use Role::*;
    let chart = chart(
        &[
            ("ada", Executive, None, true),
            ("bo", Collaborator, Some("ada"), true),
            ("cy", Manager, Some("ada"), true),
            ("dee", Employee, Some("cy"), true),
            ("eli", Employee, Some("cy"), true),
            ("fay", Manager, Some("ada"), true),
            ("gus", Employee, Some("fay"), true),
            ("hal", Employee, Some("fay"), false),
        ],
        &[("sales", &["cy", "dee", "eli"]), ("ops", &["fay", "gus"])],
    );
    (chart, example_goals())
}

fn example_goals() -> Vec<Goal> {
    let arr = Goal { goal_type: GoalType::Organization, tracking: Tracking::SubgoalsAutomatic, ..goal("g-arr", "ada") };
    let sales = Goal {
        goal_type: GoalType::Team,
        team_contributors: vec![team("sales")],
        visibility: Visibility::OwnersAndContributors,
        parent: Some(goal_id("g-arr")),
        weight: weight(60.0),
        tracking: Tracking::Measurements,
        measurements: vec![
            measurement("m-new", MeasurementKind::Currency, (0.0, 3_000_000.0, 6_000_000.0), None),
            measurement("m-ref", MeasurementKind::Numeric, (0.0, 8.0, 10.0), weight(25.0)),
            measurement("m-pr", MeasurementKind::YesNo, (0.0, 1.0, 1.0), weight(25.0)),
        ],
        ..goal("g-sales", "cy")
    };
    let ops = Goal {
        goal_type: GoalType::Team,
        member_contributors: vec![member("gus")],
        visibility: Visibility::OwnersAndContributors,
        parent: Some(goal_id("g-arr")),
        progress: 40.0,
        ..goal("g-ops", "fay")
    };
    let dee = Goal {
        visibility: Visibility::OwnersAndContributors,
        start_date: date("2026-03-01"),
        progress: 20.0,
        ..goal("g-dee", "dee")
    };
    let eli = Goal {
        start_date: date("2026-02-01"),
        end_date: date("2026-10-31"),
        parent: Some(goal_id("g-sales")),
        contributes_to_parent: false,
        progress: 80.0,
        ..goal("g-eli", "eli")
    };
    let gus = Goal {
        state: GoalState::Draft,
        start_date: date("2026-11-01"),
        end_date: date("2027-03-31"),
        published_at: None,
        ..goal("g-gus", "gus")
    };
    let hal = Goal { end_date: date("2026-06-30"), progress: 50.0, ..goal("g-hal", "hal") };
    vec![arr, sales, ops, dee, eli, gus, hal]
}
