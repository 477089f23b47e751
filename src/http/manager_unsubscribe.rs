//! The manager digest's unsubscribe link (issue 17), separate from the owner digest's:
//! `POST` (RFC 8058 one-click) stops the manager digests of the manager whose digest
//! holds the token; `GET` only shows a page with a button that POSTs, so link scanners
//! unsubscribe nobody. The owner's weekly reminders are not touched.

use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/unsubscribe/manager/{token}", get(confirm).post(unsubscribe))
}

/// Tokens are the 32 hex digits the store makes; anything else is not looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

const NOT_FOUND: &str = "<!doctype html><title>goald</title><p>This unsubscribe link is not valid.</p>\n";

fn not_found() -> ApiError {
    ApiError::not_found("no such unsubscribe link").with_page(NOT_FOUND)
}

async fn confirm(Path(token): Path<String>) -> ApiResult<Html<String>> {
    if !well_formed(&token) {
        return Err(not_found());
    }
    Ok(Html(format!(
        "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
         <form method=\"post\" action=\"/v1/unsubscribe/manager/{token}\">\
         <p>Stop receiving the team digests? / Ne plus recevoir les récapitulatifs d’équipe ?</p>\
         <button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe / Se désabonner</button>\
         </form>\n"
    )))
}

async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> ApiResult<Html<String>> {
    if !well_formed(&token) {
        return Err(not_found());
    }
    let opted_out = state.store.manager_opt_out(&token, state.clock.now()).await.map_err(|e| {
        ApiError::internal(format!("recording an unsubscribe: {e}")).with_page("<p>Please try again later.</p>\n")
    })?;
    let (org, member) = opted_out.ok_or_else(not_found)?;
    tracing::info!(org = org.as_str(), member = member.as_str(), "manager unsubscribed from manager digests");
    Ok(Html(
        "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
         <p>You will no longer receive team digests. / Vous ne recevrez plus de récapitulatifs d’équipe.</p>\n"
            .to_owned(),
    ))
}
