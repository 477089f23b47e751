//! Explore (the goals the member sees) and "my goals" (owned or contributed), filtered,
//! sorted and paged.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::core::ids::{CategoryId, GoalId, MemberId};
use crate::core::text::SearchText;
use crate::goals::{GoalState, GoalType};
use crate::http::api::access::{category_names, org_of, view};
use crate::http::api::extract::Actor;
use crate::http::api::model::GoalPage;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::store::goals::types::{ExploreQuery, SortKey};

pub const MAX_LIMIT: u32 = 200;

/// The query parameters of both lists (documentation only: they are parsed by hand so a
/// bad one names itself).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// Owner's member id.
    owner: Option<String>,
    /// draft, published, closed or archived.
    state: Option<String>,
    /// personal, team or organization.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    goal_type: Option<String>,
    /// A parent goal id, or `none` for goals without a parent.
    parent: Option<String>,
    /// Text looked for in the title and description, ignoring case; one line.
    #[param(max_length = 255)]
    q: Option<String>,
    /// id, title, end_date, created_at or progress; a leading `-` sorts descending.
    sort: Option<String>,
    /// 1 to 200, default 50.
    limit: Option<u32>,
    /// Default 0.
    offset: Option<u32>,
    /// `true`: only the goals the caller follows (that they still see).
    following: Option<bool>,
    /// A category id, or `none` for goals without a category.
    category: Option<String>,
}

#[utoipa::path(get, path = "/v1/orgs/{org}/goals", tag = "explore", params(("org" = String, Path), ("Goald-Member" = String, Header), ListParams),
    responses((status = 200, body = GoalPage), (status = "4XX", body = ErrorBody)))]
pub async fn explore(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<GoalPage>> {
    list(&state, &actor, &params, false).await
}

#[utoipa::path(get, path = "/v1/orgs/{org}/me/goals", tag = "explore", params(("org" = String, Path), ("Goald-Member" = String, Header), ListParams),
    responses((status = 200, body = GoalPage), (status = "4XX", body = ErrorBody)))]
pub async fn mine(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<GoalPage>> {
    list(&state, &actor, &params, true).await
}

async fn list(
    state: &AppState,
    actor: &Actor,
    params: &HashMap<String, String>,
    mine: bool,
) -> ApiResult<Json<GoalPage>> {
    let query = parse(params, mine)?;
    let sees_everything = actor.member.role.sees_everything();
    let page = state.store.explore(&actor.org, &actor.member.id, sees_everything, &query).await?;
    let org = org_of(state, actor).await?;
    let now = state.clock.now();
    let end = i64::from(query.offset) + page.goals.len() as i64;
    let names = category_names(state, &actor.org).await?;
    let goals = page.goals.into_iter().map(|stored| view(&org, &stored, None, (false, &names), now)).collect();
    Ok(Json(GoalPage { goals, total: page.total, next_offset: (end < page.total).then_some(end) }))
}

fn parse(params: &HashMap<String, String>, mine: bool) -> ApiResult<ExploreQuery> {
    let get = |name: &str| params.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let bad = |name: &str, e: &dyn std::fmt::Display| ApiError::invalid(name, e.to_string());
    let owner = get("owner").map(MemberId::parse).transpose().map_err(|e| bad("owner", &e))?;
    let state = get("state").map(str::parse::<GoalState>).transpose().map_err(|e| bad("state", &e))?;
    let goal_type = get("type").map(str::parse::<GoalType>).transpose().map_err(|e| bad("type", &e))?;
    let parent = match get("parent") {
        None => None,
        Some("none") => Some(None),
        Some(id) => Some(Some(GoalId::parse(id).map_err(|e| bad("parent", &e))?)),
    };
    let sort_text = get("sort").unwrap_or("id");
    let (descending, key) = match sort_text.strip_prefix('-') {
        Some(key) => (true, key),
        None => (false, sort_text),
    };
    let sort = match key {
        "id" => SortKey::Id,
        "title" => SortKey::Title,
        "end_date" => SortKey::EndDate,
        "created_at" => SortKey::CreatedAt,
        "progress" => SortKey::Progress,
        other => {
            return Err(bad("sort", &format!("{other:?} is not one of id, title, end_date, created_at, progress")))
        }
    };
    let number = |name: &str, default: u32| -> ApiResult<u32> {
        get(name).map(|v| v.parse::<u32>().map_err(|e| bad(name, &e))).transpose().map(|n| n.unwrap_or(default))
    };
    let limit = number("limit", 50)?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(bad("limit", &format!("{limit} is not between 1 and {MAX_LIMIT}")));
    }
    let offset = number("offset", 0)?;
    let text = get("q").map(SearchText::parse).transpose().map_err(|e| bad("q", &e.problem))?;
    let text = text.map(|q| q.as_str().to_lowercase());
    let following = match get("following") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(bad("following", &format!("{other:?} is not true or false"))),
    };
    let category = match get("category") {
        None => None,
        Some("none") => Some(None),
        Some(id) => Some(Some(CategoryId::parse(id).map_err(|e| bad("category", &e))?)),
    };
    Ok(ExploreQuery {
        mine,
        owner,
        state,
        goal_type,
        parent,
        text,
        sort,
        descending,
        limit,
        offset,
        following,
        category,
    })
}
