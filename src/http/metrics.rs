//! `/metrics` in Prometheus text format (docs/metrics.md): what this process recorded
//! (requests, sends, evaluations, loops; `crate::telemetry`), its process and pool
//! figures, and the live part of the shared queues read through two partial indexes, so
//! every replica reports the same depth and age and a scrape never counts whole tables.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};

use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;
use crate::jobs::watch::Watch;
use crate::store::QueueState;
use crate::telemetry;

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

/// The matched route's template, carried on the response so that the layers outside the
/// router (`track`, the access log), which also see the 404s of no route, can name it.
#[derive(Debug, Clone)]
pub struct RouteTemplate(pub String);

/// A route layer: runs only for matched routes, where `MatchedPath` is known.
pub async fn mark_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| RouteTemplate(p.as_str().to_owned()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// The route template a response answered, or `unmatched` (a 404 of no route).
pub fn route_of(response: &Response) -> &str {
    response.extensions().get::<RouteTemplate>().map_or("unmatched", |r| r.0.as_str())
}

/// Counts and times every request, 404s of no route included, by route template (never
/// the raw path: tokens and org ids would make unbounded label sets).
pub async fn track(request: Request, next: Next) -> Response {
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    telemetry::http_request(method, route_of(&response), response.status().as_u16(), started.elapsed());
    response
}

/// A client may send any method name: only the standard ones become label values.
pub fn method_label(method: &Method) -> &'static str {
    const KNOWN: [&str; 9] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"];
    KNOWN.into_iter().find(|known| *known == method.as_str()).unwrap_or("other")
}

async fn metrics(State(state): State<AppState>) -> ApiResult<Response> {
    let Some(handle) = telemetry::install() else {
        return Err(ApiError::internal("another metrics recorder is installed in this process"));
    };
    let now = state.clock.now();
    let queues = state.store.queue_metrics(now).await.map_err(|e| ApiError::database_unavailable("metrics", e))?;
    telemetry::queue("digests", "queued", queues.digests_queued.depth, age(queues.digests_queued, now));
    telemetry::queue("digests", "retrying", queues.digests_retrying.depth, age(queues.digests_retrying, now));
    telemetry::queue("hris_events", "pending", queues.hris_pending.depth, age(queues.hris_pending, now));
    telemetry::queue("hris_events", "waiting", queues.hris_waiting.depth, age(queues.hris_waiting, now));
    let pool = state.store.pool_stats();
    telemetry::pool(pool.size, pool.idle, pool.max);
    telemetry::process::record();
    for l in Watch::global().loops() {
        telemetry::loop_progress(l.name, l.since_progress);
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response())
}

/// How long the oldest due item has waited; 0 when none is due.
fn age(state: QueueState, now: DateTime<Utc>) -> Duration {
    state.oldest_due.and_then(|due| (now - due).to_std().ok()).unwrap_or_default()
}
