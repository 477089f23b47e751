//! Goal periods (calendar quarters, halves, years) around the org's "today", and the
//! timestamp text of the import file.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};

use super::naming::push_padded;

/// The org's zone; "today" is the org's local date at `now`, as CONTRACT §4 reads pace.
pub(crate) const ORG_TZ: chrono_tz::Tz = chrono_tz::America::Toronto;

pub(crate) const DAY: i64 = 86_400;
pub(crate) const HOUR: i64 = 3_600;

/// An inclusive range of dates, as `start_date`/`end_date` in CONTRACT §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
}

impl Period {
    /// The calendar quarter `offset` quarters after the one holding `today`.
    pub(crate) fn quarter(today: NaiveDate, offset: i32) -> Period {
        let first_month = month_number(today) / 3 * 3 + 3 * offset;
        months(today, first_month, 3)
    }

    /// The half-year `offset` halves after the one holding `today`.
    pub(crate) fn half(today: NaiveDate, offset: i32) -> Period {
        let first_month = month_number(today) / 6 * 6 + 6 * offset;
        months(today, first_month, 6)
    }

    /// The calendar year holding `today`.
    pub(crate) fn year(today: NaiveDate) -> Period {
        months(today, month_number(today) / 12 * 12, 12)
    }

    /// `days` days (at least one) from `start`.
    pub(crate) fn from_start(start: NaiveDate, days: i64) -> Period {
        let end = start + Duration::days(days.max(1) - 1);
        Period { start, end }
    }

    /// The part of `self` inside `outer`, or `self` when they don't overlap: a child goal
    /// usually fits in its parent's period, but not always, and that is allowed.
    pub(crate) fn within(self, outer: Period) -> Period {
        let start = self.start.max(outer.start);
        let end = self.end.min(outer.end);
        if start <= end {
            Period { start, end }
        } else {
            self
        }
    }

    pub(crate) fn total_days(self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The share of the period elapsed on `today`: the `expected` of CONTRACT §4's pace.
    pub(crate) fn elapsed_share(self, today: NaiveDate) -> f64 {
        let total = self.total_days();
        let elapsed = ((today - self.start).num_days() + 1).clamp(0, total);
        elapsed as f64 / total as f64
    }

    /// Midnight UTC at the start of the period, in Unix seconds.
    pub(crate) fn start_instant(self) -> i64 {
        self.start.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp())
    }

    /// Midnight UTC after the last day of the period, in Unix seconds.
    pub(crate) fn end_instant(self) -> i64 {
        self.start_instant() + self.total_days() * DAY
    }
}

/// The org's local date at `now`.
pub(crate) fn org_today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&ORG_TZ).date_naive()
}

/// Months since year 0, so quarter arithmetic can cross year boundaries.
fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// `count` whole months starting at month number `first`; a one-day period at `fallback`
/// for dates chrono can't represent (years far outside anything a demo uses).
fn months(fallback: NaiveDate, first: i32, count: i32) -> Period {
    let first_day = |number: i32| NaiveDate::from_ymd_opt(number.div_euclid(12), number.rem_euclid(12) as u32 + 1, 1);
    match (first_day(first), first_day(first + count).and_then(|d| d.pred_opt())) {
        (Some(start), Some(end)) => Period { start, end },
        _ => Period { start: fallback, end: fallback },
    }
}

/// RFC 3339 in UTC with a `Z`, seconds precision: the form used in the contract's examples.
/// Written by hand, like ids, because a million goals carry several million timestamps.
pub(crate) fn rfc3339(unix_seconds: i64) -> String {
    let at = DateTime::from_timestamp(unix_seconds, 0).unwrap_or_default();
    let mut text = String::with_capacity(20);
    push_date(&mut text, at.year(), at.month(), at.day());
    for (separator, number) in [('T', at.hour()), (':', at.minute()), (':', at.second())] {
        text.push(separator);
        push_padded(&mut text, u64::from(number), 2);
    }
    text.push('Z');
    text
}

pub(crate) fn date_text(date: NaiveDate) -> String {
    let mut text = String::with_capacity(10);
    push_date(&mut text, date.year(), date.month(), date.day());
    text
}

/// `YYYY-MM-DD`; years before 1 AD never come out of `now` give or take a year.
fn push_date(text: &mut String, year: i32, month: u32, day: u32) {
    push_padded(text, u64::try_from(year).unwrap_or(0), 4);
    text.push('-');
    push_padded(text, u64::from(month), 2);
    text.push('-');
    push_padded(text, u64::from(day), 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn quarters_cross_year_boundaries() {
        let last = Period::quarter(date(2026, 2, 10), -1);
        assert_eq!((last.start, last.end), (date(2025, 10, 1), date(2025, 12, 31)));
        let next = Period::quarter(date(2026, 11, 27), 1);
        assert_eq!((next.start, next.end), (date(2027, 1, 1), date(2027, 3, 31)));
    }

    #[test]
    fn a_year_runs_from_january_to_december() {
        let year = Period::year(date(2026, 11, 27));
        assert_eq!((year.start, year.end), (date(2026, 1, 1), date(2026, 12, 31)));
        assert_eq!(year.total_days(), 365);
    }

    #[test]
    fn elapsed_share_is_zero_before_the_start_and_one_after_the_end() {
        let q = Period::quarter(date(2026, 5, 1), 0);
        assert_eq!(q.elapsed_share(date(2026, 3, 1)), 0.0);
        assert_eq!(q.elapsed_share(date(2026, 7, 1)), 1.0);
    }

    #[test]
    fn timestamps_are_utc_with_a_z() {
        assert_eq!(rfc3339(1_795_816_800), "2026-11-27T22:00:00Z");
        assert_eq!(rfc3339(1_767_225_600 + 3_661), "2026-01-01T01:01:01Z");
        assert_eq!(date_text(date(2026, 3, 9)), "2026-03-09");
    }
}
