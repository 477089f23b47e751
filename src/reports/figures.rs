//! What one goal adds to a report, and the figures the additions make. The store's SQL
//! computes the same per-goal facts (store/reports/sql.rs) and adds them up here, so the
//! sums, shares and rounding are written once.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::core::ids::MemberId;
use crate::goals::{GoalState, Status};
use crate::org::PaceThresholds;
use crate::reminders::due::is_stale;
use crate::rollup::{pace_status_with, round2};

/// What a goal (or `count` goals alike) adds to a progress report. Only published goals
/// have a pace, add to the mean progress, or count as past their end or not updated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalTally {
    pub state: GoalState,
    pub pace: Option<Status>,
    pub count: u64,
    /// The sum of the progress of the published goals among them, each in whole
    /// hundredths ([`progress_cents`]): integers, so that any order of addition (SQL's,
    /// Rust's) gives the same mean.
    pub progress_cents: i64,
    pub past_end_date: u64,
    pub not_updated_28_days: u64,
}

/// Progress in whole hundredths, rounded half up: what `goal show` prints (`round2`),
/// times 100.
pub fn progress_cents(progress: f64) -> i64 {
    (progress * 100.0 + 0.5).floor() as i64
}

/// One goal's tally at `at`, `today` being `at`'s date in the org's time zone. The pace is
/// that of `goal show`: CONTRACT §4 with the org's `pace_thresholds` (§10) on the progress
/// rounded to 2 decimals.
pub fn goal_tally(
    thresholds: PaceThresholds,
    state: GoalState,
    progress: f64,
    (start, end): (NaiveDate, NaiveDate),
    last_activity_at: Option<DateTime<Utc>>,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> GoalTally {
    let published = state == GoalState::Published;
    GoalTally {
        state,
        pace: published
            .then(|| pace_status_with(thresholds, progress_cents(progress) as f64 / 100.0, start, end, today)),
        count: 1,
        progress_cents: if published { progress_cents(progress) } else { 0 },
        past_end_date: u64::from(published && end < today),
        not_updated_28_days: u64::from(published && last_activity_at.is_some_and(|last| is_stale(last, at))),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct StateCounts {
    pub published: u64,
    pub closed: u64,
    pub archived: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PaceCounts {
    pub on_track: u64,
    pub at_risk: u64,
    pub off_track: u64,
}

/// The progress report's figures over a set of goals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProgressFigures {
    /// Every counted goal (published, closed, archived).
    pub goals: u64,
    pub by_state: StateCounts,
    /// Published goals by pace at T.
    pub by_pace: PaceCounts,
    /// The mean progress of the published goals (each to 2 decimals), 2 decimals; null
    /// without any.
    pub mean_progress: Option<f64>,
    pub past_end_date: u64,
    pub not_updated_28_days: u64,
    #[serde(skip)]
    progress_cents: i64,
}

impl ProgressFigures {
    /// Adds `tally`; a draft is never counted.
    pub fn add(&mut self, tally: &GoalTally) {
        match tally.state {
            GoalState::Published => self.by_state.published += tally.count,
            GoalState::Closed => self.by_state.closed += tally.count,
            GoalState::Archived => self.by_state.archived += tally.count,
            GoalState::Draft => return,
        }
        self.goals += tally.count;
        match tally.pace {
            Some(Status::OnTrack) => self.by_pace.on_track += tally.count,
            Some(Status::AtRisk) => self.by_pace.at_risk += tally.count,
            Some(Status::OffTrack) => self.by_pace.off_track += tally.count,
            None => {}
        }
        self.past_end_date += tally.past_end_date;
        self.not_updated_28_days += tally.not_updated_28_days;
        self.progress_cents += tally.progress_cents;
        let published = self.by_state.published;
        self.mean_progress = (published > 0).then(|| round2(self.progress_cents as f64 / 100.0 / published as f64));
    }
}

/// What the adoption report adds up, before shares and the median.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdoptionTally {
    pub active_members: u64,
    /// Active members of the scope owning no published goal the viewer sees.
    pub members_without_published_goal: Vec<MemberId>,
    pub published_goals: u64,
    pub published_goals_with_parent: u64,
    /// Published goals by whole days since their last activity (those with one).
    pub days_since_activity: BTreeMap<i64, u64>,
}

/// The adoption report's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionFigures {
    pub active_members: u64,
    pub members_with_published_goal: u64,
    /// Of the active members, 2 decimals; null without any.
    pub members_with_published_goal_percent: Option<f64>,
    pub published_goals: u64,
    pub published_goals_with_parent: u64,
    pub published_goals_with_parent_percent: Option<f64>,
    /// Null when no published goal has a last activity.
    pub median_days_since_last_activity: Option<f64>,
    /// By id.
    pub members_without_published_goal: Vec<MemberId>,
}

impl AdoptionTally {
    pub fn figures(mut self) -> AdoptionFigures {
        self.members_without_published_goal.sort();
        self.members_without_published_goal.dedup();
        let without = self.members_without_published_goal.len() as u64;
        let with = self.active_members.saturating_sub(without);
        AdoptionFigures {
            active_members: self.active_members,
            members_with_published_goal: with,
            members_with_published_goal_percent: percent(with, self.active_members),
            published_goals: self.published_goals,
            published_goals_with_parent: self.published_goals_with_parent,
            published_goals_with_parent_percent: percent(self.published_goals_with_parent, self.published_goals),
            median_days_since_last_activity: median_of_histogram(&self.days_since_activity),
            members_without_published_goal: self.members_without_published_goal,
        }
    }
}

/// `part / whole * 100`, 2 decimals; None when `whole` is 0.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round2(part as f64 * 100.0 / whole as f64))
}

/// Whole days from `last` to `at`, counted on whole seconds (a partial day does not
/// count); 0 when `last` is after `at`.
pub fn days_since(last: DateTime<Utc>, at: DateTime<Utc>) -> i64 {
    ((at.timestamp() - last.timestamp()) / 86_400).max(0)
}

/// The median of values given as value → how many times: the middle one, or the mean of
/// the two middle ones for an even count.
pub fn median_of_histogram(histogram: &BTreeMap<i64, u64>) -> Option<f64> {
    let count: u64 = histogram.values().sum();
    if count == 0 {
        return None;
    }
    // The 0-based positions of the middle values in sorted order.
    let (low, high) = ((count - 1) / 2, count / 2);
    let (mut low_value, mut seen) = (None, 0);
    for (&value, &n) in histogram {
        if low_value.is_none() && seen + n > low {
            low_value = Some(value);
        }
        if seen + n > high {
            return low_value.map(|low| (low as f64 + value as f64) / 2.0);
        }
        seen += n;
    }
    None
}
