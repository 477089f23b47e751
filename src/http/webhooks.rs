//! `POST /v1/orgs/{org}/hris/events`: one event or an array, signed the Standard Webhooks
//! way. 202 only once the events are committed to the inbox; every 4xx stores nothing.
//!
//! An org that does not exist is answered exactly as a bad signature (the same 401 and
//! body, after the same HMAC work against a secret no sender holds), so that the webhook
//! cannot be used to list the orgs.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine as _;
use serde_json::json;

use crate::core::ids::OrgId;
use crate::hris::parse_events;
use crate::hris::signature::{verify, SignatureError, WebhookSecret};
use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;

/// The largest body accepted (CONTRACT: 1 MiB); larger answers 413.
pub const MAX_BODY: usize = 1 << 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/orgs/{org}/hris/events", post(receive).layer(DefaultBodyLimit::max(MAX_BODY)))
}

/// A secret made at random once per process, which no sender can sign with: the requests
/// for an org that does not exist are checked against it, so they take as long and fail
/// the same way as the requests for an org with a wrong signature.
fn decoy_secret() -> &'static [WebhookSecret] {
    static DECOY: std::sync::OnceLock<Vec<WebhookSecret>> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let key: [u8; 32] = rand::random();
        let text = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
        WebhookSecret::parse(&text).map(|secret| vec![secret]).unwrap_or_default()
    })
}

fn bad_signature(e: SignatureError) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", e.to_string())
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
    let org = OrgId::parse(&org).ok();
    let stored = match &org {
        Some(org) => state.store.org_webhook_secrets(org).await.map_err(internal)?,
        None => None,
    };
    let secrets = match (&stored, &org) {
        (Some(stored), Some(_)) => stored.iter().filter_map(|s| WebhookSecret::parse(s).ok()).collect::<Vec<_>>(),
        _ => decoy_secret().to_vec(),
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
    let org = match (org, stored) {
        (Some(org), Some(_)) => org,
        // Even a signature that matched the decoy (it cannot) does not get past here.
        _ => {
            let e = signed.err().unwrap_or(SignatureError::NoMatch);
            tracing::warn!(error = %e, "HRIS webhook for an org that does not exist refused");
            return Err(bad_signature(e));
        }
    };
    if let Err(e) = signed {
        tracing::warn!(org = org.as_str(), error = %e, "HRIS webhook refused");
        return Err(bad_signature(e));
    }
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("the body is not JSON: {e}")))?;
    let events = parse_events(&value).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_event", e.to_string()).with_field(e.field.clone())
    })?;
    let report = state.store.receive_events(&org, &events, state.clock.now()).await.map_err(internal)?;
    crate::telemetry::hris_events("accepted", report.accepted);
    crate::telemetry::hris_events("duplicate", report.duplicates);
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
