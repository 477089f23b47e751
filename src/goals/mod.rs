//! The goal model (pure: no I/O). Rules live beside it: `permissions` here,
//! visibility and roll-up in their own top-level modules.

pub mod assign;
pub mod category;
pub mod comments;
pub mod duplicate;
pub mod fields;
pub mod hierarchy;
pub mod history;
pub mod lifecycle;
pub mod people;
pub mod permissions;
pub mod tree_keys;
pub mod updates;

#[cfg(test)]
mod example_org_tests;
#[cfg(test)]
pub(crate) mod fixtures;

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::ids::{CategoryId, GoalId, MeasurementId, MemberId, TeamId};
use crate::core::text_enum;

/// Longest description or comment, in characters (one constant, in `core::text`).
pub use crate::core::text::MAX_TEXT_LEN;

text_enum!(
    /// The scope of a goal, not its place in the hierarchy.
    GoalType {
        Personal => "personal",
        Team => "team",
        Organization => "organization",
    }
);

text_enum!(
    GoalState {
        Draft => "draft",
        Published => "published",
        Closed => "closed",
        Archived => "archived",
    }
);

text_enum!(
    Visibility {
        Public => "public",
        OwnersAndContributors => "owners_and_contributors",
    }
);

text_enum!(
    /// How progress is obtained; see CONTRACT §4.
    Tracking {
        Basic => "basic",
        Measurements => "measurements",
        SubgoalsManual => "subgoals_manual",
        SubgoalsAutomatic => "subgoals_automatic",
    }
);

text_enum!(
    /// Set by a person on a goal, or computed as the pace.
    Status {
        OnTrack => "on_track",
        AtRisk => "at_risk",
        OffTrack => "off_track",
    }
);

text_enum!(
    MeasurementKind {
        Percent => "percent",
        Numeric => "numeric",
        Currency => "currency",
        YesNo => "yes_no",
    }
);

/// A percent share in a roll-up, 0 to 100 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
pub struct Weight(f64);

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("weight {0} is not a percent between 0 and 100")]
pub struct WeightOutOfRange(pub f64);

impl Weight {
    pub fn parse(percent: f64) -> Result<Self, WeightOutOfRange> {
        if percent.is_finite() && (0.0..=100.0).contains(&percent) {
            Ok(Self(percent))
        } else {
            Err(WeightOutOfRange(percent))
        }
    }

    pub fn percent(self) -> f64 {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub id: MeasurementId,
    pub name: String,
    pub kind: MeasurementKind,
    pub start: f64,
    pub current: f64,
    pub target: f64,
    pub weight: Option<Weight>,
}

/// One entry of a goal's progress history.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressUpdate {
    pub at: DateTime<Utc>,
    pub by: MemberId,
    pub progress: Option<f64>,
    pub comment: Option<String>,
    /// Written by a roll-up, not a person: nobody may edit or delete it.
    pub automatic: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: GoalId,
    pub title: String,
    pub description: Option<String>,
    pub goal_type: GoalType,
    pub state: GoalState,
    pub creator: MemberId,
    pub owner: MemberId,
    pub member_contributors: Vec<MemberId>,
    pub team_contributors: Vec<TeamId>,
    pub visibility: Visibility,
    pub start_date: NaiveDate,
    /// Inclusive.
    pub end_date: NaiveDate,
    pub parent: Option<GoalId>,
    pub contributes_to_parent: bool,
    /// This goal's share in its parent's roll-up.
    pub weight: Option<Weight>,
    pub tracking: Tracking,
    /// As a person set it (basic, subgoals_manual); for the computed methods, the last
    /// computed value.
    pub progress: f64,
    pub status: Option<Status>,
    pub measurements: Vec<Measurement>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub updates: Vec<ProgressUpdate>,
    /// Editors, participants and the stored manager editor (CONTRACT §10).
    pub people: people::GoalPeople,
    /// The org's category it is filed under (Betterworks), if any.
    pub category: Option<CategoryId>,
}

impl Goal {
    pub fn is_draft(&self) -> bool {
        self.state == GoalState::Draft
    }

    /// The latest progress update (by a person or a roll-up), else `published_at`: what
    /// the weekly reminder reads (CONTRACT §5).
    pub fn last_activity_at(&self) -> Option<DateTime<Utc>> {
        self.updates.iter().map(|u| u.at).max().max(self.published_at)
    }
}
