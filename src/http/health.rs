//! `/healthz`: the process answers. `/readyz`: the database answers too (it was
//! migrated when the store opened, before the listener was bound).

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<AppState>) -> ApiResult<&'static str> {
    state.store.org_time_zones().await.map_err(|e| ApiError::database_unavailable("not ready", e))?;
    Ok("ready\n")
}
