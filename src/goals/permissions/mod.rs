//! What a member may do to a goal: CONTRACT §8 (pure: no I/O).

use std::collections::BTreeSet;

use crate::core::ids::MemberId;
use crate::core::text_enum;
use crate::goals::{GoalState, GoalType};
use crate::org::OrgView;
use crate::visibility::{can_see, is_editor, is_participant, manages_owner, GoalAccess};

#[cfg(test)]
mod tests;

text_enum!(
    /// An action of CONTRACT §8. Variants are in the alphabetical order of their text, so the
    /// derived `Ord` sorts a set like the JSON lists.
    Action {
        AddProgress => "add_progress",
        AlignChild => "align_child",
        Archive => "archive",
        Close => "close",
        Delete => "delete",
        Duplicate => "duplicate",
        Edit => "edit",
        MakeOrganization => "make_organization",
        Publish => "publish",
        View => "view",
    }
);

/// "Edit rights": an active member who is the goal's creator or owner (or counts as its
/// owner, §10), or an executive or collaborator. A deactivated owner loses them; an active
/// creator keeps them.
pub fn has_edit_rights(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    let Some(facts) = org.member(member).filter(|facts| facts.active) else {
        return false;
    };
    goal.creator == member || counts_as_owner(org, member, goal) || facts.role.sees_everything()
}

/// The owner, or (§10) an editor of the goal, or a `manager` above the owner when
/// managers manage their reporting line: each is the owner in every row of §8 but `publish`.
pub fn counts_as_owner(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    goal.owner == member || is_editor(org, member, goal) || manages_owner(org, member, goal)
}

/// A contributor as §8 counts them: a member contributor, a member of a contributor team, or
/// anyone at all when the goal is of type `organization`. Says nothing about being active.
pub fn is_contributor(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> bool {
    goal.goal_type == GoalType::Organization
        || goal.member_contributors.contains(member)
        || goal.team_contributors.iter().any(|team| org.team_members(team).contains(member))
}

/// Every action of §8 that `member` may take on the goal now. Nothing for a deactivated or
/// unknown member, and nothing at all for a goal the member cannot see: every action needs
/// `view` first.
pub fn allowed_actions(org: &impl OrgView, member: &MemberId, goal: &GoalAccess) -> BTreeSet<Action> {
    let mut actions = BTreeSet::new();
    if !can_see(org, member, goal) {
        return actions;
    }
    actions.insert(Action::View);
    let Some(facts) = org.member(member) else {
        return actions;
    };
    let published = goal.state == GoalState::Published;
    let creator_or_owner = goal.creator == member || counts_as_owner(org, member, goal);
    let takes_part = creator_or_owner || is_contributor(org, member, goal);
    // §10: a participant may view and align a child under the goal; nothing else from it.
    let aligns = takes_part || is_participant(org, member, goal);
    let edit_rights = has_edit_rights(org, member, goal);

    if published && (takes_part || facts.role.sees_everything()) {
        actions.insert(Action::AddProgress);
    }
    if published && aligns {
        actions.insert(Action::AlignChild);
    }
    if goal.state == GoalState::Draft && goal.creator == member {
        actions.insert(Action::Publish);
    }
    if edit_rights {
        actions.extend([Action::Edit, Action::Duplicate, Action::Delete]);
        if published {
            actions.insert(Action::Close);
        }
        if published || goal.state == GoalState::Closed {
            actions.insert(Action::Archive);
        }
        if org.policy().may_make_organization_goals(facts.role) && goal.goal_type != GoalType::Organization {
            actions.insert(Action::MakeOrganization);
        }
    }
    actions
}
