use super::*;
use crate::core::ids::GoalId;
use crate::digest::fixtures::{at, key, row, settings};
use crate::goals::Status;
use crate::mail::GoalContext;
use crate::reminders::Reason;

fn to(locale: Locale) -> Addressee<'static> {
    Addressee { name: "Dee", email: "dee@example.com", locale, org_name: "Acme", timezone: chrono_tz::Europe::Paris }
}

const NOW: &str = "2026-11-30T08:00:00Z";

#[test]
fn the_digest_links_each_goal_and_carries_the_unsubscribe_and_preferences_links() {
    let goal = DigestGoalRow { id: GoalId::parse("g-1".to_owned()).expect("an id"), ..row("x") };
    let digest = compose(&settings(), &key("dee"), to(Locale::Fr), "tok123", &[goal], at(NOW));
    assert_eq!(digest.goals[0].link, "https://goals.example.com/orgs/acme/goals/g-1");
    assert_eq!(digest.unsubscribe_url, "https://goald.example.com/v1/unsubscribe/tok123");
    assert_eq!(digest.preferences_url, "https://goald.example.com/v1/preferences/tok123");
    assert_eq!((digest.locale, digest.org_name.as_str()), (Locale::Fr, "Acme"));
}

#[test]
fn a_goal_id_with_reserved_characters_is_percent_encoded_in_its_link() {
    let goal = DigestGoalRow { id: GoalId::parse("q4_review#2026?é".to_owned()).expect("an id"), ..row("x") };
    let digest = compose(&settings(), &key("dee"), to(Locale::En), "t", &[goal], at(NOW));
    assert_eq!(digest.goals[0].link, "https://goals.example.com/orgs/acme/goals/q4_review%232026%3F%C3%A9");
}

#[test]
fn each_goal_carries_its_progress_pace_last_update_and_end() {
    let behind = DigestGoalRow { progress: 10.0, ..row("behind") };
    let never = DigestGoalRow { last_activity_at: Some(at("2026-01-05T09:00:00Z")), progress: 80.0, ..row("never") };
    let ended = DigestGoalRow {
        end_date: "2026-11-27".parse().expect("a date"),
        reasons: vec![Reason::PastEndDate],
        ..row("ended")
    };
    let all = MailSettings { max_goals: 10, ..settings() };
    let digest = compose(&all, &key("dee"), to(Locale::En), "t", &[behind, never, ended], at(NOW));
    let by_title = |title: &str| digest.goals.iter().find(|g| g.title == title).expect("listed");

    assert_eq!(by_title("behind").pace, Status::OffTrack);
    assert_eq!(by_title("never").pace, Status::OnTrack);
    assert_eq!(by_title("behind").last_update, LastUpdate::DaysAgo(29));
    assert_eq!(by_title("never").last_update, LastUpdate::NeverSincePublished("2026-01-05".parse().expect("a date")));
    assert_eq!(by_title("ended").ended_days_ago, Some(3));
    assert_eq!(by_title("behind").ended_days_ago, None);
    assert_eq!(by_title("behind").progress, 10.0);
}

#[test]
fn two_listed_goals_of_one_title_are_told_apart() {
    let sales = DigestGoalRow { title: "Q4 review".into(), parent_title: Some("Sales".into()), ..row("a") };
    let support = DigestGoalRow { title: "Q4 review".into(), parent_title: Some("Support".into()), ..row("b") };
    let digest = compose(&settings(), &key("dee"), to(Locale::En), "t", &[sales, support], at(NOW));
    let contexts: Vec<_> = digest.goals.iter().map(|g| g.context.clone()).collect();
    assert!(contexts.contains(&Some(GoalContext::Parent("Sales".into()))), "{contexts:?}");
    assert!(contexts.contains(&Some(GoalContext::Parent("Support".into()))), "{contexts:?}");
}

#[test]
fn a_capped_digest_lists_the_most_urgent_first_and_counts_the_rest() {
    let row = |id: &str, past: bool, touched: Option<&str>| DigestGoalRow {
        reasons: if past { vec![Reason::PastEndDate] } else { vec![Reason::NotUpdated28Days] },
        last_activity_at: touched.map(at),
        ..row(id)
    };
    let goals = [
        row("recent", false, Some("2026-10-20T00:00:00Z")),
        row("old", false, Some("2026-01-01T00:00:00Z")),
        row("past", true, Some("2026-11-01T00:00:00Z")),
        row("never", false, None),
    ];
    // max_goals is 2 in these settings.
    let digest = compose(&settings(), &key("dee"), to(Locale::En), "t", &goals, at(NOW));
    let listed: Vec<&str> = digest.goals.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(listed, ["past", "never"]);
    let more = digest.more.expect("two left out");
    assert_eq!((more.count, more.link.as_str()), (2, "https://goals.example.com/orgs/acme/goals?owner=dee"));
    let all = MailSettings { max_goals: 10, ..settings() };
    let digest = compose(&all, &key("dee"), to(Locale::En), "t", &goals, at(NOW));
    assert_eq!(digest.goals.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(), ["past", "never", "old", "recent"]);
    assert!(digest.more.is_none());
}
