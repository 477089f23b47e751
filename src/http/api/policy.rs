//! The org's policy (CONTRACT §10): read by every member, changed by executives only, each
//! change kept in its history.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::api::access::org_of;
use crate::http::api::extract::{Actor, Body};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::org::Role;
use crate::store::org::policy_store::PolicyChange;

/// The whole policy, every key present.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyView {
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyChangeView {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The keys the change sent.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// The whole policy before the change.
    #[schema(value_type = Object)]
    pub before: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyHistory {
    pub history: Vec<PolicyChangeView>,
}

/// The org's policy.
#[utoipa::path(get, path = "/v1/orgs/{org}/policy", tag = "policy", operation_id = "get_policy",
    params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = PolicyView), (status = "4XX", body = ErrorBody)))]
pub async fn read(State(state): State<AppState>, actor: Actor) -> ApiResult<Json<PolicyView>> {
    Ok(Json(PolicyView { policy: org_of(&state, &actor).await?.policy.to_json() }))
}

/// Changes the keys the body names (a partial `pace_thresholds` keeps the other one);
/// executives only. A wrong key or value is 400 naming it, and changes nothing.
#[utoipa::path(patch, path = "/v1/orgs/{org}/policy", tag = "policy", operation_id = "edit_policy",
    request_body(content = Object, description = "policy keys of CONTRACT §10"),
    params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = PolicyView), (status = "4XX", body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    actor: Actor,
    Body(patch): Body<serde_json::Value>,
) -> ApiResult<Json<PolicyView>> {
    if actor.member.role != Role::Executive {
        return Err(ApiError::forbidden("only executives change the org's policy"));
    }
    let org = org_of(&state, &actor).await?;
    let policy = org.policy.patched(&patch).map_err(|e| {
        let field = if e.key.is_empty() { "policy".to_owned() } else { format!("policy.{}", e.key) };
        ApiError::invalid(field, e.to_string())
    })?;
    for viewer in &policy.global_viewers {
        if state.store.member(&actor.org, viewer).await?.is_none() {
            return Err(ApiError::invalid("policy.global_viewers", format!("{viewer} is not a member of the org")));
        }
    }
    if policy != org.policy {
        let change = PolicyChange {
            at: state.clock.now(),
            actor: actor.member.id.clone(),
            changes: patch,
            before: org.policy.to_json(),
        };
        state.store.set_policy(&actor.org, &policy, &change).await?;
        tracing::info!(org = %actor.org, actor = %actor.member.id, "org policy changed");
    }
    Ok(Json(PolicyView { policy: policy.to_json() }))
}

/// Every change of the policy through the API, oldest first; executives and collaborators.
#[utoipa::path(get, path = "/v1/orgs/{org}/policy/history", tag = "policy", operation_id = "policy_history",
    params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = PolicyHistory), (status = "4XX", body = ErrorBody)))]
pub async fn history(State(state): State<AppState>, actor: Actor) -> ApiResult<Json<PolicyHistory>> {
    if !actor.member.role.sees_everything() {
        return Err(ApiError::forbidden("only executives and collaborators read the policy's history"));
    }
    let changes = state.store.policy_history(&actor.org).await?;
    let history = changes
        .into_iter()
        .map(|c| PolicyChangeView { at: c.at, actor: c.actor.to_string(), changes: c.changes, before: c.before })
        .collect();
    Ok(Json(PolicyHistory { history }))
}
