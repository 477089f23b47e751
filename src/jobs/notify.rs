//! The notification loop of `goald serve`: sends the due nudge and cheer emails (the pass
//! is `notify_pass`) every poll, under the Supervisor like the digests' loop, and gives
//! back its leases on the stop.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::core::clock::Clock;
use crate::digest::DeliverySettings;
use crate::jobs::delivery::worker_name;
use crate::jobs::notify_pass::deliver_due_notifications;
use crate::jobs::restart::MakeLoop;
use crate::jobs::watch::Beat;
use crate::mail::Mailer;
use crate::store::Store;

/// The loop as the Supervisor restarts it.
pub fn looped(
    store: Arc<dyn Store>,
    (mailer, settings): (Arc<Mailer>, DeliverySettings),
    (poll, clock): (Duration, Clock),
    stop: CancellationToken,
) -> MakeLoop {
    Box::new(move |beat| {
        let run = run(store.clone(), (mailer.clone(), settings.clone()), (poll, clock), beat, stop.clone());
        Box::pin(run)
    })
}

async fn run(
    store: Arc<dyn Store>,
    (mailer, settings): (Arc<Mailer>, DeliverySettings),
    (poll, clock): (Duration, Clock),
    beat: Beat,
    stop: CancellationToken,
) {
    let worker = format!("{}:notify", worker_name());
    loop {
        let stopping = || {
            beat.progress();
            stop.is_cancelled()
        };
        match deliver_due_notifications(store.as_ref(), &mailer, &settings, (&worker, clock), &stopping).await {
            Ok(report) if report.handled() > 0 => tracing::info!(?report, "notification pass"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "notification pass failed; retrying"),
        }
        let stopped = beat
            .idle(async {
                tokio::select! {
                    _ = stop.cancelled() => true,
                    _ = tokio::time::sleep(poll) => false,
                }
            })
            .await;
        if stopped {
            break;
        }
    }
    match store.release_batches(&worker).await {
        Ok(0) => {}
        Ok(released) => tracing::info!(released, "gave back unsent notification emails"),
        Err(e) => tracing::warn!(error = %e, "could not give back notification emails; their leases will run out"),
    }
}
