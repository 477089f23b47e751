//! The org area: the import, and the org, its members, the snapshot and visibility
//! (in SQL over the line keys of line_keys.rs).

pub(crate) mod decode;
mod id_lists;
mod import;
pub(crate) mod line_keys;
pub(crate) mod policy_store;
pub(crate) mod policy_visibility_sql;
mod rows;
pub(crate) mod sql;
pub(crate) mod tables;
pub(crate) mod visibility_sql;

use std::collections::HashMap;

use async_trait::async_trait;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::Goal;
use crate::import::format::ImportFile;
use crate::org::policy::stored_policy;
use crate::org::{parse_time_zone, Member, Org, OrgPolicy, Team};
use crate::store::db::row::{goal_id, member_id, team_id};
use crate::store::db::{Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::goals::columns;
use crate::store::goals::decode::attach;
use crate::store::goals::people::{attach_people, ALL_GOAL_PEOPLE, ORG_NAMES_PEOPLE};
use crate::store::goals::read_sql::{
    all_goals, ALL_MEASUREMENTS, ALL_MEMBER_CONTRIBUTORS, ALL_TEAM_CONTRIBUTORS, ALL_UPDATES,
};
use crate::store::goals::reads::goal_parts;
use crate::store::org::policy_store::{org_policy, PolicyChange};
use crate::store::org::policy_visibility_sql::{policy_visible_goals, PolicyFlags};
use crate::store::org::sql::{ALL_MEMBERS, ALL_TEAMS, ALL_TEAM_MEMBERS, MEMBER, ORG};
use crate::store::org::visibility_sql::{
    visible_goals_large_line, visible_goals_small_line, ALL_GOAL_IDS, LARGE_LINE, LINE_SIZE,
};
use crate::store::sql_store::SqlStore;
use crate::store::types::{ImportSummary, OrgSnapshot};

/// The switches §10's visibility paths need for `viewer`, or `None` when the org's policy
/// widens nothing and no goal names an editor or participant (§3's answer is the whole answer).
pub async fn policy_flags(db: &crate::store::db::Db, org: &OrgId, viewer: &Member) -> Result<Option<PolicyFlags>> {
    let policy = org_policy(db, org).await?;
    if !policy.widens_access() && db.fetch(ORG_NAMES_PEOPLE, &[Param::Text(org.as_str())]).await?.is_empty() {
        return Ok(None);
    }
    Ok(Some(PolicyFlags::of(&policy, viewer)))
}

/// The org as a whole: what the import writes and what the commands and the pure
/// rules read.
#[async_trait]
pub trait OrgStore: Send + Sync {
    /// Validates `file` against what is stored and writes it in one transaction;
    /// on any error nothing is written.
    async fn import(&self, file: ImportFile) -> Result<ImportSummary>;
    async fn org(&self, org: &OrgId) -> Result<Option<Org>>;
    async fn member(&self, org: &OrgId, member: &MemberId) -> Result<Option<Member>>;
    /// The goals `member` sees (CONTRACT §3), sorted; empty for an unknown member.
    async fn visible_goal_ids(&self, org: &OrgId, member: &MemberId) -> Result<Vec<GoalId>>;
    async fn snapshot(&self, org: &OrgId) -> Result<Option<OrgSnapshot>>;
    /// Replaces the org's policy and records the change (CONTRACT §10, through the API).
    async fn set_policy(&self, org: &OrgId, policy: &OrgPolicy, change: &PolicyChange) -> Result<()>;
    async fn policy_history(&self, org: &OrgId) -> Result<Vec<PolicyChange>>;
}

#[async_trait]
impl OrgStore for SqlStore {
    async fn import(&self, file: ImportFile) -> Result<ImportSummary> {
        let summary = import::import(self.db.begin().await?, file).await?;
        self.db.execute_pg_only(sql::SETTLE_AFTER_IMPORT, &[]).await?;
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
            policy: stored_policy(&row.text("policy")?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
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
        if !viewer.active {
            return Ok(Vec::new());
        }
        let params = [Param::Text(org.as_str()), Param::Text(member.as_str())];
        let flags = match viewer.role.sees_everything() {
            true => None,
            false => policy_flags(&self.db, org, &viewer).await?,
        };
        // §3's statement and §10's run side by side on two connections: for a manager of a
        // large line each takes tens of milliseconds.
        let rules = async {
            if viewer.role.sees_everything() {
                return self.db.fetch(ALL_GOAL_IDS, &params[..1]).await;
            }
            let line = self.db.fetch(LINE_SIZE, &params).await?;
            let size = line.first().map(|row| row.int("n")).transpose()?.unwrap_or(0);
            let sql = if size >= LARGE_LINE { visible_goals_large_line() } else { visible_goals_small_line() };
            self.db.fetch(sql, &params).await
        };
        let policy = async {
            let Some(flags) = flags else { return Ok(Vec::new()) };
            let [a, b, c, d] = flags.params();
            self.db.fetch(policy_visible_goals(), &[params[0], params[1], a, b, c, d]).await
        };
        let (mut rows, policy_rows) = tokio::try_join!(rules, policy)?;
        rows.extend(policy_rows);
        // Rows of space-separated ids: tens of thousands of one-column rows cost more to
        // decode than the query costs to run. Deduplicated before parsing.
        let mut joined = Vec::with_capacity(rows.len());
        for row in &rows {
            joined.push(row.opt_text("ids")?.unwrap_or_default());
        }
        id_lists::sorted_unique(joined.iter().map(String::as_str))
            .into_iter()
            .map(|id| goal_id(id.to_owned()))
            .collect()
    }

    async fn set_policy(&self, org: &OrgId, policy: &OrgPolicy, change: &PolicyChange) -> Result<()> {
        policy_store::set_policy(&self.db, org, policy, change).await
    }

    async fn policy_history(&self, org: &OrgId) -> Result<Vec<PolicyChange>> {
        policy_store::policy_history(&self.db, org).await
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
        let positions: HashMap<_, _> = teams.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        for row in self.db.fetch(ALL_TEAM_MEMBERS, &params).await? {
            if let Some(&i) = positions.get(&team_id(row.text("team_id")?)?) {
                teams[i].members.push(member_id(row.text("member_id")?)?);
            }
        }
        let mut goals: Vec<Goal> =
            self.db.fetch(all_goals(), &params).await?.iter().map(columns::goal).collect::<Result<_>>()?;
        let parts = [ALL_MEMBER_CONTRIBUTORS, ALL_TEAM_CONTRIBUTORS, ALL_MEASUREMENTS];
        let parts = goal_parts(&self.db, &params, parts, Some(ALL_UPDATES)).await?;
        attach(&mut goals, parts);
        attach_people(&self.db, ALL_GOAL_PEOPLE, &params, &mut goals).await?;
        Ok(Some(OrgSnapshot { org: found, members, teams, goals }))
    }
}
