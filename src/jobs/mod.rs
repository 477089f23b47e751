//! The daemon's background loops (the weekly scheduler, digest delivery, the HRIS inbox)
//! and their supervision. Each loop logs a failing pass and retries it, and catches a
//! panic inside one job (`crate::unwind`). A loop that still panics or returns before
//! the stop is restarted in place with a backoff (`restart`), counted, and its progress
//! watched (`watch`): `/readyz` and the systemd watchdog see a loop that is stuck or
//! dying, while the other loops keep serving every other org. A one-shot task (the HTTP
//! server) that ends stops the daemon, which then exits non-zero.

pub mod delivery;
pub mod inbox;
pub mod manager_digests;
pub mod notify;
mod notify_pass;
pub mod restart;
pub mod scheduler;
pub mod watch;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::{Id, JoinError, JoinSet};
use tokio_util::sync::CancellationToken;

use restart::{run_restarting, Backoff, LoopSpec, MakeLoop};
use watch::Watch;

/// A task that ended when it should not have.
#[derive(Debug, thiserror::Error)]
#[error("the {name} task {why}")]
pub struct TaskFailed {
    pub name: &'static str,
    pub why: String,
}

/// The daemon's tasks, stopped together by one cancellation token.
pub struct Supervisor {
    stop: CancellationToken,
    tasks: JoinSet<()>,
    names: HashMap<Id, &'static str>,
    watch: Arc<Watch>,
    backoff: Backoff,
}

impl Supervisor {
    /// Records its loops in the process's `Watch::global()`, which `/readyz` reads.
    pub fn new(stop: CancellationToken) -> Self {
        Self::with_watch(stop, Watch::global(), Backoff::default())
    }

    pub fn with_watch(stop: CancellationToken, watch: Arc<Watch>, backoff: Backoff) -> Self {
        Self { stop, tasks: JoinSet::new(), names: HashMap::new(), watch, backoff }
    }

    /// Runs the loop `make` builds until the stop, restarting it whenever it dies; it
    /// counts as stalled after `stall_after` without progress.
    pub fn spawn_loop(&mut self, name: &'static str, stall_after: Duration, make: MakeLoop) {
        let spec = LoopSpec { name, stall_after, make };
        let run = run_restarting(spec, self.watch.clone(), self.backoff, self.stop.clone());
        self.spawn(name, run);
    }

    /// Runs `task` until it returns; it must return only once the stop token is cancelled.
    pub fn spawn(&mut self, name: &'static str, task: impl Future<Output = ()> + Send + 'static) {
        let handle = self.tasks.spawn(task);
        self.names.insert(handle.id(), name);
    }

    /// Waits for the stop (a signal), or for the first task to end on its own, which
    /// cancels the stop; then waits for every task to finish what it has in flight.
    /// The first failure is returned; every one is logged.
    pub async fn run(mut self) -> Result<(), TaskFailed> {
        let mut failed = None;
        tokio::select! {
            biased;
            _ = self.stop.cancelled() => {}
            Some(ended) = self.tasks.join_next_with_id() => {
                // A task that saw the stop first may return before this select does.
                if ended.is_err() || !self.stop.is_cancelled() {
                    failed = Some(self.failure(ended, "ended before the stop"));
                    self.stop.cancel();
                }
            }
        }
        while let Some(ended) = self.tasks.join_next_with_id().await {
            // After the stop, returning is what a task should do; only a panic is news.
            if let Err(e) = ended {
                let failure = self.failure(Err(e), "");
                failed.get_or_insert(failure);
            }
        }
        failed.map_or(Ok(()), Err)
    }

    fn failure(&self, ended: Result<(Id, ()), JoinError>, returned: &str) -> TaskFailed {
        let (id, why) = match ended {
            Ok((id, ())) => (id, returned.to_owned()),
            Err(e) => (e.id(), if e.is_panic() { "panicked".to_owned() } else { format!("failed: {e}") }),
        };
        let name = self.names.get(&id).copied().unwrap_or("unnamed");
        // A panic's message and place are already on stderr (the panic hook printed them).
        tracing::error!(task = name, why = why.as_str(), "a daemon task stopped; stopping the daemon");
        TaskFailed { name, why }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_task_stops_the_others_and_is_reported() {
        let stop = CancellationToken::new();
        let mut tasks = Supervisor::new(stop.clone());
        let waits = stop.clone();
        tasks.spawn("patient", async move { waits.cancelled().await });
        tasks.spawn("broken", async { panic!("a bug") });
        let failed = tasks.run().await.unwrap_err();
        assert_eq!((failed.name, failed.why.as_str()), ("broken", "panicked"));
        assert!(stop.is_cancelled());
    }

    #[tokio::test]
    async fn tasks_that_end_on_the_stop_are_fine() {
        let stop = CancellationToken::new();
        let mut tasks = Supervisor::new(stop.clone());
        let waits = stop.clone();
        tasks.spawn("patient", async move { waits.cancelled().await });
        stop.cancel();
        assert!(tasks.run().await.is_ok());
    }

    #[tokio::test]
    async fn a_task_returning_early_is_a_failure() {
        let mut tasks = Supervisor::new(CancellationToken::new());
        tasks.spawn("quitter", async {});
        let failed = tasks.run().await.unwrap_err();
        assert_eq!((failed.name, failed.why.as_str()), ("quitter", "ended before the stop"));
    }
}
