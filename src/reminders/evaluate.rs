//! The Friday job: on every scheduler tick, evaluate each org whose evaluation instant
//! of the current week has passed and that has no evaluation row for that week yet. The
//! database's unique (org, week) claim makes this safe to run on every replica.

use chrono::{DateTime, Utc};

use crate::org::Org;
use crate::reminders::schedule::EvaluationTime;
use crate::reminders::types::EvaluationOutcome;
use crate::store::{EvaluationStore, Result, Store};

/// What one tick did, per org it evaluated.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TickReport {
    pub evaluated: Vec<(String, String, EvaluationOutcome)>,
}

/// Evaluates every org due at `now`. The evaluation instant is the scheduled one (Friday
/// 17:00 local), not `now`, so a daemon catching up later queues what Friday evening
/// would have.
pub async fn run_due_evaluations(
    store: &dyn Store,
    schedule: EvaluationTime,
    now: DateTime<Utc>,
) -> Result<TickReport> {
    let mut report = TickReport::default();
    for (org_id, timezone) in store.org_time_zones().await? {
        let (week, evaluated_at) = schedule.due(now, timezone);
        if store.is_week_evaluated(&org_id, week).await? {
            continue;
        }
        let Some(org) = store.org(&org_id).await? else { continue };
        let started = std::time::Instant::now();
        let outcome = evaluate(store, &org, week, evaluated_at, now).await?;
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

async fn evaluate(
    store: &dyn EvaluationStore,
    org: &Org,
    week: crate::reminders::Week,
    evaluated_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<EvaluationOutcome> {
    store.evaluate_week(org, week, evaluated_at, now).await
}
