//! The goals API under `/v1/orgs/{org}/` (docs/api.md), and its OpenAPI document at
//! `/v1/openapi.json`, generated from the handlers' annotations.

mod access;
mod categories;
mod compose;
mod document;
mod explore;
mod extract;
#[cfg(test)]
mod fuzz_tests;
mod goals;
mod lifecycle;
mod links;
mod model;
mod model_talk;
mod notify;
mod people;
mod policy;
mod progress;
mod reports;
mod schema;
mod social;
mod talk;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::AppState;

/// Bodies larger than this answer 413.
const MAX_BODY: usize = 1 << 20;

#[derive(OpenApi)]
#[openapi(
    info(title = "goald goals API", description = "Goals, their lifecycle, progress, comments and history, under the rules of CONTRACT §3, §4 and §8; progress and adoption reports (docs/reports.md)."),
    modifiers(&BearerKey),
    security(("api_key" = []))
)]
struct ApiDoc;

struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("an org API key (goald api-key create)"));
        components.add_security_scheme("api_key", SecurityScheme::Http(scheme.build()));
    }
}

/// The API routes and the document that describes them.
pub fn router() -> Router<AppState> {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(explore::explore, goals::create))
        .routes(routes!(explore::mine))
        .routes(routes!(goals::read, goals::edit, goals::delete))
        .routes(routes!(lifecycle::publish))
        .routes(routes!(lifecycle::close))
        .routes(routes!(lifecycle::archive))
        .routes(routes!(lifecycle::unarchive))
        .routes(routes!(lifecycle::copy))
        .routes(routes!(lifecycle::link, lifecycle::unlink))
        .routes(routes!(progress::list, progress::add))
        .routes(routes!(progress::edit, progress::delete))
        .routes(routes!(talk::comments, talk::comment))
        .routes(routes!(talk::edit_comment, talk::delete_comment))
        .routes(routes!(talk::history))
        .routes(routes!(social::follow, social::unfollow))
        .routes(routes!(social::following))
        .routes(routes!(social::related))
        .routes(routes!(social::relate, social::unrelate))
        .routes(routes!(policy::read, policy::edit))
        .routes(routes!(policy::history))
        .routes(routes!(reports::progress))
        .routes(routes!(reports::adoption))
        .routes(routes!(notify::nudge))
        .routes(routes!(notify::cheer))
        .routes(routes!(categories::list, categories::create))
        .routes(routes!(categories::edit, categories::delete))
        .split_for_parts();
    let doc = std::sync::Arc::new(document::complete(serde_json::to_value(&doc).unwrap_or_default()));
    router
        .route("/v1/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}
