//! The goals API's checks of CONTRACT §10's goal fields: editors and participants name
//! members and teams of the org, participants sit only on private goals, and with
//! `same_visibility_alignment` a link joins goals of one visibility.

use crate::core::ids::MemberId;
use crate::goals::{Goal, Visibility};
use crate::http::api::extract::Actor;
use crate::http::error::{ApiError, ApiResult};
use crate::http::AppState;
use crate::org::OrgPolicy;

/// Unknown members or teams are 400, naming the field; participants on a public goal 422.
pub async fn check_people(state: &AppState, actor: &Actor, goal: &Goal) -> ApiResult<()> {
    let people = &goal.people;
    for (field, refs) in [("editors", &people.editors), ("participants", &people.participants)] {
        for (i, member) in refs.members.iter().enumerate() {
            if state.store.member(&actor.org, member).await?.is_none() {
                return Err(ApiError::invalid(
                    format!("{field}.members[{i}]"),
                    format!("{member} is not a member of the org"),
                ));
            }
        }
        let found = state.store.teams_members(&actor.org, &refs.teams).await?;
        for (i, team) in refs.teams.iter().enumerate() {
            if !matches!(found.get(team), Some(Some(_))) {
                return Err(ApiError::invalid(
                    format!("{field}.teams[{i}]"),
                    format!("{team} is not a team of the org"),
                ));
            }
        }
    }
    if let Some(member) = &people.manager_editor {
        if state.store.member(&actor.org, member).await?.is_none() {
            return Err(ApiError::invalid("manager_editor", format!("{member} is not a member of the org")));
        }
    }
    if !people.participants.is_empty() && goal.visibility == Visibility::Public {
        return Err(ApiError::rule_broken(
            Some("participants"),
            "participants are only allowed on owners_and_contributors goals",
        ));
    }
    Ok(())
}

/// The owner's manager now: what a private goal first stored, or given a new owner, keeps as
/// its manager editor (§10).
pub async fn owners_manager(state: &AppState, actor: &Actor, owner: &MemberId) -> ApiResult<Option<MemberId>> {
    Ok(state.store.member(&actor.org, owner).await?.and_then(|member| member.manager))
}

/// With `same_visibility_alignment`, 422 when the goal's parent, or (`children`) one of its
/// children, has another visibility.
pub async fn check_same_visibility(
    state: &AppState,
    actor: &Actor,
    policy: &OrgPolicy,
    goal: &Goal,
    children: bool,
) -> ApiResult<()> {
    if !policy.same_visibility_alignment {
        return Ok(());
    }
    let broken = |other: &str, theirs: Visibility| {
        ApiError::rule_broken(
            Some("visibility"),
            format!(
                "the goal is {} and {other} is {theirs}; policy.same_visibility_alignment keeps an alignment within one visibility",
                goal.visibility
            ),
        )
    };
    if let Some(parent) = &goal.parent {
        if let Some((parent_goal, _)) = state.store.goal_with_children(&actor.org, parent).await? {
            if parent_goal.visibility != goal.visibility {
                return Err(broken(&format!("its parent {parent}"), parent_goal.visibility));
            }
        }
    }
    if children {
        if let Some((_, below)) = state.store.goal_with_children(&actor.org, &goal.id).await? {
            if let Some(child) = below.iter().find(|c| c.visibility != goal.visibility) {
                return Err(broken(&format!("its sub-goal {}", child.id), child.visibility));
            }
        }
    }
    Ok(())
}
