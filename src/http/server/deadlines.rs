//! The body and request timeouts, as one middleware around every route: a body that has
//! not fully arrived within `body_timeout` fails its read and the request is answered
//! 408; a request not answered within `request_timeout` is dropped (a transaction in
//! flight rolls back; one that committed stays) and answered 503. The header timeout is hyper's (see `server`).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::time::Sleep;

use crate::config::HttpLimits;
use crate::http::error::ApiError;

pub async fn deadlines(State(limits): State<HttpLimits>, request: Request, next: Next) -> Response {
    let expired = Arc::new(AtomicBool::new(false));
    let timer = Box::pin(tokio::time::sleep(limits.body_timeout));
    let request = request.map(|inner| Body::new(TimedBody { inner, timer, expired: expired.clone() }));
    let answer = tokio::time::timeout(limits.request_timeout, next.run(request)).await;
    let (error, secs) = match answer {
        // Whatever the handler made of the failed read, the cause is the slow body.
        Ok(_) if expired.load(Ordering::SeqCst) => (
            ApiError::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the request body was not sent in time"),
            limits.body_timeout,
        ),
        Ok(response) => return response,
        Err(_) => {
            tracing::warn!(secs = limits.request_timeout.as_secs(), "a request took too long and was dropped");
            let error = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", "the request took too long; retry");
            (error, limits.request_timeout)
        }
    };
    let message = format!("{} (limit: {} s)", error.message, secs.as_secs());
    let error = error.with_message(message);
    let mut response = error.into_response();
    // The rest of a slow body may still be on its way: do not read it as the next request.
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A request body that fails once its timer is up.
struct TimedBody {
    inner: Body,
    timer: Pin<Box<Sleep>>,
    expired: Arc<AtomicBool>,
}

impl http_body::Body for TimedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            self.expired.store(true, Ordering::SeqCst);
            let late = std::io::Error::new(std::io::ErrorKind::TimedOut, "the request body was not sent in time");
            return Poll::Ready(Some(Err(axum::Error::new(late))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
