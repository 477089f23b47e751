//! The import inside one transaction: read what is stored, plan (pure), write.

use std::collections::HashSet;

use serde::Serialize;

use crate::goals::Weight;
use crate::ids::OrgId;
use crate::import::format::ImportFile;
use crate::import::{plan_import, Entity, ExistingGoal, ExistingOrg, ImportError, ImportPlan};
use crate::store::bulk::*;
use crate::store::db::{DbTx, Param, Sql};
use crate::store::decode::{goal_id, member_id, team_id, RowReader};
use crate::store::rows::*;
use crate::store::{ImportSummary, Result, StoreError};

const EXISTING_MEMBERS: Sql = Sql::same("select id, manager_id from members where org_id = $1");
const EXISTING_TEAMS: Sql = Sql::same("select id from teams where org_id = $1");
const EXISTING_GOALS: Sql = Sql::same(
    "select id, parent_id, contributes_to_parent, weight, state, tracking, progress from goals where org_id = $1",
);
const UPSERT_ORG: Sql = Sql::same(
    "insert into orgs (id, name, timezone, locale) values ($1, $2, $3, $4) \
     on conflict (id) do update set name = excluded.name, timezone = excluded.timezone, locale = excluded.locale",
);
const DELETE_REPORTING_LINES: Sql = Sql::same("delete from reporting_lines where org_id = $1");
const SET_PROGRESS: Sql = Sql::same("update goals set progress = $3 where org_id = $1 and id = $2");

pub async fn import(mut tx: DbTx, file: ImportFile) -> Result<ImportSummary> {
    let org_id = OrgId::parse(file.org.id.as_str())
        .map_err(|e| ImportError::Invalid { entity: Entity::Org, id: file.org.id.clone(), problem: e.to_string() })?;
    let existing = load_existing(&mut tx, &org_id).await?;
    // Validation and roll-ups of a million goals take seconds of CPU: off the async threads.
    let plan = tokio::task::spawn_blocking(move || plan_import(file, &existing))
        .await
        .map_err(|e| StoreError::Corrupt(format!("import planning stopped: {e}")))??;
    let summary = write_plan(&mut tx, &plan).await?;
    tx.commit().await?;
    Ok(summary)
}

async fn load_existing(tx: &mut DbTx, org: &OrgId) -> Result<ExistingOrg> {
    let org = [Param::Text(org.as_str())];
    let mut existing = ExistingOrg::default();
    for row in tx.fetch(EXISTING_MEMBERS, &org).await? {
        let manager = row.opt_text("manager_id")?.map(member_id).transpose()?;
        existing.members.insert(member_id(row.text("id")?)?, manager);
    }
    for row in tx.fetch(EXISTING_TEAMS, &org).await? {
        existing.teams.insert(team_id(row.text("id")?)?);
    }
    for row in tx.fetch(EXISTING_GOALS, &org).await? {
        let weight = row.opt_real("weight")?.map(Weight::parse).transpose().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let goal = ExistingGoal {
            parent: row.opt_text("parent_id")?.map(goal_id).transpose()?,
            contributes_to_parent: row.flag("contributes_to_parent")?,
            weight,
            state: row.text("state")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
            tracking: row.text("tracking")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
            progress: row.real("progress")?,
        };
        existing.goals.insert(goal_id(row.text("id")?)?, goal);
    }
    Ok(existing)
}

async fn bulk<T: Serialize>(tx: &mut DbTx, sql: Sql, org: &str, rows: &[T]) -> Result<()> {
    for chunk in json_chunks(rows)? {
        tx.execute(sql, &[Param::Text(org), Param::Text(&chunk)]).await?;
    }
    Ok(())
}

async fn write_plan(tx: &mut DbTx, plan: &ImportPlan) -> Result<ImportSummary> {
    let import = &plan.import;
    let org = import.org.id.as_str();
    let locale = import.org.locale.as_str();
    let org_params =
        [Param::Text(org), Param::Text(&import.org.name), Param::Text(import.org.timezone.name()), Param::Text(locale)];
    tx.execute(UPSERT_ORG, &org_params).await?;

    let members: Vec<MemberRow> = import
        .members
        .iter()
        .map(|m| MemberRow {
            id: m.id.as_str(),
            name: &m.name,
            email: m.email.as_deref(),
            role: m.role.as_str(),
            manager_id: m.manager.as_ref().map(|id| id.as_str()),
            active: m.active,
            locale: m.locale.as_str(),
            timezone: m.timezone.name(),
        })
        .collect();
    bulk(tx, *UPSERT_MEMBERS, org, &members).await?;
    write_teams(tx, plan).await?;

    tx.execute(DELETE_REPORTING_LINES, &[Param::Text(org)]).await?;
    let lines: Vec<LineRow> = plan
        .reporting_lines
        .iter()
        .map(|(manager, report, depth)| LineRow { manager_id: manager.as_str(), report_id: report.as_str(), depth: *depth })
        .collect();
    bulk(tx, *INSERT_REPORTING_LINES, org, &lines).await?;

    let updates = write_goals(tx, plan).await?;
    for (goal, progress) in &plan.stored_progress_changes {
        tx.execute(SET_PROGRESS, &[Param::Text(org), Param::Text(goal.as_str()), Param::Real(*progress)]).await?;
    }
    Ok(ImportSummary { members: import.members.len(), teams: import.teams.len(), goals: import.goals.len(), updates })
}

async fn write_teams(tx: &mut DbTx, plan: &ImportPlan) -> Result<()> {
    let org = plan.import.org.id.as_str();
    let teams = &plan.import.teams;
    let rows: Vec<TeamRow> = teams.iter().map(|t| TeamRow { id: t.id.as_str(), name: &t.name }).collect();
    bulk(tx, *UPSERT_TEAMS, org, &rows).await?;
    let ids: Vec<&str> = teams.iter().map(|t| t.id.as_str()).collect();
    bulk(tx, *DELETE_TEAM_MEMBERS, org, &ids).await?;
    let memberships: Vec<TeamMemberRow> = teams
        .iter()
        .flat_map(|t| t.members.iter().map(|m| TeamMemberRow { team_id: t.id.as_str(), member_id: m.as_str() }))
        .collect();
    bulk(tx, *INSERT_TEAM_MEMBERS, org, &memberships).await
}

/// Goals of the file replace their stored contributors and measurements; their
/// progress updates are added, never removed (updates made since stay).
async fn write_goals(tx: &mut DbTx, plan: &ImportPlan) -> Result<usize> {
    let org = plan.import.org.id.as_str();
    let goals = &plan.import.goals;
    let ids: Vec<&str> = goals.iter().map(|g| g.id.as_str()).collect();
    for sql in [*DELETE_MEMBER_CONTRIBUTORS, *DELETE_TEAM_CONTRIBUTORS, *DELETE_MEASUREMENTS] {
        bulk(tx, sql, org, &ids).await?;
    }
    let rows: Vec<GoalRow> =
        goals.iter().map(|g| GoalRow::new(g, plan.progress.get(&g.id).copied().unwrap_or(g.progress))).collect();
    bulk(tx, *UPSERT_GOALS, org, &rows).await?;
    drop(rows);

    let members: Vec<MemberContributorRow> = goals
        .iter()
        .flat_map(|g| g.member_contributors.iter().map(|m| MemberContributorRow { goal_id: g.id.as_str(), member_id: m.as_str() }))
        .collect();
    bulk(tx, *INSERT_MEMBER_CONTRIBUTORS, org, &members).await?;
    let teams: Vec<TeamContributorRow> = goals
        .iter()
        .flat_map(|g| g.team_contributors.iter().map(|t| TeamContributorRow { goal_id: g.id.as_str(), team_id: t.as_str() }))
        .collect();
    bulk(tx, *INSERT_TEAM_CONTRIBUTORS, org, &teams).await?;
    let measurements: Vec<MeasurementRow> = goals
        .iter()
        .flat_map(|g| g.measurements.iter().enumerate().map(move |(i, m)| MeasurementRow::new(g, i, m)))
        .collect();
    bulk(tx, *INSERT_MEASUREMENTS, org, &measurements).await?;
    let mut seen = HashSet::new();
    let updates: Vec<UpdateRow> = goals
        .iter()
        .flat_map(|g| g.updates.iter().map(move |u| UpdateRow::new(g, u)))
        // Two identical entries in one file are one update, as on re-import.
        .filter(|u| seen.insert((u.goal_id, u.at.clone(), u.author_id)))
        .collect();
    bulk(tx, *INSERT_UPDATES, org, &updates).await?;
    Ok(updates.len())
}
