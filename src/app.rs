//! `goald serve`: the HTTP listener, the weekly scheduler and the delivery worker in
//! one process, stopped together by one cancellation token (SIGTERM or Ctrl-C).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::Notify;
use tokio_cron_scheduler::{Job, JobScheduler};
use tokio_util::sync::CancellationToken;

use crate::commands::{delivery_settings, mailer, worker_name, Common};
use crate::core::clock::Clock;
use crate::digest::{deliver_due, DeliverySettings};
use crate::http::{router, AppState};
use crate::mail::Mailer;
use crate::reminders::evaluate::run_due_evaluations;
use crate::reminders::schedule::EvaluationTime;
use crate::store::Store;

/// What one `goald serve` process runs (CONTRACT §7; issue 6's roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    /// The webhook and the unsubscribe link (health answers whatever the roles).
    pub api: bool,
    /// The weekly evaluation.
    pub scheduler: bool,
    /// Digest delivery and the HRIS inbox.
    pub worker: bool,
}

impl std::str::FromStr for Roles {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut roles = Roles { api: false, scheduler: false, worker: false };
        for role in text.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            match role {
                "api" => roles.api = true,
                "scheduler" => roles.scheduler = true,
                "worker" => roles.worker = true,
                other => return Err(format!("{other:?} is not a role (expected api, scheduler, worker)")),
            }
        }
        if roles == (Roles { api: false, scheduler: false, worker: false }) {
            return Err("no role given (expected some of api, scheduler, worker)".to_owned());
        }
        Ok(roles)
    }
}

pub async fn serve(
    common: Common,
    http_addr: Option<&str>,
    roles: Option<&str>,
    mail_url: Option<&str>,
) -> anyhow::Result<()> {
    let config = &common.config;
    let roles: Roles = roles.unwrap_or(&config.roles).parse().map_err(|e| anyhow::anyhow!("roles: {e}"))?;
    let schedule = config.evaluation_time()?;
    let store = common.store().await?;
    let mailer = Arc::new(mailer(config, mail_url)?);
    let addr = http_addr.unwrap_or(&config.http_addr);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, ?roles, mailer = %mailer.describe(), "goald serving");

    let stop = CancellationToken::new();
    let mut tasks = Vec::new();
    let mut cron = None;
    let work = Arc::new(Notify::new());
    if roles.scheduler {
        let tick = Arc::new(Notify::new());
        let scheduler = JobScheduler::new().await.context("cannot start the scheduler")?;
        let on_tick = tick.clone();
        let job = Job::new_async(config.scheduler_tick.as_str(), move |_, _| {
            let on_tick = on_tick.clone();
            Box::pin(async move { on_tick.notify_one() })
        })
        .with_context(|| format!("scheduler_tick {:?} is not a cron expression", config.scheduler_tick))?;
        scheduler.add(job).await.context("cannot schedule the tick")?;
        scheduler.start().await.context("cannot start the scheduler")?;
        cron = Some(scheduler);
        let (store, work, stop) = (store.clone(), work.clone(), stop.clone());
        tasks.push(tokio::spawn(scheduler_loop(store, (schedule, common.clock), tick, work, stop)));
    }
    let inbox = Arc::new(Notify::new());
    if roles.worker {
        let settings = delivery_settings(config);
        let poll = Duration::from_secs(config.delivery_poll_secs.max(1));
        let grace = Duration::from_secs(config.shutdown_grace_secs);
        let timing = (poll, grace, common.clock);
        tasks.push(tokio::spawn(delivery_loop(store.clone(), mailer, settings, timing, work, stop.clone())));
        tasks.push(tokio::spawn(inbox_loop(store.clone(), inbox.clone(), common.clock, stop.clone())));
    }
    let app = router(AppState::new(store.clone(), inbox, common.clock), roles.api);
    let shutdown_signal = stop.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("stopping: finishing what is in flight");
        crate::systemd::stopping();
        shutdown_signal.cancel();
    });
    if let Some(every) = crate::systemd::watchdog_interval() {
        let alive = stop.clone();
        tokio::spawn(async move {
            while !alive.is_cancelled() {
                crate::systemd::watchdog_ping();
                tokio::time::sleep(every).await;
            }
        });
    }
    crate::systemd::ready();
    let http_stop = stop.clone();
    let served = axum::serve(listener, app).with_graceful_shutdown(async move { http_stop.cancelled().await }).await;
    stop.cancel();
    if let Some(mut cron) = cron {
        let _ = cron.shutdown().await;
    }
    futures_util::future::join_all(tasks).await;
    served.context("the HTTP server failed")?;
    tracing::info!("stopped");
    Ok(())
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// Runs the due evaluations at start (the catch-up) and on every tick.
async fn scheduler_loop(
    store: Arc<dyn Store>,
    (schedule, clock): (EvaluationTime, Clock),
    tick: Arc<Notify>,
    work: Arc<Notify>,
    stop: CancellationToken,
) {
    loop {
        match run_due_evaluations(store.as_ref(), schedule, clock.now()).await {
            Ok(report) if !report.evaluated.is_empty() => work.notify_one(),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "weekly evaluation failed; retrying on the next tick"),
        }
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.notified() => {}
        }
    }
}

/// Sends due digests every `poll`, or sooner when an evaluation queued some.
async fn delivery_loop(
    store: Arc<dyn Store>,
    mailer: Arc<Mailer>,
    settings: DeliverySettings,
    (poll, grace, clock): (Duration, Duration, Clock),
    work: Arc<Notify>,
    stop: CancellationToken,
) {
    let worker = worker_name();
    loop {
        let stopping = || stop.is_cancelled();
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
        match result {
            Ok(report) if report.handled() > 0 => tracing::info!(?report, "delivery pass"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "delivery pass failed; retrying"),
        }
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = work.notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
    }
    match store.release_digests(&worker).await {
        Ok(0) => {}
        Ok(released) => tracing::info!(released, "gave back unfinished digests"),
        Err(e) => tracing::warn!(error = %e, "could not give back unfinished digests; their leases will run out"),
    }
}

/// Applies stored HRIS events: when the webhook stored some, and every few seconds for
/// events that arrived through another process.
async fn inbox_loop(store: Arc<dyn Store>, inbox: Arc<Notify>, clock: Clock, stop: CancellationToken) {
    loop {
        match apply_open_events(store.as_ref(), clock).await {
            Ok(()) => {}
            Err(e) => tracing::error!(error = %e, "applying HRIS events failed; retrying"),
        }
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = inbox.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
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

#[cfg(test)]
mod tests {
    use super::Roles;

    #[test]
    fn roles_read_a_comma_separated_list_and_name_an_unknown_one() {
        let all: Roles = "api,scheduler,worker".parse().unwrap();
        assert!(all.api && all.scheduler && all.worker);
        let workers: Roles = " worker ".parse().unwrap();
        assert!(!workers.api && !workers.scheduler && workers.worker);
        assert!("api,mailer".parse::<Roles>().unwrap_err().contains("\"mailer\""));
        assert!("".parse::<Roles>().is_err());
    }
}
