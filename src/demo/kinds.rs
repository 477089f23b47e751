//! The enum values of CONTRACT §1–2, as the generator picks them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GoalType {
    Organization,
    Team,
    Personal,
}

impl GoalType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GoalType::Organization => "organization",
            GoalType::Team => "team",
            GoalType::Personal => "personal",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GoalState {
    Draft,
    Published,
    Closed,
    Archived,
}

impl GoalState {
    /// Draft, published, closed, archived: 5%, 84%, 8%, 3%.
    pub(crate) const ALL: [GoalState; 4] =
        [GoalState::Draft, GoalState::Published, GoalState::Closed, GoalState::Archived];
    pub(crate) const WEIGHTS: [u32; 4] = [5, 84, 8, 3];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GoalState::Draft => "draft",
            GoalState::Published => "published",
            GoalState::Closed => "closed",
            GoalState::Archived => "archived",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tracking {
    Basic,
    Measurements,
    SubgoalsManual,
    SubgoalsAutomatic,
}

impl Tracking {
    pub(crate) const ALL: [Tracking; 4] =
        [Tracking::Basic, Tracking::Measurements, Tracking::SubgoalsManual, Tracking::SubgoalsAutomatic];
    /// Goals with children mostly roll up automatically; the rest keep a person's number.
    pub(crate) const WEIGHTS_WITH_CHILDREN: [u32; 4] = [5, 3, 12, 80];
    /// Leaves are mostly basic, a quarter measured, a few subgoal-tracked with no child yet.
    pub(crate) const WEIGHTS_WITHOUT_CHILDREN: [u32; 4] = [73, 24, 2, 1];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Tracking::Basic => "basic",
            Tracking::Measurements => "measurements",
            Tracking::SubgoalsManual => "subgoals_manual",
            Tracking::SubgoalsAutomatic => "subgoals_automatic",
        }
    }

    /// Whether a person sets `progress` (CONTRACT §4), so the file carries it.
    pub(crate) fn has_manual_progress(self) -> bool {
        matches!(self, Tracking::Basic | Tracking::SubgoalsManual)
    }
}

/// A goal's health as its owner sees it; also steers its progress so the two agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Health {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Health {
    pub(crate) const ALL: [Health; 3] = [Health::OnTrack, Health::AtRisk, Health::OffTrack];
    pub(crate) const WEIGHTS: [u32; 3] = [60, 25, 15];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Health::OnTrack => "on_track",
            Health::AtRisk => "at_risk",
            Health::OffTrack => "off_track",
        }
    }

    /// Progress as a share of the expected pace, inside the band CONTRACT §4 gives the status.
    pub(crate) fn pace_band(self) -> (f64, f64) {
        match self {
            Health::OnTrack => (0.8, 1.3),
            Health::AtRisk => (0.55, 0.74),
            Health::OffTrack => (0.1, 0.45),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MeasurementKind {
    Percent,
    Numeric,
    Currency,
    YesNo,
}

impl MeasurementKind {
    pub(crate) const ALL: [MeasurementKind; 4] =
        [MeasurementKind::Percent, MeasurementKind::Numeric, MeasurementKind::Currency, MeasurementKind::YesNo];
    pub(crate) const WEIGHTS: [u32; 4] = [30, 35, 20, 15];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MeasurementKind::Percent => "percent",
            MeasurementKind::Numeric => "numeric",
            MeasurementKind::Currency => "currency",
            MeasurementKind::YesNo => "yes_no",
        }
    }
}
