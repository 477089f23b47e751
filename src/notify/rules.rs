//! Who may nudge or cheer a goal, how often, and when the email goes out.

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::core::ids::MemberId;
use crate::goals::GoalState;

/// At most one nudge (and one cheer) per sender and goal in this span.
pub const RATE_LIMIT: Duration = Duration::hours(24);
/// An owner's notifications within one such window (aligned on the quarter hour, UTC) go
/// out as one email at its end.
pub const WINDOW: Duration = Duration::minutes(15);

/// Why a member who sees the goal may still not nudge or cheer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Owners do not nudge or cheer themselves (403).
    OwnGoal,
    /// Only a published goal (not a draft, closed or archived one) is open to them (409).
    NotPublished(GoalState),
}

/// The sender is an active member who sees the goal (checked by the caller); here, the
/// rest of the rule.
pub fn may_notify(sender: &MemberId, owner: &MemberId, state: GoalState) -> Result<(), Refusal> {
    if sender == owner {
        return Err(Refusal::OwnGoal);
    }
    if state != GoalState::Published {
        return Err(Refusal::NotPublished(state));
    }
    Ok(())
}

/// None when a notification may go now, after the last one of the same sender, goal and
/// kind at `last`; otherwise the whole seconds to wait (at least 1), for `Retry-After`.
pub fn retry_after(last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<i64> {
    let next = last? + RATE_LIMIT;
    if next <= now {
        return None;
    }
    let wait = next - now;
    let seconds = wait.num_seconds() + i64::from(wait.subsec_nanos() > 0);
    Some(seconds.max(1))
}

/// The window holding `at`: its start (on a quarter hour) and its end, when the email goes.
pub fn window_of(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    // Rounding a UTC instant down to 15 minutes cannot overflow for any stored instant;
    // `at` itself is the fallback so a strange value still gives a window.
    let start = at.duration_trunc(WINDOW).unwrap_or(at);
    (start, start + WINDOW)
}

/// The wait before attempt `attempts + 1` of an email: `initial` doubled per attempt
/// made, at most an hour (the digests' rule).
pub fn retry_wait(initial: std::time::Duration, attempts: u32) -> std::time::Duration {
    let factor = 1u32.checked_shl(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    initial.saturating_mul(factor).min(std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
    }

    fn member(id: &str) -> MemberId {
        MemberId::parse(id).unwrap()
    }

    #[test]
    fn a_colleague_may_nudge_a_published_goal_but_not_a_draft_and_an_owner_never() {
        assert_eq!(may_notify(&member("ada"), &member("dee"), GoalState::Published), Ok(()));
        assert_eq!(may_notify(&member("dee"), &member("dee"), GoalState::Published), Err(Refusal::OwnGoal));
        assert_eq!(
            may_notify(&member("ada"), &member("dee"), GoalState::Draft),
            Err(Refusal::NotPublished(GoalState::Draft))
        );
        assert_eq!(
            may_notify(&member("ada"), &member("dee"), GoalState::Closed),
            Err(Refusal::NotPublished(GoalState::Closed))
        );
    }

    #[test]
    fn a_second_nudge_within_24_hours_waits_for_the_rest_of_them() {
        assert_eq!(retry_after(None, at(10, 0, 0)), None);
        assert_eq!(retry_after(Some(at(10, 0, 0)), at(10, 0, 0)), Some(86_400));
        assert_eq!(retry_after(Some(at(10, 0, 0)), at(11, 0, 0)), Some(82_800));
        let almost = at(10, 0, 0) + RATE_LIMIT - Duration::milliseconds(300);
        assert_eq!(retry_after(Some(at(10, 0, 0)), almost), Some(1));
        assert_eq!(retry_after(Some(at(10, 0, 0)), at(10, 0, 0) + RATE_LIMIT), None);
    }

    #[test]
    fn a_failed_email_waits_twice_as_long_each_time_up_to_an_hour() {
        let initial = std::time::Duration::from_secs(60);
        assert_eq!(retry_wait(initial, 1).as_secs(), 60);
        assert_eq!(retry_wait(initial, 3).as_secs(), 240);
        assert_eq!(retry_wait(initial, 99).as_secs(), 3600);
    }

    #[test]
    fn notifications_in_the_same_quarter_hour_share_a_window_ending_at_its_close() {
        assert_eq!(window_of(at(10, 0, 0)), (at(10, 0, 0), at(10, 15, 0)));
        assert_eq!(window_of(at(10, 14, 59)), (at(10, 0, 0), at(10, 15, 0)));
        assert_eq!(window_of(at(10, 15, 0)), (at(10, 15, 0), at(10, 30, 0)));
        assert_eq!(window_of(at(23, 59, 59)).1, Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).unwrap());
    }
}
