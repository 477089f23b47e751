//! The HTTP edge of `goald serve`. Each module ends in a `router()`; handlers unpack
//! the request and call plain functions.

mod health;
mod unsubscribe;

use std::sync::Arc;

use axum::Router;

use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
}

pub fn router(state: AppState) -> Router {
    Router::new().merge(health::router()).merge(unsubscribe::router()).with_state(state)
}
