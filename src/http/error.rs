//! The HTTP edge's one error type, for every route (the goals API, the HRIS webhook, the
//! unsubscribe link): client errors become `{"error", "message", "field"}` with a stable
//! code; anything else is logged and answered as an opaque 500. A route that answers
//! browsers (the unsubscribe link) gives the error an HTML page, and the probes (`/readyz`,
//! `/metrics`) a line of text, sent instead of the JSON.

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
    /// Answered instead of the JSON body.
    pub page: Option<Page>,
}

/// A body for clients that do not read JSON.
#[derive(Debug)]
pub enum Page {
    Html(String),
    Text(&'static str),
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable: `invalid`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `too_large`,
    /// `rule_broken`, `internal`; the HRIS webhook's `bad_signature` (an unknown org too),
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
        Self { page: Some(Page::Html(page.into())), ..self }
    }

    /// A probe's 503 when the database does not answer: plain text, what load balancers
    /// and Prometheus show as it is. Logged as a warning: the database may come back.
    pub fn database_unavailable(probe: &str, cause: impl std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, "{probe}: the database does not answer");
        let error = Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "database unavailable");
        Self { page: Some(Page::Text("database unavailable\n")), ..error }
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
        match self.page {
            Some(Page::Html(page)) => return (self.status, Html(page)).into_response(),
            Some(Page::Text(text)) => return (self.status, text).into_response(),
            None => {}
        }
        let body = ErrorBody { error: self.code.to_owned(), message: self.message, field: self.field };
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(error: ApiError) -> (StatusCode, String, String) {
        let response = error.into_response();
        let status = response.status();
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        (status, kind, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn one_error_answers_json_a_page_or_a_line_of_text() {
        let (status, kind, body) = answer(ApiError::invalid("type", "unknown type")).await;
        assert_eq!((status.as_u16(), kind.as_str()), (400, "application/json"));
        assert_eq!(body, r#"{"error":"invalid","message":"unknown type","field":"type"}"#);
        let (status, kind, body) = answer(ApiError::not_found("no such link").with_page("<p>gone</p>")).await;
        assert_eq!((status.as_u16(), kind.as_str(), body.as_str()), (404, "text/html; charset=utf-8", "<p>gone</p>"));
        let (status, kind, body) = answer(ApiError::database_unavailable("test", "down")).await;
        assert_eq!((status.as_u16(), kind.as_str()), (503, "text/plain; charset=utf-8"));
        assert_eq!(body, "database unavailable\n");
    }
}
