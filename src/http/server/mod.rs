//! The HTTP server's own accept loop, so that nothing a client sends can hold the daemon:
//! hyper's header read timeout closes a connection whose request headers do not arrive in
//! time (on a kept-alive connection too), `deadlines` bounds the body and the request, and
//! `slots` caps the connections open at once, closing the oldest idle one for a new one.
//! On `stop` it stops accepting, lets each connection finish the request it is answering,
//! and returns once all have closed.

mod deadlines;
mod slots;

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

use crate::config::HttpLimits;
use slots::{Slot, Slots};

/// After a failed accept (out of file descriptors, most likely), how long to wait before
/// the next: the descriptors come back as connections close.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

pub async fn serve(listener: TcpListener, app: Router, limits: HttpLimits, stop: CancellationToken) {
    let app = app.layer(axum::middleware::from_fn_with_state(limits, deadlines::deadlines));
    let slots = Slots::new(limits.max_connections);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let socket = match accepted {
            Ok((socket, _)) => socket,
            Err(e) => {
                tracing::warn!(error = %e, "cannot accept a connection");
                tokio::select! {
                    _ = stop.cancelled() => break,
                    _ = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                }
            }
        };
        let slot = tokio::select! {
            _ = stop.cancelled() => break,
            slot = slots.admit() => slot,
        };
        tokio::spawn(connection(http.clone(), socket, app.clone(), slot, stop.clone()));
    }
    drop(listener);
    slots.drained().await;
}

/// Serves one connection until it ends, is closed to make room, or the server stops (then
/// the request in flight is answered first).
async fn connection(http: http1::Builder, socket: TcpStream, app: Router, slot: Slot, stop: CancellationToken) {
    // Small answers go out at once rather than waiting for Nagle.
    let _ = socket.set_nodelay(true);
    let router = TowerToHyperService::new(app);
    let marker = slot.busy_marker();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let busy = marker.busy();
        let answer = hyper::service::Service::call(&router, request.map(Body::new));
        async move {
            let answer: Result<Response, Infallible> = answer.await;
            drop(busy);
            answer
        }
    });
    let conn = http.serve_connection(TokioIo::new(socket), service);
    tokio::pin!(conn);
    let outcome = tokio::select! {
        outcome = conn.as_mut() => outcome,
        _ = slot.close.cancelled() => return,
        _ = stop.cancelled() => {
            conn.as_mut().graceful_shutdown();
            conn.as_mut().await
        }
    };
    if let Err(e) = outcome {
        // A client that went away or was too slow: worth a debug line, not a warning.
        tracing::debug!(error = %e, "connection ended with an error");
    }
}
