//! The hand-made org of tests.rs under a CONTRACT §10 policy: the pace reads the org's
//! thresholds, and a team report counts the private goals §10's paths show the viewer,
//! never one they do not show.
//!
//! Thresholds on_track 50, at_risk 20: at D 183 of 365 days have elapsed, so on track needs
//! progress * 365 >= 50 * 183, progress >= 25.07 (75% needed 37.60), at risk >= 10.03.

use crate::goals::fixtures::{member, team};
use crate::goals::people::PeopleRefs;
use crate::org::PaceThresholds;
use crate::reports::tests::{at, figures, hand_made, same, HandMade};
use crate::reports::{progress_report, Scope};

fn with_policy() -> HandMade {
    let mut org = hand_made();
    org.org.policy.pace_thresholds = PaceThresholds { on_track: 50.0, at_risk: 20.0 };
    org.org.policy.global_viewers.insert(member("mia"));
    // bob participates in eve's private g9.
    let g9 = org.goals.iter_mut().find(|g| g.id.as_str() == "g9").expect("g9");
    g9.people.participants = PeopleRefs { members: vec![member("bob")], teams: Vec::new() };
    org
}

#[test]
fn the_pace_reads_the_orgs_thresholds() {
    let org = with_policy();
    let report = progress_report(org.data(), org.who("mia"), &Scope::Line, at()).expect("report");
    // As in tests.rs but g2 (30 >= 25.07) is on track now: on track g1 g2 g5 g8; g3 (10, its
    // end passed: expected 100%, at risk needs 20) stays off track.
    same(&report.totals, &figures(7, [5, 1, 1], [4, 0, 1], Some(42.0), 1, 2));
    same(&report.direct_reports[0].figures, &figures(2, [2, 0, 0], [2, 0, 0], Some(40.0), 0, 1));
    // The defaults would have g2 at risk (tests.rs): the thresholds are not the defaults'.
    let plain = hand_made();
    let default = progress_report(plain.data(), plain.who("mia"), &Scope::Line, at()).expect("report");
    assert_eq!((default.totals.by_pace.on_track, default.totals.by_pace.at_risk), (3, 1));
}

#[test]
fn a_team_report_counts_what_the_policy_shows_and_nothing_more() {
    let org = with_policy();
    let t1 = Scope::Team(team("t1"));
    // mia, a global viewer, sees eve's private g9 now: g1 g2 g9 g10, mean (50+30+0+60)/4 = 35;
    // g9 (0) is off track; stale g2 g10.
    let mia = progress_report(org.data(), org.who("mia"), &t1, at()).expect("report");
    same(&mia.totals, &figures(4, [4, 0, 0], [3, 0, 1], Some(35.0), 0, 2));
    // bob participates in g9: he sees it too, though it is outside his line.
    let bob = progress_report(org.data(), org.who("bob"), &t1, at()).expect("report");
    same(&bob.totals, &figures(4, [4, 0, 0], [3, 0, 1], Some(35.0), 0, 2));
    // ann is neither: g9 stays hidden from her, its off-track pace included.
    let ann = progress_report(org.data(), org.who("ann"), &t1, at()).expect("report");
    same(&ann.totals, &figures(3, [3, 0, 0], [3, 0, 0], Some(46.67), 0, 2));
}
