//! The HRIS inbox loop: applies stored HRIS events when the webhook stored some, and
//! every few seconds for events that arrived through another process.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::core::clock::Clock;
use crate::store::Store;

/// How often the inbox is looked at without a wake-up: events stored by a replica's
/// webhook wake only that replica.
const POLL: Duration = Duration::from_secs(5);

/// Until the stop; a failing pass is logged and tried again on the next wake-up.
pub async fn run(store: Arc<dyn Store>, inbox: Arc<Notify>, clock: Clock, stop: CancellationToken) {
    loop {
        if let Err(e) = apply_open_events(store.as_ref(), clock).await {
            tracing::error!(error = %e, "applying HRIS events failed; retrying");
        }
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = inbox.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

async fn apply_open_events(store: &dyn Store, clock: Clock) -> crate::store::Result<()> {
    for org_id in store.orgs_with_open_events().await? {
        let Some(org) = store.org(&org_id).await? else { continue };
        let report = store.apply_pending(&org, clock.now()).await?;
        if report.applied + report.stale > 0 {
            tracing::info!(org = org.id.as_str(), ?report, "HRIS events applied");
        }
    }
    Ok(())
}
