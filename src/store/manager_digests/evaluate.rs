//! The manager-digest evaluation: read the org's members, published goals, reminded
//! goals and the previous period's figures; let the pure rules decide each manager's
//! digest; then write them all with one statement in the transaction that claims the
//! (org, period). A concurrent evaluation waits on that claim's key and finds it taken.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::core::ids::MemberId;
use crate::org::policy::ManagerDigestCadence;
use crate::org::{parse_time_zone, Org, TimeZone};
use crate::reminders::due::{delivery_instant, local_date};
use crate::reminders::manager::{due_period, gets_manager_digest, reminded_streak, Period};
use crate::reminders::manager_content::{LineFigures, ManagerDigestContent, ManagerEvaluation};
use crate::reminders::manager_line::{active_direct_reports, escalate, summarise, LineGoal, LineMember, RemindedGoal};
use crate::reminders::Week;
use crate::store::db::row::member_id;
use crate::store::db::text::instant_text;
use crate::store::db::{Db, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::manager_digests::sql::{
    CLAIM_EVALUATION, EVALUATION_EXISTS, FINISH_EVALUATION, LINE_MEMBERS, PREVIOUS_CONTENT, PUBLISHED_GOALS, QUEUE,
    REMINDED_GOALS,
};

/// How many weeks back the escalation reads past `escalate_after_weeks`: more than the
/// deepest manager chain (64) climbs in weekly periods.
const ESCALATION_WINDOW_WEEKS: u32 = 66;

struct Reachable {
    timezone: TimeZone,
    has_email: bool,
    opted_out: bool,
}

/// Logs the time since `started` as one phase of the evaluation, and starts the next.
fn phase(started: &mut Instant, phase: &'static str) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    tracing::debug!(phase, elapsed_ms, "manager-digest evaluation phase");
    *started = Instant::now();
}

fn corrupt(what: &'static str) -> impl Fn(crate::core::UnknownValue) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

async fn members(db: &Db, org: &Org) -> Result<(Vec<LineMember>, HashMap<MemberId, Reachable>)> {
    let rows = db.fetch(LINE_MEMBERS, &[Param::Text(org.id.as_str())]).await?;
    let mut members = Vec::with_capacity(rows.len());
    let mut reach = HashMap::with_capacity(rows.len());
    for row in &rows {
        let id = member_id(row.text("id")?)?;
        reach.insert(
            id.clone(),
            Reachable {
                timezone: parse_time_zone(&row.text("timezone")?).map_err(corrupt("time zone"))?,
                has_email: row.opt_text("email")?.is_some_and(|e| !e.trim().is_empty()),
                opted_out: row.flag("opted_out")?,
            },
        );
        members.push(LineMember {
            id,
            name: row.text("name")?,
            manager: row.opt_text("manager_id")?.map(member_id).transpose()?,
            role: row.text("role")?.parse().map_err(corrupt("role"))?,
            active: row.flag("active")?,
        });
    }
    Ok((members, reach))
}

async fn goals(db: &Db, org: &Org) -> Result<Vec<LineGoal>> {
    let rows = db.fetch(PUBLISHED_GOALS, &[Param::Text(org.id.as_str())]).await?;
    rows.iter()
        .map(|row| {
            Ok(LineGoal {
                id: row.text("id")?,
                title: row.text("title")?,
                owner: member_id(row.text("owner_id")?)?,
                progress: row.real("progress")?,
                start: row.date("start_date")?,
                end: row.date("end_date")?,
            })
        })
        .collect()
}

/// The goals reminded this week, each with its run of weeks reminded without an update.
async fn reminded(db: &Db, org: &Org, week: Week, after: u32) -> Result<Vec<RemindedGoal>> {
    let mut first = week;
    for _ in 0..after + ESCALATION_WINDOW_WEEKS {
        first = first.previous();
    }
    let (first, current) = (first.to_string(), week.to_string());
    let params = [Param::Text(org.id.as_str()), Param::Text(&first), Param::Text(&current)];
    let rows = db.fetch(REMINDED_GOALS, &params).await?;
    type Runs = (RemindedGoal, Option<DateTime<Utc>>, BTreeMap<Week, DateTime<Utc>>);
    let mut goals: BTreeMap<String, Runs> = BTreeMap::new();
    for row in &rows {
        let id = row.text("goal_id")?;
        let reminded_week: Week = row
            .text("week")?
            .parse()
            .map_err(|e: crate::reminders::WeekParseError| StoreError::Corrupt(e.to_string()))?;
        let evaluated_at = row.instant("evaluated_at")?;
        if !goals.contains_key(&id) {
            let goal = RemindedGoal {
                id: id.clone(),
                title: row.text("title")?,
                owner: member_id(row.text("owner_id")?)?,
                streak: 0,
            };
            goals.insert(id.clone(), (goal, row.opt_instant("last_activity_at")?, BTreeMap::new()));
        }
        if let Some((_, _, weeks)) = goals.get_mut(&id) {
            weeks.insert(reminded_week, evaluated_at);
        }
    }
    Ok(goals
        .into_values()
        .filter_map(|(mut goal, last, weeks)| {
            goal.streak = reminded_streak(week, &weeks, last);
            (goal.streak > 0).then_some(goal)
        })
        .collect())
}

async fn previous_figures(db: &Db, org: &Org, period: Period) -> Result<HashMap<MemberId, LineFigures>> {
    let previous = period.previous().to_string();
    let rows = db.fetch(PREVIOUS_CONTENT, &[Param::Text(org.id.as_str()), Param::Text(&previous)]).await?;
    let mut out = HashMap::new();
    for row in &rows {
        let content: ManagerDigestContent = serde_json::from_str(&row.text("content")?)
            .map_err(|e| StoreError::Corrupt(format!("manager digest content: {e}")))?;
        out.insert(member_id(row.text("manager_id")?)?, content.figures);
    }
    Ok(out)
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
    let goals = goals(db, org).await?;
    phase(&mut started, "goals read");
    let mut digests = summarise(&members, &goals, &recipients, today, org.policy.pace_thresholds);
    phase(&mut started, "summarise");
    if let Some(after) = org.policy.escalate_after_weeks {
        let week = Week::of(today);
        let reminded = reminded(db, org, week, after).await?;
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
        rows.push(serde_json::json!({
            "manager": manager.as_str(),
            "deliver_at": instant_text(delivery_instant(evaluated_at, *timezone)),
            "content": content,
        }));
    }
    let rows = serde_json::Value::Array(rows).to_string();
    phase(&mut started, "serialize");
    let mut tx = db.begin().await?;
    let claim = [Param::Text(org_id), Param::Text(&text), Param::Instant(evaluated_at), Param::Instant(now)];
    if tx.execute(CLAIM_EVALUATION, &claim).await? == 0 {
        return Ok(claimed());
    }
    let queue = [Param::Text(org_id), Param::Text(&text), Param::Instant(evaluated_at), Param::Text(&rows)];
    let digests = tx.execute(QUEUE, &queue).await?;
    tx.execute(FINISH_EVALUATION, &[Param::Text(org_id), Param::Text(&text), Param::Int(digests as i64)]).await?;
    tx.commit().await?;
    phase(&mut started, "queue insert");
    Ok(ManagerEvaluation::Queued { period: text, digests })
}
