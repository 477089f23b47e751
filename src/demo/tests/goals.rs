//! Goal details: shares of types and trackings, progress, dates and timestamps.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::{generate, now, params, small_org};

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
                    if state == "closed" || state == "archived" {
                        assert!(at.date_naive() <= end + Duration::days(15), "{}", goal.id);
                    }
                }
            }
            _ => panic!("{}: published_at does not match state {}", goal.id, goal.state),
        }
    }
    assert!(file.goals.iter().any(|g| g.end_date.as_str() < "2026-11-27" && g.state == "published"));
}
