//! The connection cap. Each open connection holds a slot; when all are taken, a new
//! connection closes the oldest idle one (no request in its handler: between kept-alive
//! requests, or still sending its headers) and takes its slot. So a crowd of slow or idle
//! clients cannot keep a new one (a health check) out, while requests being answered are
//! never cut; when every connection is busy, accepting waits until one ends.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

/// How often a connection waiting for a slot looks again for an idle one to close.
const RECHECK: Duration = Duration::from_millis(50);

pub struct Slots {
    cap: usize,
    free: Arc<Semaphore>,
    open: Arc<Mutex<BTreeMap<u64, Entry>>>,
    next: AtomicUsize,
}

struct Entry {
    busy: Arc<AtomicUsize>,
    close: CancellationToken,
}

/// One connection's slot, given back when dropped.
pub struct Slot {
    id: u64,
    busy: Arc<AtomicUsize>,
    /// Cancelled when the connection must close to make room.
    pub close: CancellationToken,
    open: Arc<Mutex<BTreeMap<u64, Entry>>>,
    _permit: OwnedSemaphorePermit,
}

/// Marks its connection busy while it lives (one per request in a handler).
pub struct Busy(Arc<AtomicUsize>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Slot {
    /// The handle a connection's service keeps to mark its requests busy.
    pub fn busy_marker(&self) -> BusyMarker {
        BusyMarker(self.busy.clone())
    }
}

/// `Slot::busy` for the connection's service, which outlives no slot but cannot borrow it.
#[derive(Clone)]
pub struct BusyMarker(Arc<AtomicUsize>);

impl BusyMarker {
    pub fn busy(&self) -> Busy {
        self.0.fetch_add(1, Ordering::SeqCst);
        Busy(self.0.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.id);
    }
}

impl Slots {
    pub fn new(cap: usize) -> Self {
        Self { cap, free: Arc::new(Semaphore::new(cap)), open: Arc::default(), next: AtomicUsize::new(0) }
    }

    /// A slot for a new connection: a free one, else one made by closing the oldest idle
    /// connection, else the first that frees up.
    pub async fn admit(&self) -> Slot {
        loop {
            if let Ok(permit) = self.free.clone().try_acquire_owned() {
                return self.register(permit);
            }
            self.close_oldest_idle();
            if let Ok(Ok(permit)) = tokio::time::timeout(RECHECK, self.free.clone().acquire_owned()).await {
                return self.register(permit);
            }
        }
    }

    /// Waits until every connection has ended (after the listener stopped).
    pub async fn drained(&self) {
        let cap = u32::try_from(self.cap).unwrap_or(u32::MAX);
        let _all = self.free.acquire_many(cap).await;
    }

    #[cfg(test)]
    pub fn open_count(&self) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    fn register(&self, permit: OwnedSemaphorePermit) -> Slot {
        let id = self.next.fetch_add(1, Ordering::SeqCst) as u64;
        let (busy, close) = (Arc::new(AtomicUsize::new(0)), CancellationToken::new());
        let entry = Entry { busy: busy.clone(), close: close.clone() };
        self.open.lock().unwrap_or_else(PoisonError::into_inner).insert(id, entry);
        Slot { id, busy, close, open: self.open.clone(), _permit: permit }
    }

    /// Ids are handed out in order, so the map's first idle entry is the oldest.
    fn close_oldest_idle(&self) {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let idle = open.values().find(|e| e.busy.load(Ordering::SeqCst) == 0 && !e.close.is_cancelled());
        if let Some(entry) = idle {
            entry.close.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn at_the_cap_the_oldest_idle_connection_is_closed_for_a_new_one() {
        let slots = Arc::new(Slots::new(3));
        let (old, busy, young) = (slots.admit().await, slots.admit().await, slots.admit().await);
        let _working = busy.busy_marker().busy();
        let waiting = tokio::spawn({
            let slots = slots.clone();
            async move { slots.admit().await }
        });
        old.close.cancelled().await;
        assert!(!busy.close.is_cancelled() && !young.close.is_cancelled());
        drop(old);
        let new = waiting.await.unwrap();
        assert_eq!(slots.open_count(), 3);
        drop((new, young));
        assert_eq!(slots.open_count(), 1);
    }

    #[tokio::test]
    async fn when_every_connection_is_busy_a_new_one_waits_for_one_to_end() {
        let slots = Arc::new(Slots::new(1));
        let only = slots.admit().await;
        let working = only.busy_marker().busy();
        let waiting = tokio::spawn({
            let slots = slots.clone();
            async move { slots.admit().await }
        });
        tokio::time::sleep(RECHECK * 3).await;
        assert!(!waiting.is_finished() && !only.close.is_cancelled());
        drop(working);
        only.close.cancelled().await;
        drop(only);
        let _new = waiting.await.unwrap();
        assert_eq!(slots.open_count(), 1);
    }
}
