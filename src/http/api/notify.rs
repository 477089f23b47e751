//! Nudge and cheer (issue 15, docs/notifications.md): an active member who sees a
//! published goal and does not own it lets the owner know, at most once per goal and kind
//! in 24 hours. Each is written in the goal's history and queued for the owner's next
//! 15-minute email, sent if their preferences allow it.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::goals::history::HistoryOp;
use crate::http::api::access::load_visible;
use crate::http::api::extract::Actor;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::notify::{may_notify, retry_after, NotificationKind, Refusal};
use crate::store::goals::types::HistoryEntry;
use crate::store::notify::{NewNotification, Recorded};

/// A nudge or cheer taken: the owner's email goes out at `deliver_at` (with the others of
/// its 15-minute window), if their preferences allow it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationAccepted {
    pub kind: String,
    pub goal: String,
    pub deliver_at: DateTime<Utc>,
}

/// 202; 403 on one's own goal; 404 for a goal not seen; 409 when not published; 429
/// (with `Retry-After`) within 24 hours of the sender's last nudge of this goal.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/nudge", tag = "notifications",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 202, body = NotificationAccepted), (status = 429, body = ErrorBody), (status = "4XX", body = ErrorBody)))]
pub async fn nudge(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Response> {
    send(&state, &actor, &goal, NotificationKind::Nudge).await
}

/// As the nudge, for a cheer.
#[utoipa::path(post, path = "/v1/orgs/{org}/goals/{goal}/cheer", tag = "notifications",
    params(("org" = String, Path), ("goal" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 202, body = NotificationAccepted), (status = 429, body = ErrorBody), (status = "4XX", body = ErrorBody)))]
pub async fn cheer(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, goal)): Path<(String, String)>,
) -> ApiResult<Response> {
    send(&state, &actor, &goal, NotificationKind::Cheer).await
}

async fn send(state: &AppState, actor: &Actor, goal: &str, kind: NotificationKind) -> ApiResult<Response> {
    let loaded = load_visible(state, actor, goal).await?;
    let goal = loaded.goal();
    match may_notify(&actor.member.id, &goal.owner, goal.state) {
        Ok(()) => {}
        Err(Refusal::OwnGoal) => {
            return Err(ApiError::forbidden(format!("you may not {kind} your own goal {}", goal.id)))
        }
        Err(Refusal::NotPublished(goal_state)) => {
            return Err(ApiError::conflict(format!(
                "goal {} is {goal_state}: only a published goal takes a {kind}",
                goal.id
            )))
        }
    }
    let operation = match kind {
        NotificationKind::Nudge => HistoryOp::Nudged,
        NotificationKind::Cheer => HistoryOp::Cheered,
    };
    let history = HistoryEntry::new(&goal.id, operation, json!({"owner": goal.owner.as_str()}));
    let notification =
        NewNotification { org: &actor.org, goal: &goal.id, owner: &goal.owner, sender: &actor.member.id, kind };
    let now = state.clock.now();
    match state.store.record_notification(&notification, &history, now).await? {
        Recorded::Queued { deliver_at } => {
            crate::telemetry::notify::request(kind.as_str(), "queued");
            tracing::info!(org = %actor.org, goal = %goal.id, sender = %actor.member.id, kind = kind.as_str(), "notification queued");
            let body = NotificationAccepted { kind: kind.as_str().to_owned(), goal: goal.id.to_string(), deliver_at };
            Ok((StatusCode::ACCEPTED, Json(body)).into_response())
        }
        Recorded::Limited { last } => {
            crate::telemetry::notify::request(kind.as_str(), "rate_limited");
            let wait = retry_after(Some(last), now).unwrap_or(1);
            let message = format!("you sent a {kind} for goal {} in the last 24 hours; try again in {wait} s", goal.id);
            let body = ErrorBody { error: "rate_limited".to_owned(), message, field: None };
            Ok((StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, wait.to_string())], Json(body)).into_response())
        }
    }
}

/// The preferences page's two operations, for the OpenAPI document (they take no key).
pub fn preferences_routes() -> Value {
    let token = json!({"name": "token", "in": "path", "required": true, "schema": {"type": "string"},
        "description": "a digest's unsubscribe token or a notification email's member token"});
    let html = |d: &str| json!({"description": d, "content": {"text/html": {"schema": {"type": "string"}}}});
    json!({
        "get": {
            "operationId": "showPreferences", "tags": ["notifications"],
            "summary": "The member's email preferences page, in their language (changes nothing)",
            "security": [], "parameters": [token],
            "responses": {"200": html("the page"), "404": html("no such link")}
        },
        "post": {
            "operationId": "changePreferences", "tags": ["notifications"],
            "summary": "Turn the weekly digest, nudges or cheers on or off",
            "security": [], "parameters": [token],
            "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "properties": {
                    "digest": {"type": "string", "enum": ["on", "off"]},
                    "nudges": {"type": "string", "enum": ["on", "off"]},
                    "cheers": {"type": "string", "enum": ["on", "off"]}
                }
            }}}},
            "responses": {"200": html("the page, saved"), "400": html("a change not understood"), "404": html("no such link")}
        }
    })
}
