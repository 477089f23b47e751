//! Pace: is the progress where the calendar says it should be?

use chrono::{DateTime, NaiveDate, Utc};

use crate::goals::Status;
use crate::org::PaceThresholds;

/// The calendar date of `at` in `tz` (the org's time zone): the D of CONTRACT §4.
pub fn local_date(at: DateTime<Utc>, tz: chrono_tz::Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// CONTRACT §4 pace on `today`, for a goal running from `start` to `end` inclusive.
///
/// `progress >= 0.75 * expected * 100` is compared as `progress * total >= 75 * elapsed`
/// (and likewise for 0.5), so that with integral day counts a boundary such as 50 at half
/// time is exact. A slack of 1e-9 per day absorbs float noise from a roll-up (a mean that
/// should be 75 but comes out 74.99999999999999). An end before the start (which import
/// rejects) counts as a one-day goal.
pub fn pace_status(progress: f64, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Status {
    pace_status_with(PaceThresholds::default(), progress, start, end, today)
}

/// Pace with an org's thresholds (CONTRACT §10 `pace_thresholds`): `on_track` when
/// `progress >= on_track/100 * expected * 100`, compared as `progress * total >= on_track *
/// elapsed` so integral thresholds stay exact; likewise `at_risk`.
pub fn pace_status_with(
    thresholds: PaceThresholds,
    progress: f64,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> Status {
    let total = ((end - start).num_days() + 1).max(1);
    let elapsed = ((today - start).num_days() + 1).clamp(0, total);
    let (total, elapsed) = (total as f64, elapsed as f64);
    let slack = 1e-9 * total;
    if progress * total + slack >= thresholds.on_track * elapsed {
        Status::OnTrack
    } else if progress * total + slack >= thresholds.at_risk * elapsed {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// `x` rounded to 2 decimals, as `goal show` prints progress. Never returns -0.0, which
/// would print as "-0.0".
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}
