//! What every handler gets: the store, the clock, the inbox's wake-up and the HTTP
//! counters. Its own module so that the route modules and the router that merges them
//! do not import each other.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::core::clock::Clock;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Wakes the HRIS inbox worker when events were stored.
    pub inbox: Arc<tokio::sync::Notify>,
    pub http: Arc<HttpCounters>,
    /// "Now" for every handler (shifted only in tests).
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, inbox: Arc<tokio::sync::Notify>, clock: Clock) -> Self {
        Self { store, inbox, http: Arc::default(), clock }
    }
}

/// Requests answered, by (route template, status).
#[derive(Debug, Default)]
pub struct HttpCounters {
    counts: Mutex<BTreeMap<(String, u16), u64>>,
}

impl HttpCounters {
    pub fn record(&self, route: &str, status: u16) {
        let mut counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *counts.entry((route.to_owned(), status)).or_default() += 1;
    }

    pub fn snapshot(&self) -> Vec<((String, u16), u64)> {
        let counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        counts.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }
}
