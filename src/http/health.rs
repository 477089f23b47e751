//! `/healthz`: the process answers. `/readyz`: the database answers too (it was
//! migrated when the store opened, before the listener was bound), and every background
//! loop of this process made progress lately (503 naming the stalled one otherwise).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;
use crate::jobs::watch::Watch;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<AppState>) -> ApiResult<Response> {
    state.store.org_time_zones().await.map_err(|e| ApiError::database_unavailable("not ready", e))?;
    let stalled = Watch::global().stalled();
    if stalled.is_empty() {
        return Ok("ready\n".into_response());
    }
    let lines: String = stalled
        .iter()
        .map(|l| {
            let (since, limit) = (l.since_progress.as_secs(), l.stall_after.as_secs());
            format!("not ready: the {} loop has made no progress for {since}s (limit {limit}s)\n", l.name)
        })
        .collect();
    Ok((StatusCode::SERVICE_UNAVAILABLE, lines).into_response())
}
