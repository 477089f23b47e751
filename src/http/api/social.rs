//! Followers and related goals (the Betterworks goal features, docs/api.md): both answer
//! only with goals the caller sees, so neither tells of a goal they cannot open.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::core::ids::GoalId;
use crate::goals::permissions::Action;
use crate::http::api::access::{category_names, load_visible, org_of, sees, view};
use crate::http::api::extract::Actor;
use crate::http::api::model::GoalView;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;

/// Goals by id: the followed ones, the related ones.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalList {
    pub goals: Vec<GoalView>,
}

/// Whoever sees the goal may follow it; following twice is following once.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/follow", tag = "followers",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn follow(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    state.store.follow(&actor.org, &actor.member.id, &loaded.goal().id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stops following; a goal not followed answers 204 too.
#[utoipa::path(delete, path = "/v1/orgs/{org}/goals/{goal}/follow", tag = "followers",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn unfollow(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    state.store.unfollow(&actor.org, &actor.member.id, std::slice::from_ref(&loaded.goal().id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The goals the caller follows and still sees, by id. A followed goal they no longer see
/// is unfollowed here, as it is read: losing sight of a goal ends following it.
#[utoipa::path(get, path = "/v1/orgs/{org}/me/following", tag = "followers",
    params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalList), (status = "4XX", body = ErrorBody)))]
pub async fn following(State(state): State<AppState>, actor: Actor) -> ApiResult<Json<GoalList>> {
    let followed = state.store.followed(&actor.org, &actor.member.id).await?;
    let (seen, lost) = split_seen(&state, &actor, followed).await?;
    if !lost.is_empty() {
        tracing::info!(org = %actor.org, member = %actor.member.id, goals = lost.len(), "unfollowed goals no longer seen");
        state.store.unfollow(&actor.org, &actor.member.id, &lost).await?;
    }
    goal_list(&state, &actor, &seen).await
}

/// Links the two goals both ways: edit rights on the goal, and the other seen.
#[utoipa::path(put, path = "/v1/orgs/{org}/goals/{goal}/related/{other}", tag = "related",
    params(("org" = String, Path), ("goal" = String, Path), ("other" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn relate(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal, other)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let (goal, other) = pair(&state, &actor, &goal, &other).await?;
    state.store.relate(&actor.org, &goal, &other, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the link, both ways: the same rights as making it; 404 when there is none.
#[utoipa::path(delete, path = "/v1/orgs/{org}/goals/{goal}/related/{other}", tag = "related",
    params(("org" = String, Path), ("goal" = String, Path), ("other" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn unrelate(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal, other)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let (goal, other) = pair(&state, &actor, &goal, &other).await?;
    if !state.store.unrelate(&actor.org, &goal, &other).await? {
        return Err(ApiError::not_found(format!("goals {goal} and {other} are not related")));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The goals related to this one that the caller sees, by id; the others are left out.
#[utoipa::path(get, path = "/v1/orgs/{org}/goals/{goal}/related", tag = "related",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = GoalList), (status = "4XX", body = ErrorBody)))]
pub async fn related(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Json<GoalList>> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    let related = state.store.related(&actor.org, &loaded.goal().id).await?;
    let (seen, _) = split_seen(&state, &actor, related).await?;
    goal_list(&state, &actor, &seen).await
}

/// The goal (seen, with edit rights) and the other (seen; 404 alike whether it is unseen
/// or does not exist), not the same goal.
async fn pair(state: &AppState, actor: &Actor, goal: &str, other: &str) -> ApiResult<(GoalId, GoalId)> {
    let loaded = load_visible(state, actor, goal).await?;
    loaded.require(Action::Edit)?;
    let other = load_visible(state, actor, other).await?;
    let (goal, other) = (loaded.goal().id.clone(), other.goal().id.clone());
    if goal == other {
        return Err(ApiError::invalid("other", format!("goal {goal} cannot be related to itself")));
    }
    Ok((goal, other))
}

/// `goals` split into those the caller sees and those they do not.
async fn split_seen(state: &AppState, actor: &Actor, goals: Vec<GoalId>) -> ApiResult<(Vec<GoalId>, Vec<GoalId>)> {
    let (mut seen, mut lost) = (Vec::new(), Vec::new());
    for goal in goals {
        if sees(state, actor, goal.as_str()).await? {
            seen.push(goal);
        } else {
            lost.push(goal);
        }
    }
    Ok((seen, lost))
}

async fn goal_list(state: &AppState, actor: &Actor, goals: &[GoalId]) -> ApiResult<Json<GoalList>> {
    let org = org_of(state, actor).await?;
    let now = state.clock.now();
    let names = category_names(state, &actor.org).await?;
    let mut views = Vec::with_capacity(goals.len());
    for goal in goals {
        if let Some(stored) = state.store.stored_goal(&actor.org, goal).await? {
            views.push(view(&org, &stored, None, (false, &names), now));
        }
    }
    Ok(Json(GoalList { goals: views }))
}
