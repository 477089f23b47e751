//! When an org's weekly evaluation falls. The cron tick only wakes the daemon; this
//! decides, from the org's time zone and the clock, whether this week's evaluation is
//! due. Missed ticks and DST changes cannot shift it, and a daemon started late in the
//! week catches up (the claim in the database keeps it to once per week).

use chrono::{DateTime, NaiveTime, Utc, Weekday};

use crate::org::TimeZone;
use crate::reminders::due::{local_date, local_instant};
use crate::reminders::Week;

/// The local day and time of the weekly evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationTime {
    pub weekday: Weekday,
    pub time: NaiveTime,
}

impl Default for EvaluationTime {
    /// Friday 17:00 (CONTRACT §5).
    fn default() -> Self {
        Self { weekday: Weekday::Fri, time: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default() }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not a weekly time (expected a day and a 24-hour time, e.g. \"friday 17:00\")")]
pub struct EvaluationTimeError(pub String);

impl std::str::FromStr for EvaluationTime {
    type Err = EvaluationTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || EvaluationTimeError(text.to_owned());
        let (day, time) = text.trim().split_once(' ').ok_or_else(bad)?;
        let weekday: Weekday = day.parse().map_err(|_| bad())?;
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| bad())?;
        Ok(Self { weekday, time })
    }
}

impl EvaluationTime {
    /// The instant of `week`'s evaluation in an org of `timezone`.
    pub fn instant(self, week: Week, timezone: TimeZone) -> DateTime<Utc> {
        local_instant(week.day(self.weekday), self.time, timezone)
    }

    /// The evaluation the org should have run by `now`: the latest scheduled instant at
    /// or before `now` (this week's once it has passed, else last week's), with its week
    /// (ISO weeks of the org's local date). A daemon that was down on Friday evening thus
    /// catches up when it starts, until the next Friday's evaluation takes over; the
    /// digests of a late evaluation go out as soon as their Monday has passed.
    pub fn due(self, now: DateTime<Utc>, timezone: TimeZone) -> (Week, DateTime<Utc>) {
        let week = Week::of(local_date(now, timezone));
        let at = self.instant(week, timezone);
        if now >= at {
            (week, at)
        } else {
            let previous = week.previous();
            (previous, self.instant(previous, timezone))
        }
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
