//! Reading one goal with its parts, its children, and the facts of its org that decide
//! who may do what with it.

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::Goal;
use crate::org::{MemberFacts, PartialOrg};
use crate::store::db::row::{goal_id, member_id, team_id};
use crate::store::db::{Db, Param, RowReader, Sql};
use crate::store::error::Result;
use crate::store::goals::chain::{member_teams, resolved_people};
use crate::store::goals::columns;
use crate::store::goals::decode::{self, attach, GoalParts};
use crate::store::goals::people::{attach_people, GOAL_PEOPLE};
use crate::store::goals::read_sql::{
    children, goal as goal_query, GOAL_MEASUREMENTS, GOAL_MEMBER_CONTRIBUTORS, GOAL_TEAM_CONTRIBUTORS,
    INVOLVED_BELOW_VIEWER, TEAM_MEMBERS_OF_GOAL,
};
use crate::store::org::decode::member as member_row;
use crate::store::org::policy_store::org_policy;
use crate::store::org::sql::MEMBER;
use crate::store::types::GoalAccessContext;

/// One goal with its contributors and measurements (not its updates).
pub async fn goal(db: &Db, org: &OrgId, goal: &GoalId) -> Result<Option<Goal>> {
    let params = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
    let Some(row) = db.fetch(goal_query(), &params).await?.into_iter().next() else {
        return Ok(None);
    };
    let mut goals = vec![columns::goal(&row)?];
    let parts = [GOAL_MEMBER_CONTRIBUTORS, GOAL_TEAM_CONTRIBUTORS, GOAL_MEASUREMENTS];
    let parts = goal_parts(db, &params, parts, None).await?;
    attach(&mut goals, parts);
    attach_people(db, GOAL_PEOPLE, &params, &mut goals).await?;
    Ok(goals.pop())
}

/// The member contributors, team contributors, measurements and (if asked) updates that
/// the queries (one goal's or a whole org's) return.
pub async fn goal_parts(db: &Db, params: &[Param<'_>], queries: [Sql; 3], updates: Option<Sql>) -> Result<GoalParts> {
    let [members, teams, measurements] = queries;
    let mut parts = GoalParts::default();
    for row in db.fetch(members, params).await? {
        parts.member_contributors.push((goal_id(row.text("goal_id")?)?, member_id(row.text("member_id")?)?));
    }
    for row in db.fetch(teams, params).await? {
        parts.team_contributors.push((goal_id(row.text("goal_id")?)?, team_id(row.text("team_id")?)?));
    }
    for row in db.fetch(measurements, params).await? {
        parts.measurements.push(decode::measurement(&row)?);
    }
    if let Some(updates) = updates {
        for row in db.fetch(updates, params).await? {
            parts.updates.push(decode::update(&row)?);
        }
    }
    Ok(parts)
}

pub async fn goal_with_children(db: &Db, org: &OrgId, goal: &GoalId) -> Result<Option<(Goal, Vec<Goal>)>> {
    let Some(goal) = self::goal(db, org, goal).await? else {
        return Ok(None);
    };
    let params = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    let children = db.fetch(children(), &params).await?.iter().map(columns::goal).collect::<Result<_>>()?;
    Ok(Some((goal, children)))
}

pub async fn goal_access(db: &Db, org: &OrgId, member: &MemberId, goal: &GoalId) -> Result<Option<GoalAccessContext>> {
    let Some(goal) = self::goal(db, org, goal).await? else {
        return Ok(None);
    };
    let policy = org_policy(db, org).await?;
    let people = resolved_people(db, org, &goal.id, &policy).await?;
    let mut partial = PartialOrg { policy, ..PartialOrg::default() };
    let viewer = db.fetch(MEMBER, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
    if let Some(viewer) = viewer.first().map(member_row).transpose()? {
        let facts = MemberFacts { role: viewer.role, active: viewer.active, manager: viewer.manager };
        partial.members.insert(viewer.id, facts);
    }
    let params = [Param::Text(org.as_str()), Param::Text(goal.id.as_str())];
    for row in db.fetch(TEAM_MEMBERS_OF_GOAL, &params).await? {
        let team = team_id(row.text("team_id")?)?;
        partial.teams.entry(team).or_default().push(member_id(row.text("member_id")?)?);
    }
    let params = [Param::Text(org.as_str()), Param::Text(member.as_str()), Param::Text(goal.id.as_str())];
    for row in db.fetch(INVOLVED_BELOW_VIEWER, &params).await? {
        partial.above.insert((member.clone(), member_id(row.text("report_id")?)?));
    }
    // The viewer's own teams, for editor and participant teams (§10): the contributor
    // teams above are whole; these need only say the viewer is in them.
    for team in member_teams(db, org, member).await? {
        let members = partial.teams.entry(team).or_default();
        if !members.contains(member) {
            members.push(member.clone());
        }
    }
    Ok(Some(GoalAccessContext { goal, org: partial, people }))
}
