//! The HTTP edge of `goald serve`. Each module ends in a `router()`; handlers unpack
//! the request and call plain functions.

mod api;
pub mod error;
mod health;
mod metrics;
mod unsubscribe;
mod webhooks;

use std::sync::Arc;

use axum::Router;

use crate::core::clock::Clock;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Wakes the HRIS inbox worker when events were stored.
    pub inbox: Arc<tokio::sync::Notify>,
    pub http: Arc<metrics::HttpCounters>,
    /// "Now" for every handler (shifted only in tests).
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, inbox: Arc<tokio::sync::Notify>, clock: Clock) -> Self {
        Self { store, inbox, http: Arc::default(), clock }
    }
}

/// Health and metrics always; the webhook, the unsubscribe link and the goals API when this
/// process has the api role.
pub fn router(state: AppState, api: bool) -> Router {
    let router = Router::new().merge(health::router()).merge(metrics::router());
    let router =
        if api { router.merge(unsubscribe::router()).merge(webhooks::router()).merge(api::router()) } else { router };
    router.route_layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track)).with_state(state)
}
