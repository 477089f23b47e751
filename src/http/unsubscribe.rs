//! The digest's unsubscribe link. `POST` (RFC 8058 one-click, what mail clients send
//! for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`) records the opt-out. `GET`
//! only shows a page with a button that POSTs: link scanners that follow every URL
//! in a mail must not unsubscribe anyone.

use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/unsubscribe/{token}", get(confirm).post(unsubscribe))
}

/// Tokens are the 32 hex digits the store makes; anything else is not looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

const NOT_FOUND: &str = "<!doctype html><title>goald</title><p>This unsubscribe link is not valid.</p>\n";

/// Answered to a browser: a page, not the JSON body.
fn not_found() -> ApiError {
    ApiError::not_found("no such unsubscribe link").with_page(NOT_FOUND)
}

/// The page names what its button stops: a notification email's link stops nudges and
/// cheers, a digest's the weekly reminders.
async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> ApiResult<Html<String>> {
    if !well_formed(&token) {
        return Err(not_found());
    }
    let member_token = state.store.member_token_member(&token).await;
    let member_token =
        member_token.map_err(|e| ApiError::internal(format!("reading a link: {e}")).with_page(TRY_LATER))?;
    let question = match member_token {
        Some(_) => "Stop receiving nudges and cheers? / Ne plus recevoir les relances et les encouragements ?",
        None => "Stop receiving the weekly goal reminders? / Ne plus recevoir les rappels hebdomadaires ?",
    };
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
         <form method=\"post\" action=\"/v1/unsubscribe/{token}\">\
         <p>{question}</p>\
         <button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe / Se désabonner</button>\
         </form>\n"
    );
    Ok(Html(page))
}

async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> ApiResult<Html<String>> {
    if !well_formed(&token) {
        return Err(not_found());
    }
    let opted_out = state
        .store
        .opt_out(&token, state.clock.now())
        .await
        .map_err(|e| ApiError::internal(format!("recording an unsubscribe: {e}")).with_page(TRY_LATER))?;
    let Some((org, member)) = opted_out else {
        // A notification email's one-click link stops nudges and cheers instead.
        return crate::http::preferences::one_click_notifications(&state, &token).await;
    };
    tracing::info!(org = org.as_str(), member = member.as_str(), "owner unsubscribed from digests");
    let page = "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
                <p>You will no longer receive weekly goal reminders. / \
                Vous ne recevrez plus de rappels hebdomadaires.</p>\n";
    Ok(Html(page.to_owned()))
}

const TRY_LATER: &str = "<p>Please try again later.</p>\n";
