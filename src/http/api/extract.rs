//! What every API request carries: the key that names the org, the member it acts for,
//! and a JSON body whose errors name the field at fault.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::core::ids::{MemberId, OrgId};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::org::Member;

/// The header naming the member a request acts for.
pub const MEMBER_HEADER: &str = "goald-member";

/// The acting member of an authenticated request, active and of the key's org.
pub struct Actor {
    pub org: OrgId,
    pub member: Member,
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| ApiError::unauthorized("send the org's API key as Authorization: Bearer KEY"))?;
        let params = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("no such route"))?;
        let named = params.get("org").cloned().unwrap_or_default();
        // A key of another org gets the same answer as no key: it says nothing of that org.
        let org = state.store.api_key_org(&key).await?;
        let org = match org {
            Some(org) if org.as_str() == named => org,
            _ => return Err(ApiError::unauthorized(format!("this API key is not valid for org {named:?}"))),
        };
        let member =
            parts.headers.get(MEMBER_HEADER).and_then(|v| v.to_str().ok()).ok_or_else(|| {
                ApiError::invalid("Goald-Member", "name the member the request acts for in Goald-Member")
            })?;
        let member_id = MemberId::parse(member).map_err(|e| ApiError::invalid("Goald-Member", e.to_string()))?;
        match state.store.member(&org, &member_id).await? {
            Some(member) if member.active => Ok(Actor { org, member }),
            Some(_) => Err(ApiError::forbidden(format!("member {member_id} is deactivated and may take no action"))),
            None => Err(ApiError::forbidden(format!("{member_id} is not a member of org {org}"))),
        }
    }
}

/// A JSON body; a parse error names the field (`measurements[1].weight`) it met.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::too_large("the body is larger than 1 MiB")
            } else {
                ApiError::invalid("body", e.body_text())
            }
        })?;
        parse_body(&bytes).map(Body)
    }
}

/// The body's bytes read as `T`, every error naming the field it met (or `body`).
pub(super) fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // serde reads a struct from an array too, field by position: `["hi"]` would be a
    // comment, and an error would name `[0]`, no field of the body (found by fuzz_tests).
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::invalid("body", "the body must be a JSON object"));
    }
    let mut json = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(&mut json) {
        Ok(value) => {
            json.end().map(|()| value).map_err(|e| ApiError::invalid("body", format!("the body is not JSON: {e}")))
        }
        Err(e) if e.inner().is_syntax() || e.inner().is_eof() => {
            Err(ApiError::invalid("body", format!("the body is not JSON: {}", e.inner())))
        }
        Err(e) => {
            let message = e.inner().to_string();
            Err(ApiError::invalid(field_of(&e.path().to_string(), &message), message))
        }
    }
}

/// The field a parse error is about: its path, and for a missing field the field's own
/// name after it (serde reports a missing field at the enclosing object, an unknown one at
/// the field itself).
fn field_of(path: &str, message: &str) -> String {
    let named = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    match (path, named) {
        // An unknown field whose key is empty has an empty path (found by fuzz_tests).
        ("", _) => "body".to_owned(),
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        (path, Some(name)) => format!("{path}.{name}"),
        (path, None) => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{field_of, parse_body};
    use crate::http::api::model::CommentBody;

    #[test]
    fn an_array_body_is_refused_as_the_body() {
        let e = parse_body::<CommentBody>(br#"["hi"]"#).err().and_then(|e| e.field);
        assert_eq!(e.as_deref(), Some("body"));
        let trailing = parse_body::<CommentBody>(br#"{"body": "hi"} x"#).err().and_then(|e| e.field);
        assert_eq!(trailing.as_deref(), Some("body"));
    }

    #[test]
    fn a_missing_top_level_field_is_named() {
        assert_eq!(field_of(".", "missing field `title` at line 1 column 2"), "title");
    }

    #[test]
    fn a_nested_bad_value_is_named_by_its_path() {
        assert_eq!(field_of("measurements[1].weight", "invalid type: string"), "measurements[1].weight");
        assert_eq!(field_of("contributors.people", "unknown field `people`, expected"), "contributors.people");
        assert_eq!(field_of("contributors", "missing field `members`"), "contributors.members");
    }

    #[test]
    fn an_unknown_empty_key_is_the_body() {
        assert_eq!(field_of("", "unknown field ``, expected `body`"), "body");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_the_body() {
        assert_eq!(field_of(".", "invalid type: integer `3`, expected struct"), "body");
    }
}
