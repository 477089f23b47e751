//! Comments and history: readable by whoever sees the goal (CONTRACT §3).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::core::text::Comment;
use crate::http::api::access::{load_visible, visible_history};
use crate::http::api::extract::{Actor, Body};
use crate::http::api::model::CommentBody;
use crate::http::api::model_talk::{CommentList, CommentView, HistoryList, HistoryView};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;

/// Oldest first.
#[utoipa::path(get, path = "/v1/orgs/{org}/goals/{goal}/comments", tag = "comments",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = CommentList), (status = "4XX", body = ErrorBody)))]
pub async fn comments(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Json<CommentList>> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    let comments = state.store.comments(&actor.org, &loaded.goal().id).await?;
    Ok(Json(CommentList { comments: comments.into_iter().map(CommentView::from).collect() }))
}

/// Whoever sees the goal may comment on it.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/comments", tag = "comments", request_body = CommentBody,
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 201, body = CommentView), (status = "4XX", body = ErrorBody)))]
pub async fn comment(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
    Body(body): Body<CommentBody>,
) -> ApiResult<(StatusCode, Json<CommentView>)> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    if body.body.trim().is_empty() {
        return Err(ApiError::invalid("body", "a comment needs some text"));
    }
    Comment::parse(body.body.as_str()).map_err(|e| ApiError::invalid("body", e.problem))?;
    let now = state.clock.now();
    let goal = &loaded.goal().id;
    let id = state.store.add_comment(&actor.org, goal, &actor.member.id, &body.body, now).await?;
    let comments = state.store.comments(&actor.org, goal).await?;
    let stored = comments.into_iter().find(|c| c.id == id).ok_or_else(|| ApiError::internal("comment vanished"))?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// Oldest first; each entry keeps the fields as they were before the change, the goals it
/// names that the reader does not see as `null`.
#[utoipa::path(get, path = "/v1/orgs/{org}/goals/{goal}/history", tag = "history",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = HistoryList), (status = "4XX", body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Json<HistoryList>> {
    let loaded = load_visible(&state, &actor, &goal).await?;
    let history = state.store.history(&actor.org, &loaded.goal().id).await?;
    let history = visible_history(&state, &actor, history).await?;
    Ok(Json(HistoryList { history: history.into_iter().map(HistoryView::from).collect() }))
}
