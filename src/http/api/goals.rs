//! Create, read, edit and delete a goal.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::json;

use crate::goals::category::Moment;
use crate::goals::fields::{check_fields, check_measurement_weights};
use crate::goals::history::HistoryOp;
use crate::goals::permissions::Action;
use crate::goals::GoalType;
use crate::http::api::access::{check_assignments, current_view, load_visible, org_of};
use crate::http::api::categories::check_goal_category;
use crate::http::api::compose::{new_goal, patched};
use crate::http::api::extract::{Actor, Body};
use crate::http::api::links::{check_no_cycle, check_parent_role, check_sibling_weights};
use crate::http::api::model::{GoalPatch, GoalView, NewGoal};
use crate::http::api::model_talk::snapshot;
use crate::http::api::people::{check_people, check_same_visibility, owners_manager};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::store::goals::types::{GoalWrite, HistoryEntry};

/// Creates a draft; the acting member is its creator.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals", tag = "goals", request_body = NewGoal,
    params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 201, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    Body(body): Body<NewGoal>,
) -> ApiResult<(StatusCode, Json<GoalView>)> {
    let now = state.clock.now();
    let mut goal = new_goal(&body, &actor.member.id, now)?;
    check_fields(&goal)?;
    let policy = state.store.org(&actor.org).await?.map(|org| org.policy).unwrap_or_default();
    if goal.goal_type == GoalType::Organization && !policy.may_make_organization_goals(actor.member.role) {
        return Err(ApiError::forbidden_field(
            "type",
            "only the roles of the org's policy.organization_goal_roles create organization goals",
        ));
    }
    // §10: a goal first stored without one takes its owner's manager as its manager editor.
    if body.manager_editor.is_none() {
        goal.people.manager_editor = owners_manager(&state, &actor, &goal.owner).await?;
    }
    check_people(&state, &actor, &goal).await?;
    check_assignments(&state, &actor, None, &goal).await?;
    check_measurement_weights(&goal).map_err(|e| ApiError::rule_broken(Some(&e.field), e.message))?;
    check_link(&state, &actor, &goal).await?;
    check_goal_category(&state, &actor, Moment::Create, goal.category.as_ref()).await?;
    let mut history = vec![HistoryEntry::new(&goal.id, HistoryOp::Created, json!({}))];
    // Created under a parent is linked to it, and the parent's history says so as a link does.
    if let Some(parent) = &goal.parent {
        history.push(HistoryEntry::new(parent, HistoryOp::SubgoalLinked, json!({"subgoal": goal.id})));
    }
    state.store.create_goal(&actor.org, &goal, &history, &actor.member.id).await?;
    tracing::info!(org = %actor.org, goal = %goal.id, actor = %actor.member.id, "goal created");
    Ok((StatusCode::CREATED, Json(current_view(&state, &actor, &goal.id).await?)))
}

#[utoipa::path(get, path = "/v1/orgs/{org}/goals/{goal}", tag = "goals",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Json<GoalView>> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    Ok(Json(current_view(&state, &actor, &loaded.goal().id).await?))
}

/// Edits the fields the body names; owner and contributor changes have their own history.
#[utoipa::path(patch, path = "/v1/orgs/{org}/goals/{goal}", tag = "goals", request_body = GoalPatch,
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
    Body(patch): Body<GoalPatch>,
) -> ApiResult<Json<GoalView>> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Edit)?;
    let before = loaded.goal();
    let mut after = patched(before, &patch)?;
    // §10: an owner change through the API gives the goal the new owner's manager.
    if after.owner != before.owner && patch.manager_editor.is_none() {
        after.people.manager_editor = owners_manager(&state, &actor, &after.owner).await?;
    }
    check_people(&state, &actor, &after).await?;
    if after.visibility != before.visibility {
        let policy = org_of(&state, &actor).await?.policy;
        check_same_visibility(&state, &actor, &policy, &after, true).await?;
    }
    let converts = after.goal_type == GoalType::Organization && before.goal_type != GoalType::Organization;
    if converts && !loaded.may(Action::MakeOrganization) {
        let why = "only executives, collaborators and managers with edit rights make a goal organization-wide";
        return Err(ApiError::forbidden_field("type", why));
    }
    check_fields(&after)?;
    check_assignments(&state, &actor, Some(before), &after).await?;
    check_measurement_weights(&after).map_err(|e| ApiError::rule_broken(Some(&e.field), e.message))?;
    if after.weight != before.weight || after.contributes_to_parent != before.contributes_to_parent {
        check_sibling_weights(&state, &actor, &after).await?;
    }
    if after.category != before.category {
        let moment = Moment::Edit { before: before.category.as_ref() };
        check_goal_category(&state, &actor, moment, after.category.as_ref()).await?;
    }
    let mut history = Vec::new();
    if after.owner != before.owner {
        history.push(HistoryEntry::new(&after.id, HistoryOp::OwnerChanged, json!({"owner": before.owner})));
    }
    let contributors_changed =
        after.member_contributors != before.member_contributors || after.team_contributors != before.team_contributors;
    if contributors_changed {
        let old = json!({"members": before.member_contributors, "teams": before.team_contributors});
        history.push(HistoryEntry::new(&after.id, HistoryOp::ContributorsChanged, json!({"contributors": old})));
    }
    let rest_changed = {
        let mut same = after.clone();
        same.owner = before.owner.clone();
        same.member_contributors = before.member_contributors.clone();
        same.team_contributors = before.team_contributors.clone();
        // The manager editor an owner change brings along is part of that change.
        if patch.manager_editor.is_none() {
            same.people.manager_editor = before.people.manager_editor.clone();
        }
        &same != before
    };
    if rest_changed {
        history.push(HistoryEntry::new(&after.id, HistoryOp::Updated, snapshot(before)));
    }
    if !history.is_empty() {
        let write = GoalWrite {
            goal: &after,
            revision: loaded.stored.revision,
            old_parent: before.parent.clone(),
            contributors_changed,
            measurements_changed: after.measurements != before.measurements,
            progress: None,
            history,
            actor: &actor.member.id,
            now: state.clock.now(),
        };
        state.store.save_goal(&actor.org, write).await?;
    }
    Ok(Json(current_view(&state, &actor, &after.id).await?))
}

/// Deletes the goal, its progress updates, comments and measurements; sub-goals stay,
/// without a parent.
#[utoipa::path(delete, path = "/v1/orgs/{org}/goals/{goal}", tag = "goals",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Delete)?;
    state
        .store
        .delete_goal(&actor.org, loaded.goal(), loaded.stored.revision, &actor.member.id, state.clock.now())
        .await?;
    tracing::info!(org = %actor.org, goal = %goal, actor = %actor.member.id, "goal deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Shared by create and link: the parent's rules for a goal that names one.
pub async fn check_link(state: &AppState, actor: &Actor, goal: &crate::goals::Goal) -> ApiResult<()> {
    if let Some(parent) = &goal.parent {
        check_parent_role(state, actor, parent).await?;
        check_no_cycle(state, actor, &goal.id, parent).await?;
        check_sibling_weights(state, actor, goal).await?;
        let policy = org_of(state, actor).await?.policy;
        check_same_visibility(state, actor, &policy, goal, false).await?;
    }
    Ok(())
}
