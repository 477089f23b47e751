//! `/metrics` in Prometheus text format: HTTP requests by route and status (this
//! process), and the shared queues read from the database (digests, evaluations, HRIS
//! events), so every replica reports the same totals for those.

use std::fmt::Write as _;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;
use crate::jobs::watch::Watch;

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

/// Counts every request by its route template (never the raw path: tokens and org ids
/// would make unbounded label sets).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let response = next.run(request).await;
    state.http.record(route.as_deref().unwrap_or("unmatched"), response.status().as_u16());
    response
}

async fn metrics(State(state): State<AppState>) -> ApiResult<Response> {
    let queues = state.store.queue_metrics().await.map_err(|e| ApiError::database_unavailable("metrics", e))?;
    let mut out = String::new();
    let _ = writeln!(out, "# HELP goald_digests Digests by state (retrying: queued, waiting for a retry).");
    let _ = writeln!(out, "# TYPE goald_digests gauge");
    for (digest_state, n) in &queues.digests {
        let _ = writeln!(out, "goald_digests{{state=\"{digest_state}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP goald_evaluations_total Weekly evaluations run.");
    let _ = writeln!(out, "# TYPE goald_evaluations_total counter");
    let _ = writeln!(out, "goald_evaluations_total {}", queues.evaluations);
    let _ = writeln!(out, "# HELP goald_evaluation_seconds_total Time spent in weekly evaluations.");
    let _ = writeln!(out, "# TYPE goald_evaluation_seconds_total counter");
    let _ = writeln!(out, "goald_evaluation_seconds_total {}", queues.evaluation_seconds);
    let _ = writeln!(out, "# HELP goald_hris_events HRIS events by state (received = all of them).");
    let _ = writeln!(out, "# TYPE goald_hris_events gauge");
    let received: i64 = queues.hris_events.iter().map(|(_, n)| n).sum();
    let _ = writeln!(out, "goald_hris_events{{state=\"received\"}} {received}");
    for (event_state, n) in &queues.hris_events {
        let _ = writeln!(out, "goald_hris_events{{state=\"{event_state}\"}} {n}");
    }
    let _ = writeln!(out, "# HELP goald_http_requests_total HTTP requests answered by this process.");
    let _ = writeln!(out, "# TYPE goald_http_requests_total counter");
    for ((route, status), n) in state.http.snapshot() {
        let _ = writeln!(out, "goald_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}");
    }
    loops(&mut out, &Watch::global());
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response())
}

/// This process's loops and the panics caught at their jobs' boundaries.
fn loops(out: &mut String, watch: &Watch) {
    let loops = watch.loops();
    let _ = writeln!(out, "# HELP goald_loop_last_progress_seconds Seconds since each loop last made progress.");
    let _ = writeln!(out, "# TYPE goald_loop_last_progress_seconds gauge");
    for l in &loops {
        let _ = writeln!(
            out,
            "goald_loop_last_progress_seconds{{loop=\"{}\"}} {:.3}",
            l.name,
            l.since_progress.as_secs_f64()
        );
    }
    let _ = writeln!(
        out,
        "# HELP goald_loop_restarts_total Times each loop died (panicked or returned) and was restarted."
    );
    let _ = writeln!(out, "# TYPE goald_loop_restarts_total counter");
    for l in &loops {
        let _ = writeln!(out, "goald_loop_restarts_total{{loop=\"{}\"}} {}", l.name, l.restarts);
    }
    let _ = writeln!(
        out,
        "# HELP goald_job_panics_total Jobs (one digest, one org's evaluation or HRIS events) that panicked."
    );
    let _ = writeln!(out, "# TYPE goald_job_panics_total counter");
    for job in ["digest", "evaluation", "hris_apply"] {
        let n = watch.panics().iter().find(|(name, _)| *name == job).map_or(0, |(_, n)| *n);
        let _ = writeln!(out, "goald_job_panics_total{{job=\"{job}\"}} {n}");
    }
}
