//! What the database already holds for an org, as far as validating an import needs it:
//! references in a file may name members, teams and goals imported before.

use std::collections::{HashMap, HashSet};

use crate::core::ids::{CategoryId, GoalId, MemberId, TeamId};
use crate::goals::{GoalState, Tracking, Visibility, Weight};
use crate::org::OrgPolicy;

#[derive(Debug, Clone, Default)]
pub struct ExistingOrg {
    /// Each member with their manager.
    pub members: HashMap<MemberId, Option<MemberId>>,
    pub teams: HashSet<TeamId>,
    pub goals: HashMap<GoalId, ExistingGoal>,
    /// The stored policy, kept when a re-import's `org` has no `policy`.
    pub policy: Option<OrgPolicy>,
    /// The stored categories, kept when a re-import's `org` has no `categories`.
    pub categories: HashSet<CategoryId>,
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
    pub visibility: Visibility,
    /// Kept when a re-import omits `manager_editor` (CONTRACT §10).
    pub manager_editor: Option<MemberId>,
    /// Kept when a re-import omits `category` (and the category stays).
    pub category: Option<CategoryId>,
}
