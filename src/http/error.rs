//! The HTTP edge's one error type, for every route (the goals API, the HRIS webhook, the
//! unsubscribe link): client errors become `{"error", "message", "field"}` with a stable
//! code; anything else is logged and answered as an opaque 500. A route that answers
//! browsers (the unsubscribe link) gives the error a page, sent instead of the JSON.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::goals::fields::FieldError;
use crate::store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// An HTML page answered instead of the JSON body.
    pub page: Option<String>,
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable: `invalid`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `too_large`,
    /// `rule_broken`, `internal`; the HRIS webhook's `unknown_org`, `bad_signature`,
    /// `malformed_json`, `invalid_event`.
    pub error: String,
    pub message: String,
    /// The field at fault, as named in the request, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with a code of the route's own (the constructors below are the common ones).
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None, page: None }
    }

    pub fn with_field(self, field: impl Into<String>) -> Self {
        Self { field: Some(field.into()), ..self }
    }

    /// What a client reads in place of the opaque 500's message (e.g. whether to retry).
    pub fn with_message(self, message: impl Into<String>) -> Self {
        Self { message: message.into(), ..self }
    }

    /// Answers `page` (HTML) instead of the JSON body, with the same status.
    pub fn with_page(self, page: impl Into<String>) -> Self {
        Self { page: Some(page.into()), ..self }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: Some(field.into()), ..Self::new(StatusCode::BAD_REQUEST, "invalid", message) }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn forbidden_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: Some(field.into()), ..Self::forbidden(message) }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    pub fn rule_broken(field: Option<&str>, message: impl Into<String>) -> Self {
        Self { field: field.map(str::to_owned), ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "rule_broken", message) }
    }

    /// Logged with its cause; the client learns only that it failed.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "HTTP request failed");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the request failed; retry later")
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::invalid(e.field, e.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(message) => ApiError::conflict(message),
            StoreError::NotFound(message) => ApiError::not_found(message),
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(page) = self.page {
            return (self.status, Html(page)).into_response();
        }
        let body = ErrorBody { error: self.code.to_owned(), message: self.message, field: self.field };
        (self.status, Json(body)).into_response()
    }
}
