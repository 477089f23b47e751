//! POST, PUT, PATCH and DELETE on Users and Groups. Each reads the resource, works out
//! its new stored form and the CONTRACT §6 events that carry it into the org, and
//! commits both in one transaction (store/scim/commit.rs) before answering; a change
//! someone else made in between is read again, unless `If-Match` named the version it
//! was made against (412). The events are then applied at once, as the inbox would, by a
//! pass shared with the concurrent writers (apply.rs).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::Value;

use crate::http::scim::apply::{passes, Passes};
use crate::http::scim::reply::{etag, internal, resource, Answer, View};
use crate::http::scim::translate::translate;
use crate::http::scim::{authorize, base_url, views};
use crate::http::state::AppState;
use crate::org::Org;
use crate::scim::{patch, validate, Kind, ScimError};
use crate::store::{CommitOutcome, ScimCommit};

/// How often a write is tried again when the resource changed under it.
const ATTEMPTS: usize = 5;

enum Change {
    Create(Value),
    Replace(Value),
    Patch(Value),
    Delete,
}

pub(super) fn json_body(body: Result<Bytes, BytesRejection>) -> Result<Value, ScimError> {
    let bytes = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ScimError::too_large(format!("the body is larger than {} bytes", super::MAX_BODY))
        }
        _ => ScimError::invalid_syntax(format!("the body could not be read: {e}")),
    })?;
    if bytes.len() > super::MAX_BODY {
        return Err(ScimError::too_large(format!("the body is larger than {} bytes", super::MAX_BODY)));
    }
    serde_json::from_slice(&bytes).map_err(|e| ScimError::invalid_syntax(format!("the body is not JSON: {e}")))
}

fn new_id() -> String {
    rand::random::<[u8; 16]>().iter().map(|b| format!("{b:02x}")).collect()
}

/// The new stored form; None for a delete.
fn next_doc(kind: Kind, current: Option<&View>, change: &Change) -> Result<Option<Value>, ScimError> {
    Ok(match change {
        Change::Create(body) => Some(validate::normalize(kind, body)?),
        Change::Replace(body) => {
            let mut doc = validate::normalize(kind, body)?;
            // Okta's PUT leaves `active` out: that is not a deactivation.
            if let (Kind::User, Some(was), Value::Object(map)) =
                (kind, current.and_then(|c| c.doc.get("active")), &mut doc)
            {
                map.entry("active").or_insert_with(|| was.clone());
            }
            Some(doc)
        }
        Change::Patch(body) => Some(patch::apply(kind, &current.ok_or_else(ScimError::internal)?.doc, body)?),
        Change::Delete => None,
    })
}

async fn write(
    state: &AppState,
    org: &Org,
    kind: Kind,
    id: Option<String>,
    change: Change,
    if_match: Option<&str>,
) -> Result<(View, StatusCode), ScimError> {
    let id = id.unwrap_or_else(new_id);
    let creating = matches!(change, Change::Create(_));
    for _ in 0..ATTEMPTS {
        let now = state.clock.now();
        let current = if creating { None } else { views::one(state, org, kind, &id, now).await? };
        if !creating && current.is_none() {
            return Err(ScimError::not_found(format!("no {} {id:?}", kind.resource_type())));
        }
        if let (Some(tag), Some(c)) = (if_match, &current) {
            if tag.trim() != "*" && !tag.split(',').any(|t| t.trim() == etag(c.version)) {
                return Err(ScimError::precondition_failed(format!("the resource is at version {}", etag(c.version))));
            }
        }
        let doc = next_doc(kind, current.as_ref(), &change)?;
        let batch = new_id();
        let t = translate(state, org, kind, &id, (current.as_ref().map(|c| &c.doc), doc.as_ref()), &batch, now).await?;
        let user_name = doc
            .as_ref()
            .filter(|_| kind == Kind::User)
            .and_then(|d| d.get("userName"))
            .and_then(Value::as_str)
            .map(str::to_lowercase);
        let external_id = doc.as_ref().and_then(|d| d.get("externalId")).and_then(Value::as_str).map(str::to_owned);
        let commit = ScimCommit {
            kind,
            id: id.clone(),
            expected_version: current.as_ref().map_or(0, |c| c.version),
            doc: doc.clone(),
            external_id,
            user_name,
            events: t.events,
            manager_move: t.manager_move,
            now,
        };
        match state.store.scim_commit(&org.id, &commit).await.map_err(internal)? {
            CommitOutcome::Stored { version } => {
                if !commit.events.is_empty() {
                    let passes = passes(&org.id);
                    let mine = passes.committed();
                    apply_now(state, org, &passes, mine).await;
                }
                tracing::info!(
                    org = org.id.as_str(),
                    kind = kind.resource_type(),
                    id = id.as_str(),
                    events = commit.events.len(),
                    "SCIM change stored"
                );
                let created = current.as_ref().map_or(now, |c| c.created);
                let view = View { id: id.clone(), doc: doc.unwrap_or(Value::Null), created, modified: now, version };
                return Ok((view, if creating { StatusCode::CREATED } else { StatusCode::OK }));
            }
            CommitOutcome::UserNameTaken => return Err(ScimError::uniqueness("the userName is already taken")),
            CommitOutcome::WouldCycle => {
                return Err(ScimError::invalid_value(
                    "the new manager reports to this member: it would make a reporting cycle",
                ))
            }
            CommitOutcome::VersionChanged if if_match.is_some() => {
                return Err(ScimError::precondition_failed("the resource changed since the version named in If-Match"))
            }
            CommitOutcome::VersionChanged => {}
        }
    }
    Err(ScimError::internal())
}

/// The org's inbox, applied now by a pass that started after commit `mine` (apply.rs:
/// concurrent writers share passes). The events are committed already, so a failure
/// here only delays them to the inbox loop, woken for them.
async fn apply_now(state: &AppState, org: &Org, passes: &Passes, mine: u64) {
    let pass = passes.covering(mine, || state.store.apply_pending(org, state.clock.now())).await;
    if let Some(Err(e)) = pass {
        tracing::warn!(org = org.id.as_str(), error = %e, "applying SCIM events failed; the inbox loop retries");
        state.inbox.notify_one();
    }
}

async fn run(
    state: AppState,
    org: String,
    id: Option<String>,
    headers: HeaderMap,
    kind: Kind,
    change: impl FnOnce() -> Result<Change, ScimError>,
) -> Answer {
    let found = authorize(&state, &org, &headers).await?;
    let change = change()?;
    let deleting = matches!(change, Change::Delete);
    let if_match = headers.get("if-match").and_then(|v| v.to_str().ok());
    let (view, status) = write(&state, &found, kind, id, change, if_match).await?;
    if deleting {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(resource(kind, &base_url(&headers, &org), &view, status))
}

pub(super) type Body = Result<Bytes, BytesRejection>;
type OrgPath = Path<String>;
type IdPath = Path<(String, String)>;

pub async fn post_user(State(s): State<AppState>, Path(org): OrgPath, h: HeaderMap, body: Body) -> Answer {
    run(s, org, None, h, Kind::User, || Ok(Change::Create(json_body(body)?))).await
}
pub async fn post_group(State(s): State<AppState>, Path(org): OrgPath, h: HeaderMap, body: Body) -> Answer {
    run(s, org, None, h, Kind::Group, || Ok(Change::Create(json_body(body)?))).await
}
pub async fn put_user(State(s): State<AppState>, Path((org, id)): IdPath, h: HeaderMap, body: Body) -> Answer {
    run(s, org, Some(id), h, Kind::User, || Ok(Change::Replace(json_body(body)?))).await
}
pub async fn put_group(State(s): State<AppState>, Path((org, id)): IdPath, h: HeaderMap, body: Body) -> Answer {
    run(s, org, Some(id), h, Kind::Group, || Ok(Change::Replace(json_body(body)?))).await
}
pub async fn patch_user(State(s): State<AppState>, Path((org, id)): IdPath, h: HeaderMap, body: Body) -> Answer {
    run(s, org, Some(id), h, Kind::User, || Ok(Change::Patch(json_body(body)?))).await
}
pub async fn patch_group(State(s): State<AppState>, Path((org, id)): IdPath, h: HeaderMap, body: Body) -> Answer {
    run(s, org, Some(id), h, Kind::Group, || Ok(Change::Patch(json_body(body)?))).await
}
pub async fn delete_user(State(s): State<AppState>, Path((org, id)): IdPath, h: HeaderMap) -> Answer {
    run(s, org, Some(id), h, Kind::User, || Ok(Change::Delete)).await
}
pub async fn delete_group(State(s): State<AppState>, Path((org, id)): IdPath, h: HeaderMap) -> Answer {
    run(s, org, Some(id), h, Kind::Group, || Ok(Change::Delete)).await
}
