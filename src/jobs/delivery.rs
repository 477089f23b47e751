//! The delivery loop of `goald serve` (the pass itself is `digest::deliver_due`), and the
//! mail settings both it and `goald deliver` build from the configuration.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::core::clock::Clock;
use crate::digest::{deliver_due, DeliverySettings, MailSettings};
use crate::jobs::restart::MakeLoop;
use crate::jobs::watch::Beat;
use crate::mail::{Dkim, MailError, Mailer};
use crate::store::Store;

/// Fails only on a DKIM key that does not load.
pub fn settings(config: &Settings) -> Result<DeliverySettings, MailError> {
    Ok(DeliverySettings {
        mail: MailSettings {
            from: config.mail_from.clone(),
            app_url: config.app_url.clone(),
            goal_url_template: config.goal_url_template.clone(),
            public_url: config.public_url.clone(),
            max_goals: config.digest_max_goals.max(1),
        },
        lease: config.mail_lease,
        retry_initial: config.mail_retry_initial,
        max_attempts: config.mail_max_attempts.max(1),
        concurrency: config.mail_concurrency.max(1),
        dkim: dkim(config)?.map(Arc::new),
    })
}

/// The DKIM signer, signing for the domain of `mail_from`, when both DKIM settings are set.
fn dkim(config: &Settings) -> Result<Option<Dkim>, MailError> {
    let Some((selector, key_file)) = &config.mail_dkim else { return Ok(None) };
    let address = config.mail_from.rsplit('<').next().unwrap_or(&config.mail_from).trim_end_matches('>');
    let domain = address.rsplit('@').next().unwrap_or_default().trim();
    Dkim::load(selector, domain, key_file).map(Some)
}

/// The mailer for `mail_url` (`--mail-url` over the configuration).
pub fn mailer(config: &Settings) -> Result<Mailer, MailError> {
    let url = config.mail_url.expose();
    let mailer = Mailer::from_url(url, &config.data_dir.join("mail"), config.mail_send_timeout)?;
    Ok(mailer.with_pool_size(config.mail_concurrency.max(1) as u32))
}

/// A name for this process in leases: host and pid, so ops can tell who holds what.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".to_owned());
    format!("{host}:{}", std::process::id())
}

/// How often to look for due digests, how long sends in flight may take after the
/// stop, and the clock.
#[derive(Clone, Copy)]
pub struct Timing {
    pub poll: Duration,
    pub grace: Duration,
    pub clock: Clock,
}

/// How long the delivery loop may go without progress: a pass beats before every digest,
/// and one digest's send is bounded by the send timeout.
pub fn stall_after(config: &Settings) -> Duration {
    3 * config.delivery_poll.max(config.mail_send_timeout).max(Duration::from_secs(20))
}

/// The delivery loop as the Supervisor restarts it.
pub fn looped(
    store: Arc<dyn Store>,
    (mailer, settings): (Arc<Mailer>, DeliverySettings),
    timing: Timing,
    work: Arc<Notify>,
    stop: CancellationToken,
) -> MakeLoop {
    Box::new(move |beat| {
        let run = run(store.clone(), (mailer.clone(), settings.clone()), timing, (work.clone(), beat), stop.clone());
        Box::pin(run)
    })
}

/// Sends due digests every `poll`, or sooner when an evaluation queued some, until the
/// stop; then gives back what this process still holds. A failing pass is logged and
/// tried again on the next wake-up.
pub async fn run(
    store: Arc<dyn Store>,
    (mailer, settings): (Arc<Mailer>, DeliverySettings),
    timing: Timing,
    (work, beat): (Arc<Notify>, Beat),
    stop: CancellationToken,
) {
    let Timing { poll, grace, clock } = timing;
    let worker = worker_name();
    loop {
        // Asked before every digest: so each digest handled is progress too.
        let stopping = || {
            beat.progress();
            stop.is_cancelled()
        };
        let pass = deliver_due(store.as_ref(), &mailer, &settings, &worker, (clock.now(), clock), &stopping);
        // Sends in flight when the stop comes get `grace` to finish; then they are dropped
        // and their digests given back (at least once: one may have reached the server).
        let deadline = async {
            stop.cancelled().await;
            tokio::time::sleep(grace).await;
        };
        let result = tokio::select! {
            result = pass => result,
            _ = deadline => {
                tracing::warn!(grace_secs = grace.as_secs(), "stop deadline passed: abandoning the sends in flight");
                Ok(Default::default())
            }
        };
        if let Ok(report) = &result {
            beat.panicked("digest", report.panics);
        }
        if !stop.is_cancelled() {
            let managers = crate::digest::manager_deliver::deliver_due_manager_digests(
                store.as_ref(),
                &mailer,
                &settings,
                &worker,
                (clock.now(), clock),
                &stopping,
            );
            match managers.await {
                Ok(report) if report.handled() > 0 => tracing::info!(?report, "manager digest delivery pass"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "manager digest delivery pass failed; retrying"),
            }
        }
        match result {
            Ok(report) if report.handled() > 0 => tracing::info!(?report, "delivery pass"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "delivery pass failed; retrying"),
        }
        let stopped = beat
            .idle(async {
                tokio::select! {
                    _ = stop.cancelled() => true,
                    _ = work.notified() => false,
                    _ = tokio::time::sleep(poll) => false,
                }
            })
            .await;
        if stopped {
            break;
        }
    }
    match store.release_digests(&worker).await {
        Ok(0) => {}
        Ok(released) => tracing::info!(released, "gave back unfinished digests"),
        Err(e) => tracing::warn!(error = %e, "could not give back unfinished digests; their leases will run out"),
    }
}
