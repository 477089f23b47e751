//! The HTTP edge of `goald serve`. Each module ends in a `router()`; handlers unpack
//! the request and call plain functions.

mod api;
pub mod error;
mod health;
mod metrics;
mod scim;
pub mod server;
mod state;
mod unsubscribe;
mod webhooks;

use axum::Router;

pub use state::AppState;

/// Health and metrics always; the webhook, the unsubscribe link and the goals API when this
/// process has the api role.
pub fn router(state: AppState, api: bool) -> Router {
    let router = Router::new().merge(health::router()).merge(metrics::router());
    let router = if api {
        router.merge(unsubscribe::router()).merge(webhooks::router()).merge(api::router()).merge(scim::router())
    } else {
        router
    };
    router.route_layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track)).with_state(state)
}
