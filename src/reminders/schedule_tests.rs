use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};

use super::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn tz(name: &str) -> TimeZone {
    name.parse().unwrap()
}

#[test]
fn the_evaluation_is_friday_at_17_in_the_orgs_time_zone() {
    let week: Week = "2026-W48".parse().unwrap();
    assert_eq!(EvaluationTime::default().instant(week, tz("America/Toronto")), at("2026-11-27T22:00:00Z"));
    assert_eq!(EvaluationTime::default().instant(week, tz("Asia/Kolkata")), at("2026-11-27T11:30:00Z"));
}

#[test]
fn before_friday_evening_last_weeks_evaluation_is_the_one_due_and_from_then_this_weeks() {
    let toronto = tz("America/Toronto");
    let schedule = EvaluationTime::default();
    let last_week = ("2026-W47".parse().unwrap(), at("2026-11-20T22:00:00Z"));
    let this_week = ("2026-W48".parse().unwrap(), at("2026-11-27T22:00:00Z"));
    assert_eq!(schedule.due(at("2026-11-27T21:59:59Z"), toronto), last_week);
    assert_eq!(schedule.due(at("2026-11-27T22:00:00Z"), toronto), this_week);
    // A daemon that was down on Friday evening catches up on Sunday, or on Wednesday.
    assert_eq!(schedule.due(at("2026-11-30T04:59:00Z"), toronto), this_week);
    assert_eq!(schedule.due(at("2026-12-02T12:00:00Z"), toronto), this_week);
}

#[test]
fn the_evaluation_time_reads_a_day_and_a_time() {
    let parsed: EvaluationTime = "thursday 08:30".parse().unwrap();
    assert_eq!(parsed.weekday, Weekday::Thu);
    assert_eq!(parsed.time, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
    assert!("friday".parse::<EvaluationTime>().is_err());
    assert!("friday 25:00".parse::<EvaluationTime>().is_err());
    assert!("someday 17:00".parse::<EvaluationTime>().is_err());
}

/// Ticks every 10 minutes for three years, as a daemon would, and records which week
/// each first-due tick evaluates: every week exactly once, at Friday 17:00 local, on both
/// sides of every DST change.
#[test]
fn three_years_of_ticks_evaluate_each_week_once_at_friday_17_local_across_dst() {
    let schedule = EvaluationTime::default();
    for zone in ["America/Toronto", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata"] {
        let timezone = tz(zone);
        // Wednesday to Wednesday in every zone: 156 Fridays in between.
        let start = at("2026-01-07T00:00:00Z");
        let end = start + Duration::days(3 * 364);
        let mut evaluated: BTreeMap<Week, DateTime<Utc>> = BTreeMap::new();
        let mut now = start;
        while now < end {
            let (week, instant) = schedule.due(now, timezone);
            // The first tick catches up the Friday before the start; count from the start.
            if instant >= start {
                evaluated.entry(week).or_insert(instant);
            }
            now += Duration::minutes(10);
        }
        assert_eq!(evaluated.len(), 3 * 52, "{zone}");
        let mut offsets = std::collections::BTreeSet::new();
        for (week, instant) in &evaluated {
            let local = instant.with_timezone(&timezone);
            assert_eq!((local.weekday(), local.hour(), local.minute()), (Weekday::Fri, 17, 0), "{zone} {week}");
            assert_eq!(Week::of(local.date_naive()), *week);
            offsets.insert(local.offset().to_string());
        }
        // Zones with DST went through both offsets; Kolkata has one.
        assert_eq!(offsets.len(), if zone == "Asia/Kolkata" { 1 } else { 2 }, "{zone}: {offsets:?}");
    }
}
