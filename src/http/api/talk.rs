//! Comments and history: readable by whoever sees the goal (CONTRACT §3).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use serde_json::json;

use crate::core::text::Comment;
use crate::goals::comments::may_change_comment;
use crate::goals::history::HistoryOp;
use crate::http::api::access::{load_visible, visible_history, Loaded};
use crate::http::api::extract::{Actor, Body};
use crate::http::api::model::CommentBody;
use crate::http::api::model_talk::{CommentList, CommentView, HistoryList, HistoryView};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::store::goals::types::{HistoryEntry, StoredComment};
use crate::store::CommentChange;

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
    check_body(&body)?;
    let now = state.clock.now();
    let goal = &loaded.goal().id;
    let id = state.store.add_comment(&actor.org, goal, &actor.member.id, &body.body, now).await?;
    let comments = state.store.comments(&actor.org, goal).await?;
    let stored = comments.into_iter().find(|c| c.id == id).ok_or_else(|| ApiError::internal("comment vanished"))?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

fn check_body(body: &CommentBody) -> ApiResult<()> {
    if body.body.trim().is_empty() {
        return Err(ApiError::invalid("body", "a comment needs some text"));
    }
    Comment::parse(body.body.as_str()).map_err(|e| ApiError::invalid("body", e.problem))?;
    Ok(())
}

/// Its author, within 24 hours of writing it; the goal's history keeps the text before
/// (`CommentEdited`).
#[utoipa::path(patch, path = "/v1/orgs/{org}/goals/{goal}/comments/{comment}", tag = "comments", request_body = CommentBody,
    params(("org" = String, Path), ("goal" = String, Path), ("comment" = i64, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = CommentView), (status = "4XX", body = ErrorBody)))]
pub async fn edit_comment(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal, comment)): Path<(String, String, String)>,
    Body(body): Body<CommentBody>,
) -> ApiResult<Json<CommentView>> {
    let (loaded, old) = changeable(&state, &actor, &goal, &comment).await?;
    check_body(&body)?;
    let goal = &loaded.goal().id;
    let entry = HistoryEntry::new(goal, HistoryOp::CommentEdited, json!({"comment": old.id, "body": old.body}));
    let change = CommentChange::Edit { id: old.id, body: &body.body };
    let now = state.clock.now();
    if !state.store.change_comment(&actor.org, goal, change, &entry, &actor.member.id, now).await? {
        return Err(missing(&goal.to_string(), &comment));
    }
    let comments = state.store.comments(&actor.org, goal).await?;
    let stored = comments.into_iter().find(|c| c.id == old.id).ok_or_else(|| missing(goal.as_str(), &comment))?;
    Ok(Json(stored.into()))
}

/// Its author, within 24 hours of writing it; the goal's history keeps the text
/// (`CommentDeleted`).
#[utoipa::path(delete, path = "/v1/orgs/{org}/goals/{goal}/comments/{comment}", tag = "comments",
    params(("org" = String, Path), ("goal" = String, Path), ("comment" = i64, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn delete_comment(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal, comment)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let (loaded, old) = changeable(&state, &actor, &goal, &comment).await?;
    let goal = &loaded.goal().id;
    let before = json!({"comment": old.id, "author": old.author, "at": old.at, "body": old.body});
    let entry = HistoryEntry::new(goal, HistoryOp::CommentDeleted, before);
    let now = state.clock.now();
    if !state
        .store
        .change_comment(&actor.org, goal, CommentChange::Delete { id: old.id }, &entry, &actor.member.id, now)
        .await?
    {
        return Err(missing(goal.as_str(), &comment));
    }
    Ok(StatusCode::NO_CONTENT)
}

fn missing(goal: &str, comment: &str) -> ApiError {
    ApiError::not_found(format!("no comment {comment:?} on goal {goal:?}"))
}

/// The goal (404 unless the actor sees it), the comment (404 unless on that goal), and 403
/// unless the actor is its author and it is younger than 24 hours.
async fn changeable(state: &AppState, actor: &Actor, goal: &str, comment: &str) -> ApiResult<(Loaded, StoredComment)> {
    let loaded = load_visible(state, actor, goal).await?;
    let id: i64 = comment.parse().map_err(|_| missing(goal, comment))?;
    let comments = state.store.comments(&actor.org, &loaded.goal().id).await?;
    let old = comments.into_iter().find(|c| c.id == id).ok_or_else(|| missing(goal, comment))?;
    may_change_comment(&actor.member.id, &old.author, old.at, state.clock.now())
        .map_err(|refusal| ApiError::forbidden(refusal.message()))?;
    Ok((loaded, old))
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
