//! What the store returns that more than one area shares.

use crate::goals::people::ResolvedPeople;
use crate::goals::Goal;
use crate::org::{Member, Org, PartialOrg, Team};
use crate::visibility::GoalAccess;

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub members: usize,
    pub teams: usize,
    pub goals: usize,
    pub updates: usize,
}

/// A whole org as stored: what the pure rules need to answer any question about it.
#[derive(Debug, Clone)]
pub struct OrgSnapshot {
    pub org: Org,
    pub members: Vec<Member>,
    pub teams: Vec<Team>,
    /// With measurements and progress updates, sorted by id.
    pub goals: Vec<Goal>,
}

/// One goal and the part of its org that decides who may do what with it.
#[derive(Debug, Clone)]
pub struct GoalAccessContext {
    pub goal: Goal,
    pub org: PartialOrg,
    /// The goal's editors and participants, resolved with the org's policy (§10).
    pub people: ResolvedPeople,
}

impl GoalAccessContext {
    /// The goal as visibility and permissions read it.
    pub fn access(&self) -> GoalAccess<'_> {
        GoalAccess::with_people(&self.goal, &self.people)
    }
}
