//! The manager-digest evaluation: read the org's members, published goals, reminded
//! goals and the previous period's figures; let the pure rules decide each manager's
//! digest; then write them, a thousand per statement, in the transaction that claims the
//! (org, period). A concurrent evaluation waits on that claim's key and finds it taken.

use std::collections::BTreeSet;
use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::core::ids::MemberId;
use crate::org::policy::ManagerDigestCadence;
use crate::org::{Org, TimeZone};
use crate::reminders::due::{delivery_instant, local_date};
use crate::reminders::manager::{due_period, gets_manager_digest, Period};
use crate::reminders::manager_content::{ManagerDigestContent, ManagerEvaluation};
use crate::reminders::manager_line::{active_direct_reports, escalate, summarise};
use crate::reminders::Week;
use crate::store::db::{Db, Param};
use crate::store::error::{Result, StoreError};
use crate::store::manager_digests::reads::{goals, members, previous_figures, reminded};
use crate::store::manager_digests::sql::{queue, CLAIM_EVALUATION, EVALUATION_EXISTS, FINISH_EVALUATION, QUEUE_ROWS};

/// Logs the time since `started` as one phase of the evaluation, and starts the next.
fn phase(started: &mut Instant, phase: &'static str) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    tracing::debug!(phase, elapsed_ms, "manager-digest evaluation phase");
    *started = Instant::now();
}

/// Each recipient's digest for `period`, with the time zone of their Monday 09:00.
pub(super) async fn plan(
    db: &Db,
    org: &Org,
    (cadence, period): (ManagerDigestCadence, Period),
    evaluated_at: DateTime<Utc>,
) -> Result<Vec<(MemberId, TimeZone, ManagerDigestContent)>> {
    let today = local_date(evaluated_at, org.timezone);
    let mut started = Instant::now();
    let (members, reach) = members(db, org).await?;
    phase(&mut started, "members read");
    let reports = active_direct_reports(&members);
    let recipients: BTreeSet<MemberId> = members
        .iter()
        .filter(|m| {
            let r = &reach[&m.id];
            gets_manager_digest(m.active, r.has_email, reports.get(&m.id).copied().unwrap_or(0), r.opted_out)
        })
        .map(|m| m.id.clone())
        .collect();
    phase(&mut started, "recipients");
    if recipients.is_empty() {
        return Ok(Vec::new());
    }
    let (goals, last_activity) = goals(db, org).await?;
    phase(&mut started, "goals read");
    let mut digests = summarise(&members, &goals, &recipients, today, org.policy.pace_thresholds);
    phase(&mut started, "summarise");
    if let Some(after) = org.policy.escalate_after_weeks {
        let week = Week::of(today);
        let reminded = reminded(db, org, (week, after), (&goals, &last_activity)).await?;
        phase(&mut started, "escalation read");
        for (manager, escalated) in escalate(&members, &reminded, &recipients, (after, cadence, week)) {
            if let Some(digest) = digests.get_mut(&manager) {
                digest.escalated = escalated;
            }
        }
        phase(&mut started, "escalate");
    }
    let previous = previous_figures(db, org, period).await?;
    phase(&mut started, "previous figures");
    Ok(digests
        .into_iter()
        .filter(|(_, content)| !content.is_empty())
        .map(|(manager, mut content)| {
            content.previous = previous.get(&manager).copied();
            let timezone = reach[&manager].timezone;
            (manager, timezone, content)
        })
        .collect())
}

pub(super) async fn evaluate(
    db: &Db,
    org: &Org,
    evaluated_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<ManagerEvaluation> {
    let cadence = org.policy.manager_digest;
    if cadence == ManagerDigestCadence::Off {
        return Ok(ManagerEvaluation::Off);
    }
    let Some(period) = due_period(cadence, local_date(evaluated_at, org.timezone)) else {
        return Ok(ManagerEvaluation::NotDue);
    };
    let text = period.to_string();
    let org_id = org.id.as_str();
    let claimed = || ManagerEvaluation::AlreadyEvaluated { period: text.clone() };
    if !db.fetch(EVALUATION_EXISTS, &[Param::Text(org_id), Param::Text(&text)]).await?.is_empty() {
        return Ok(claimed());
    }
    let planned = plan(db, org, (cadence, period), evaluated_at).await?;
    let mut started = Instant::now();
    let mut rows = Vec::with_capacity(planned.len());
    for (manager, timezone, content) in &planned {
        let content = serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        rows.push((manager.as_str(), delivery_instant(evaluated_at, *timezone), content));
    }
    phase(&mut started, "serialize");
    let mut tx = db.begin().await?;
    let claim = [Param::Text(org_id), Param::Text(&text), Param::Instant(evaluated_at), Param::Instant(now)];
    if tx.execute(CLAIM_EVALUATION, &claim).await? == 0 {
        return Ok(claimed());
    }
    // In the claim's transaction, so the digests are written once or not at all.
    let mut digests = 0;
    for chunk in rows.chunks(QUEUE_ROWS) {
        let mut params = vec![Param::Text(org_id), Param::Text(&text), Param::Instant(evaluated_at)];
        for (manager, deliver_at, content) in chunk {
            params.extend([Param::Text(manager), Param::Instant(*deliver_at), Param::Text(content)]);
        }
        let (sqlite, postgres) = queue(chunk.len());
        digests += tx.execute_built(&sqlite, &postgres, &params).await?;
    }
    tx.execute(FINISH_EVALUATION, &[Param::Text(org_id), Param::Text(&text), Param::Int(digests as i64)]).await?;
    tx.commit().await?;
    phase(&mut started, "queue insert");
    Ok(ManagerEvaluation::Queued { period: text, digests })
}
