//! A goal's life: publish, close, archive, unarchive, duplicate, and its parent link.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::json;

use crate::core::ids::GoalId;
use crate::goals::category::Moment;
use crate::goals::duplicate::unlinked;
use crate::goals::history::HistoryOp;
use crate::goals::lifecycle::{self, Refusal};
use crate::goals::permissions::Action;
use crate::goals::{Goal, GoalState};
use crate::http::api::access::{current_view, load_visible, Loaded};
use crate::http::api::categories::check_goal_category;
use crate::http::api::compose::{new_goal_id, weight};
use crate::http::api::extract::{Actor, Body};
use crate::http::api::goals::check_link;
use crate::http::api::model::{GoalView, ParentLink};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::store::goals::types::{GoalWrite, HistoryEntry};

type Answer = ApiResult<Json<GoalView>>;
type GoalPath = Path<(String, String)>;

/// Writes `after` over the loaded goal with its history, then shows it.
async fn save(state: &AppState, actor: &Actor, loaded: &Loaded, after: &Goal, history: Vec<HistoryEntry>) -> Answer {
    let write = GoalWrite {
        goal: after,
        revision: loaded.stored.revision,
        old_parent: loaded.goal().parent.clone(),
        contributors_changed: false,
        measurements_changed: false,
        progress: None,
        history,
        actor: &actor.member.id,
        now: state.clock.now(),
    };
    state.store.save_goal(&actor.org, write).await?;
    tracing::info!(org = %actor.org, goal = %after.id, actor = %actor.member.id, state = %after.state, "goal changed");
    Ok(Json(current_view(state, actor, &after.id).await?))
}

/// A goal that cannot move now is a conflict (409); one that is not complete enough breaks
/// a rule on the field at fault (422).
fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Incomplete(problem) => ApiError::rule_broken(Some(&problem.field), problem.message),
        other @ (Refusal::WrongState { .. } | Refusal::NoParent(_)) => ApiError::conflict(other.to_string()),
    }
}

/// Only the creator publishes, and only a draft.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/publish", tag = "lifecycle",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn publish(State(state): State<AppState>, actor: Actor, Path((_, goal)): GoalPath) -> Answer {
    let loaded = load_visible(&state, &actor, &goal).await?;
    let before = loaded.goal();
    if !loaded.may_in_state(&actor.member.id, Action::Publish, GoalState::Draft) {
        return Err(ApiError::forbidden("only the goal's creator publishes it"));
    }
    let after = lifecycle::publish(before, state.clock.now()).map_err(refused)?;
    check_goal_category(&state, &actor, Moment::Publish, after.category.as_ref()).await?;
    let history = vec![HistoryEntry::new(&after.id, HistoryOp::Published, json!({"state": before.state}))];
    save(&state, &actor, &loaded, &after, history).await
}

#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/close", tag = "lifecycle",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn close(State(state): State<AppState>, actor: Actor, Path((_, goal)): GoalPath) -> Answer {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Edit)?;
    let before = loaded.goal();
    let after = lifecycle::close(before, state.clock.now()).map_err(refused)?;
    let history = vec![HistoryEntry::new(&after.id, HistoryOp::Closed, json!({"state": before.state}))];
    save(&state, &actor, &loaded, &after, history).await
}

#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/archive", tag = "lifecycle",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn archive(State(state): State<AppState>, actor: Actor, Path((_, goal)): GoalPath) -> Answer {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Edit)?;
    let before = loaded.goal();
    let after = lifecycle::archive(before, state.clock.now()).map_err(refused)?;
    let history = vec![HistoryEntry::new(&after.id, HistoryOp::Archived, json!({"state": before.state}))];
    save(&state, &actor, &loaded, &after, history).await
}

/// Back to closed if it had been closed, else to published.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/unarchive", tag = "lifecycle",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn unarchive(State(state): State<AppState>, actor: Actor, Path((_, goal)): GoalPath) -> Answer {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Edit)?;
    let before = loaded.goal();
    let after = lifecycle::unarchive(before).map_err(refused)?;
    let history = vec![HistoryEntry::new(
        &after.id,
        HistoryOp::Unarchived,
        json!({"state": before.state, "archived_at": before.archived_at}),
    )];
    save(&state, &actor, &loaded, &after, history).await
}

/// The copy is a new draft of the actor; see `goals::duplicate`.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/duplicate", tag = "lifecycle",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 201, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn copy(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): GoalPath,
) -> ApiResult<(StatusCode, Json<GoalView>)> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Duplicate)?;
    let source = loaded.goal();
    let copy = lifecycle::duplicate(source, new_goal_id(), &actor.member.id, actor.member.locale, state.clock.now());
    let mut history = vec![HistoryEntry::new(&copy.id, HistoryOp::Duplicated, json!({"source": source.id}))];
    // The copy's parent link is a new link: it takes `align_child` on the parent (and
    // weights that fit) like any other, else the copy has no parent.
    let copy = match check_link(&state, &actor, &copy).await {
        Ok(()) => copy,
        Err(e) if e.status.is_client_error() => unlinked(copy),
        Err(e) => return Err(e),
    };
    if let Some(parent) = &copy.parent {
        history.push(HistoryEntry::new(parent, HistoryOp::SubgoalLinked, json!({"subgoal": copy.id})));
    }
    state.store.create_goal(&actor.org, &copy, &history, &actor.member.id).await?;
    tracing::info!(org = %actor.org, source = %source.id, goal = %copy.id, actor = %actor.member.id, "goal duplicated");
    Ok((StatusCode::CREATED, Json(current_view(&state, &actor, &copy.id).await?)))
}

/// Puts the goal under a parent: edit rights on the goal, `align_child` on the parent.
#[utoipa::path(put, path = "/v1/orgs/{org}/goals/{goal}/parent", tag = "lifecycle", request_body = ParentLink,
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn link(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): GoalPath,
    Body(body): Body<ParentLink>,
) -> Answer {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Edit)?;
    let before = loaded.goal();
    let parent = GoalId::parse(body.parent.as_str()).map_err(|e| ApiError::invalid("parent", e.to_string()))?;
    let after = Goal {
        parent: Some(parent.clone()),
        contributes_to_parent: body.contributes_to_parent.unwrap_or(true),
        weight: weight("weight", body.weight)?,
        ..before.clone()
    };
    check_link(&state, &actor, &after).await?;
    let mut history = vec![
        HistoryEntry::new(&after.id, HistoryOp::Updated, link_snapshot(before)),
        HistoryEntry::new(&parent, HistoryOp::SubgoalLinked, json!({"subgoal": after.id})),
    ];
    if let Some(old) = before.parent.as_ref().filter(|old| **old != parent) {
        history.push(HistoryEntry::new(old, HistoryOp::SubgoalUnlinked, json!({"subgoal": after.id})));
    }
    save(&state, &actor, &loaded, &after, history).await
}

#[utoipa::path(delete, path = "/v1/orgs/{org}/goals/{goal}/parent", tag = "lifecycle",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalView), (status = "4XX", body = ErrorBody)))]
pub async fn unlink(State(state): State<AppState>, actor: Actor, Path((_, goal)): GoalPath) -> Answer {
    let loaded = load_visible(&state, &actor, &goal).await?;
    loaded.require(Action::Edit)?;
    let before = loaded.goal();
    let (after, parent) = lifecycle::unlink(before).map_err(refused)?;
    let history = vec![
        HistoryEntry::new(&after.id, HistoryOp::Updated, link_snapshot(before)),
        HistoryEntry::new(&parent, HistoryOp::SubgoalUnlinked, json!({"subgoal": after.id})),
    ];
    save(&state, &actor, &loaded, &after, history).await
}

fn link_snapshot(goal: &Goal) -> serde_json::Value {
    json!({
        "parent": goal.parent,
        "contributes_to_parent": goal.contributes_to_parent,
        "weight": goal.weight.map(|w| w.percent()),
    })
}
