//! The manager digest with the Friday evaluation (issue 17): after each tick's owner
//! evaluations, every org whose week is evaluated gets its manager-digest evaluation,
//! which writes a period's digests once (the (org, period) claim) on whichever replica
//! comes first, and does nothing for an org whose `manager_digest` is off.

use chrono::{DateTime, Utc};

use crate::reminders::manager_content::ManagerEvaluation;
use crate::reminders::schedule::EvaluationTime;
use crate::store::{Result, Store};

/// Runs the due manager-digest evaluations at `now`; returns how many digests it queued.
pub async fn run_manager_evaluations(store: &dyn Store, schedule: EvaluationTime, now: DateTime<Utc>) -> Result<u64> {
    let mut queued = 0;
    for (org_id, timezone) in store.org_time_zones().await? {
        let (week, evaluated_at) = schedule.due(now, timezone);
        // After the owner evaluation only: escalation reads the week it queued.
        if !store.is_week_evaluated(&org_id, week).await? {
            continue;
        }
        let Some(org) = store.org(&org_id).await? else { continue };
        match store.evaluate_manager_digests(&org, evaluated_at, now).await? {
            ManagerEvaluation::Queued { period, digests } => {
                tracing::info!(org = org.id.as_str(), %period, digests, "manager digests queued");
                queued += digests;
            }
            ManagerEvaluation::Off | ManagerEvaluation::NotDue | ManagerEvaluation::AlreadyEvaluated { .. } => {}
        }
    }
    Ok(queued)
}
