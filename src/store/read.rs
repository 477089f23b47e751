//! The store's questions: visibility in SQL over the reporting-line closure, goals
//! and the facts the permission rules read.

use async_trait::async_trait;

use crate::goals::Goal;
use crate::ids::{GoalId, MemberId, OrgId};
use crate::import::format::ImportFile;
use crate::org::{parse_time_zone, Member, MemberFacts, Org, PartialOrg, Team};
use crate::store::db::{Param, Sql};
use crate::store::decode::{self, attach, goal_id, member_id, team_id, GoalParts, RowReader};
use crate::store::{
    import_write, GoalAccessContext, ImportSummary, OrgSnapshot, Result, SqlStore, Store,
    StoreError,
};

const ORG: Sql = Sql::same("select id, name, timezone, locale from orgs where id = $1");
const MEMBER: Sql = Sql::same(
    "select id, name, email, role, manager_id, active, locale, timezone from members where org_id = $1 and id = $2",
);
const ALL_GOAL_IDS: Sql = Sql {
    sqlite: "select group_concat(id, ' ') as ids from goals where org_id = $1",
    postgres: "select string_agg(id, ' ') as ids from goals where org_id = $1",
};

/// CONTRACT §3 for a member who is neither executive nor collaborator: their own
/// goals, the goals open to everyone, and the non-draft goals where someone in
/// {M} ∪ M's reporting line is involved (owner, member contributor, team member).
/// `cross join` fixes SQLite's join order (start from the small reporting line, not from
/// every contributor row); PostgreSQL plans it as the inner join it is.
macro_rules! visible_goals_sql {
    () => {
        "with line(member_id) as ( \
         select cast($2 as text) \
         union all \
         select report_id from reporting_lines where org_id = $1 and manager_id = $2 \
     ), \
     line_teams(team_id) as ( \
         select distinct tm.team_id from line l cross join team_members tm \
         where tm.org_id = $1 and tm.member_id = l.member_id \
     ) \
     select id from goals where org_id = $1 and creator_id = $2 \
     union \
     select id from goals where org_id = $1 and owner_id = $2 \
     union \
     select id from goals where org_id = $1 and state <> 'draft' \
         and (visibility = 'public' or goal_type = 'organization') \
     union \
     select g.id from line l cross join goals g \
         where g.org_id = $1 and g.owner_id = l.member_id and g.state <> 'draft' \
     union \
     select g.id from line l cross join goal_member_contributors c cross join goals g \
         where c.org_id = $1 and c.member_id = l.member_id \
         and g.org_id = $1 and g.id = c.goal_id and g.state <> 'draft' \
     union \
     select g.id from line_teams t cross join goal_team_contributors c cross join goals g \
         where c.org_id = $1 and c.team_id = t.team_id \
         and g.org_id = $1 and g.id = c.goal_id and g.state <> 'draft'"
    };
}

const VISIBLE_GOALS: Sql = Sql {
    sqlite: concat!(
        "select group_concat(id, ' ') as ids from (",
        visible_goals_sql!(),
        ")"
    ),
    postgres: concat!(
        "select string_agg(id, ' ') as ids from (",
        visible_goals_sql!(),
        ") visible"
    ),
};

macro_rules! goal_query {
    ($rest:literal) => {
        Sql {
            sqlite: concat!(
                "select id, title, description, goal_type, state, creator_id, owner_id, visibility, \
                 start_date, end_date, parent_id, contributes_to_parent, weight, tracking, progress, status, \
                 created_at, published_at, closed_at, archived_at from goals ",
                $rest
            ),
            postgres: concat!(
                "select id, title, description, goal_type, state, creator_id, owner_id, visibility, \
                 start_date::text as start_date, end_date::text as end_date, parent_id, contributes_to_parent, \
                 weight, tracking, progress, status, utc_text(created_at) as created_at, \
                 utc_text(published_at) as published_at, utc_text(closed_at) as closed_at, \
                 utc_text(archived_at) as archived_at from goals ",
                $rest
            ),
        }
    };
}

const GOAL: Sql = goal_query!("where org_id = $1 and id = $2");
const CHILDREN: Sql = goal_query!("where org_id = $1 and parent_id = $2 order by id");
const ALL_GOALS: Sql = goal_query!("where org_id = $1 order by id");

const GOAL_MEMBER_CONTRIBUTORS: Sql = Sql::same(
    "select goal_id, member_id from goal_member_contributors where org_id = $1 and goal_id = $2 order by member_id",
);
const GOAL_TEAM_CONTRIBUTORS: Sql =
    Sql::same("select goal_id, team_id from goal_team_contributors where org_id = $1 and goal_id = $2 order by team_id");
const GOAL_MEASUREMENTS: Sql = Sql::same(
    "select goal_id, id, name, kind, start_value, current_value, target_value, weight \
     from measurements where org_id = $1 and goal_id = $2 order by position",
);
const ALL_MEMBER_CONTRIBUTORS: Sql = Sql::same(
    "select goal_id, member_id from goal_member_contributors where org_id = $1 order by goal_id, member_id",
);
const ALL_TEAM_CONTRIBUTORS: Sql =
    Sql::same("select goal_id, team_id from goal_team_contributors where org_id = $1 order by goal_id, team_id");
const ALL_MEASUREMENTS: Sql = Sql::same(
    "select goal_id, id, name, kind, start_value, current_value, target_value, weight \
     from measurements where org_id = $1 order by goal_id, position",
);
const ALL_UPDATES: Sql = Sql {
    sqlite: "select goal_id, at, author_id, progress, comment, automatic \
             from progress_updates where org_id = $1 order by goal_id, at, id",
    postgres: "select goal_id, utc_text(at) as at, author_id, progress, comment, automatic \
               from progress_updates where org_id = $1 order by goal_id, at, id",
};
const ALL_MEMBERS: Sql = Sql::same(
    "select id, name, email, role, manager_id, active, locale, timezone from members where org_id = $1 order by id",
);
const ALL_TEAMS: Sql = Sql::same("select id, name from teams where org_id = $1 order by id");
const ALL_TEAM_MEMBERS: Sql = Sql::same(
    "select team_id, member_id from team_members where org_id = $1 order by team_id, member_id",
);
const TEAM_MEMBERS_OF_GOAL: Sql = Sql::same(
    "select tm.team_id, tm.member_id from goal_team_contributors c \
     join team_members tm on tm.org_id = c.org_id and tm.team_id = c.team_id \
     where c.org_id = $1 and c.goal_id = $2",
);
/// Which of the goal's involved people sit in the viewer's reporting line.
const INVOLVED_BELOW_VIEWER: Sql = Sql::same(
    "select r.report_id from reporting_lines r where r.org_id = $1 and r.manager_id = $2 and r.report_id in ( \
         select owner_id from goals where org_id = $1 and id = $3 \
         union select member_id from goal_member_contributors where org_id = $1 and goal_id = $3 \
         union select tm.member_id from goal_team_contributors c \
             join team_members tm on tm.org_id = c.org_id and tm.team_id = c.team_id \
             where c.org_id = $1 and c.goal_id = $3)",
);

#[async_trait]
impl Store for SqlStore {
    async fn import(&self, file: ImportFile) -> Result<ImportSummary> {
        import_write::import(self.db.begin().await?, file).await
    }

    async fn org(&self, org: &OrgId) -> Result<Option<Org>> {
        let rows = self.db.fetch(ORG, &[Param::Text(org.as_str())]).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let corrupt = |e: crate::org::UnknownValue| StoreError::Corrupt(e.to_string());
        Ok(Some(Org {
            id: org.clone(),
            name: row.text("name")?,
            timezone: parse_time_zone(&row.text("timezone")?).map_err(corrupt)?,
            locale: row.text("locale")?.parse().map_err(corrupt)?,
        }))
    }

    async fn member(&self, org: &OrgId, member: &MemberId) -> Result<Option<Member>> {
        let rows = self
            .db
            .fetch(
                MEMBER,
                &[Param::Text(org.as_str()), Param::Text(member.as_str())],
            )
            .await?;
        rows.first().map(decode::member).transpose()
    }

    async fn visible_goal_ids(&self, org: &OrgId, member: &MemberId) -> Result<Vec<GoalId>> {
        let Some(viewer) = self.member(org, member).await? else {
            return Ok(Vec::new());
        };
        let rows = if !viewer.active {
            return Ok(Vec::new());
        } else if viewer.role.sees_everything() {
            self.db
                .fetch(ALL_GOAL_IDS, &[Param::Text(org.as_str())])
                .await?
        } else {
            let params = [Param::Text(org.as_str()), Param::Text(member.as_str())];
            self.db.fetch(VISIBLE_GOALS, &params).await?
        };
        // One row of space-separated ids (ids never hold whitespace): tens of thousands of
        // one-column rows cost more to decode than the query costs to run.
        let joined = match rows.first() {
            Some(row) => row.opt_text("ids")?.unwrap_or_default(),
            None => String::new(),
        };
        let mut ids = joined
            .split_whitespace()
            .map(|id| goal_id(id.to_owned()))
            .collect::<Result<Vec<_>>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    async fn goal_with_children(
        &self,
        org: &OrgId,
        goal: &GoalId,
    ) -> Result<Option<(Goal, Vec<Goal>)>> {
        let Some(goal) = self.goal(org, goal).await? else {
            return Ok(None);
        };
        let params = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
        let children = self
            .db
            .fetch(CHILDREN, &params)
            .await?
            .iter()
            .map(decode::goal)
            .collect::<Result<_>>()?;
        Ok(Some((goal, children)))
    }

    async fn goal_access(
        &self,
        org: &OrgId,
        member: &MemberId,
        goal: &GoalId,
    ) -> Result<Option<GoalAccessContext>> {
        let Some(goal) = self.goal(org, goal).await? else {
            return Ok(None);
        };
        let mut partial = PartialOrg::default();
        if let Some(viewer) = self.member(org, member).await? {
            let facts = MemberFacts {
                role: viewer.role,
                active: viewer.active,
                manager: viewer.manager,
            };
            partial.members.insert(viewer.id, facts);
        }
        let params = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
        for row in self.db.fetch(TEAM_MEMBERS_OF_GOAL, &params).await? {
            let team = team_id(row.text("team_id")?)?;
            partial
                .teams
                .entry(team)
                .or_default()
                .push(member_id(row.text("member_id")?)?);
        }
        let params = [
            Param::Text(org.as_str()),
            Param::Text(member.as_str()),
            Param::Text(goal.id.as_str()),
        ];
        for row in self.db.fetch(INVOLVED_BELOW_VIEWER, &params).await? {
            partial
                .above
                .insert((member.clone(), member_id(row.text("report_id")?)?));
        }
        Ok(Some(GoalAccessContext { goal, org: partial }))
    }

    async fn snapshot(&self, org: &OrgId) -> Result<Option<OrgSnapshot>> {
        let Some(found) = self.org(org).await? else {
            return Ok(None);
        };
        let params = [Param::Text(org.as_str())];
        let members = self
            .db
            .fetch(ALL_MEMBERS, &params)
            .await?
            .iter()
            .map(decode::member)
            .collect::<Result<_>>()?;
        let mut teams: Vec<Team> = Vec::new();
        for row in self.db.fetch(ALL_TEAMS, &params).await? {
            teams.push(Team {
                id: team_id(row.text("id")?)?,
                name: row.text("name")?,
                members: Vec::new(),
            });
        }
        let positions: std::collections::HashMap<_, _> = teams
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        for row in self.db.fetch(ALL_TEAM_MEMBERS, &params).await? {
            if let Some(&i) = positions.get(&team_id(row.text("team_id")?)?) {
                teams[i].members.push(member_id(row.text("member_id")?)?);
            }
        }
        let mut goals: Vec<Goal> = self
            .db
            .fetch(ALL_GOALS, &params)
            .await?
            .iter()
            .map(decode::goal)
            .collect::<Result<_>>()?;
        let parts = self
            .goal_parts(
                &params,
                [
                    ALL_MEMBER_CONTRIBUTORS,
                    ALL_TEAM_CONTRIBUTORS,
                    ALL_MEASUREMENTS,
                ],
                Some(ALL_UPDATES),
            )
            .await?;
        attach(&mut goals, parts);
        Ok(Some(OrgSnapshot {
            org: found,
            members,
            teams,
            goals,
        }))
    }
}

impl SqlStore {
    /// One goal with its contributors and measurements (not its updates).
    async fn goal(&self, org: &OrgId, goal: &GoalId) -> Result<Option<Goal>> {
        let params = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
        let Some(row) = self.db.fetch(GOAL, &params).await?.into_iter().next() else {
            return Ok(None);
        };
        let mut goals = vec![decode::goal(&row)?];
        let parts = self
            .goal_parts(
                &params,
                [
                    GOAL_MEMBER_CONTRIBUTORS,
                    GOAL_TEAM_CONTRIBUTORS,
                    GOAL_MEASUREMENTS,
                ],
                None,
            )
            .await?;
        attach(&mut goals, parts);
        Ok(goals.pop())
    }

    async fn goal_parts(
        &self,
        params: &[Param<'_>],
        queries: [Sql; 3],
        updates: Option<Sql>,
    ) -> Result<GoalParts> {
        let [members, teams, measurements] = queries;
        let mut parts = GoalParts::default();
        for row in self.db.fetch(members, params).await? {
            parts.member_contributors.push((
                goal_id(row.text("goal_id")?)?,
                member_id(row.text("member_id")?)?,
            ));
        }
        for row in self.db.fetch(teams, params).await? {
            parts.team_contributors.push((
                goal_id(row.text("goal_id")?)?,
                team_id(row.text("team_id")?)?,
            ));
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
