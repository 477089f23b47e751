//! The manager-digest evaluation's reads: the org's members, its published goals, the
//! goals reminded in the escalation's window and the previous period's figures. The big
//! ones come as JSON arrays (sql.rs says why; the goals only on SQLite) and are decoded
//! here into the rules' types.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::core::ids::MemberId;
use crate::org::{parse_time_zone, Org, TimeZone};
use crate::reminders::manager::{reminded_streak, Period};
use crate::reminders::manager_content::LineFigures;
use crate::reminders::manager_line::{LineGoal, LineMember, RemindedGoal};
use crate::reminders::Week;
use crate::store::db::row::member_id;
use crate::store::db::text::{read_date, read_instant};
use crate::store::db::{Db, DbRow, Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::manager_digests::sql::{LINE_MEMBERS, PREVIOUS_FIGURES, PUBLISHED_GOALS, REMINDED_GOALS};

/// How many weeks back the escalation reads past `escalate_after_weeks`: more than the
/// deepest manager chain (64) climbs in weekly periods.
const ESCALATION_WINDOW_WEEKS: u32 = 66;

pub(super) struct Reachable {
    pub timezone: TimeZone,
    pub has_email: bool,
    pub opted_out: bool,
}

fn corrupt(what: &'static str) -> impl Fn(crate::core::UnknownValue) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

/// The JSON array in `column` of `row`, one `T` per element.
fn json_rows<T: DeserializeOwned>(row: &DbRow, column: &str) -> Result<Vec<T>> {
    serde_json::from_str(&row.text(column)?).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

/// The one row of an aggregate read.
async fn aggregate<T: DeserializeOwned>(
    db: &Db,
    sql: crate::store::db::Sql,
    org: &Org,
    column: &str,
) -> Result<Vec<T>> {
    let rows = db.fetch(sql, &[Param::Text(org.id.as_str())]).await?;
    rows.first().map_or(Ok(Vec::new()), |row| json_rows(row, column))
}

type MemberCells = (String, String, Option<String>, String, Option<String>, i64, String, i64);

pub(super) async fn members(db: &Db, org: &Org) -> Result<(Vec<LineMember>, HashMap<MemberId, Reachable>)> {
    let rows: Vec<MemberCells> = aggregate(db, LINE_MEMBERS, org, "members").await?;
    let mut members = Vec::with_capacity(rows.len());
    let mut reach = HashMap::with_capacity(rows.len());
    for (id, name, email, role, manager, active, timezone, opted_out) in rows {
        let id = member_id(id)?;
        reach.insert(
            id.clone(),
            Reachable {
                timezone: parse_time_zone(&timezone).map_err(corrupt("time zone"))?,
                has_email: email.is_some_and(|e| !e.trim().is_empty()),
                opted_out: opted_out != 0,
            },
        );
        let role = role.parse().map_err(corrupt("role"))?;
        members.push(LineMember { id, name, manager: manager.map(member_id).transpose()?, role, active: active != 0 });
    }
    Ok((members, reach))
}

/// A goal as SQLite's JSON array holds it; the texts that are parsed are borrowed.
#[derive(Deserialize)]
struct GoalCells<'a>(
    String,
    String,
    String,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Option<Cow<'a, str>>,
);

/// The published goals, and each one's last activity (what the escalation's streaks read).
pub(super) async fn goals(db: &Db, org: &Org) -> Result<(Vec<LineGoal>, Vec<Option<DateTime<Utc>>>)> {
    let rows = db.fetch(PUBLISHED_GOALS, &[Param::Text(org.id.as_str())]).await?;
    let mut goals = Vec::new();
    let mut last_activity = Vec::new();
    let Db::Sqlite(..) = db else {
        for row in &rows {
            let owner = member_id(row.text("owner_id")?)?;
            let (start, end) = (row.date("start_date")?, row.date("end_date")?);
            let (id, title, progress) = (row.text("id")?, row.text("title")?, row.real("progress")?);
            goals.push(LineGoal { id, title, owner, progress, start, end });
            last_activity.push(row.opt_instant("last_activity_at")?);
        }
        return Ok((goals, last_activity));
    };
    let text = rows.first().map(|row| row.text("goals")).transpose()?.unwrap_or_default();
    let cells: Vec<GoalCells> =
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("published goals: {e}")))?;
    goals.reserve(cells.len());
    last_activity.reserve(cells.len());
    for GoalCells(id, title, owner, progress, start, end, last) in cells {
        let progress = progress.parse().map_err(|e| StoreError::Corrupt(format!("progress {progress:?}: {e}")))?;
        let (start, end) = (read_date(&start)?, read_date(&end)?);
        goals.push(LineGoal { id, title, owner: member_id(owner)?, progress, start, end });
        last_activity.push(last.as_deref().map(read_instant).transpose()?);
    }
    Ok((goals, last_activity))
}

/// The goals reminded this week, each with its run of weeks reminded without an update:
/// a reminder counts while its goal is published and still its owner's.
pub(super) async fn reminded(
    db: &Db,
    org: &Org,
    (week, after): (Week, u32),
    (goals, last_activity): (&[LineGoal], &[Option<DateTime<Utc>>]),
) -> Result<Vec<RemindedGoal>> {
    let mut first = week;
    for _ in 0..after + ESCALATION_WINDOW_WEEKS {
        first = first.previous();
    }
    let (first, current) = (first.to_string(), week.to_string());
    let params = [Param::Text(org.id.as_str()), Param::Text(&first), Param::Text(&current)];
    let rows = db.fetch(REMINDED_GOALS, &params).await?;
    let by_id: HashMap<&str, usize> = goals.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    let mut weeks: HashMap<usize, BTreeMap<Week, DateTime<Utc>>> = HashMap::new();
    for row in &rows {
        let reminded_week: Week = row
            .text("week")?
            .parse()
            .map_err(|e: crate::reminders::WeekParseError| StoreError::Corrupt(e.to_string()))?;
        let evaluated_at = row.instant("evaluated_at")?;
        for (goal, owner) in json_rows::<(String, String)>(row, "goals")? {
            let Some(&at) = by_id.get(goal.as_str()) else { continue };
            if goals[at].owner.as_str() == owner {
                weeks.entry(at).or_default().insert(reminded_week, evaluated_at);
            }
        }
    }
    Ok(weeks
        .into_iter()
        .filter_map(|(at, weeks)| {
            let streak = reminded_streak(week, &weeks, last_activity[at]);
            (streak > 0).then(|| RemindedGoal {
                id: goals[at].id.clone(),
                title: goals[at].title.clone(),
                owner: goals[at].owner.clone(),
                streak,
            })
        })
        .collect())
}

pub(super) async fn previous_figures(db: &Db, org: &Org, period: Period) -> Result<HashMap<MemberId, LineFigures>> {
    let previous = period.previous().to_string();
    let rows = db.fetch(PREVIOUS_FIGURES, &[Param::Text(org.id.as_str()), Param::Text(&previous)]).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in &rows {
        let figures: LineFigures = serde_json::from_str(&row.text("figures")?)
            .map_err(|e| StoreError::Corrupt(format!("manager digest figures: {e}")))?;
        out.insert(member_id(row.text("manager_id")?)?, figures);
    }
    Ok(out)
}
