//! The discovery documents (RFC 7644 §4): what goald supports, its resource types and
//! schemas. What it does not support is said here: bulk, sorting, password changes;
//! and any other path under the base URL answers a SCIM 404.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Value};

use crate::http::scim::reply::{scim_json, Answer};
use crate::http::scim::{authorize, base_url};
use crate::http::state::AppState;
use crate::scim::list::{list_response, Page, MAX_COUNT};
use crate::scim::schema::{self, Kind};
use crate::scim::ScimError;

pub async fn service_provider_config(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Answer {
    authorize(&state, &org, &headers).await?;
    let base = base_url(&headers, &org);
    let body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_COUNT},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "Bearer token", "primary": true,
            "description": "A per-org token made by `goald scim token create --org ORG`",
        }],
        "meta": {"resourceType": "ServiceProviderConfig", "location": format!("{base}/ServiceProviderConfig")},
    });
    Ok(scim_json(StatusCode::OK, &body))
}

fn resource_type_json(kind: Kind, base: &str) -> Value {
    let name = kind.resource_type();
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": name, "name": name, "endpoint": format!("/{}", kind.endpoint()),
        "description": match kind { Kind::User => "A member of the org", Kind::Group => "A team of the org" },
        "schema": kind.core().id,
        "schemaExtensions": kind.extensions().iter().map(|s| json!({"schema": s.id, "required": false})).collect::<Vec<_>>(),
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/{name}")},
    })
}

fn all_page(n: usize) -> Page {
    Page { start: 1, count: n }
}

pub async fn resource_types(State(state): State<AppState>, Path(org): Path<String>, headers: HeaderMap) -> Answer {
    authorize(&state, &org, &headers).await?;
    let base = base_url(&headers, &org);
    let types: Vec<Value> = [Kind::User, Kind::Group].iter().map(|k| resource_type_json(*k, &base)).collect();
    Ok(scim_json(StatusCode::OK, &list_response(types.len(), all_page(types.len()), types)))
}

pub async fn resource_type(
    State(state): State<AppState>,
    Path((org, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    authorize(&state, &org, &headers).await?;
    let base = base_url(&headers, &org);
    let kind = [Kind::User, Kind::Group]
        .into_iter()
        .find(|k| k.resource_type().eq_ignore_ascii_case(&name))
        .ok_or_else(|| ScimError::not_found(format!("no resource type {name:?}")))?;
    Ok(scim_json(StatusCode::OK, &resource_type_json(kind, &base)))
}

pub async fn schemas(State(state): State<AppState>, Path(org): Path<String>, headers: HeaderMap) -> Answer {
    authorize(&state, &org, &headers).await?;
    let base = base_url(&headers, &org);
    let all: Vec<Value> = schema::all().iter().map(|s| schema::schema_json(s, &base)).collect();
    Ok(scim_json(StatusCode::OK, &list_response(all.len(), all_page(all.len()), all)))
}

pub async fn schema(
    State(state): State<AppState>,
    Path((org, urn)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    authorize(&state, &org, &headers).await?;
    let base = base_url(&headers, &org);
    let found = schema::all()
        .into_iter()
        .find(|s| s.id.eq_ignore_ascii_case(&urn))
        .ok_or_else(|| ScimError::not_found(format!("no schema {urn:?}")))?;
    Ok(scim_json(StatusCode::OK, &schema::schema_json(found, &base)))
}

/// Any other path under the org's base URL.
pub async fn no_such_endpoint(
    State(state): State<AppState>,
    Path((org, rest)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    authorize(&state, &org, &headers).await?;
    Err(ScimError::not_found(format!("no SCIM endpoint /{rest}")).into())
}
