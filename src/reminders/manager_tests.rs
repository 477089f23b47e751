use chrono::TimeZone as _;

use super::*;
use crate::core::ids::MemberId;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn week(text: &str) -> Week {
    text.parse().unwrap()
}

fn member(id: &str) -> MemberId {
    MemberId::parse(id).unwrap()
}

fn friday_evening(week: Week) -> DateTime<Utc> {
    let day = week.day(Weekday::Fri);
    Utc.from_utc_datetime(&day.and_hms_opt(22, 0, 0).unwrap())
}

#[test]
fn a_date_falls_in_its_iso_week_or_its_calendar_month() {
    use ManagerDigestCadence::*;
    assert_eq!(Period::of(Weekly, date("2026-11-27")).unwrap().to_string(), "2026-W48");
    assert_eq!(Period::of(Monthly, date("2026-11-27")).unwrap().to_string(), "2026-11");
    assert_eq!(Period::of(Weekly, date("2027-01-01")).unwrap().to_string(), "2026-W53");
    assert_eq!(Period::of(Monthly, date("2027-01-01")).unwrap().to_string(), "2027-01");
    assert_eq!(Period::of(Off, date("2026-11-27")), None);
}

#[test]
fn the_previous_period_crosses_years() {
    let january = Period::of(ManagerDigestCadence::Monthly, date("2027-01-15")).unwrap();
    assert_eq!(january.previous().to_string(), "2026-12");
    let first_week = Period::of(ManagerDigestCadence::Weekly, date("2027-01-08")).unwrap();
    assert_eq!(first_week.previous().to_string(), "2026-W53");
}

#[test]
fn weekly_digests_are_written_every_friday_and_monthly_ones_on_the_last_friday_of_the_month() {
    use ManagerDigestCadence::*;
    assert_eq!(due_period(Weekly, date("2026-11-20")).unwrap().to_string(), "2026-W47");
    assert_eq!(due_period(Monthly, date("2026-11-20")), None);
    assert_eq!(due_period(Monthly, date("2026-11-27")).unwrap().to_string(), "2026-11");
    assert_eq!(due_period(Monthly, date("2026-12-25")).unwrap().to_string(), "2026-12");
    assert_eq!(due_period(Monthly, date("2026-12-18")), None);
    assert_eq!(due_period(Off, date("2026-11-27")), None);
}

#[test]
fn only_an_active_reachable_manager_of_an_active_report_who_did_not_unsubscribe_gets_one() {
    assert!(gets_manager_digest(true, true, 1, false));
    assert!(!gets_manager_digest(false, true, 3, false), "deactivated");
    assert!(!gets_manager_digest(true, false, 3, false), "no email");
    assert!(!gets_manager_digest(true, true, 0, false), "no report");
    assert!(!gets_manager_digest(true, true, 3, true), "unsubscribed");
}

#[test]
fn the_streak_counts_consecutive_reminded_weeks_ending_now() {
    let now = week("2026-W48");
    let weeks = ["2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W43"];
    let reminded: BTreeMap<Week, DateTime<Utc>> = weeks.iter().map(|w| (week(w), friday_evening(week(w)))).collect();
    assert_eq!(reminded_streak(now, &reminded, None), 4, "W44 is missing");
    assert_eq!(reminded_streak(week("2026-W49"), &reminded, None), 0, "not reminded this week");
    // Updated on the Saturday after W46's evaluation: only W47 and W48 count.
    let update = friday_evening(week("2026-W46")) + chrono::Duration::hours(12);
    assert_eq!(reminded_streak(now, &reminded, Some(update)), 2);
    // An update before the first reminder of the run changes nothing.
    let old = friday_evening(week("2026-W40"));
    assert_eq!(reminded_streak(now, &reminded, Some(old)), 4);
}

#[test]
fn weekly_escalation_climbs_one_level_per_week_from_the_week_it_reached_the_setting() {
    use ManagerDigestCadence::Weekly;
    let now = week("2026-W48");
    assert_eq!(escalation_level(1, 2, Weekly, now), None);
    assert_eq!(escalation_level(2, 2, Weekly, now), Some(1));
    assert_eq!(escalation_level(3, 2, Weekly, now), Some(2));
    assert_eq!(escalation_level(6, 2, Weekly, now), Some(5));
}

#[test]
fn monthly_escalation_climbs_one_level_per_month() {
    use ManagerDigestCadence::Monthly;
    // Reached 2 weeks on 2026-11-20 (W47), now 2026-11-27: the same month.
    assert_eq!(escalation_level(3, 2, Monthly, week("2026-W48")), Some(1));
    // Reached in November, now the last Friday of December: one month later.
    assert_eq!(escalation_level(7, 2, Monthly, week("2026-W52")), Some(2));
}

#[test]
fn the_target_is_the_manager_at_the_level_never_past_the_first_executive() {
    let chain = vec![
        (member("mia"), Role::Manager),
        (member("max"), Role::Manager),
        (member("eve"), Role::Executive),
        (member("ceo"), Role::Executive),
    ];
    let target = |level| escalation_target(level, &chain).map(MemberId::as_str);
    assert_eq!(target(1), Some("mia"));
    assert_eq!(target(2), Some("max"));
    assert_eq!(target(3), Some("eve"));
    assert_eq!(target(4), Some("eve"), "never past an executive");
    assert_eq!(target(40), Some("eve"));
    let short = vec![(member("mia"), Role::Manager)];
    assert_eq!(escalation_target(5, &short).map(MemberId::as_str), Some("mia"), "the top of the chain");
    assert_eq!(escalation_target::<MemberId>(1, &[]), None, "no manager");
}
