//! `goald serve`, wiring only: the store, the mailer, the router and the loops of
//! `jobs`, run under one `Supervisor` and stopped together by one cancellation token
//! (SIGTERM, Ctrl-C, or a task that died).

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::core::clock::Clock;
use crate::http::{router, AppState};
use crate::jobs::scheduler::Scheduler;
use crate::jobs::{delivery, inbox, Supervisor};
use crate::store::Store;

/// Serves until SIGTERM or Ctrl-C (then `Ok`), or until a task dies (then the error).
pub async fn serve(config: &Settings, store: Arc<dyn Store>, clock: Clock) -> anyhow::Result<()> {
    let roles = config.roles;
    // Before the loops start, so their first records are kept.
    if crate::telemetry::install().is_none() {
        tracing::warn!("another metrics recorder is installed: /metrics will fail");
    }
    let mailer = Arc::new(delivery::mailer(config).context("cannot set up mail delivery")?);
    let addr = config.http_addr;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(addr = %listener.local_addr()?, ?roles, mailer = %mailer.describe(), "goald serving");

    let stop = CancellationToken::new();
    let mut tasks = Supervisor::new(stop.clone());
    // The scheduler wakes the delivery loop when it queued digests.
    let work = Arc::new(Notify::new());
    if roles.scheduler {
        let tick = config.scheduler_tick.as_str();
        let scheduler =
            Scheduler::start(tick).await.with_context(|| format!("cannot start the scheduler tick {tick:?}"))?;
        let run = scheduler.looped(store.clone(), (config.reminder_time, clock), work.clone(), stop.clone());
        tasks.spawn_loop("scheduler", crate::jobs::scheduler::STALL_AFTER, run);
    }
    // The webhook wakes the inbox loop when it stored events.
    let inbox = Arc::new(Notify::new());
    if roles.worker {
        let settings = delivery::settings(config).context("cannot set up mail signing")?;
        let timing = delivery::Timing { poll: config.delivery_poll, grace: config.shutdown_grace, clock };
        let notifications = (mailer.clone(), settings.clone());
        let run = delivery::looped(store.clone(), (mailer, settings), timing, work, stop.clone());
        tasks.spawn_loop("delivery", delivery::stall_after(config), run);
        let run =
            crate::jobs::notify::looped(store.clone(), notifications, (config.delivery_poll, clock), stop.clone());
        tasks.spawn_loop("notifications", delivery::stall_after(config), run);
        tasks.spawn_loop("inbox", inbox::STALL_AFTER, inbox::looped(store.clone(), inbox.clone(), clock, stop.clone()));
    }
    let app = router(AppState::new(store, inbox, clock), roles.api);
    let (http_stop, http_limits) = (stop.clone(), config.http_limits);
    tasks.spawn("http", async move {
        crate::http::server::serve(listener, app, http_limits, http_stop).await;
    });
    let signalled = stop.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("stopping: finishing what is in flight");
        crate::systemd::stopping();
        signalled.cancel();
    });
    if let Some(every) = crate::systemd::watchdog_interval() {
        let alive = stop.clone();
        tokio::spawn(async move {
            while !alive.is_cancelled() {
                // Only while every loop makes progress: a stuck one gets the daemon restarted.
                crate::systemd::watchdog_ping_if(crate::jobs::watch::Watch::global().stalled().is_empty());
                tokio::time::sleep(every).await;
            }
        });
    }
    crate::systemd::ready();
    tasks.run().await?;
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
