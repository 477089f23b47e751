//! Who sees what: CONTRACT §3 (pure: no I/O). The store answers the same question in SQL
//! for whole lists; this is the reference it is tested against.

use crate::core::ids::{GoalId, MemberId, TeamId};
use crate::goals::{Goal, GoalState, GoalType, Visibility};
use crate::org::OrgView;

#[cfg(test)]
mod tests;

/// The facts about a goal that visibility and permissions read, borrowed so the store
/// can answer without building a whole [`Goal`].
#[derive(Debug, Clone, Copy)]
pub struct GoalAccess<'a> {
    pub creator: &'a MemberId,
    pub owner: &'a MemberId,
    pub member_contributors: &'a [MemberId],
    pub team_contributors: &'a [TeamId],
    pub goal_type: GoalType,
    pub state: GoalState,
    pub visibility: Visibility,
}

impl<'a> From<&'a Goal> for GoalAccess<'a> {
    fn from(goal: &'a Goal) -> Self {
        Self {
            creator: &goal.creator,
            owner: &goal.owner,
            member_contributors: &goal.member_contributors,
            team_contributors: &goal.team_contributors,
            goal_type: goal.goal_type,
            state: goal.state,
            visibility: goal.visibility,
        }
    }
}

/// Every member involved in the goal (CONTRACT §1): the owner, the member contributors and
/// the members of the contributor teams; someone may appear more than once. Deactivated
/// people are included: deactivating an owner must not change who sees the goal.
pub fn involved_members<'a, O: OrgView>(
    org: &'a O,
    goal: &GoalAccess<'a>,
) -> impl Iterator<Item = &'a MemberId> + use<'a, O> {
    let team_contributors = goal.team_contributors;
    std::iter::once(goal.owner)
        .chain(goal.member_contributors)
        .chain(team_contributors.iter().flat_map(|team| org.team_members(team)))
}

/// True when `member` is the owner, a member contributor or in a contributor team.
/// The creator is not involved as such (they have rights of their own).
pub fn is_involved(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    involved_members(org, goal).any(|m| m == member)
}

/// CONTRACT §3: may `viewer` see the goal? An unknown or deactivated viewer sees nothing.
/// The caller makes sure the goal and the viewer belong to the same org.
pub fn can_see(org: &impl OrgView, viewer: &MemberId, goal: &GoalAccess) -> bool {
    let Some(facts) = org.member(viewer) else {
        return false;
    };
    if !facts.active {
        return false;
    }
    if facts.role.sees_everything() || goal.creator == viewer || goal.owner == viewer {
        return true;
    }
    if goal.state == GoalState::Draft {
        return false;
    }
    goal.visibility == Visibility::Public
        || goal.goal_type == GoalType::Organization
        || involved_members(org, goal).any(|m| m == viewer || org.is_above(viewer, m))
}

/// The ids of the goals `viewer` sees among `goals`, sorted ascending like the JSON lists.
pub fn visible_goal_ids<'g>(
    org: &impl OrgView,
    viewer: &MemberId,
    goals: impl IntoIterator<Item = &'g Goal>,
) -> Vec<GoalId> {
    let mut ids: Vec<GoalId> = goals
        .into_iter()
        .filter(|goal| can_see(org, viewer, &GoalAccess::from(*goal)))
        .map(|goal| goal.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
