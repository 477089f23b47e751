//! The import inside one transaction: read what is stored, plan (pure), write.

use std::collections::HashSet;

use crate::core::ids::CategoryId;
use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::Goal;
use crate::goals::Weight;
use crate::import::format::ImportFile;
use crate::import::{plan_import, Entity, ExistingGoal, ExistingOrg, ImportError, ImportPlan};
use crate::org::policy::stored_policy;
use crate::store::db::bulk;
use crate::store::db::row::{goal_id, member_id, parsed, team_id};
use crate::store::db::text::json_chunks;
use crate::store::db::{DbTx, Param, RowReader, Sql};
use crate::store::error::{Result, StoreError};
use crate::store::goals::categories::{replace_categories, stored_category_ids};
use crate::store::goals::columns::{Folded, GoalRow};
use crate::store::goals::people::{rows_of as people_rows, PeopleRow, DELETE_PEOPLE_OF_GOALS, INSERT_GOAL_PEOPLE};
use crate::store::goals::tree_keys;
use crate::store::org::line_keys::{self, MemberKey};
use crate::store::org::rows::{
    LineRow, MeasurementRow, MemberContributorRow, MemberRow, ReachRow, TeamContributorRow, TeamMemberRow, TeamRow,
    UpdateRow,
};
use crate::store::org::sql::{
    ANALYZE_IMPORTED, DELETE_MEMBER_REACH, DELETE_REPORTING_LINES, EXISTING_GOALS, EXISTING_MEMBERS, EXISTING_TEAMS,
    LOCK_ORG_EVENTS, ORG_POLICY, SET_PROGRESS, UPSERT_ORG,
};
use crate::store::org::tables::{
    DELETE_MEASUREMENTS_OF_GOALS, DELETE_MEMBER_CONTRIBUTORS_OF_GOALS, DELETE_TEAM_CONTRIBUTORS_OF_GOALS,
    DELETE_TEAM_MEMBERS_OF_TEAMS, INSERT_GOALS, INSERT_MEASUREMENTS, INSERT_MEMBER_CONTRIBUTORS, INSERT_MEMBER_REACH,
    INSERT_REPORTING_LINES, INSERT_TEAM_CONTRIBUTORS, INSERT_TEAM_MEMBERS, INSERT_UPDATES, MERGE_UPDATES, UPSERT_GOALS,
    UPSERT_MEMBERS, UPSERT_TEAMS,
};
use crate::store::types::ImportSummary;

pub async fn import(mut tx: DbTx, file: ImportFile) -> Result<ImportSummary> {
    let org_id = OrgId::parse(file.org.id.as_str()).map_err(|e| ImportError::Invalid {
        entity: Entity::Org,
        id: file.org.id.clone(),
        problem: e.to_string(),
    })?;
    // Not while an HRIS event of the org applies: both write the org's line keys.
    tx.execute_pg_only(LOCK_ORG_EVENTS, &[Param::Text(org_id.as_str())]).await?;
    let started = std::time::Instant::now();
    let existing = load_existing(&mut tx, &org_id).await?;
    let reimport = !existing.members.is_empty();
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "loaded what is stored");
    let stored: HashSet<GoalId> = existing.goals.keys().cloned().collect();
    // Validation and roll-ups of a million goals take seconds of CPU: off the async threads.
    let plan = tokio::task::spawn_blocking(move || plan_import(file, &existing))
        .await
        .map_err(|e| StoreError::Corrupt(format!("import planning stopped: {e}")))??;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "planned");
    tx.begin_bulk().await?;
    let summary = write_plan(&mut tx, &plan, &stored).await?;
    if reimport {
        write_stored_member_keys(&mut tx, &plan).await?;
        line_keys::resync_org(&mut tx, plan.import.org.id.as_str()).await?;
    }
    tree_keys::number_org(&mut tx, plan.import.org.id.as_str()).await?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "written");
    tx.execute_pg_only(ANALYZE_IMPORTED, &[]).await?;
    tx.end_bulk().await?;
    tx.commit().await?;
    Ok(summary)
}

async fn load_existing(tx: &mut DbTx, org_id: &OrgId) -> Result<ExistingOrg> {
    let org = [Param::Text(org_id.as_str())];
    let mut existing = ExistingOrg::default();
    for row in tx.fetch(EXISTING_MEMBERS, &org).await? {
        let manager = row.opt_text("manager_id")?.map(member_id).transpose()?;
        existing.members.insert(member_id(row.text("id")?)?, manager);
    }
    for row in tx.fetch(EXISTING_TEAMS, &org).await? {
        existing.teams.insert(team_id(row.text("id")?)?);
    }
    for row in tx.fetch(EXISTING_GOALS, &org).await? {
        let weight =
            row.opt_real("weight")?.map(Weight::parse).transpose().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let goal = ExistingGoal {
            parent: row.opt_text("parent_id")?.map(goal_id).transpose()?,
            contributes_to_parent: row.flag("contributes_to_parent")?,
            weight,
            state: row.text("state")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
            tracking: row.text("tracking")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
            progress: row.real("progress")?,
            visibility: row.text("visibility")?.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
            manager_editor: row.opt_text("manager_editor_id")?.map(member_id).transpose()?,
            category: row.opt_text("category_id")?.map(|c| parsed("category", CategoryId::parse(c))).transpose()?,
        };
        existing.goals.insert(goal_id(row.text("id")?)?, goal);
    }
    existing.categories = stored_category_ids(tx, org_id).await?;
    if let Some(row) = tx.fetch(ORG_POLICY, &org).await?.first() {
        existing.policy = Some(stored_policy(&row.text("policy")?).map_err(|e| StoreError::Corrupt(e.to_string()))?);
    }
    Ok(existing)
}

/// Deletes the rows of `sql`'s table whose key is among `ids`.
async fn delete_in(tx: &mut DbTx, sql: Sql, org: &str, ids: &[&str]) -> Result<()> {
    for chunk in json_chunks(ids)? {
        tx.execute(sql, &[Param::Text(org), Param::Text(&chunk)]).await?;
    }
    Ok(())
}

async fn write_plan(tx: &mut DbTx, plan: &ImportPlan, stored: &HashSet<GoalId>) -> Result<ImportSummary> {
    let import = &plan.import;
    let org = import.org.id.as_str();
    let locale = import.org.locale.as_str();
    let policy = import.org.policy.to_json().to_string();
    let org_params = [
        Param::Text(org),
        Param::Text(&import.org.name),
        Param::Text(import.org.timezone.name()),
        Param::Text(locale),
        Param::Text(&policy),
    ];
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
            line_key: line_key(plan, &m.id),
        })
        .collect();
    bulk::write(tx, &UPSERT_MEMBERS, org, &members).await?;
    write_teams(tx, plan).await?;

    tx.execute(DELETE_REPORTING_LINES, &[Param::Text(org)]).await?;
    let lines: Vec<LineRow> = plan
        .reporting_lines
        .iter()
        .map(|(manager, report, depth)| LineRow {
            manager_id: manager.as_str(),
            report_id: report.as_str(),
            depth: *depth,
        })
        .collect();
    bulk::write(tx, &INSERT_REPORTING_LINES, org, &lines).await?;
    tx.execute(DELETE_MEMBER_REACH, &[Param::Text(org)]).await?;
    let reach: Vec<ReachRow> = plan
        .line_places
        .iter()
        .map(|(member, place)| ReachRow { member_id: member.as_str(), lo: place.key, hi: place.last })
        .collect();
    bulk::write(tx, &INSERT_MEMBER_REACH, org, &reach).await?;

    if let Some(categories) = &import.categories {
        replace_categories(tx, org, categories).await?;
    }
    let updates = write_goals(tx, plan, stored).await?;
    for (goal, progress) in &plan.stored_progress_changes {
        tx.execute(SET_PROGRESS, &[Param::Text(org), Param::Text(goal.as_str()), Param::Real(*progress)]).await?;
    }
    Ok(ImportSummary { members: import.members.len(), teams: import.teams.len(), goals: import.goals.len(), updates })
}

async fn write_teams(tx: &mut DbTx, plan: &ImportPlan) -> Result<()> {
    let org = plan.import.org.id.as_str();
    let teams = &plan.import.teams;
    let rows: Vec<TeamRow> = teams.iter().map(|t| TeamRow { id: t.id.as_str(), name: &t.name }).collect();
    bulk::write(tx, &UPSERT_TEAMS, org, &rows).await?;
    let ids: Vec<&str> = teams.iter().map(|t| t.id.as_str()).collect();
    delete_in(tx, DELETE_TEAM_MEMBERS_OF_TEAMS, org, &ids).await?;
    let memberships: Vec<TeamMemberRow> = teams
        .iter()
        .flat_map(|t| {
            t.members.iter().map(|m| TeamMemberRow {
                team_id: t.id.as_str(),
                member_id: m.as_str(),
                member_key: line_key(plan, m),
            })
        })
        .collect();
    bulk::write(tx, &INSERT_TEAM_MEMBERS, org, &memberships).await
}

/// Goals of the file replace their stored contributors and measurements; their
/// progress updates are added, never removed (updates made since stay). Goals new to
/// the store take plain inserts; only the ones stored before pay for conflict checks.
async fn write_goals(tx: &mut DbTx, plan: &ImportPlan, stored: &HashSet<GoalId>) -> Result<usize> {
    let org = plan.import.org.id.as_str();
    let goals = &plan.import.goals;
    let (old, new): (Vec<&Goal>, Vec<&Goal>) = goals.iter().partition(|g| stored.contains(&g.id));
    let old_ids: Vec<&str> = old.iter().map(|g| g.id.as_str()).collect();
    for sql in [
        DELETE_MEMBER_CONTRIBUTORS_OF_GOALS,
        DELETE_TEAM_CONTRIBUTORS_OF_GOALS,
        DELETE_MEASUREMENTS_OF_GOALS,
        DELETE_PEOPLE_OF_GOALS,
    ] {
        delete_in(tx, sql, org, &old_ids).await?;
    }
    let progress = |g: &Goal| plan.progress.get(&g.id).copied().unwrap_or(g.progress);
    for (statement, part) in [(&*INSERT_GOALS, &new), (&*UPSERT_GOALS, &old)] {
        let folded: Vec<Folded> = part.iter().map(|g| Folded::of(g)).collect();
        let rows: Vec<GoalRow> =
            part.iter().zip(&folded).map(|(g, f)| GoalRow::new(g, f, progress(g), line_key(plan, &g.owner))).collect();
        bulk::write(tx, statement, org, &rows).await?;
    }

    let members: Vec<MemberContributorRow> = goals
        .iter()
        .flat_map(|g| {
            g.member_contributors.iter().map(|m| MemberContributorRow {
                goal_id: g.id.as_str(),
                member_id: m.as_str(),
                member_key: line_key(plan, m),
            })
        })
        .collect();
    bulk::write(tx, &INSERT_MEMBER_CONTRIBUTORS, org, &members).await?;
    let teams: Vec<TeamContributorRow> = goals
        .iter()
        .flat_map(|g| {
            g.team_contributors.iter().map(|t| TeamContributorRow { goal_id: g.id.as_str(), team_id: t.as_str() })
        })
        .collect();
    bulk::write(tx, &INSERT_TEAM_CONTRIBUTORS, org, &teams).await?;
    let people: Vec<PeopleRow> = goals.iter().flat_map(people_rows).collect();
    bulk::write(tx, &INSERT_GOAL_PEOPLE, org, &people).await?;
    let measurements: Vec<MeasurementRow> = goals
        .iter()
        .flat_map(|g| g.measurements.iter().enumerate().map(move |(i, m)| MeasurementRow::new(g, i, m)))
        .collect();
    bulk::write(tx, &INSERT_MEASUREMENTS, org, &measurements).await?;
    let mut written = 0;
    for (statement, part) in [(&*INSERT_UPDATES, &new), (&*MERGE_UPDATES, &old)] {
        let mut seen = HashSet::new();
        let updates: Vec<UpdateRow> = part
            .iter()
            .flat_map(|g| g.updates.iter().map(move |u| UpdateRow::new(g, u)))
            // Two identical entries in one file are one update, as on re-import.
            .filter(|u| seen.insert((u.goal_id, u.at.clone(), u.author_id)))
            .collect();
        bulk::write(tx, statement, org, &updates).await?;
        written += updates.len();
    }
    Ok(written)
}

/// A member's line key in the plan. 0 is nobody's key and in nobody's reach: a member the
/// plan lacks (validation rules that out) would leave the row visible through no line.
fn line_key(plan: &ImportPlan, member: &MemberId) -> i64 {
    plan.line_places.get(member).map_or(0, |place| place.key)
}

/// A re-import numbers the whole org afresh: the stored members the file does not list
/// take their new keys too.
async fn write_stored_member_keys(tx: &mut DbTx, plan: &ImportPlan) -> Result<()> {
    let in_file: HashSet<&MemberId> = plan.import.members.iter().map(|m| &m.id).collect();
    let keys: Vec<MemberKey> = plan
        .line_places
        .iter()
        .filter(|(member, _)| !in_file.contains(member))
        .map(|(member, place)| MemberKey { id: member.as_str(), line_key: place.key })
        .collect();
    line_keys::set_member_keys(tx, plan.import.org.id.as_str(), &keys).await
}
