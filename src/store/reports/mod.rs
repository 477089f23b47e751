//! The reports area (issue 17, docs/reports.md): the progress and adoption reports of a
//! viewer over a scope, aggregated in SQL (sql.rs) and finished by the pure figures of
//! `reports`.

mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::MemberId;
use crate::goals::{GoalState, Status};
use crate::org::{Member, Org};
use crate::reminders::due::stale_cutoff;
use crate::reports::{
    scope_ranges, AdoptionReport, AdoptionTally, DirectReportFigures, GoalTally, ProgressFigures, ProgressReport,
    Scope, ViewerPlace,
};
use crate::rollup::local_date;
use crate::store::db::row::{member_id, parsed};
use crate::store::db::text::json_text;
use crate::store::db::{Db, DbRow, Param, RowReader, Sql};
use crate::store::error::{Result, StoreError};
use crate::store::org::policy_flags;
use crate::store::org::policy_visibility_sql::PolicyFlags;
use crate::store::org::sql::TEAM_EXISTS;
use crate::store::sql_store::SqlStore;
use sql::Seen;

#[cfg(test)]
pub(crate) use sql::all;

/// The reports. The caller has checked that the viewer may ask for the scope
/// (`reports::check_scope`); a team the org does not have is `NotFound`.
#[async_trait]
pub trait ReportStore: Send + Sync {
    async fn progress_report(
        &self,
        org: &Org,
        viewer: &Member,
        scope: &Scope,
        at: DateTime<Utc>,
    ) -> Result<ProgressReport>;
    async fn adoption_report(
        &self,
        org: &Org,
        viewer: &Member,
        scope: &Scope,
        at: DateTime<Utc>,
    ) -> Result<AdoptionReport>;
}

/// What every statement binds (sql.rs), owned.
struct Bound {
    org: String,
    viewer: String,
    ranges: String,
    /// Which goals of the ranges the viewer sees. Every one but in a team (the only scope
    /// reaching outside the viewer's line for a viewer who does not see every goal):
    /// inside the line every goal that is not a draft is seen (CONTRACT §3.3d, the owner
    /// is in the line; §10 only ever adds), so the visibility SQL would only cost time.
    seen: Seen,
    /// §10's switches for the viewer, when the org's policy or goals use them.
    flags: Option<PolicyFlags>,
    direct_reports: Vec<MemberId>,
}

impl Bound {
    fn params(&self, org: &Org, at: DateTime<Utc>) -> Vec<Param<'_>> {
        let thresholds = org.policy.pace_thresholds;
        let mut params = vec![
            Param::Text(&self.org),
            Param::Text(&self.viewer),
            Param::Text(&self.ranges),
            Param::Date(local_date(at, org.timezone)),
            Param::Instant(stale_cutoff(at)),
            Param::Int(at.timestamp()),
            Param::Real(thresholds.on_track),
            Param::Real(thresholds.at_risk),
        ];
        if let (Seen::RulesAndPolicy, Some(flags)) = (self.seen, self.flags) {
            params.extend(flags.params());
        }
        params
    }
}

async fn bind(db: &Db, org: &Org, viewer: &Member, scope: &Scope) -> Result<Bound> {
    let place = viewer_place(db, org, viewer).await?;
    let team_keys = match scope {
        Scope::Team(team) => {
            let params = [Param::Text(org.id.as_str()), Param::Text(team.as_str())];
            if db.fetch(TEAM_EXISTS, &params).await?.is_empty() {
                return Err(StoreError::NotFound(format!("org {} has no team {team}", org.id)));
            }
            let rows = db.fetch(sql::TEAM_KEYS, &params).await?;
            rows.iter().map(|row| row.int("line_key")).collect::<Result<Vec<_>>>()?
        }
        _ => Vec::new(),
    };
    let ranges = scope_ranges(&place, scope, &team_keys);
    let (seen, flags) = if matches!(scope, Scope::Team(_)) && !viewer.role.sees_everything() {
        match policy_flags(db, &org.id, viewer).await? {
            Some(flags) => (Seen::RulesAndPolicy, Some(flags)),
            None => (Seen::Rules, None),
        }
    } else {
        (Seen::All, None)
    };
    Ok(Bound {
        org: org.id.as_str().to_owned(),
        viewer: viewer.id.as_str().to_owned(),
        ranges: json_text(&ranges)?,
        seen,
        flags,
        direct_reports: place.direct_reports.into_iter().map(|(m, _)| m).collect(),
    })
}

async fn viewer_place(db: &Db, org: &Org, viewer: &Member) -> Result<ViewerPlace> {
    let params = [Param::Text(org.id.as_str()), Param::Text(viewer.id.as_str())];
    let mut place = ViewerPlace::default();
    for row in db.fetch(sql::VIEWER_REACH, &params).await? {
        place.key = row.int("line_key")?;
        place.reach.push((row.int("lo")?, row.int("hi")?));
    }
    if place.reach.is_empty() {
        return Err(StoreError::Corrupt(format!("member {} of org {} has no line key", viewer.id, org.id)));
    }
    for row in db.fetch(sql::DIRECT_REPORTS, &params).await? {
        let member = member_id(row.text("member_id")?)?;
        let range = (row.int("lo")?, row.int("hi")?);
        match place.direct_reports.last_mut() {
            Some((last, ranges)) if *last == member => ranges.push(range),
            _ => place.direct_reports.push((member, vec![range])),
        }
    }
    Ok(place)
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn progress_report(
        &self,
        org: &Org,
        viewer: &Member,
        scope: &Scope,
        at: DateTime<Utc>,
    ) -> Result<ProgressReport> {
        let bound = bind(&self.db, org, viewer, scope).await?;
        let rows = fetch_report(&self.db, sql::progress_sql(bound.seen), &bound.params(org, at)).await?;
        let mut totals = ProgressFigures::default();
        let mut per_report = vec![ProgressFigures::default(); bound.direct_reports.len()];
        for row in rows {
            let pace = row.opt_text("pace")?.map(|p| parsed("pace", p.parse::<Status>())).transpose()?;
            let tally = GoalTally {
                state: parsed("state", row.text("state")?.parse::<GoalState>())?,
                pace,
                count: count(row.int("n")?),
                progress_cents: row.int("progress_cents")?,
                past_end_date: count(row.int("past_end")?),
                not_updated_28_days: count(row.int("stale")?),
            };
            totals.add(&tally);
            let bucket = row.int("b")?;
            if let Some(figures) = usize::try_from(bucket - 1).ok().and_then(|i| per_report.get_mut(i)) {
                figures.add(&tally);
            }
        }
        let direct_reports = bound
            .direct_reports
            .into_iter()
            .zip(per_report)
            .map(|(member, figures)| DirectReportFigures { member, figures })
            .collect();
        Ok(ProgressReport {
            org: org.id.clone(),
            viewer: viewer.id.clone(),
            scope: scope.to_string(),
            at: crate::core::time::rfc3339_text(at),
            date: local_date(at, org.timezone),
            totals,
            direct_reports,
        })
    }

    async fn adoption_report(
        &self,
        org: &Org,
        viewer: &Member,
        scope: &Scope,
        at: DateTime<Utc>,
    ) -> Result<AdoptionReport> {
        let bound = bind(&self.db, org, viewer, scope).await?;
        let params = bound.params(org, at);
        let mut tally = AdoptionTally::default();
        for row in fetch_report(&self.db, sql::adoption_goals_sql(bound.seen), &params).await? {
            let n = count(row.int("n")?);
            tally.published_goals += n;
            tally.published_goals_with_parent += count(row.int("with_parent")?);
            if let Some(days) = row.opt_int("days")? {
                *tally.days_since_activity.entry(days).or_default() += n;
            }
        }
        let rows = fetch_report(&self.db, sql::adoption_members_sql(bound.seen), &params).await?;
        if let Some(row) = rows.first() {
            tally.active_members = count(row.int("active_members")?);
            let without = row.opt_text("without_ids")?.unwrap_or_default();
            tally.members_without_published_goal =
                without.split_whitespace().map(|id| member_id(id.to_owned())).collect::<Result<_>>()?;
        }
        Ok(AdoptionReport {
            org: org.id.clone(),
            viewer: viewer.id.clone(),
            scope: scope.to_string(),
            at: crate::core::time::rfc3339_text(at),
            figures: tally.figures(),
        })
    }
}

/// One report statement. PostgreSQL: with JIT off, in a read transaction of its own. The
/// planner cannot tell how few key ranges the JSON holds, estimates a million rows and
/// JIT-compiles the aggregate: measured 1.3–1.5 s of compiling on a 100k-goal org for a
/// statement that then runs in 63 ms (a 13k-goal line) or 406 ms (the whole org).
/// SQLite has no JIT, and a transaction there would take the write lock.
async fn fetch_report(db: &Db, statement: Sql, params: &[Param<'_>]) -> Result<Vec<DbRow>> {
    if !matches!(db, Db::Postgres(_)) {
        return db.fetch(statement, params).await;
    }
    let mut tx = db.begin().await?;
    tx.execute_pg_only(sql::NO_JIT, &[]).await?;
    let rows = tx.fetch(statement, params).await?;
    tx.commit().await?;
    Ok(rows)
}

/// A count from SQL (never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
