//! Who sees what: CONTRACT §3 (pure: no I/O). The store answers the same question in SQL
//! for whole lists; this is the reference it is tested against.

use std::collections::HashMap;

use crate::core::ids::{GoalId, MemberId, TeamId};
use crate::goals::people::{chain_of, resolve_people, ResolvedPeople};
use crate::goals::{Goal, GoalState, GoalType, Visibility};
use crate::org::{OrgView, Role};

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
    /// Editors and participants with what the policy and the goals above add (§10).
    pub people: &'a ResolvedPeople,
}

/// Nobody edits or participates: the goal of an org without §10's rules.
static NOBODY: ResolvedPeople = ResolvedPeople {
    editors: Vec::new(),
    editor_teams: Vec::new(),
    participants: Vec::new(),
    participant_teams: Vec::new(),
    participants_above: Vec::new(),
    participant_teams_above: Vec::new(),
};

impl<'a> GoalAccess<'a> {
    /// The goal with its editors and participants resolved (`goals::people::resolve_people`).
    pub fn with_people(goal: &'a Goal, people: &'a ResolvedPeople) -> Self {
        Self { people, ..Self::from(goal) }
    }
}

/// The goal's own facts, with nobody as editor or participant: right for an org without
/// §10's rules; with them, use [`GoalAccess::with_people`].
impl<'a> From<&'a Goal> for GoalAccess<'a> {
    fn from(goal: &'a Goal) -> Self {
        Self {
            people: &NOBODY,
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
    // §10: editors, and managers who manage the owner's line, see every state.
    if is_editor(org, viewer, goal) || manages_owner(org, viewer, goal) {
        return true;
    }
    if goal.state == GoalState::Draft {
        return false;
    }
    goal.visibility == Visibility::Public
        || goal.goal_type == GoalType::Organization
        || org.policy().global_viewers.contains(viewer)
        || is_participant(org, viewer, goal)
        || is_participant_above(org, viewer, goal)
        || involved_members(org, goal).any(|m| m == viewer || org.is_above(viewer, m))
}

/// §10: a member, team or manager editor of the goal, or (waterfall) of a goal above it.
/// Editors are not "involved": their reporting line sees nothing through them.
pub fn is_editor(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    goal.people.editors.contains(member)
        || goal.people.editor_teams.iter().any(|team| org.team_members(team).contains(member))
}

/// §10: a participant of the goal itself (who may also align a child under it).
pub fn is_participant(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    goal.people.participants.contains(member)
        || goal.people.participant_teams.iter().any(|team| org.team_members(team).contains(member))
}

/// §10: a participant of a goal above, reached through children that contribute: sees it.
pub fn is_participant_above(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    goal.people.participants_above.contains(member)
        || goal.people.participant_teams_above.iter().any(|team| org.team_members(team).contains(member))
}

/// §10 `managers_manage_reporting_line`: a `manager` above the owner counts as the owner.
pub fn manages_owner(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    org.policy().managers_manage_reporting_line
        && org.member(member).is_some_and(|facts| facts.role == Role::Manager)
        && org.is_above(member, goal.owner)
}

/// The ids of the goals `viewer` sees among `goals`, sorted ascending like the JSON lists.
pub fn visible_goal_ids<'g>(
    org: &impl OrgView,
    viewer: &MemberId,
    goals: impl IntoIterator<Item = &'g Goal>,
) -> Vec<GoalId> {
    let goals: Vec<&Goal> = goals.into_iter().collect();
    let by_id: HashMap<&GoalId, &Goal> = goals.iter().map(|g| (&g.id, *g)).collect();
    let manager_of = |member: &MemberId| org.member(member).and_then(|facts| facts.manager.clone());
    let mut ids: Vec<GoalId> = goals
        .into_iter()
        .filter(|goal| {
            let people = resolve_people(org.policy(), &chain_of(&by_id, &goal.id), &manager_of);
            can_see(org, viewer, &GoalAccess::with_people(goal, &people))
        })
        .map(|goal| goal.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
