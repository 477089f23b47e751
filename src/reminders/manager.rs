//! The manager digest's rules (issue 17), pure: which period a Friday evaluation falls in
//! and whether it is the one that writes that period's digests, who gets one, and how far
//! up the manager chain a goal reminded week after week without an update is escalated.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};

use crate::org::policy::ManagerDigestCadence;
use crate::org::Role;
use crate::reminders::Week;

/// The span one manager digest covers: an ISO week (`2026-W48`) or a calendar month
/// (`2026-11`). Its text is the digest's key with the org and the manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Week(Week),
    Month { year: i32, month: u32 },
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week(week) => write!(f, "{week}"),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl Period {
    /// The period of `cadence` holding `date` (a local date); None when the digest is off.
    pub fn of(cadence: ManagerDigestCadence, date: NaiveDate) -> Option<Self> {
        match cadence {
            ManagerDigestCadence::Off => None,
            ManagerDigestCadence::Weekly => Some(Period::Week(Week::of(date))),
            ManagerDigestCadence::Monthly => Some(Period::Month { year: date.year(), month: date.month() }),
        }
    }

    /// The period before this one: what "the change since the previous period" compares with.
    pub fn previous(self) -> Self {
        match self {
            Period::Week(week) => Period::Week(week.previous()),
            Period::Month { year, month: 1 } => Period::Month { year: year - 1, month: 12 },
            Period::Month { year, month } => Period::Month { year, month: month - 1 },
        }
    }

    /// Months from `self` to `later` (0 for the same month); weeks for weekly periods.
    fn steps_to(self, later: Period) -> u32 {
        match (self, later) {
            (Period::Month { year: y1, month: m1 }, Period::Month { year: y2, month: m2 }) => {
                ((y2 - y1) * 12 + m2 as i32 - m1 as i32).max(0) as u32
            }
            (Period::Week(a), Period::Week(b)) => {
                ((b.day(Weekday::Mon) - a.day(Weekday::Mon)).num_days() / 7).max(0) as u32
            }
            _ => 0,
        }
    }
}

/// The period whose digests the evaluation of the week holding `friday` (the org's local
/// date of T) writes: every week for `weekly`; for `monthly` only the month's last Friday
/// evaluation (the one whose next Friday is in the next month), so a month's digest sums
/// up the whole month. None when there is nothing to write this week.
pub fn due_period(cadence: ManagerDigestCadence, friday: NaiveDate) -> Option<Period> {
    let period = Period::of(cadence, friday)?;
    match period {
        Period::Month { month, .. } if (friday + Days::new(7)).month() == month => None,
        _ => Some(period),
    }
}

/// Who gets a manager digest: an active member with an email address, at least one
/// active direct report, who has not unsubscribed from manager digests.
pub fn gets_manager_digest(active: bool, has_email: bool, active_direct_reports: usize, opted_out: bool) -> bool {
    active && has_email && active_direct_reports > 0 && !opted_out
}

/// How many weeks in a row, ending at `current`, a goal was reminded without an update:
/// `reminded` holds each week it was listed with that week's evaluation instant; the run
/// stops at the first week missing, or at the first whose evaluation is before the goal's
/// last activity (an update after it starts a new run).
pub fn reminded_streak(
    current: Week,
    reminded: &BTreeMap<Week, DateTime<Utc>>,
    last_activity_at: Option<DateTime<Utc>>,
) -> u32 {
    let mut week = current;
    let mut streak = 0;
    while let Some(&evaluated_at) = reminded.get(&week) {
        if last_activity_at.is_some_and(|last| last > evaluated_at) {
            break;
        }
        streak += 1;
        week = week.previous();
    }
    streak
}

/// The level a goal reminded `streak` weeks in a row has reached at the period holding
/// `current`'s Friday: 1 (the owner's manager) in the period it reached `after` weeks,
/// one more per period since; None below `after`.
pub fn escalation_level(streak: u32, after: u32, cadence: ManagerDigestCadence, current: Week) -> Option<u32> {
    if after == 0 || streak < after {
        return None;
    }
    let friday = current.day(Weekday::Fri);
    let reached = friday - Days::new(7 * u64::from(streak - after));
    let (Some(then), Some(now)) = (Period::of(cadence, reached), Period::of(cadence, friday)) else {
        return None;
    };
    Some(1 + then.steps_to(now))
}

/// Whose digest a goal at `level` goes to: `chain` is the owner's managers, nearest first.
/// Level 1 is the owner's manager, each level one further up, never past the first
/// executive of the chain nor past its top. None when the owner has no manager.
pub fn escalation_target<M>(level: u32, chain: &[(M, Role)]) -> Option<&M> {
    let wanted = (level.max(1) - 1) as usize;
    let stop = chain.iter().position(|(_, role)| *role == Role::Executive).unwrap_or(usize::MAX);
    let index = wanted.min(stop).min(chain.len().checked_sub(1)?);
    chain.get(index).map(|(id, _)| id)
}

#[cfg(test)]
#[path = "manager_tests.rs"]
mod tests;
