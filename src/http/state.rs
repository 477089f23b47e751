//! What every handler gets: the store, the clock and the inbox's wake-up. Its own module
//! so that the route modules and the router that merges them do not import each other.

use std::sync::Arc;

use crate::core::clock::Clock;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Wakes the HRIS inbox worker when events were stored.
    pub inbox: Arc<tokio::sync::Notify>,
    /// "Now" for every handler (shifted only in tests).
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, inbox: Arc<tokio::sync::Notify>, clock: Clock) -> Self {
        Self { store, inbox, clock }
    }
}
