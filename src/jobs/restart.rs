//! A supervised loop: run, and when it panics or returns before the stop, log it as an
//! ERROR, count the restart and run it again after a backoff. Stopping the whole daemon
//! instead (as before) turned one poisoned row into a crash loop under systemd that
//! starved every other org; a loop that keeps failing now shows as restarts in
//! `/metrics` and as a stalled loop in `/readyz`, while the other loops go on.

use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use tokio_util::sync::CancellationToken;

use crate::jobs::watch::{Beat, Watch};

/// The waits between restarts: `initial`, doubled per restart in a row, at most `max`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { initial: Duration::from_secs(1), max: Duration::from_secs(60) }
    }
}

impl Backoff {
    pub fn wait(&self, restarts_in_a_row: u32) -> Duration {
        let factor = 1u32.checked_shl(restarts_in_a_row.min(16)).unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }
}

/// Makes a fresh run of a loop, given its beat.
pub type MakeLoop = Box<dyn Fn(Beat) -> BoxFuture<'static, ()> + Send + Sync>;

/// The loop's stall threshold and how to (re)start it.
pub struct LoopSpec {
    pub name: &'static str,
    pub stall_after: Duration,
    pub make: MakeLoop,
}

/// Runs `spec` until the stop, restarting it as often as it dies.
pub async fn run_restarting(spec: LoopSpec, watch: std::sync::Arc<Watch>, backoff: Backoff, stop: CancellationToken) {
    let LoopSpec { name, stall_after, make } = spec;
    let mut in_a_row = 0u32;
    loop {
        let beat = watch.register(name, stall_after);
        let started = Instant::now();
        let ended = crate::unwind::catch((make)(beat)).await;
        if stop.is_cancelled() {
            // Returning on the stop is what a loop should do; a panic then is still news.
            if let Err(panic) = ended {
                tracing::error!(task = name, panic = panic.as_str(), "a loop panicked while stopping");
            }
            return;
        }
        // A loop that ran a good while before dying starts again from the first wait.
        if started.elapsed() > backoff.max {
            in_a_row = 0;
        }
        let wait = backoff.wait(in_a_row);
        let why = match &ended {
            Ok(()) => "returned before the stop".to_owned(),
            Err(panic) => format!("panicked: {panic}"),
        };
        tracing::error!(
            task = name,
            why = why.as_str(),
            restart_in_ms = wait.as_millis() as u64,
            "a loop died; restarting it"
        );
        watch.restarted(name);
        in_a_row = in_a_row.saturating_add(1);
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use super::*;

    #[test]
    fn the_backoff_doubles_up_to_its_maximum() {
        let backoff = Backoff::default();
        assert_eq!(backoff.wait(0), Duration::from_secs(1));
        assert_eq!(backoff.wait(3), Duration::from_secs(8));
        assert_eq!(backoff.wait(40), Duration::from_secs(60));
    }

    #[tokio::test]
    async fn a_panicking_loop_is_restarted_and_counted_until_the_stop() {
        let (watch, stop) = (Arc::new(Watch::default()), CancellationToken::new());
        let runs = Arc::new(AtomicU32::new(0));
        let counted = runs.clone();
        let waits = stop.clone();
        let make: MakeLoop = Box::new(move |_beat| {
            let (runs, stop) = (counted.clone(), waits.clone());
            Box::pin(async move {
                // Panics twice, then behaves.
                if runs.fetch_add(1, Ordering::SeqCst) < 2 {
                    panic!("a bug");
                }
                stop.cancelled().await
            })
        });
        let spec = LoopSpec { name: "flaky", stall_after: Duration::from_secs(60), make };
        let fast = Backoff { initial: Duration::from_millis(5), max: Duration::from_millis(20) };
        let running = tokio::spawn(run_restarting(spec, watch.clone(), fast, stop.clone()));
        while runs.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stop.cancel();
        running.await.expect("the supervisor itself never panics");
        assert_eq!(watch.loops()[0].restarts, 2);
    }
}
