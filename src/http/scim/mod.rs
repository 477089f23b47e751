//! SCIM 2.0 under `/scim/v2/orgs/{org}/` (docs/scim.md): Users and Groups (`resources`,
//! `write`), and the discovery documents (`discovery`). Every route takes the org's
//! bearer token (`goald scim token create`); any other token, or none, is a 401.

mod apply;
mod discovery;
mod reply;
mod resources;
mod translate;
mod views;
mod write;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;

use crate::core::ids::OrgId;
use crate::http::state::AppState;
use crate::org::Org;
use crate::scim::token::{bearer, matches_any};
use crate::scim::ScimError;

/// The largest body accepted (as the webhook's); larger answers 413 with a SCIM error.
pub const MAX_BODY: usize = 1 << 20;

pub fn router() -> Router<AppState> {
    let base = "/scim/v2/orgs/{org}";
    Router::new()
        .route(&format!("{base}/Users"), get(resources::list_users).post(write::post_user))
        .route(
            &format!("{base}/Users/{{id}}"),
            get(resources::get_user).put(write::put_user).patch(write::patch_user).delete(write::delete_user),
        )
        .route(&format!("{base}/Groups"), get(resources::list_groups).post(write::post_group))
        .route(
            &format!("{base}/Groups/{{id}}"),
            get(resources::get_group).put(write::put_group).patch(write::patch_group).delete(write::delete_group),
        )
        .route(&format!("{base}/ServiceProviderConfig"), get(discovery::service_provider_config))
        .route(&format!("{base}/ResourceTypes"), get(discovery::resource_types))
        .route(&format!("{base}/ResourceTypes/{{name}}"), get(discovery::resource_type))
        .route(&format!("{base}/Schemas"), get(discovery::schemas))
        .route(&format!("{base}/Schemas/{{urn}}"), get(discovery::schema))
        .route(&format!("{base}/.search"), axum::routing::post(resources::search_all))
        .route(&format!("{base}/{{*rest}}"), axum::routing::any(discovery::no_such_endpoint))
        // An oversized body is a rejection the handlers answer with a SCIM 413 (write.rs).
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// The org whose token the request carries. An unknown org is answered as a wrong
/// token, after the same hash work, so the route cannot be used to list the orgs.
async fn authorize(state: &AppState, org: &str, headers: &HeaderMap) -> Result<Org, ScimError> {
    let presented = bearer(headers.get("authorization").and_then(|v| v.to_str().ok())).unwrap_or("");
    let id = OrgId::parse(org).ok();
    let stored = match &id {
        Some(id) => state.store.scim_token_hashes(id).await.map_err(reply::internal)?,
        None => None,
    };
    let known = stored.as_deref().unwrap_or_default();
    if presented.is_empty() || !matches_any(presented, known) {
        tracing::warn!(org = id.as_ref().map(OrgId::as_str), "SCIM request refused: no valid token for the org");
        return Err(ScimError::unauthorized());
    }
    let id = id.ok_or_else(ScimError::unauthorized)?;
    state.store.org(&id).await.map_err(reply::internal)?.ok_or_else(ScimError::unauthorized)
}

/// `{scheme}://{host}/scim/v2/orgs/{org}`: what `meta.location` starts with.
fn base_url(headers: &HeaderMap, org: &str) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let scheme = header("x-forwarded-proto").unwrap_or("http");
    let host = header("x-forwarded-host").or_else(|| header("host")).unwrap_or("localhost");
    format!("{scheme}://{host}/scim/v2/orgs/{org}")
}
