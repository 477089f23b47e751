//! `POST /v1/orgs/{org}/hris/events`: one event or an array, signed the Standard Webhooks
//! way. 202 only once the events are committed to the inbox; every 4xx stores nothing.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use crate::core::ids::OrgId;
use crate::hris::parse_events;
use crate::hris::signature::{verify, WebhookSecret};
use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;

/// The largest body accepted (CONTRACT: 1 MiB); larger answers 413.
pub const MAX_BODY: usize = 1 << 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/orgs/{org}/hris/events", post(receive).layer(DefaultBodyLimit::max(MAX_BODY)))
}

fn unknown_org(message: String) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "unknown_org", message)
}

/// Logged with its cause; the sender learns that nothing was stored, so it retries.
fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(e).with_message("the events were not stored; retry")
}

async fn receive(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let org = OrgId::parse(org).map_err(|_| unknown_org("no such org".into()))?;
    let secrets = match state.store.org_webhook_secrets(&org).await.map_err(internal)? {
        Some(secrets) => secrets.iter().filter_map(|s| WebhookSecret::parse(s).ok()).collect::<Vec<_>>(),
        None => return Err(unknown_org(format!("no org {:?}", org.as_str()))),
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = verify(
        &secrets,
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
        &body,
        state.clock.now(),
    );
    if let Err(e) = signed {
        tracing::warn!(org = org.as_str(), error = %e, "HRIS webhook refused");
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", e.to_string()));
    }
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("the body is not JSON: {e}")))?;
    let events = parse_events(&value).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_event", e.to_string()).with_field(e.field.clone())
    })?;
    let report = state.store.receive_events(&org, &events, state.clock.now()).await.map_err(internal)?;
    state.inbox.notify_one();
    tracing::info!(
        org = org.as_str(),
        accepted = report.accepted,
        duplicates = report.duplicates,
        "HRIS events stored"
    );
    let answer = json!({"accepted": report.accepted, "duplicates": report.duplicates});
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}
