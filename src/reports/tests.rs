//! Each figure on a hand-made org, worked out by hand in the comments.
//!
//! The org (time zone UTC), T = 2026-07-02T12:00:00Z, so D = 2026-07-02:
//!
//! ```text
//! ceo (executive)
//! ├── eve (employee)        team t1 = {ann, eve}
//! │   └── fay (employee, deactivated)
//! └── mia (manager)
//!     ├── ann (employee)
//!     ├── bob (employee)
//!     └── cid (manager)
//!         └── dan (employee)
//! ```
//!
//! Goals run 2026-01-01..2026-12-31 (365 days; at D 183 have elapsed, so expected =
//! 183/365 and on_track needs progress >= 37.60, at_risk >= 25.07) unless said:
//!
//! | goal | owner | state     | progress | last activity (days before T) | notes |
//! |------|-------|-----------|----------|-------------------------------|-------|
//! | g1   | ann   | published | 50 on    | 2026-06-20T12:00 (12)         |       |
//! | g2   | ann   | published | 30 risk  | 2026-05-01T12:00 (62, stale)  | parent g1 |
//! | g3   | bob   | published | 10 off   | update 2026-06-25T12:00 (7)   | ends 2026-06-30: past end, expected 1 |
//! | g4   | bob   | closed    | 100      |                               |       |
//! | g5   | dan   | published | 80 on    | update 2026-07-01T12:00 (1)   | parent g1 |
//! | g6   | dan   | draft     | 0        |                               | never counted |
//! | g7   | cid   | archived  | 0        |                               |       |
//! | g8   | mia   | published | 40 on    | 2026-06-04T12:00 (28, stale: exactly 28 days) | private |
//! | g9   | eve   | published | 0 off    | 2026-07-01T12:00 (1)          | private: mia does not see it |
//! | g10  | eve   | published | 60 on    | 2026-06-02T12:00 (30, stale)  |       |

use chrono::{DateTime, Utc};

use crate::goals::fixtures::{date, goal, instant, member, team};
use crate::goals::{Goal, GoalState, ProgressUpdate, Visibility};
use crate::org::{Locale, Member, Org, Role, Team};
use crate::reports::{
    adoption_report, progress_report, AdoptionFigures, OrgData, PaceCounts, ProgressFigures, ReportError, Scope,
    StateCounts,
};

fn person(id: &str, role: Role, manager: Option<&str>, active: bool) -> Member {
    Member {
        id: member(id),
        name: id.to_owned(),
        email: Some(format!("{id}@example.test")),
        role,
        manager: manager.map(member),
        active,
        locale: Locale::En,
        timezone: chrono_tz::UTC,
    }
}

pub(super) struct HandMade {
    pub(super) org: Org,
    members: Vec<Member>,
    teams: Vec<Team>,
    pub(super) goals: Vec<Goal>,
}

impl HandMade {
    pub(super) fn data(&self) -> OrgData<'_> {
        OrgData { org: &self.org, members: &self.members, teams: &self.teams, goals: &self.goals }
    }

    pub(super) fn who(&self, id: &str) -> &Member {
        self.members.iter().find(|m| m.id.as_str() == id).expect("a member of the hand-made org")
    }
}

pub(super) fn hand_made() -> HandMade {
    use Role::*;
    let members = vec![
        person("ceo", Executive, None, true),
        person("eve", Employee, Some("ceo"), true),
        person("fay", Employee, Some("eve"), false),
        person("mia", Manager, Some("ceo"), true),
        person("ann", Employee, Some("mia"), true),
        person("bob", Employee, Some("mia"), true),
        person("cid", Manager, Some("mia"), true),
        person("dan", Employee, Some("cid"), true),
    ];
    let teams = vec![Team { id: team("t1"), name: "T1".into(), members: vec![member("ann"), member("eve")] }];
    let made = |id: &str, owner: &str, state: GoalState, progress: f64, published: &str| Goal {
        state,
        progress,
        published_at: Some(instant(published)),
        ..goal(id, owner)
    };
    let update = |at: &str, by: &str| ProgressUpdate {
        at: instant(at),
        by: member(by),
        progress: None,
        comment: None,
        automatic: false,
    };
    let early = "2026-01-02T12:00:00Z";
    let goals = vec![
        made("g1", "ann", GoalState::Published, 50.0, "2026-06-20T12:00:00Z"),
        Goal {
            parent: Some(crate::goals::fixtures::goal_id("g1")),
            ..made("g2", "ann", GoalState::Published, 30.0, "2026-05-01T12:00:00Z")
        },
        Goal {
            end_date: date("2026-06-30"),
            updates: vec![update("2026-06-25T12:00:00Z", "bob")],
            ..made("g3", "bob", GoalState::Published, 10.0, early)
        },
        made("g4", "bob", GoalState::Closed, 100.0, early),
        Goal {
            parent: Some(crate::goals::fixtures::goal_id("g1")),
            updates: vec![update("2026-07-01T12:00:00Z", "dan")],
            ..made("g5", "dan", GoalState::Published, 80.0, early)
        },
        Goal { published_at: None, ..made("g6", "dan", GoalState::Draft, 0.0, early) },
        made("g7", "cid", GoalState::Archived, 0.0, early),
        Goal {
            visibility: Visibility::OwnersAndContributors,
            ..made("g8", "mia", GoalState::Published, 40.0, "2026-06-04T12:00:00Z")
        },
        Goal {
            visibility: Visibility::OwnersAndContributors,
            ..made("g9", "eve", GoalState::Published, 0.0, "2026-07-01T12:00:00Z")
        },
        made("g10", "eve", GoalState::Published, 60.0, "2026-06-02T12:00:00Z"),
    ];
    let org = Org {
        id: crate::core::ids::OrgId::parse("acme").expect("id"),
        name: "Acme".into(),
        timezone: chrono_tz::UTC,
        locale: Locale::En,
        policy: Default::default(),
    };
    HandMade { org, members, teams, goals }
}

pub(super) fn at() -> DateTime<Utc> {
    instant("2026-07-02T12:00:00Z")
}

/// Figures from their parts, `mean` already rounded.
pub(super) fn figures(
    goals: u64,
    state: [u64; 3],
    pace: [u64; 3],
    mean: Option<f64>,
    past_end: u64,
    stale: u64,
) -> ProgressFigures {
    let mut expected = ProgressFigures::default();
    expected.goals = goals;
    expected.by_state = StateCounts { published: state[0], closed: state[1], archived: state[2] };
    expected.by_pace = PaceCounts { on_track: pace[0], at_risk: pace[1], off_track: pace[2] };
    expected.mean_progress = mean;
    expected.past_end_date = past_end;
    expected.not_updated_28_days = stale;
    expected
}

/// Compares everything but the private running sum.
pub(super) fn same(actual: &ProgressFigures, expected: &ProgressFigures) {
    let shown = |f: &ProgressFigures| serde_json::to_value(f).expect("json");
    assert_eq!(shown(actual), shown(expected));
}

#[test]
fn a_managers_line_report_counts_every_figure_of_the_line() {
    let org = hand_made();
    let report = progress_report(org.data(), org.who("mia"), &Scope::Line, at()).expect("report");
    assert_eq!(report.date, date("2026-07-02"));
    // Counted: g1 g2 g3 g4 g5 g7 g8 (g6 is a draft; g9 and g10 are eve's, outside the line).
    // Published g1 g2 g3 g5 g8; closed g4; archived g7. On track g1 (50) g5 (80) g8 (40 >= 37.60);
    // at risk g2 (30); off track g3 (10 < 50, its end passed). Mean (50+30+10+80+40)/5 = 42.
    // Past end: g3. Not updated for 28 days: g2 (62 days) and g8 (exactly 28).
    same(&report.totals, &figures(7, [5, 1, 1], [3, 1, 1], Some(42.0), 1, 2));
    let names: Vec<&str> = report.direct_reports.iter().map(|d| d.member.as_str()).collect();
    assert_eq!(names, ["ann", "bob", "cid"]);
    // ann: g1 g2, mean (50+30)/2 = 40, g2 stale.
    same(&report.direct_reports[0].figures, &figures(2, [2, 0, 0], [1, 1, 0], Some(40.0), 0, 1));
    // bob: g3 g4, mean 10 (g4 is closed), g3 past its end.
    same(&report.direct_reports[1].figures, &figures(2, [1, 1, 0], [0, 0, 1], Some(10.0), 1, 0));
    // cid's line: dan's g5 and cid's g7.
    same(&report.direct_reports[2].figures, &figures(2, [1, 0, 1], [1, 0, 0], Some(80.0), 0, 0));
}

#[test]
fn a_managers_line_adoption_names_who_owns_no_published_goal() {
    let org = hand_made();
    let report = adoption_report(org.data(), org.who("mia"), &Scope::Line, at()).expect("report");
    // Active: mia ann bob cid dan = 5. Owning a published goal: mia (g8) ann bob dan = 4, 80%.
    // Published 5, with a parent g2 g5 = 2, 40%. Days: g5 1, g3 7, g1 12, g8 28, g2 62: median 12.
    let want = AdoptionFigures {
        active_members: 5,
        members_with_published_goal: 4,
        members_with_published_goal_percent: Some(80.0),
        published_goals: 5,
        published_goals_with_parent: 2,
        published_goals_with_parent_percent: Some(40.0),
        median_days_since_last_activity: Some(12.0),
        members_without_published_goal: vec![member("cid")],
    };
    assert_eq!(report.figures, want);
}

#[test]
fn an_employees_report_covers_only_themself_and_an_even_median_is_the_mean_of_two() {
    let org = hand_made();
    let report = progress_report(org.data(), org.who("ann"), &Scope::Line, at()).expect("report");
    same(&report.totals, &figures(2, [2, 0, 0], [1, 1, 0], Some(40.0), 0, 1));
    assert!(report.direct_reports.is_empty());
    let adoption = adoption_report(org.data(), org.who("ann"), &Scope::Line, at()).expect("report");
    // g1 12 days, g2 62 days: (12 + 62) / 2 = 37.
    assert_eq!(adoption.figures.median_days_since_last_activity, Some(37.0));
    assert_eq!(adoption.figures.active_members, 1);
}

#[test]
fn an_executive_may_ask_for_the_whole_org_and_sees_private_goals() {
    let org = hand_made();
    let report = progress_report(org.data(), org.who("ceo"), &Scope::Org, at()).expect("report");
    // Every goal but the draft g6: 9. Published 7 (+ g9 g10); on track + g10 = 4; off track + g9 = 2.
    // Mean (210 + 0 + 60) / 7 = 38.571.. = 38.57. Stale + g10 = 3.
    same(&report.totals, &figures(9, [7, 1, 1], [4, 1, 2], Some(38.57), 1, 3));
    // ceo's direct reports: eve (g9 g10: mean 30, g10 stale) and mia (her whole line, as above).
    same(&report.direct_reports[0].figures, &figures(2, [2, 0, 0], [1, 0, 1], Some(30.0), 0, 1));
    same(&report.direct_reports[1].figures, &figures(7, [5, 1, 1], [3, 1, 1], Some(42.0), 1, 2));
    let adoption = adoption_report(org.data(), org.who("ceo"), &Scope::Org, at()).expect("report");
    // Active 7 (fay is deactivated); owning: mia ann bob dan eve = 5, 71.43%. Published 7, 2 with
    // a parent: 28.57%. Days 1 1 7 12 28 30 62: median 12. Without: ceo, cid.
    assert_eq!(adoption.figures.members_with_published_goal_percent, Some(71.43));
    assert_eq!(adoption.figures.published_goals_with_parent_percent, Some(28.57));
    assert_eq!(adoption.figures.median_days_since_last_activity, Some(12.0));
    assert_eq!(adoption.figures.members_without_published_goal, vec![member("ceo"), member("cid")]);
}

#[test]
fn a_team_report_never_counts_a_private_goal_the_viewer_cannot_see() {
    let org = hand_made();
    let t1 = Scope::Team(team("t1"));
    let report = progress_report(org.data(), org.who("mia"), &t1, at()).expect("report");
    // ann's g1 g2 and eve's public g10; eve's private g9 is not mia's to see.
    // Mean (50 + 30 + 60) / 3 = 46.67; stale g2 g10.
    same(&report.totals, &figures(3, [3, 0, 0], [2, 1, 0], Some(46.67), 0, 2));
    same(&report.direct_reports[0].figures, &figures(2, [2, 0, 0], [1, 1, 0], Some(40.0), 0, 1));
    same(&report.direct_reports[1].figures, &ProgressFigures::default());
    // The executive sees g9 too: 4 goals, the off-track one included.
    let everything = progress_report(org.data(), org.who("ceo"), &t1, at()).expect("report");
    same(&everything.totals, &figures(4, [4, 0, 0], [2, 1, 1], Some(35.0), 0, 2));
}

#[test]
fn the_whole_org_is_refused_to_managers_employees_and_a_deactivated_member_gets_nothing() {
    let org = hand_made();
    for who in ["mia", "ann"] {
        let refused = progress_report(org.data(), org.who(who), &Scope::Org, at()).err();
        assert!(matches!(refused, Some(ReportError::OrgScopeRefused { .. })), "{who}: {refused:?}");
    }
    let fay = adoption_report(org.data(), org.who("fay"), &Scope::Line, at()).err();
    assert_eq!(fay, Some(ReportError::Deactivated(member("fay"))));
}
