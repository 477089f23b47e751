//! Who is due a reminder and why (CONTRACT §5), and when their digest is delivered.
//! Pure: the evaluation instant is passed in. The SQL twin lives in store/reminders.rs
//! and tests/it/reminders.rs checks the two agree.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone as _, Utc, Weekday};

use crate::core::text_enum;
use crate::goals::GoalState;
use crate::org::TimeZone;

/// A goal untouched this long is due.
pub const STALE_AFTER_DAYS: u64 = 28;
/// Digests are delivered at this local time on the Monday after the evaluation.
pub const DELIVERY_HOUR: u32 = 9;

text_enum!(
    /// Why a goal is listed, in the order the contract prints reasons.
    Reason {
        NotUpdated28Days => "not_updated_28_days",
        PastEndDate => "past_end_date",
    }
);

/// What §5 reads of one goal and its owner.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalFacts {
    pub state: GoalState,
    pub owner_active: bool,
    pub owner_has_email: bool,
    /// The owner asked for no more digests (List-Unsubscribe).
    pub owner_opted_out: bool,
    /// The latest progress update (by a person or a roll-up), else `published_at`.
    pub last_activity_at: Option<DateTime<Utc>>,
    pub end_date: NaiveDate,
}

/// The reasons the owner is reminded of this goal at `evaluated_at`, in contract order;
/// empty when they are not. `org_timezone` decides the date the end date is compared to.
pub fn reasons_for(goal: &GoalFacts, evaluated_at: DateTime<Utc>, org_timezone: TimeZone) -> Vec<Reason> {
    if goal.state != GoalState::Published || !goal.owner_active || !goal.owner_has_email || goal.owner_opted_out {
        return Vec::new();
    }
    let mut reasons = Vec::with_capacity(2);
    if goal.last_activity_at.is_some_and(|at| is_stale(at, evaluated_at)) {
        reasons.push(Reason::NotUpdated28Days);
    }
    if goal.end_date < local_date(evaluated_at, org_timezone) {
        reasons.push(Reason::PastEndDate);
    }
    reasons
}

/// `last_activity + 28 days <= T`, on exact instants (28 days, not 28 calendar days of
/// some time zone: the contract adds days to an instant).
pub fn is_stale(last_activity_at: DateTime<Utc>, evaluated_at: DateTime<Utc>) -> bool {
    stale_cutoff(evaluated_at) >= last_activity_at
}

/// The latest activity instant that still counts as stale at `evaluated_at`.
pub fn stale_cutoff(evaluated_at: DateTime<Utc>) -> DateTime<Utc> {
    evaluated_at - chrono::Duration::days(STALE_AFTER_DAYS as i64)
}

pub fn local_date(at: DateTime<Utc>, timezone: TimeZone) -> NaiveDate {
    at.with_timezone(&timezone).date_naive()
}

/// 09:00 in the owner's time zone on the first Monday after the evaluation's date there.
pub fn delivery_instant(evaluated_at: DateTime<Utc>, owner_timezone: TimeZone) -> DateTime<Utc> {
    let date = local_date(evaluated_at, owner_timezone);
    let days_to_monday = 7 - u64::from(date.weekday().num_days_from_monday());
    let monday = date + Days::new(days_to_monday);
    debug_assert_eq!(monday.weekday(), Weekday::Mon);
    local_instant(monday, NaiveTime::from_hms_opt(DELIVERY_HOUR, 0, 0).unwrap_or_default(), owner_timezone)
}

/// A local wall-clock time as an instant. In a DST gap the time does not exist: take
/// the first instant after it. In an overlap it exists twice: take the earlier.
pub fn local_instant(date: NaiveDate, time: NaiveTime, timezone: TimeZone) -> DateTime<Utc> {
    let local = date.and_time(time);
    let mut probe = local;
    for _ in 0..4 {
        if let Some(at) = timezone.from_local_datetime(&probe).earliest() {
            return at.with_timezone(&Utc);
        }
        probe += chrono::Duration::minutes(30);
    }
    // No zone has a gap longer than two hours; fall back to reading the time as UTC.
    local.and_utc()
}

#[cfg(test)]
#[path = "due_tests.rs"]
mod tests;
