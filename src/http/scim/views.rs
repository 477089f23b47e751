//! What SCIM sees of the org: each resource SCIM wrote as it stored it, and every member
//! or team it did not write (imported, or from the HRIS webhook) as a User whose
//! `userName` is the email (else the id) or a Group whose `displayName` is the team's
//! name. A resource SCIM deleted is not seen, nor is its member or team.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::http::scim::reply::{internal, View};
use crate::http::state::AppState;
use crate::org::{Member, Org, Team};
use crate::scim::schema::{ENTERPRISE, GROUP, USER};
use crate::scim::{Kind, ScimError};
use crate::store::StoredResource;

fn stored(r: StoredResource) -> View {
    View { id: r.id, doc: r.doc, created: r.created_at, modified: r.modified_at, version: r.version }
}

pub fn member_doc(m: &Member) -> Value {
    let mut doc = json!({
        "schemas": [USER], "userName": m.email.clone().unwrap_or_else(|| m.id.to_string()),
        "name": {"formatted": m.name}, "displayName": m.name, "userType": m.role.as_str(), "active": m.active,
        "preferredLanguage": m.locale.as_str(), "timezone": m.timezone.name(),
    });
    if let Some(email) = &m.email {
        doc["emails"] = json!([{"value": email, "type": "work", "primary": true}]);
    }
    if let Some(manager) = &m.manager {
        doc["schemas"] = json!([USER, ENTERPRISE]);
        doc[ENTERPRISE] = json!({"manager": {"value": manager.as_str()}});
    }
    doc
}

pub fn team_doc(t: &Team) -> Value {
    let mut doc = json!({"schemas": [GROUP], "displayName": t.name});
    if !t.members.is_empty() {
        doc["members"] = t.members.iter().map(|m| json!({"value": m.as_str()})).collect();
    }
    doc
}

fn synthesized(id: String, doc: Value, now: DateTime<Utc>) -> View {
    View { id, doc, created: now, modified: now, version: 0 }
}

/// The resource `id`, None when there is none or SCIM deleted it.
pub async fn one(
    state: &AppState,
    org: &Org,
    kind: Kind,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<View>, ScimError> {
    if let Some(row) = state.store.scim_resource(&org.id, kind, id).await.map_err(internal)? {
        return Ok((!row.deleted).then(|| stored(row)));
    }
    Ok(match kind {
        Kind::User => {
            let Ok(member) = crate::core::ids::MemberId::parse(id) else { return Ok(None) };
            let found = state.store.member(&org.id, &member).await.map_err(internal)?;
            found.map(|m| synthesized(id.to_owned(), member_doc(&m), now))
        }
        Kind::Group => {
            let teams = state.store.org_teams(&org.id).await.map_err(internal)?;
            teams.into_iter().find(|t| t.id.as_str() == id).map(|t| synthesized(id.to_owned(), team_doc(&t), now))
        }
    })
}

/// Every resource of the kind: SCIM's oldest first, then the others by id.
pub async fn all(state: &AppState, org: &Org, kind: Kind, now: DateTime<Utc>) -> Result<Vec<View>, ScimError> {
    let rows = state.store.scim_resources(&org.id, kind).await.map_err(internal)?;
    let known: HashSet<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut views: Vec<View> = rows.into_iter().filter(|r| !r.deleted).map(stored).collect();
    match kind {
        Kind::User => {
            let members = state.store.org_members(&org.id).await.map_err(internal)?;
            views.extend(
                members
                    .iter()
                    .filter(|m| !known.contains(m.id.as_str()))
                    .map(|m| synthesized(m.id.to_string(), member_doc(m), now)),
            );
        }
        Kind::Group => {
            let teams = state.store.org_teams(&org.id).await.map_err(internal)?;
            views.extend(
                teams
                    .iter()
                    .filter(|t| !known.contains(t.id.as_str()))
                    .map(|t| synthesized(t.id.to_string(), team_doc(t), now)),
            );
        }
    }
    Ok(views)
}
