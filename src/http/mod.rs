//! The HTTP edge of `goald serve`. Each module ends in a `router()`; handlers unpack
//! the request and call plain functions.

mod api;
pub mod error;
mod health;
mod manager_unsubscribe;
mod metrics;
mod preferences;
mod preferences_page;
mod scim;
pub mod server;
mod state;
mod trace;
mod unsubscribe;
mod webhooks;

use axum::middleware::from_fn;
use axum::Router;

pub use state::AppState;

/// Health and metrics always; the webhook, the unsubscribe link and the goals API when this
/// process has the api role. Every request, a 404 of no route included, is counted and
/// timed by route template and logged once with its request id (`trace`).
pub fn router(state: AppState, api: bool) -> Router {
    let router = Router::new().merge(health::router()).merge(metrics::router());
    let router = if api {
        router
            .merge(unsubscribe::router())
            .merge(preferences::router())
            .merge(manager_unsubscribe::router())
            .merge(webhooks::router())
            .merge(api::router())
            .merge(scim::router())
    } else {
        router
    };
    let router = router.route_layer(from_fn(metrics::mark_route)).with_state(state);
    trace::layers(router.layer(from_fn(metrics::track)))
}
