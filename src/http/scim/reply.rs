//! SCIM answers: `application/scim+json` bodies, RFC 7644 §3.12 error bodies, and a
//! resource with its `id` and `meta` (the version is the ETag).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::core::time::rfc3339_text;
use crate::scim::{Kind, ScimError};

pub const SCIM_JSON: &str = "application/scim+json";

/// A response body of SCIM JSON.
pub fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    response
}

/// A handler's error: a ScimError answered as its Error body.
pub struct Fail(pub ScimError);

impl From<ScimError> for Fail {
    fn from(e: ScimError) -> Self {
        Fail(e)
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let e = self.0;
        let mut body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": e.status.to_string(),
            "detail": e.detail,
        });
        if let Some(t) = e.scim_type {
            body["scimType"] = json!(t);
        }
        let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = scim_json(status, &body);
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub type Answer = Result<Response, Fail>;

/// A store failure: logged, answered as an opaque 500 (nothing was stored).
pub fn internal(e: impl std::fmt::Display) -> ScimError {
    tracing::error!(error = %e, "SCIM request failed");
    ScimError::internal()
}

/// A resource as SCIM sees it now: its stored form and meta.
#[derive(Debug, Clone)]
pub struct View {
    pub id: String,
    pub doc: Value,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    /// 0 for a member or team SCIM has not written.
    pub version: i64,
}

pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

pub fn render(kind: Kind, base: &str, view: &View) -> Value {
    let mut doc = view.doc.clone();
    if let Value::Object(map) = &mut doc {
        map.insert("id".into(), json!(view.id));
        map.insert(
            "meta".into(),
            json!({
                "resourceType": kind.resource_type(),
                "created": rfc3339_text(view.created),
                "lastModified": rfc3339_text(view.modified),
                "location": format!("{base}/{}/{}", kind.endpoint(), view.id),
                "version": etag(view.version),
            }),
        );
    }
    doc
}

/// One resource, with its ETag (and its Location when `created`).
pub fn resource(kind: Kind, base: &str, view: &View, status: StatusCode) -> Response {
    let body = render(kind, base, view);
    let mut response = scim_json(status, &body);
    if let Ok(tag) = HeaderValue::from_str(&etag(view.version)) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    if status == StatusCode::CREATED {
        if let Some(Ok(location)) = body["meta"]["location"].as_str().map(HeaderValue::from_str) {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    response
}
