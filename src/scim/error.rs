//! An RFC 7644 §3.12 error: the HTTP status, the `scimType` when one applies, and a
//! detail naming what is wrong.

/// One SCIM error; the HTTP door renders it as the `Error` message schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {}: {detail}", scim_type.unwrap_or("-"))]
pub struct ScimError {
    pub status: u16,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

pub type ScimResult<T> = Result<T, ScimError>;

impl ScimError {
    fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        Self { status, scim_type, detail: detail.into() }
    }
    pub fn invalid_value(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidValue"), detail)
    }
    pub fn invalid_syntax(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidSyntax"), detail)
    }
    pub fn invalid_filter(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidFilter"), detail)
    }
    pub fn invalid_path(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidPath"), detail)
    }
    pub fn no_target(detail: impl Into<String>) -> Self {
        Self::new(400, Some("noTarget"), detail)
    }
    pub fn mutability(detail: impl Into<String>) -> Self {
        Self::new(400, Some("mutability"), detail)
    }
    pub fn uniqueness(detail: impl Into<String>) -> Self {
        Self::new(409, Some("uniqueness"), detail)
    }
    pub fn too_many(detail: impl Into<String>) -> Self {
        Self::new(400, Some("tooMany"), detail)
    }
    pub fn unauthorized() -> Self {
        Self::new(401, None, "a valid bearer token for this org is required")
    }
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, None, detail)
    }
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(412, None, detail)
    }
    pub fn too_large(detail: impl Into<String>) -> Self {
        Self::new(413, None, detail)
    }
    pub fn not_implemented(detail: impl Into<String>) -> Self {
        Self::new(501, None, detail)
    }
    pub fn method_not_allowed(detail: impl Into<String>) -> Self {
        Self::new(405, None, detail)
    }
    pub fn unsupported_media(detail: impl Into<String>) -> Self {
        Self::new(415, None, detail)
    }
    pub fn internal() -> Self {
        Self::new(500, None, "the request failed; nothing was stored; retry")
    }
}
