mod check;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::chart::OrgChart;
use super::{generate, write_json, DemoParams};
use crate::import::format::ImportFile;
use check::assert_valid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("valid instant")
}

fn params(members: usize, goals: usize, seed: u64) -> DemoParams {
    DemoParams { org_id: "acme".to_owned(), members, goals, seed, now: now() }
}

fn small_org() -> ImportFile {
    generate(&params(200, 1_000, 42))
}

fn bytes(params: &DemoParams) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(params, &mut out).expect("writing to memory cannot fail");
    out
}

fn values<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    items.collect()
}

#[test]
fn the_same_parameters_give_the_same_bytes() {
    assert_eq!(bytes(&params(200, 1_000, 7)), bytes(&params(200, 1_000, 7)));
}

#[test]
fn streaming_writes_exactly_what_generate_returns() {
    let params = params(200, 1_000, 7);
    let expected = serde_json::to_vec(&generate(&params)).expect("serializable");
    assert_eq!(bytes(&params), expected);
}

#[test]
fn different_seeds_give_different_files() {
    assert_ne!(bytes(&params(200, 1_000, 1)), bytes(&params(200, 1_000, 2)));
}

#[test]
fn the_output_parses_back_as_a_valid_import_file() {
    let parsed: ImportFile = serde_json::from_slice(&bytes(&params(200, 1_000, 3))).expect("valid JSON");
    assert_eq!((parsed.members.len(), parsed.goals.len()), (200, 1_000));
    assert_valid(&parsed);
}

#[test]
fn every_reference_names_an_existing_entity_and_weights_fit_for_several_seeds() {
    for seed in 0..5 {
        assert_valid(&generate(&params(200, 1_000, seed)));
    }
}

#[test]
fn tiny_and_empty_orgs_are_still_valid() {
    for (members, goals) in [(0, 0), (0, 10), (1, 0), (1, 5), (3, 20), (12, 50), (30, 1)] {
        let file = generate(&params(members, goals, 5));
        assert_valid(&file);
        assert_eq!(file.members.len(), members);
        assert_eq!(file.goals.len(), if members == 0 { 0 } else { goals });
    }
}

#[test]
fn parents_come_before_their_children_in_the_file() {
    let file = small_org();
    let position: HashMap<&str, usize> =
        file.goals.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    for (index, goal) in file.goals.iter().enumerate() {
        if let Some(parent) = &goal.parent {
            assert!(position[parent.as_str()] < index, "{} before its parent", goal.id);
        }
    }
    let members: HashMap<&str, usize> =
        file.members.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
    for (index, member) in file.members.iter().enumerate() {
        if let Some(manager) = &member.manager {
            assert!(members[manager.as_str()] < index, "{} before its manager", member.id);
        }
    }
}

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

#[test]
fn goal_types_and_trackings_come_in_the_requested_shares() {
    let file = generate(&params(2_000, 10_000, 8));
    let share = |keep: &dyn Fn(&crate::import::format::GoalRecord) -> bool| {
        file.goals.iter().filter(|g| keep(g)).count() as f64 / file.goals.len() as f64
    };
    assert_eq!(file.goals.iter().filter(|g| g.goal_type == "organization").count(), 10);
    assert!((0.18..=0.22).contains(&share(&|g| g.goal_type == "team")));
    assert!((0.15..=0.25).contains(&share(&|g| g.tracking == "measurements")));
    assert!(share(&|g| g.tracking == "basic") > 0.4);
    assert!((0.03..=0.07).contains(&share(&|g| g.state == "draft")));
    assert!((0.5..=0.9).contains(&share(&|g| g.parent.is_some())));
    assert!(share(&|g| g.weight.is_some()) > 0.01);
    assert!(file.goals.iter().filter(|g| g.goal_type == "organization").all(|g| g.visibility == "public"));
    let active: HashMap<&str, bool> = file.members.iter().map(|m| (m.id.as_str(), m.active)).collect();
    let published: Vec<_> = file.goals.iter().filter(|g| g.state == "published").collect();
    let inactive_owners = published.iter().filter(|g| !active[g.owner.as_str()]).count();
    assert!(inactive_owners > 0 && inactive_owners * 50 < published.len(), "{inactive_owners}");
}

#[test]
fn progress_is_set_exactly_for_basic_and_manual_goals_and_updates_climb_to_it() {
    for goal in &small_org().goals {
        let manual = matches!(goal.tracking.as_str(), "basic" | "subgoals_manual");
        assert_eq!(goal.progress.is_some(), manual, "{}", goal.id);
        assert_eq!(!goal.measurements.is_empty(), goal.tracking == "measurements", "{}", goal.id);
        let steps: Vec<f64> = goal.updates.iter().filter_map(|u| u.progress).collect();
        assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{} goes backwards", goal.id);
        if let (Some(last), Some(progress)) = (steps.last(), goal.progress) {
            assert_eq!(*last, progress, "{}", goal.id);
        }
        assert!(goal.updates.iter().all(|u| u.progress.is_some() || u.comment.is_some()));
    }
}

#[test]
fn dates_and_timestamps_tell_a_consistent_story() {
    let file = small_org();
    let parse = |text: &str| DateTime::parse_from_rfc3339(text).expect("RFC 3339").with_timezone(&Utc);
    let today = now().date_naive();
    for goal in &file.goals {
        let start = goal.start_date.parse::<chrono::NaiveDate>().expect("date");
        let end = goal.end_date.parse::<chrono::NaiveDate>().expect("date");
        assert!(start <= end, "{}", goal.id);
        assert!((today - start).num_days() <= 366 && (end - today).num_days() <= 366, "{}", goal.id);
        let created = parse(&goal.created_at);
        assert!(created < now(), "{}", goal.id);
        match (&goal.published_at, goal.state.as_str()) {
            (None, "draft") => assert!(goal.updates.is_empty(), "{}", goal.id),
            (Some(published), state) if state != "draft" => {
                let published = parse(published);
                assert!(created < published && published <= now(), "{}", goal.id);
                for update in &goal.updates {
                    let at = parse(&update.at);
                    assert!(at >= published && at <= now(), "{}", goal.id);
                    assert!(at >= now() - Duration::days(120), "{}", goal.id);
                }
            }
            _ => panic!("{}: published_at does not match state {}", goal.id, goal.state),
        }
    }
    assert!(file.goals.iter().any(|g| g.end_date.as_str() < "2026-11-27" && g.state == "published"));
}
