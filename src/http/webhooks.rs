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
use crate::http::AppState;

/// The largest body accepted (CONTRACT: 1 MiB); larger answers 413.
pub const MAX_BODY: usize = 1 << 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/orgs/{org}/hris/events", post(receive).layer(DefaultBodyLimit::max(MAX_BODY)))
}

fn error(status: StatusCode, code: &str, message: String, field: Option<&str>) -> Response {
    (status, Json(json!({"error": code, "message": message, "field": field}))).into_response()
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "HRIS webhook failed");
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the events were not stored; retry".into(), None)
}

async fn receive(State(state): State<AppState>, Path(org): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(org) = OrgId::parse(org) else {
        return error(StatusCode::NOT_FOUND, "unknown_org", "no such org".into(), None);
    };
    let secrets = match state.store.org_webhook_secrets(&org).await {
        Ok(Some(secrets)) => secrets.iter().filter_map(|s| WebhookSecret::parse(s).ok()).collect::<Vec<_>>(),
        Ok(None) => return error(StatusCode::NOT_FOUND, "unknown_org", format!("no org {:?}", org.as_str()), None),
        Err(e) => return internal(e),
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
        return error(StatusCode::UNAUTHORIZED, "bad_signature", e.to_string(), None);
    }
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => return error(StatusCode::BAD_REQUEST, "malformed_json", format!("the body is not JSON: {e}"), None),
    };
    let events = match parse_events(&value) {
        Ok(events) => events,
        Err(e) => return error(StatusCode::BAD_REQUEST, "invalid_event", e.to_string(), Some(&e.field)),
    };
    match state.store.receive_events(&org, &events, state.clock.now()).await {
        Ok(report) => {
            state.inbox.notify_one();
            tracing::info!(
                org = org.as_str(),
                accepted = report.accepted,
                duplicates = report.duplicates,
                "HRIS events stored"
            );
            (StatusCode::ACCEPTED, Json(json!({"accepted": report.accepted, "duplicates": report.duplicates})))
                .into_response()
        }
        Err(e) => internal(e),
    }
}
