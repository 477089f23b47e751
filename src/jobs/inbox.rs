//! The HRIS inbox loop: applies stored HRIS events when the webhook stored some, and
//! every few seconds for events that arrived through another process.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::core::clock::Clock;
use crate::jobs::restart::MakeLoop;
use crate::jobs::watch::Beat;
use crate::store::Store;

/// How often the inbox is looked at without a wake-up: events stored by a replica's
/// webhook wake only that replica.
const POLL: Duration = Duration::from_secs(5);

/// How long the inbox loop may go without progress: it beats after each org's events,
/// and applying one org's backlog is one bounded batch.
pub const STALL_AFTER: Duration = Duration::from_secs(120);

/// The inbox loop as the Supervisor restarts it.
pub fn looped(store: Arc<dyn Store>, inbox: Arc<Notify>, clock: Clock, stop: CancellationToken) -> MakeLoop {
    Box::new(move |beat| Box::pin(run(store.clone(), (inbox.clone(), beat), clock, stop.clone())))
}

/// Until the stop; a failing pass is logged and tried again on the next wake-up.
pub async fn run(store: Arc<dyn Store>, (inbox, beat): (Arc<Notify>, Beat), clock: Clock, stop: CancellationToken) {
    loop {
        if let Err(e) = apply_open_events(store.as_ref(), clock, &beat).await {
            tracing::error!(error = %e, "applying HRIS events failed; retrying");
        }
        let stopped = beat
            .idle(async {
                tokio::select! {
                    _ = stop.cancelled() => true,
                    _ = inbox.notified() => false,
                    _ = tokio::time::sleep(POLL) => false,
                }
            })
            .await;
        if stopped {
            return;
        }
    }
}

async fn apply_open_events(store: &dyn Store, clock: Clock, beat: &Beat) -> crate::store::Result<()> {
    for org_id in store.orgs_with_open_events().await? {
        beat.progress();
        let Some(org) = store.org(&org_id).await? else { continue };
        // The job boundary: one org's events panicking leaves them open (retried on the
        // next pass, counted each time) and the other orgs' events are applied.
        let started = std::time::Instant::now();
        let report = match crate::unwind::catch(store.apply_pending(&org, clock.now())).await {
            Ok(applied) => applied?,
            Err(panic) => {
                beat.panicked("hris_apply", 1);
                tracing::error!(org = org.id.as_str(), panic = panic.as_str(), "applying HRIS events panicked");
                continue;
            }
        };
        crate::telemetry::hris_apply(started.elapsed());
        crate::telemetry::hris_events("applied", report.applied);
        crate::telemetry::hris_events("stale", report.stale);
        if report.applied + report.stale > 0 {
            tracing::info!(org = org.id.as_str(), ?report, "HRIS events applied");
        }
    }
    Ok(())
}
