//! The preferences page (docs/notifications.md): `GET /v1/preferences/{token}` shows the
//! member's three switches in their language and changes nothing; `POST` with a form
//! (`digest=off`, `nudges=on`, ...) changes them. The token is a digest's unsubscribe
//! token or the member token of a notification email, and reaches only its own member.

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Form, Router};

use crate::core::ids::{MemberId, OrgId};
use crate::http::error::{ApiError, ApiResult};
use crate::http::preferences_page::{bad_request, page};
use crate::http::state::AppState;
use crate::notify::PreferenceChange;
use crate::org::{Locale, Member};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/preferences/{token}", get(show).post(change))
}

/// Tokens are the 32 hex digits the store makes; anything else is not looked up.
pub fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

const NOT_FOUND: &str = "<!doctype html><title>goald</title><p>This preferences link is not valid.</p>\n";
const TRY_LATER: &str = "<p>Please try again later.</p>\n";

fn not_found() -> ApiError {
    ApiError::not_found("no such preferences link").with_page(NOT_FOUND)
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("the preferences page: {e}")).with_page(TRY_LATER)
}

/// The token's member, or 404 (a member removed since counts as no member).
async fn member_of(state: &AppState, token: &str) -> ApiResult<(OrgId, Member)> {
    if !well_formed(token) {
        return Err(not_found());
    }
    let (org, member) = state.store.token_member(token).await.map_err(internal)?.ok_or_else(not_found)?;
    let member = state.store.member(&org, &member).await.map_err(internal)?.ok_or_else(not_found)?;
    Ok((org, member))
}

async fn render(state: &AppState, org: &OrgId, member: &Member, token: &str, saved: bool) -> ApiResult<Html<String>> {
    let prefs = state.store.preferences(org, &member.id).await.map_err(internal)?;
    Ok(Html(page(member.locale, &member.name, token, &prefs, saved)))
}

async fn show(State(state): State<AppState>, Path(token): Path<String>) -> ApiResult<Html<String>> {
    let (org, member) = member_of(&state, &token).await?;
    render(&state, &org, &member, &token, false).await
}

async fn change(
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> ApiResult<Html<String>> {
    let (org, member) = member_of(&state, &token).await?;
    let bad = |locale: Locale, detail: String| {
        ApiError::invalid("body", detail.clone()).with_page(bad_request(locale, &detail))
    };
    let Form(pairs) = form.map_err(|e| bad(member.locale, e.body_text()))?;
    let changes = PreferenceChange::parse_all(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .map_err(|e| bad(member.locale, e.to_string()))?;
    let prefs =
        state.store.change_preferences(&org, &member.id, &changes, state.clock.now()).await.map_err(internal)?;
    log_change(&org, &member.id, &prefs);
    render(&state, &org, &member, &token, true).await
}

fn log_change(org: &OrgId, member: &MemberId, prefs: &crate::notify::Preferences) {
    tracing::info!(
        org = org.as_str(),
        member = member.as_str(),
        digest = prefs.digest,
        nudges = prefs.nudges,
        cheers = prefs.cheers,
        "email preferences changed"
    );
}

/// RFC 8058 one-click on a notification email's link (a member token): nudges and cheers
/// stop, no page in between. 404 for any other token.
pub async fn one_click_notifications(state: &AppState, token: &str) -> ApiResult<Html<String>> {
    let not_valid = || ApiError::not_found("no such unsubscribe link").with_page(NOT_FOUND);
    let (org, member) = state.store.member_token_member(token).await.map_err(internal)?.ok_or_else(not_valid)?;
    let off = [PreferenceChange::parse("nudges", "off"), PreferenceChange::parse("cheers", "off")];
    let changes: Vec<PreferenceChange> = off.into_iter().filter_map(Result::ok).collect();
    let prefs = state.store.change_preferences(&org, &member, &changes, state.clock.now()).await.map_err(internal)?;
    log_change(&org, &member, &prefs);
    Ok(Html(
        "<!doctype html><meta charset=\"utf-8\"><title>goald</title>\
         <p>You will no longer receive nudges and cheers. / Vous ne recevrez plus de relances ni d’encouragements.</p>\n"
            .to_owned(),
    ))
}
