use chrono::{DateTime, NaiveDate, Utc};

use super::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn tz(name: &str) -> TimeZone {
    name.parse().unwrap()
}

/// A published goal of an active owner with an email, touched at `last`, ending far ahead.
fn goal(last: &str) -> GoalFacts {
    GoalFacts {
        state: GoalState::Published,
        owner_active: true,
        owner_has_email: true,
        owner_opted_out: false,
        last_activity_at: Some(at(last)),
        end_date: date("2027-12-31"),
    }
}

const T: &str = "2026-11-27T22:00:00Z";

#[test]
fn a_goal_untouched_for_exactly_28_days_is_due() {
    let reasons = reasons_for(&goal("2026-10-30T22:00:00Z"), at(T), tz("UTC"));
    assert_eq!(reasons, vec![Reason::NotUpdated28Days]);
}

#[test]
fn a_goal_touched_one_second_less_than_28_days_ago_is_not_due() {
    assert!(reasons_for(&goal("2026-10-30T22:00:01Z"), at(T), tz("UTC")).is_empty());
}

#[test]
fn a_goal_never_published_nor_updated_is_not_stale() {
    let mut never = goal(T);
    never.last_activity_at = None;
    assert!(reasons_for(&never, at(T), tz("UTC")).is_empty());
}

#[test]
fn the_end_date_is_compared_to_the_evaluation_date_in_the_orgs_time_zone() {
    // 22:00 UTC on Friday 27 is already Saturday 28 in Sydney, still Friday in Toronto.
    let mut ends_friday = goal(T);
    ends_friday.end_date = date("2026-11-27");
    assert_eq!(reasons_for(&ends_friday, at(T), tz("Australia/Sydney")), vec![Reason::PastEndDate]);
    assert!(reasons_for(&ends_friday, at(T), tz("America/Toronto")).is_empty());
}

#[test]
fn a_goal_ending_the_day_before_the_evaluation_is_past_its_end_date() {
    let mut ended = goal(T);
    ended.end_date = date("2026-11-26");
    assert_eq!(reasons_for(&ended, at(T), tz("America/Toronto")), vec![Reason::PastEndDate]);
}

#[test]
fn both_reasons_are_listed_in_contract_order() {
    let mut both = goal("2026-01-01T00:00:00Z");
    both.end_date = date("2026-06-30");
    assert_eq!(reasons_for(&both, at(T), tz("UTC")), vec![Reason::NotUpdated28Days, Reason::PastEndDate]);
}

#[test]
fn drafts_closed_and_archived_goals_are_never_reminded() {
    for state in [GoalState::Draft, GoalState::Closed, GoalState::Archived] {
        let mut stale = goal("2026-01-01T00:00:00Z");
        stale.state = state;
        stale.end_date = date("2026-06-30");
        assert!(reasons_for(&stale, at(T), tz("UTC")).is_empty(), "{state}");
    }
}

#[test]
fn a_deactivated_owner_an_owner_without_email_and_an_owner_who_opted_out_get_nothing() {
    let stale = goal("2026-01-01T00:00:00Z");
    let mut inactive = stale.clone();
    inactive.owner_active = false;
    let mut no_email = stale.clone();
    no_email.owner_has_email = false;
    let mut opted_out = stale.clone();
    opted_out.owner_opted_out = true;
    for facts in [inactive, no_email, opted_out] {
        assert!(reasons_for(&facts, at(T), tz("UTC")).is_empty());
    }
    assert!(!reasons_for(&stale, at(T), tz("UTC")).is_empty());
}

#[test]
fn delivery_is_9am_local_on_the_first_monday_after_the_evaluation_date_there() {
    // The contract's example: Toronto 09:00 is 14:00 UTC, Paris 09:00 is 08:00 UTC.
    assert_eq!(delivery_instant(at(T), tz("America/Toronto")), at("2026-11-30T14:00:00Z"));
    assert_eq!(delivery_instant(at(T), tz("Europe/Paris")), at("2026-11-30T08:00:00Z"));
    // Already Saturday in Sydney: still Monday 30, 09:00 AEDT (UTC+11).
    assert_eq!(delivery_instant(at(T), tz("Australia/Sydney")), at("2026-11-29T22:00:00Z"));
}

#[test]
fn an_evaluation_that_is_already_monday_locally_delivers_a_week_later() {
    // Sunday 20:30 UTC is Monday 10:30 in Kiritimati (UTC+14): the first Monday *after*.
    let sunday = at("2026-11-29T20:30:00Z");
    assert_eq!(delivery_instant(sunday, tz("Pacific/Kiritimati")), at("2026-12-06T19:00:00Z"));
}

#[test]
fn delivery_after_a_dst_change_keeps_9am_local() {
    // Paris leaves summer time on 2026-10-25: Friday 23 is UTC+2, Monday 26 is UTC+1.
    assert_eq!(delivery_instant(at("2026-10-23T15:00:00Z"), tz("Europe/Paris")), at("2026-10-26T08:00:00Z"));
}

#[test]
fn a_local_time_inside_a_dst_gap_moves_to_the_first_instant_after_it() {
    // Toronto springs forward at 02:00 on 2027-03-14: 02:30 does not exist.
    let gap =
        local_instant(date("2027-03-14"), chrono::NaiveTime::from_hms_opt(2, 30, 0).unwrap(), tz("America/Toronto"));
    assert_eq!(gap, at("2027-03-14T07:00:00Z"));
}
