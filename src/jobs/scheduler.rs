//! The Friday job: a cron tick wakes the daemon, and on every tick (and once at start,
//! the catch-up) each org whose evaluation instant of the current week has passed and
//! that has no evaluation row for that week yet is evaluated. The database's unique
//! (org, week) claim makes this safe to run on every replica.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio_cron_scheduler::{Job, JobScheduler, JobSchedulerError};
use tokio_util::sync::CancellationToken;

use crate::core::clock::Clock;
use crate::jobs::restart::MakeLoop;
use crate::jobs::watch::Beat;
use crate::reminders::schedule::EvaluationTime;
use crate::reminders::types::EvaluationOutcome;
use crate::store::{Result, Store};

/// What one tick did, per org it evaluated.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TickReport {
    pub evaluated: Vec<(String, String, EvaluationOutcome)>,
    /// Orgs that were due and whose evaluation panicked: still unevaluated.
    pub overdue: usize,
}

/// Evaluates every org due at `now`. The evaluation instant is the scheduled one (Friday
/// 17:00 local), not `now`, so a daemon catching up later queues what Friday evening
/// would have.
pub async fn run_due_evaluations(
    store: &dyn Store,
    schedule: EvaluationTime,
    now: DateTime<Utc>,
) -> Result<TickReport> {
    run_evaluations(store, schedule, now, None).await
}

/// How long the scheduler loop may go without progress: it beats while idle and after
/// each org's evaluation, which is a few set-based statements.
pub const STALL_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

async fn run_evaluations(
    store: &dyn Store,
    schedule: EvaluationTime,
    now: DateTime<Utc>,
    beat: Option<&Beat>,
) -> Result<TickReport> {
    let mut report = TickReport::default();
    for (org_id, timezone) in store.org_time_zones().await? {
        if let Some(beat) = beat {
            beat.progress();
        }
        let (week, evaluated_at) = schedule.due(now, timezone);
        if store.is_week_evaluated(&org_id, week).await? {
            continue;
        }
        let Some(org) = store.org(&org_id).await? else { continue };
        let started = std::time::Instant::now();
        // The job boundary: an org whose evaluation panics is logged and counted, and the
        // other orgs are evaluated; its week stays unevaluated and is tried next tick.
        let outcome = match crate::unwind::catch(store.evaluate_week(&org, week, evaluated_at, now)).await {
            Ok(outcome) => outcome?,
            Err(panic) => {
                if let Some(beat) = beat {
                    beat.panicked("evaluation", 1);
                }
                report.overdue += 1;
                tracing::error!(org = org.id.as_str(), %week, panic = panic.as_str(), "weekly evaluation panicked");
                continue;
            }
        };
        crate::telemetry::evaluation(started.elapsed());
        tracing::info!(
            org = org.id.as_str(),
            %week,
            evaluated_at = %evaluated_at,
            ?outcome,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "weekly evaluation"
        );
        report.evaluated.push((org.id.as_str().to_owned(), week.to_string(), outcome));
    }
    Ok(report)
}

/// The cron tick, started; `run` evaluates on each one. Cloned for each (re)start of
/// the loop: the clones share one tick.
#[derive(Clone)]
pub struct Scheduler {
    cron: JobScheduler,
    tick: Arc<Notify>,
}

impl Scheduler {
    /// Starts the tick, a cron expression with seconds in UTC. It only wakes the daemon:
    /// the database decides what is due, so a missed tick loses nothing.
    pub async fn start(tick_expression: &str) -> std::result::Result<Self, JobSchedulerError> {
        let tick = Arc::new(Notify::new());
        let cron = JobScheduler::new().await?;
        let on_tick = tick.clone();
        let job = Job::new_async(tick_expression, move |_, _| {
            let on_tick = on_tick.clone();
            Box::pin(async move { on_tick.notify_one() })
        })?;
        cron.add(job).await?;
        cron.start().await?;
        Ok(Self { cron, tick })
    }

    /// The scheduler loop as the Supervisor restarts it.
    pub fn looped(
        self,
        store: Arc<dyn Store>,
        (schedule, clock): (EvaluationTime, Clock),
        work: Arc<Notify>,
        stop: CancellationToken,
    ) -> MakeLoop {
        Box::new(move |beat| {
            let run = self.clone().run(store.clone(), (schedule, clock), (work.clone(), beat), stop.clone());
            Box::pin(run)
        })
    }

    /// Runs the due evaluations now (the catch-up) and on every tick until the stop,
    /// waking `work` (the delivery loop) when something was queued. A failing pass is
    /// logged and tried again on the next tick.
    pub async fn run(
        mut self,
        store: Arc<dyn Store>,
        (schedule, clock): (EvaluationTime, Clock),
        (work, beat): (Arc<Notify>, Beat),
        stop: CancellationToken,
    ) {
        loop {
            let now = clock.now();
            match run_evaluations(store.as_ref(), schedule, now, Some(&beat)).await {
                Ok(report) => {
                    crate::telemetry::scheduler_pass(report.overdue, now.timestamp() as f64);
                    if !report.evaluated.is_empty() {
                        work.notify_one();
                    }
                }
                Err(e) => tracing::error!(error = %e, "weekly evaluation failed; retrying on the next tick"),
            }
            match crate::jobs::manager_digests::run_manager_evaluations(store.as_ref(), schedule, now).await {
                Ok(0) => {}
                Ok(_) => work.notify_one(),
                Err(e) => tracing::error!(error = %e, "manager digest evaluation failed; retrying on the next tick"),
            }
            let stopped = beat
                .idle(async {
                    tokio::select! {
                        _ = stop.cancelled() => true,
                        _ = self.tick.notified() => false,
                    }
                })
                .await;
            if stopped {
                break;
            }
        }
        if let Err(e) = self.cron.shutdown().await {
            tracing::warn!(error = %e, "the scheduler tick did not stop cleanly");
        }
    }
}
