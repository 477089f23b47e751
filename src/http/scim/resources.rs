//! GET on Users and Groups: one resource, or a filtered page of them.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};

use crate::http::scim::reply::{render, resource, scim_json, Answer};
use crate::http::scim::{authorize, base_url, views};
use crate::http::state::AppState;
use crate::scim::list::{list_response, page, Projection};
use crate::scim::{filter, Kind, ScimError};

type Params = Query<HashMap<String, String>>;

fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

async fn list(state: AppState, org: String, headers: HeaderMap, params: HashMap<String, String>, kind: Kind) -> Answer {
    search(state, org, headers, params, &[kind]).await
}

/// A SearchRequest body (RFC 7644 §3.4.3) as the query parameters it stands for.
pub fn search_params(body: &serde_json::Value) -> HashMap<String, String> {
    let mut params = HashMap::new();
    let Some(map) = body.as_object() else { return params };
    for (key, value) in map {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join(","),
            serde_json::Value::Number(n) => n.to_string(),
            _ => continue,
        };
        params.insert(key.clone(), text);
    }
    params
}

/// `POST /.search`: Users then Groups.
pub async fn search_all(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    body: super::write::Body,
) -> Answer {
    let body = super::write::json_body(body)?;
    search(state, org, headers, search_params(&body), &[Kind::User, Kind::Group]).await
}

async fn search(
    state: AppState,
    org: String,
    headers: HeaderMap,
    params: HashMap<String, String>,
    kinds: &[Kind],
) -> Answer {
    let found = authorize(&state, &org, &headers).await?;
    let filter = param(&params, "filter").filter(|f| !f.trim().is_empty()).map(filter::parse).transpose()?;
    let page = page(param(&params, "startIndex"), param(&params, "count"))?;
    let projection = Projection::parse(param(&params, "attributes"), param(&params, "excludedAttributes"))?;
    if param(&params, "sortBy").is_some() {
        return Err(ScimError::invalid_value("sorting is not supported (see /ServiceProviderConfig)").into());
    }
    let base = base_url(&headers, &org);
    let mut matching: Vec<serde_json::Value> = Vec::new();
    for kind in kinds {
        let views = views::all(&state, &found, *kind, state.clock.now()).await?;
        matching.extend(
            views
                .iter()
                .map(|v| render(*kind, &base, v))
                .filter(|doc| filter.as_ref().is_none_or(|f| filter::matches(f, doc))),
        );
    }
    let total = matching.len();
    let shown = matching.into_iter().skip(page.start - 1).take(page.count).map(|d| projection.apply(d)).collect();
    Ok(scim_json(StatusCode::OK, &list_response(total, page, shown)))
}

async fn one(
    state: AppState,
    org: String,
    id: String,
    headers: HeaderMap,
    params: HashMap<String, String>,
    kind: Kind,
) -> Answer {
    let found = authorize(&state, &org, &headers).await?;
    let projection = Projection::parse(param(&params, "attributes"), param(&params, "excludedAttributes"))?;
    let view = views::one(&state, &found, kind, &id, state.clock.now())
        .await?
        .ok_or_else(|| ScimError::not_found(format!("no {} {id:?}", kind.resource_type())))?;
    let base = base_url(&headers, &org);
    let mut response = resource(kind, &base, &view, StatusCode::OK);
    if param(&params, "attributes").is_some() || param(&params, "excludedAttributes").is_some() {
        let body = projection.apply(render(kind, &base, &view));
        response = scim_json(StatusCode::OK, &body);
    }
    Ok(response)
}

pub async fn list_users(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
) -> Answer {
    list(state, org, headers, p, Kind::User).await
}

pub async fn list_groups(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
) -> Answer {
    list(state, org, headers, p, Kind::Group).await
}

pub async fn get_user(
    State(state): State<AppState>,
    Path((org, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(p): Params,
) -> Answer {
    one(state, org, id, headers, p, Kind::User).await
}

pub async fn get_group(
    State(state): State<AppState>,
    Path((org, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(p): Params,
) -> Answer {
    one(state, org, id, headers, p, Kind::Group).await
}
