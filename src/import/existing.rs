//! What the database already holds for an org, as far as validating an import needs it:
//! references in a file may name members, teams and goals imported before.

use std::collections::{HashMap, HashSet};

use crate::core::ids::{GoalId, MemberId, TeamId};
use crate::goals::{GoalState, Tracking, Weight};

#[derive(Debug, Clone, Default)]
pub struct ExistingOrg {
    /// Each member with their manager.
    pub members: HashMap<MemberId, Option<MemberId>>,
    pub teams: HashSet<TeamId>,
    pub goals: HashMap<GoalId, ExistingGoal>,
}

/// The fields of a stored goal that its parent's checks and roll-up read.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingGoal {
    pub parent: Option<GoalId>,
    pub contributes_to_parent: bool,
    pub weight: Option<Weight>,
    pub state: GoalState,
    pub tracking: Tracking,
    pub progress: f64,
}
