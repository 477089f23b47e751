//! Editors and participants of a goal (CONTRACT §10), as named on the goal and as the
//! policy and the goals above it make them (pure: no I/O).

use std::collections::HashMap;

use crate::core::ids::{GoalId, MemberId, TeamId};
use crate::goals::hierarchy::MAX_GOAL_DEPTH;
use crate::goals::{Goal, Visibility};
use crate::org::OrgPolicy;

/// Members and teams named for one relation on a goal (`{"members": [..], "teams": [..]}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleRefs {
    pub members: Vec<MemberId>,
    pub teams: Vec<TeamId>,
}

impl PeopleRefs {
    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.teams.is_empty()
    }
}

/// The §10 fields a goal carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalPeople {
    pub editors: PeopleRefs,
    /// Only on `owners_and_contributors` goals.
    pub participants: PeopleRefs,
    /// The manager stored on the goal: used on a private goal when `policy.manager_editor`
    /// is on; `None` means none.
    pub manager_editor: Option<MemberId>,
}

/// Who edits and who participates in one goal, everything the policy adds resolved to
/// members and teams. Empty for an org whose policy is off and whose goals name nobody.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedPeople {
    pub editors: Vec<MemberId>,
    pub editor_teams: Vec<TeamId>,
    /// The goal's own participants: they view it and align children under it.
    pub participants: Vec<MemberId>,
    pub participant_teams: Vec<TeamId>,
    /// Participants of goals above reached through contributing children: they only view.
    pub participants_above: Vec<MemberId>,
    pub participant_teams_above: Vec<TeamId>,
}

/// The manager editor of a goal under `policy`: on a public goal the owner's current
/// manager, on a private one the manager stored on the goal; nobody when the switch is off.
pub fn manager_editor_of(
    policy: &OrgPolicy,
    goal: &Goal,
    manager_of: &impl Fn(&MemberId) -> Option<MemberId>,
) -> Option<MemberId> {
    if !policy.manager_editor {
        return None;
    }
    match goal.visibility {
        Visibility::Public => manager_of(&goal.owner),
        Visibility::OwnersAndContributors => goal.people.manager_editor.clone(),
    }
}

/// The editors and participants of `chain[0]`, where `chain` is the goal followed by its
/// parent, its parent's parent and so on up to the top.
/// - Editors: the goal's member and team editors and its manager editor; with
///   `waterfall_editors`, also the owner, editors and manager editor of every goal above.
/// - Participants: the goal's, and those of each goal above reached through children that
///   all contribute to their parent (only that flag matters, not the state of the goals passed).
pub fn resolve_people(
    policy: &OrgPolicy,
    chain: &[&Goal],
    manager_of: &impl Fn(&MemberId) -> Option<MemberId>,
) -> ResolvedPeople {
    let mut out = ResolvedPeople::default();
    let mut participants_reach = true;
    for (depth, goal) in chain.iter().enumerate() {
        if depth == 0 || policy.waterfall_editors {
            if depth > 0 {
                out.editors.push(goal.owner.clone());
            }
            out.editors.extend(goal.people.editors.members.iter().cloned());
            out.editor_teams.extend(goal.people.editors.teams.iter().cloned());
            out.editors.extend(manager_editor_of(policy, goal, manager_of));
        }
        if participants_reach {
            let (members, teams) = if depth == 0 {
                (&mut out.participants, &mut out.participant_teams)
            } else {
                (&mut out.participants_above, &mut out.participant_teams_above)
            };
            members.extend(goal.people.participants.members.iter().cloned());
            teams.extend(goal.people.participants.teams.iter().cloned());
            participants_reach = goal.contributes_to_parent;
        }
        if !policy.waterfall_editors && !participants_reach {
            break;
        }
    }
    for list in [&mut out.editors, &mut out.participants, &mut out.participants_above] {
        list.sort();
        list.dedup();
    }
    for list in [&mut out.editor_teams, &mut out.participant_teams, &mut out.participant_teams_above] {
        list.sort();
        list.dedup();
    }
    out
}

/// The goal with `id` followed by the goals above it, from a whole set of goals; the walk
/// stops at a missing parent, a cycle in bad data, or the depth limit.
pub fn chain_of<'g>(goals: &HashMap<&GoalId, &'g Goal>, id: &GoalId) -> Vec<&'g Goal> {
    let mut chain: Vec<&Goal> = Vec::new();
    let mut next = goals.get(id).copied();
    while let Some(goal) = next {
        if chain.len() > MAX_GOAL_DEPTH || chain.iter().any(|seen| seen.id == goal.id) {
            break;
        }
        chain.push(goal);
        next = goal.parent.as_ref().and_then(|parent| goals.get(parent).copied());
    }
    chain
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod tests;
