//! Goal categories (Betterworks, docs/api.md): every member lists them, executives create,
//! rename and delete them. No answer here counts or names goals, so a category tells
//! nobody of a goal they cannot see; the goals of a category are explore's `category=`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use rand::Rng;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::core::ids::CategoryId;
use crate::goals::category::{missing_category, parse_description, parse_name, Category, CategoryProblem, Moment};
use crate::http::api::access::org_of;
use crate::http::api::extract::{Actor, Body};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::AppState;
use crate::org::Role;
use crate::store::CategorySaved;

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Category> for CategoryView {
    fn from(c: Category) -> Self {
        Self {
            id: c.id.into(),
            name: c.name,
            description: c.description,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    /// Alphabetically, ignoring case.
    pub categories: Vec<CategoryView>,
}

/// `POST /categories`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    /// Generated (`c_` and 16 hex digits) when left out.
    #[schema(min_length = 1, max_length = 128)]
    pub id: Option<String>,
    /// Unique in the org, ignoring case; trimmed.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(max_length = 2048)]
    pub description: Option<String>,
}

/// `PATCH /categories/{category}`: null clears the description.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryPatch {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2048)]
    pub description: Option<Option<String>>,
}

fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn problem(e: CategoryProblem) -> ApiError {
    ApiError::invalid(e.field, e.problem)
}

fn executives_only(actor: &Actor) -> ApiResult<()> {
    if actor.member.role == Role::Executive {
        Ok(())
    } else {
        Err(ApiError::forbidden("only executives define the org's categories"))
    }
}

fn no_such(id: &str) -> ApiError {
    ApiError::not_found(format!("no category {id:?} in this org"))
}

fn saved(outcome: CategorySaved, category: &Category) -> ApiResult<()> {
    match outcome {
        CategorySaved::Saved => Ok(()),
        CategorySaved::IdTaken => {
            Err(ApiError::conflict(format!("category id {} is already taken", category.id)).with_field("id"))
        }
        CategorySaved::NameTaken(other) => Err(ApiError::conflict(format!(
            "category {other} is already named {:?} (names are unique ignoring case)",
            category.name
        ))
        .with_field("name")),
        CategorySaved::Missing => Err(no_such(category.id.as_str())),
    }
}

/// The org's categories, alphabetically; any member.
#[utoipa::path(get, path = "/v1/orgs/{org}/categories", tag = "categories", operation_id = "list_categories",
    params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = CategoryList), (status = "4XX", body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, actor: Actor) -> ApiResult<Json<CategoryList>> {
    let categories = state.store.categories(&actor.org).await?;
    Ok(Json(CategoryList { categories: categories.into_iter().map(CategoryView::from).collect() }))
}

/// Creates a category; executives only.
#[utoipa::path(post, path = "/v1/orgs/{org}/categories", tag = "categories", operation_id = "create_category",
    request_body = NewCategory, params(("org" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 201, body = CategoryView), (status = "4XX", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    Body(body): Body<NewCategory>,
) -> ApiResult<(StatusCode, Json<CategoryView>)> {
    executives_only(&actor)?;
    let id = match &body.id {
        Some(id) => CategoryId::parse(id.as_str()).map_err(|e| ApiError::invalid("id", e.to_string()))?,
        None => new_category_id(),
    };
    let now = state.clock.now();
    let category = Category {
        id,
        name: parse_name(&body.name).map_err(problem)?,
        description: parse_description(body.description.as_deref()).map_err(problem)?,
        created_at: now,
        updated_at: now,
    };
    saved(state.store.save_category(&actor.org, &category, true).await?, &category)?;
    tracing::info!(org = %actor.org, category = %category.id, actor = %actor.member.id, "category created");
    Ok((StatusCode::CREATED, Json(category.into())))
}

/// Renames a category or changes its description; executives only.
#[utoipa::path(patch, path = "/v1/orgs/{org}/categories/{category}", tag = "categories",
    operation_id = "edit_category", request_body = CategoryPatch,
    params(("org" = String, Path), ("category" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 200, body = CategoryView), (status = "4XX", body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(String, String)>,
    Body(patch): Body<CategoryPatch>,
) -> ApiResult<Json<CategoryView>> {
    executives_only(&actor)?;
    let parsed = CategoryId::parse(id.as_str()).map_err(|_| no_such(&id))?;
    let mut category = state.store.category(&actor.org, &parsed).await?.ok_or_else(|| no_such(&id))?;
    if let Some(name) = &patch.name {
        category.name = parse_name(name).map_err(problem)?;
    }
    if let Some(description) = &patch.description {
        category.description = parse_description(description.as_deref()).map_err(problem)?;
    }
    category.updated_at = state.clock.now();
    saved(state.store.save_category(&actor.org, &category, false).await?, &category)?;
    tracing::info!(org = %actor.org, category = %category.id, actor = %actor.member.id, "category changed");
    Ok(Json(category.into()))
}

/// Deletes a category; its goals stay, without a category (each goal's history says so).
#[utoipa::path(delete, path = "/v1/orgs/{org}/categories/{category}", tag = "categories",
    operation_id = "delete_category",
    params(("org" = String, Path), ("category" = String, Path), ("Goald-Member" = String, Header)),
    responses((status = 204), (status = "4XX", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    executives_only(&actor)?;
    let parsed = CategoryId::parse(id.as_str()).map_err(|_| no_such(&id))?;
    let now = state.clock.now();
    if !state.store.delete_category(&actor.org, &parsed, &actor.member.id, now).await? {
        return Err(no_such(&id));
    }
    tracing::info!(org = %actor.org, category = %parsed, actor = %actor.member.id, "category deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// A fresh category id: `c_` and 16 random hex digits.
fn new_category_id() -> CategoryId {
    let n: u64 = rand::thread_rng().gen();
    CategoryId::parse(format!("c_{n:016x}")).unwrap_or_else(|_| unreachable!("a hex id is a valid id"))
}

/// A goal's category at `moment`: one the org has (else 422 naming `category`), and one
/// there when the org's `require_category` asks for it (goals/category.rs). Only checked
/// when the category changes or the goal is created or published, so a goal whose
/// category was deleted keeps being edited.
pub async fn check_goal_category(
    state: &AppState,
    actor: &Actor,
    moment: Moment<'_>,
    category: Option<&CategoryId>,
) -> ApiResult<()> {
    if let Some(id) = category {
        if state.store.category(&actor.org, id).await?.is_none() {
            return Err(ApiError::rule_broken(Some("category"), format!("{id} is not a category of the org")));
        }
    }
    let policy = org_of(state, actor).await?.policy;
    match missing_category(policy.require_category, moment, category) {
        Some(why) => Err(ApiError::rule_broken(Some("category"), why)),
        None => Ok(()),
    }
}
