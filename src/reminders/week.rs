//! The ISO week an evaluation belongs to: the key that makes queuing idempotent
//! (one evaluation per org and week, one digest per owner and week).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Week {
    year: i32,
    number: u32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not an ISO week (expected e.g. 2026-W48)")]
pub struct WeekParseError(pub String);

impl Week {
    /// The ISO week holding `date` (a local date: weeks start on Monday there).
    pub fn of(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        Self { year: iso.year(), number: iso.week() }
    }

    /// The day of this week that falls on `weekday`.
    pub fn day(self, weekday: Weekday) -> NaiveDate {
        // Every ISO week exists, so this cannot fail for a week built by `of` or `parse`.
        NaiveDate::from_isoywd_opt(self.year, self.number, weekday).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Self {
        Self::of(self.day(Weekday::Mon) + chrono::Days::new(7))
    }

    pub fn previous(self) -> Self {
        Self::of(self.day(Weekday::Mon) - chrono::Days::new(7))
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.number)
    }
}

impl FromStr for Week {
    type Err = WeekParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || WeekParseError(text.to_owned());
        let (year, number) = text.split_once("-W").ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number: u32 = number.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, number, Weekday::Mon).ok_or_else(bad)?;
        Ok(Self { year, number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_friday_belongs_to_the_iso_week_that_started_on_its_monday() {
        let week = Week::of(date("2026-11-27"));
        assert_eq!(week.to_string(), "2026-W48");
        assert_eq!(week.day(Weekday::Mon), date("2026-11-23"));
        assert_eq!(week.day(Weekday::Fri), date("2026-11-27"));
    }

    #[test]
    fn the_first_days_of_january_can_belong_to_the_previous_years_last_week() {
        assert_eq!(Week::of(date("2027-01-01")).to_string(), "2026-W53");
        assert_eq!(Week::of(date("2026-12-31")).next().to_string(), "2027-W01");
        assert_eq!(Week::of(date("2027-01-04")).previous().to_string(), "2026-W53");
    }

    #[test]
    fn a_week_reads_back_what_it_prints_and_rejects_anything_else() {
        let week: Week = "2026-W48".parse().unwrap();
        assert_eq!(week, Week::of(date("2026-11-25")));
        assert!("2026-W54".parse::<Week>().is_err());
        assert!("2026-48".parse::<Week>().is_err());
        assert!("x-W01".parse::<Week>().is_err());
    }
}
