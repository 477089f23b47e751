//! The progress and adoption reports of the acting member over a scope
//! (docs/reports.md): `GET /v1/orgs/{org}/reports/progress` and `/reports/adoption`.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::core::time::parse_instant;
use crate::http::api::access::org_of;
use crate::http::api::extract::Actor;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::reports::{check_scope, AdoptionReport, ProgressReport, ReportError, Scope};

/// The query parameters of both reports (documentation only: they are parsed by hand so
/// a bad one names itself).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ReportParams {
    /// `line` (the member and their reporting line, the default), `team:ID`, or `org`
    /// (executives and collaborators only).
    scope: Option<String>,
    /// The instant T, RFC 3339 (default now).
    at: Option<String>,
}

/// The acting member's progress report over a scope (docs/reports.md).
#[utoipa::path(get, path = "/v1/orgs/{org}/reports/progress", tag = "reports",
    params(("org" = String, Path), ("Goald-Member" = String, Header), ReportParams),
    responses((status = 200, body = ProgressReportBody), (status = "4XX", body = ErrorBody)))]
pub async fn progress(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<ProgressReport>> {
    let (scope, at) = parse(&state, &actor, &params)?;
    let org = org_of(&state, &actor).await?;
    Ok(Json(state.store.progress_report(&org, &actor.member, &scope, at).await?))
}

/// The acting member's adoption report over a scope (docs/reports.md).
#[utoipa::path(get, path = "/v1/orgs/{org}/reports/adoption", tag = "reports",
    params(("org" = String, Path), ("Goald-Member" = String, Header), ReportParams),
    responses((status = 200, body = AdoptionReportBody), (status = "4XX", body = ErrorBody)))]
pub async fn adoption(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<AdoptionReport>> {
    let (scope, at) = parse(&state, &actor, &params)?;
    let org = org_of(&state, &actor).await?;
    Ok(Json(state.store.adoption_report(&org, &actor.member, &scope, at).await?))
}

fn parse(state: &AppState, actor: &Actor, params: &HashMap<String, String>) -> ApiResult<(Scope, DateTime<Utc>)> {
    let get = |name: &str| params.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let scope = Scope::parse(get("scope").unwrap_or("line")).map_err(|e| ApiError::invalid("scope", e.to_string()))?;
    let at = match get("at") {
        Some(text) => parse_instant(text).map_err(|e| ApiError::invalid("at", e))?,
        None => state.clock.now(),
    };
    check_scope(&actor.member, &scope).map_err(|e| match e {
        ReportError::BadScope(_) => ApiError::invalid("scope", e.to_string()),
        _ => ApiError::forbidden_field("scope", e.to_string()),
    })?;
    Ok((scope, at))
}

/// The figures of a progress report (documentation: `reports::ProgressFigures`).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ProgressFiguresBody {
    /// Counted goals: published, closed or archived, owned in the scope, seen by the member.
    goals: u64,
    by_state: StateCountsBody,
    /// Published goals by pace at T (CONTRACT §4).
    by_pace: PaceCountsBody,
    /// Mean progress of the published goals (each to 2 decimals), 2 decimals.
    mean_progress: Option<f64>,
    /// Published goals whose end date is before D.
    past_end_date: u64,
    /// Published goals whose last activity (CONTRACT §5) is 28 days or more before T.
    not_updated_28_days: u64,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct StateCountsBody {
    published: u64,
    closed: u64,
    archived: u64,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct PaceCountsBody {
    on_track: u64,
    at_risk: u64,
    off_track: u64,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct DirectReportBody {
    member: String,
    #[serde(flatten)]
    figures: ProgressFiguresBody,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ProgressReportBody {
    org: String,
    viewer: String,
    scope: String,
    at: DateTime<Utc>,
    /// T's date in the org's time zone (D).
    date: chrono::NaiveDate,
    #[serde(flatten)]
    totals: ProgressFiguresBody,
    /// Every direct report of the member, by id, over the counted goals of their own line.
    direct_reports: Vec<DirectReportBody>,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct AdoptionReportBody {
    org: String,
    viewer: String,
    scope: String,
    at: DateTime<Utc>,
    /// Active members of the scope.
    active_members: u64,
    /// Of them, those owning a published goal the member sees.
    members_with_published_goal: u64,
    members_with_published_goal_percent: Option<f64>,
    published_goals: u64,
    published_goals_with_parent: u64,
    published_goals_with_parent_percent: Option<f64>,
    /// Median of the whole days from each published goal's last activity to T.
    median_days_since_last_activity: Option<f64>,
    /// Active members of the scope owning no published goal the member sees, by id.
    members_without_published_goal: Vec<String>,
}
