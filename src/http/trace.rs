//! Request ids and the access log (tower-http). Each request gets an id, the client's
//! `X-Request-Id` when it sent a plain one, else a random one; the response carries it
//! back, and every log line of the request (the handler's, and the one access line when
//! it is answered) is in a `request` span holding it. The access line names the route
//! template, never the raw path or query, which may carry tokens.

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{from_fn, Next};
use axum::response::Response;
use axum::Router;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::http::metrics::{method_label, route_of};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client request id kept; a longer one is replaced.
const MAX_REQUEST_ID: usize = 128;

/// 128 random bits in hex.
#[derive(Debug, Clone, Copy, Default)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id: u128 = rand::random();
        HeaderValue::from_str(&format!("{id:032x}")).ok().map(RequestId::new)
    }
}

/// A client's id is kept only when it is short and plain (letters, digits, `-_.:`), so
/// it can neither forge log lines nor grow them without bound.
pub fn plain_request_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID
        && id.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

async fn drop_unplain_request_id(mut request: Request, next: Next) -> Response {
    let keep = request.headers().get(&REQUEST_ID).is_some_and(|id| plain_request_id(id.as_bytes()));
    if !keep {
        request.headers_mut().remove(&REQUEST_ID);
    }
    next.run(request).await
}

fn request_span(request: &Request<Body>) -> Span {
    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", request_id = %id, method = %method_label(request.method()))
}

fn access_line(response: &Response, latency: Duration, _span: &Span) {
    tracing::info!(
        target: "goald::access",
        route = %route_of(response),
        status = response.status().as_u16(),
        duration_ms = latency.as_secs_f64() * 1000.0,
        "request"
    );
}

/// The router with request ids and the access log around it (outermost last).
pub fn layers(router: Router) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(request_span)
        .on_request(())
        .on_response(access_line)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(());
    router
        .layer(trace)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, RandomRequestId))
        .layer(from_fn(drop_unplain_request_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_request_ids_are_kept() {
        assert!(plain_request_id(b"req-42_a.b:c"));
        assert!(plain_request_id("0123456789abcdef".repeat(8).as_bytes()));
        assert!(!plain_request_id(
            "0123456789abcdef".repeat(8).as_bytes().iter().chain(b"x").copied().collect::<Vec<_>>().as_slice()
        ));
        assert!(!plain_request_id(b""));
        assert!(!plain_request_id(b"a b"));
        assert!(!plain_request_id(b"id\"},{\"level\":\"ERROR"));
    }
}
