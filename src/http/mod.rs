//! The HTTP edge of `goald serve`. Each module ends in a `router()`; handlers unpack
//! the request and call plain functions.

mod health;
mod unsubscribe;
mod webhooks;

use std::sync::Arc;

use axum::Router;

use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Wakes the HRIS inbox worker when events were stored.
    pub inbox: Arc<tokio::sync::Notify>,
}

pub fn router(state: AppState) -> Router {
    Router::new().merge(health::router()).merge(unsubscribe::router()).merge(webhooks::router()).with_state(state)
}
