//! The store's questions: visibility in SQL over the reporting-line closure, goals
//! and the facts the permission rules read.

use async_trait::async_trait;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::Goal;
use crate::import::format::ImportFile;
use crate::org::{parse_time_zone, Member, MemberFacts, Org, PartialOrg, Team};
use crate::store::db::{Param, Sql};
use crate::store::decode::{self, attach, goal_id, member_id, team_id, GoalParts, RowReader};
use crate::store::queries::*;
use crate::store::{import_write, GoalAccessContext, ImportSummary, OrgSnapshot, Result, SqlStore, Store, StoreError};

#[async_trait]
impl Store for SqlStore {
    async fn import(&self, file: ImportFile) -> Result<ImportSummary> {
        let summary = import_write::import(self.db.begin().await?, file).await?;
        self.db.execute(import_write::SETTLE_AFTER_IMPORT, &[]).await?;
        Ok(summary)
    }

    async fn org(&self, org: &OrgId) -> Result<Option<Org>> {
        let rows = self.db.fetch(ORG, &[Param::Text(org.as_str())]).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let corrupt = |e: crate::core::UnknownValue| StoreError::Corrupt(e.to_string());
        Ok(Some(Org {
            id: org.clone(),
            name: row.text("name")?,
            timezone: parse_time_zone(&row.text("timezone")?).map_err(corrupt)?,
            locale: row.text("locale")?.parse().map_err(corrupt)?,
        }))
    }

    async fn member(&self, org: &OrgId, member: &MemberId) -> Result<Option<Member>> {
        let rows = self.db.fetch(MEMBER, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
        rows.first().map(decode::member).transpose()
    }

    async fn visible_goal_ids(&self, org: &OrgId, member: &MemberId) -> Result<Vec<GoalId>> {
        let Some(viewer) = self.member(org, member).await? else {
            return Ok(Vec::new());
        };
        let params = [Param::Text(org.as_str()), Param::Text(member.as_str())];
        let rows = if !viewer.active {
            return Ok(Vec::new());
        } else if viewer.role.sees_everything() {
            self.db.fetch(ALL_GOAL_IDS, &params[..1]).await?
        } else {
            let line = self.db.fetch(LINE_SIZE, &params).await?;
            let size = line.first().map(|row| row.int("n")).transpose()?.unwrap_or(0);
            let sql = if size >= LARGE_LINE { VISIBLE_GOALS_LARGE_LINE } else { VISIBLE_GOALS_SMALL_LINE };
            self.db.fetch(sql, &params).await?
        };
        // One row of space-separated ids (ids never hold whitespace): tens of thousands of
        // one-column rows cost more to decode than the query costs to run. A goal reached
        // several ways comes several times: sorted and deduplicated here, before parsing.
        let joined = match rows.first() {
            Some(row) => row.opt_text("ids")?.unwrap_or_default(),
            None => String::new(),
        };
        let mut ids: Vec<&str> = joined.split_whitespace().collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| goal_id(id.to_owned())).collect()
    }

    async fn goal_with_children(&self, org: &OrgId, goal: &GoalId) -> Result<Option<(Goal, Vec<Goal>)>> {
        let Some(goal) = self.goal(org, goal).await? else {
            return Ok(None);
        };
        let params = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
        let children = self.db.fetch(CHILDREN, &params).await?.iter().map(decode::goal).collect::<Result<_>>()?;
        Ok(Some((goal, children)))
    }

    async fn goal_access(&self, org: &OrgId, member: &MemberId, goal: &GoalId) -> Result<Option<GoalAccessContext>> {
        let Some(goal) = self.goal(org, goal).await? else {
            return Ok(None);
        };
        let mut partial = PartialOrg::default();
        if let Some(viewer) = self.member(org, member).await? {
            let facts = MemberFacts { role: viewer.role, active: viewer.active, manager: viewer.manager };
            partial.members.insert(viewer.id, facts);
        }
        let params = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
        for row in self.db.fetch(TEAM_MEMBERS_OF_GOAL, &params).await? {
            let team = team_id(row.text("team_id")?)?;
            partial.teams.entry(team).or_default().push(member_id(row.text("member_id")?)?);
        }
        let params = [Param::Text(org.as_str()), Param::Text(member.as_str()), Param::Text(goal.id.as_str())];
        for row in self.db.fetch(INVOLVED_BELOW_VIEWER, &params).await? {
            partial.above.insert((member.clone(), member_id(row.text("report_id")?)?));
        }
        Ok(Some(GoalAccessContext { goal, org: partial }))
    }

    async fn snapshot(&self, org: &OrgId) -> Result<Option<OrgSnapshot>> {
        let Some(found) = self.org(org).await? else {
            return Ok(None);
        };
        let params = [Param::Text(org.as_str())];
        let members = self.db.fetch(ALL_MEMBERS, &params).await?.iter().map(decode::member).collect::<Result<_>>()?;
        let mut teams: Vec<Team> = Vec::new();
        for row in self.db.fetch(ALL_TEAMS, &params).await? {
            teams.push(Team { id: team_id(row.text("id")?)?, name: row.text("name")?, members: Vec::new() });
        }
        let positions: std::collections::HashMap<_, _> =
            teams.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        for row in self.db.fetch(ALL_TEAM_MEMBERS, &params).await? {
            if let Some(&i) = positions.get(&team_id(row.text("team_id")?)?) {
                teams[i].members.push(member_id(row.text("member_id")?)?);
            }
        }
        let mut goals: Vec<Goal> =
            self.db.fetch(ALL_GOALS, &params).await?.iter().map(decode::goal).collect::<Result<_>>()?;
        let parts = self
            .goal_parts(&params, [ALL_MEMBER_CONTRIBUTORS, ALL_TEAM_CONTRIBUTORS, ALL_MEASUREMENTS], Some(ALL_UPDATES))
            .await?;
        attach(&mut goals, parts);
        Ok(Some(OrgSnapshot { org: found, members, teams, goals }))
    }
}

impl SqlStore {
    /// One goal with its contributors and measurements (not its updates).
    pub(crate) async fn goal(&self, org: &OrgId, goal: &GoalId) -> Result<Option<Goal>> {
        let params = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
        let Some(row) = self.db.fetch(GOAL, &params).await?.into_iter().next() else {
            return Ok(None);
        };
        let mut goals = vec![decode::goal(&row)?];
        let parts = self
            .goal_parts(&params, [GOAL_MEMBER_CONTRIBUTORS, GOAL_TEAM_CONTRIBUTORS, GOAL_MEASUREMENTS], None)
            .await?;
        attach(&mut goals, parts);
        Ok(goals.pop())
    }

    async fn goal_parts(&self, params: &[Param<'_>], queries: [Sql; 3], updates: Option<Sql>) -> Result<GoalParts> {
        let [members, teams, measurements] = queries;
        let mut parts = GoalParts::default();
        for row in self.db.fetch(members, params).await? {
            parts.member_contributors.push((goal_id(row.text("goal_id")?)?, member_id(row.text("member_id")?)?));
        }
        for row in self.db.fetch(teams, params).await? {
            parts.team_contributors.push((goal_id(row.text("goal_id")?)?, team_id(row.text("team_id")?)?));
        }
        for row in self.db.fetch(measurements, params).await? {
            parts.measurements.push(decode::measurement(&row)?);
        }
        if let Some(updates) = updates {
            for row in self.db.fetch(updates, params).await? {
                parts.updates.push(decode::update(&row)?);
            }
        }
        Ok(parts)
    }
}
