//! `goald serve`: the HTTP listener, the weekly scheduler and the delivery worker in
//! one process, stopped together by one cancellation token (SIGTERM or Ctrl-C).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use tokio::sync::Notify;
use tokio_cron_scheduler::{Job, JobScheduler};
use tokio_util::sync::CancellationToken;

use crate::commands::{delivery_settings, mailer, worker_name, Common};
use crate::digest::{deliver_due, DeliverySettings};
use crate::http::{router, AppState};
use crate::mail::Mailer;
use crate::reminders::evaluate::run_due_evaluations;
use crate::reminders::schedule::EvaluationTime;
use crate::store::Store;

pub async fn serve(common: Common, http_addr: Option<&str>, mail_url: Option<&str>) -> anyhow::Result<()> {
    let config = &common.config;
    let schedule = config.evaluation_time()?;
    let store = common.store().await?;
    let mailer = Arc::new(mailer(config, mail_url)?);
    let addr = http_addr.unwrap_or(&config.http_addr);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, mailer = %mailer.describe(), "goald serving");

    let stop = CancellationToken::new();
    let tick = Arc::new(Notify::new());
    let work = Arc::new(Notify::new());
    let mut cron = JobScheduler::new().await.context("cannot start the scheduler")?;
    let on_tick = tick.clone();
    let job = Job::new_async(config.scheduler_tick.as_str(), move |_, _| {
        let on_tick = on_tick.clone();
        Box::pin(async move { on_tick.notify_one() })
    })
    .with_context(|| format!("scheduler_tick {:?} is not a cron expression", config.scheduler_tick))?;
    cron.add(job).await.context("cannot schedule the tick")?;
    cron.start().await.context("cannot start the scheduler")?;

    let scheduler = tokio::spawn(scheduler_loop(store.clone(), schedule, tick, work.clone(), stop.clone()));
    let settings = delivery_settings(config);
    let poll = Duration::from_secs(config.delivery_poll_secs.max(1));
    let worker = tokio::spawn(delivery_loop(store.clone(), mailer, settings, poll, work, stop.clone()));

    let inbox = Arc::new(Notify::new());
    let hris = tokio::spawn(inbox_loop(store.clone(), inbox.clone(), stop.clone()));
    let app = router(AppState { store: store.clone(), inbox });
    let http_stop = stop.clone();
    let shutdown_signal = stop.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("stopping: finishing what is in flight");
        shutdown_signal.cancel();
    });
    let served = axum::serve(listener, app).with_graceful_shutdown(async move { http_stop.cancelled().await }).await;
    stop.cancel();
    let _ = cron.shutdown().await;
    let _ = tokio::join!(scheduler, worker, hris);
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
    schedule: EvaluationTime,
    tick: Arc<Notify>,
    work: Arc<Notify>,
    stop: CancellationToken,
) {
    loop {
        match run_due_evaluations(store.as_ref(), schedule, Utc::now()).await {
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
    poll: Duration,
    work: Arc<Notify>,
    stop: CancellationToken,
) {
    let worker = worker_name();
    loop {
        let stopping = || stop.is_cancelled();
        match deliver_due(store.as_ref(), &mailer, &settings, &worker, Utc::now(), &stopping).await {
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
async fn inbox_loop(store: Arc<dyn Store>, inbox: Arc<Notify>, stop: CancellationToken) {
    loop {
        match apply_open_events(store.as_ref()).await {
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

async fn apply_open_events(store: &dyn Store) -> crate::store::Result<()> {
    for org_id in store.orgs_with_open_events().await? {
        let Some(org) = store.org(&org_id).await? else { continue };
        let report = store.apply_pending(&org, Utc::now()).await?;
        if report.applied + report.stale > 0 {
            tracing::info!(org = org.id.as_str(), ?report, "HRIS events applied");
        }
    }
    Ok(())
}
