//! What the daemon knows of its own loops: when each last made progress, how often it
//! was restarted, and how many jobs panicked. `/readyz`, `/metrics` and the systemd
//! watchdog read it, so a loop that is stuck (not merely idle) shows, and a restarted
//! one is counted rather than hidden.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// One loop's record.
#[derive(Debug, Clone, Copy)]
struct LoopRecord {
    stall_after: Duration,
    last_progress: Instant,
    restarts: u64,
}

/// A loop as `/metrics` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopView {
    pub name: &'static str,
    pub since_progress: Duration,
    pub stall_after: Duration,
    pub restarts: u64,
}

impl LoopView {
    pub fn stalled(&self) -> bool {
        self.since_progress > self.stall_after
    }
}

#[derive(Debug, Default)]
pub struct Watch {
    loops: Mutex<BTreeMap<&'static str, LoopRecord>>,
    panics: Mutex<BTreeMap<&'static str, u64>>,
}

/// The process's own: `goald serve` runs one set of loops, and the HTTP handlers that
/// report on them live in another module tree that should not need to be handed it.
static GLOBAL: LazyLock<Arc<Watch>> = LazyLock::new(Arc::default);

impl Watch {
    pub fn global() -> Arc<Watch> {
        GLOBAL.clone()
    }

    /// Starts watching `name`: it counts as stalled once it has made no progress for
    /// `stall_after`. Registering again (a restart) keeps the restart count.
    pub fn register(self: &Arc<Self>, name: &'static str, stall_after: Duration) -> Beat {
        let mut loops = self.loops.lock().unwrap_or_else(PoisonError::into_inner);
        let record =
            loops.entry(name).or_insert(LoopRecord { stall_after, last_progress: Instant::now(), restarts: 0 });
        record.last_progress = Instant::now();
        record.stall_after = stall_after;
        Beat { watch: self.clone(), name, every: (stall_after / 4).max(Duration::from_millis(10)) }
    }

    fn progress(&self, name: &'static str) {
        let mut loops = self.loops.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(record) = loops.get_mut(name) {
            record.last_progress = Instant::now();
        }
    }

    pub fn restarted(&self, name: &'static str) {
        let mut loops = self.loops.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(record) = loops.get_mut(name) {
            record.restarts += 1;
        }
        crate::telemetry::loop_restarted(name);
    }

    /// Counts `n` panics of `job` (e.g. "digest", "evaluation", "hris_apply").
    pub fn panicked(&self, job: &'static str, n: u64) {
        if n > 0 {
            *self.panics.lock().unwrap_or_else(PoisonError::into_inner).entry(job).or_default() += n;
            crate::telemetry::job_panicked(job, n);
        }
    }

    pub fn loops(&self) -> Vec<LoopView> {
        let now = Instant::now();
        let loops = self.loops.lock().unwrap_or_else(PoisonError::into_inner);
        loops
            .iter()
            .map(|(&name, record)| LoopView {
                name,
                since_progress: now.saturating_duration_since(record.last_progress),
                stall_after: record.stall_after,
                restarts: record.restarts,
            })
            .collect()
    }

    /// The loops that made no progress for longer than they may.
    pub fn stalled(&self) -> Vec<LoopView> {
        self.loops().into_iter().filter(LoopView::stalled).collect()
    }

    pub fn panics(&self) -> Vec<(&'static str, u64)> {
        let panics = self.panics.lock().unwrap_or_else(PoisonError::into_inner);
        panics.iter().map(|(&job, &n)| (job, n)).collect()
    }
}

/// A loop's handle on its record.
#[derive(Debug, Clone)]
pub struct Beat {
    watch: Arc<Watch>,
    name: &'static str,
    every: Duration,
}

impl Beat {
    /// The loop did something (a pass, one digest, an idle wake-up).
    pub fn progress(&self) {
        self.watch.progress(self.name);
    }

    /// Counts `n` panics of `job`, caught at its boundary inside this loop.
    pub fn panicked(&self, job: &'static str, n: u64) {
        self.watch.panicked(job, n);
    }

    /// Waits for `wake` (a tick, a notification, the stop), counting the waiting itself
    /// as progress: an idle loop is healthy, only one stuck in a pass is not.
    pub async fn idle<F: Future>(&self, wake: F) -> F::Output {
        tokio::pin!(wake);
        loop {
            self.progress();
            tokio::select! {
                woken = &mut wake => {
                    self.progress();
                    return woken;
                }
                _ = tokio::time::sleep(self.every) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_loop_is_stalled_only_when_it_made_no_progress_for_too_long() {
        let watch = Arc::new(Watch::default());
        let beat = watch.register("delivery", Duration::from_millis(40));
        assert!(watch.stalled().is_empty());
        // Idle: waiting counts as progress.
        beat.idle(tokio::time::sleep(Duration::from_millis(100))).await;
        assert!(watch.stalled().is_empty());
        // Busy without a beat: stalled, and named.
        std::thread::sleep(Duration::from_millis(60));
        let stalled = watch.stalled();
        assert_eq!(stalled.iter().map(|l| l.name).collect::<Vec<_>>(), ["delivery"]);
        beat.progress();
        assert!(watch.stalled().is_empty());
    }

    #[test]
    fn restarts_and_panics_are_counted() {
        let watch = Arc::new(Watch::default());
        watch.register("inbox", Duration::from_secs(60));
        watch.restarted("inbox");
        watch.register("inbox", Duration::from_secs(60));
        watch.panicked("digest", 2);
        watch.panicked("digest", 0);
        assert_eq!(watch.loops()[0].restarts, 1);
        assert_eq!(watch.panics(), [("digest", 2)]);
    }
}
