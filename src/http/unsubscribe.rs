//! The digest's unsubscribe link. `POST` (RFC 8058 one-click, what mail clients send
//! for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`) records the opt-out. `GET`
//! only shows a page with a button that POSTs: link scanners that follow every URL
//! in a mail must not unsubscribe anyone.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/unsubscribe/{token}", get(confirm).post(unsubscribe))
}

/// Tokens are the 32 hex digits the store makes; anything else is not looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

const NOT_FOUND: &str = "<!doctype html><title>goald</title><p>This unsubscribe link is not valid.</p>\n";

async fn confirm(Path(token): Path<String>) -> (StatusCode, Html<String>) {
    if !well_formed(&token) {
        return (StatusCode::NOT_FOUND, Html(NOT_FOUND.to_owned()));
    }
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
         <form method=\"post\" action=\"/v1/unsubscribe/{token}\">\
         <p>Stop receiving the weekly goal reminders? / Ne plus recevoir les rappels hebdomadaires ?</p>\
         <button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe / Se désabonner</button>\
         </form>\n"
    );
    (StatusCode::OK, Html(page))
}

async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> (StatusCode, Html<String>) {
    if !well_formed(&token) {
        return (StatusCode::NOT_FOUND, Html(NOT_FOUND.to_owned()));
    }
    match state.store.opt_out(&token, state.clock.now()).await {
        Ok(Some((org, member))) => {
            tracing::info!(org = org.as_str(), member = member.as_str(), "owner unsubscribed from digests");
            let page = "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
                        <p>You will no longer receive weekly goal reminders. / \
                        Vous ne recevrez plus de rappels hebdomadaires.</p>\n";
            (StatusCode::OK, Html(page.to_owned()))
        }
        Ok(None) => (StatusCode::NOT_FOUND, Html(NOT_FOUND.to_owned())),
        Err(e) => {
            tracing::error!(error = %e, "recording an unsubscribe failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html("<p>Please try again later.</p>\n".to_owned()))
        }
    }
}
