//! The org's shape: depth, spans, roles, locales, teams, and every enum value.

use std::collections::BTreeSet;

use super::super::chart::OrgChart;
use super::{generate, params, small_org, values};

#[test]
fn every_enum_value_appears_in_a_thousand_goals() {
    let file = small_org();
    let goals = &file.goals;
    let set = |f: fn(&crate::import::format::GoalRecord) -> &str| values(goals.iter().map(f));
    assert_eq!(set(|g| &g.state), values(["archived", "closed", "draft", "published"].into_iter()));
    assert_eq!(set(|g| &g.goal_type), values(["organization", "personal", "team"].into_iter()));
    assert_eq!(set(|g| &g.visibility), values(["owners_and_contributors", "public"].into_iter()));
    let trackings = values(["basic", "measurements", "subgoals_automatic", "subgoals_manual"].into_iter());
    assert_eq!(set(|g| &g.tracking), trackings);
    let kinds = values(goals.iter().flat_map(|g| g.measurements.iter().map(|m| m.kind.as_str())));
    assert_eq!(kinds, values(["currency", "numeric", "percent", "yes_no"].into_iter()));
    let statuses = values(goals.iter().filter_map(|g| g.status.as_deref()));
    assert_eq!(statuses, values(["at_risk", "off_track", "on_track"].into_iter()));
    let roles = values(file.members.iter().map(|m| m.role.as_str()));
    assert_eq!(roles, values(["collaborator", "employee", "executive", "manager"].into_iter()));
    let locales = values(file.members.iter().map(|m| m.locale.as_deref().unwrap_or("en")));
    assert_eq!(locales, values(["en", "fr"].into_iter()));
}

#[test]
fn a_twenty_thousand_member_org_is_six_to_eight_levels_deep_with_realistic_spans() {
    for seed in [1, 2] {
        let chart = OrgChart::build(20_000, seed);
        assert!((6..=8).contains(&chart.depth()), "depth {}", chart.depth());
        let spans: Vec<u32> = chart.people.iter().map(|p| p.report_count).filter(|&n| n > 0).collect();
        let outside = spans.iter().filter(|&&n| !(3..=12).contains(&n)).count();
        // Only the last manager, who got the leftover people, may fall outside 3 to 12.
        assert!(outside <= 1, "{outside} spans outside 3..=12");
    }
}

#[test]
fn roles_are_mostly_people_who_report_with_about_one_percent_seeing_everything() {
    let chart = OrgChart::build(20_000, 4);
    let file = generate(&params(20_000, 0, 4));
    assert_eq!(file.members.len(), chart.len());
    let count = |role: &str| file.members.iter().filter(|m| m.role == role).count();
    let all_seeing = count("executive") + count("collaborator");
    assert!((150..=250).contains(&all_seeing), "{all_seeing} executives and collaborators");
    assert_eq!(file.members[0].role, "executive");
    assert_eq!(file.members[0].manager, None);
    assert_eq!(file.members.iter().filter(|m| m.manager.is_none()).count(), 1);
    let inactive = file.members.iter().filter(|m| !m.active).count() as f64 / 20_000.0;
    assert!((0.02..=0.04).contains(&inactive), "{inactive} inactive");
    let french = file.members.iter().filter(|m| m.locale.as_deref() == Some("fr")).count() as f64 / 20_000.0;
    assert!((0.18..=0.32).contains(&french), "{french} in French");
    let zones = values(file.members.iter().filter_map(|m| m.timezone.as_deref()));
    assert_eq!(zones.len(), 5, "five zones besides the org's: {zones:?}");
    assert!(file.members.iter().all(|m| m.locale.as_deref() != Some("en")));
    assert!(file.members.iter().all(|m| m.timezone.as_deref() != Some("America/Toronto")));
}

#[test]
fn teams_hold_five_to_twelve_distinct_members() {
    let file = small_org();
    assert!(file.teams.len() >= 10, "{} teams", file.teams.len());
    for team in &file.teams {
        let distinct: BTreeSet<&String> = team.members.iter().collect();
        assert!((5..=12).contains(&team.members.len()), "{} has {}", team.id, team.members.len());
        assert_eq!(distinct.len(), team.members.len(), "{} repeats a member", team.id);
    }
}
