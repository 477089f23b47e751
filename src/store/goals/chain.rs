//! A goal's editors and participants as §10 resolves them: the goal and every goal above
//! it, read in one walk up the parent links (never materialised per goal, so a manager
//! change or a move in the hierarchy rewrites nothing), then `goals::people::resolve_people`.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::core::ids::{GoalId, MemberId, OrgId, TeamId};
use crate::goals::hierarchy::MAX_GOAL_DEPTH;
use crate::goals::people::{resolve_people, ResolvedPeople};
use crate::goals::Goal;
use crate::org::OrgPolicy;
use crate::store::db::row::{member_id, team_id};
use crate::store::db::{Db, Param, RowReader, Sql};
use crate::store::error::Result;
use crate::store::goals::columns::{self, GOAL_SELECT};
use crate::store::goals::people::put_on_goals;

/// `up`: the goal ($2) and its ancestors with their depth; the bound stops a cycle in bad data.
/// `cross join`s keep `up` outside: SQLite 3.46, without statistics, would otherwise scan every
/// goal of the org against an automatic index on `up`.
fn walk_up() -> String {
    format!(
        "with recursive up(gid, pid, depth) as ( \
             select id, parent_id, 0 from goals where org_id = $1 and id = $2 \
             union all \
             select g.id, g.parent_id, up.depth + 1 from up cross join goals g \
             where g.org_id = $1 and g.id = up.pid and up.depth <= {MAX_GOAL_DEPTH}) "
    )
}

static CHAIN_TEXT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} select {}, up.depth, (select m.manager_id from members m where m.org_id = $1 and m.id = goals.owner_id) \
         as owner_manager_id from up cross join goals where goals.org_id = $1 and goals.id = up.gid order by up.depth",
        walk_up(),
        *GOAL_SELECT
    )
});
static CHAIN_PEOPLE_TEXT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} select p.goal_id, p.relation, p.kind, p.ref_id from up cross join goal_people p \
         where p.org_id = $1 and p.goal_id = up.gid order by p.goal_id, p.relation, p.kind, p.ref_id",
        walk_up()
    )
});

/// $1 org, $2 goal: the goal, its parent, and so on up, with each owner's current manager.
pub fn chain() -> Sql {
    Sql::same(CHAIN_TEXT.as_str())
}

/// $1 org, $2 goal: the editor and participant rows of the goal and every goal above it.
pub fn chain_people() -> Sql {
    Sql::same(CHAIN_PEOPLE_TEXT.as_str())
}

/// $1 org, $2 member: the teams the member belongs to.
/// Through the member's line key: `team_members_by_key` is the only index on memberships by member.
pub const MEMBER_TEAMS: Sql = Sql::same(
    "select t.team_id from members m cross join team_members t \
     where m.org_id = $1 and m.id = $2 and t.org_id = $1 and t.member_key = m.line_key",
);

/// The editors and participants of `goal` under `policy`.
pub async fn resolved_people(db: &Db, org: &OrgId, goal: &GoalId, policy: &OrgPolicy) -> Result<ResolvedPeople> {
    let params = [Param::Text(org.as_str()), Param::Text(goal.as_str())];
    let rows = db.fetch(chain(), &params).await?;
    let mut goals: Vec<Goal> = rows.iter().map(columns::goal).collect::<Result<_>>()?;
    let mut managers: HashMap<MemberId, Option<MemberId>> = HashMap::new();
    for (row, goal) in rows.iter().zip(&goals) {
        managers.insert(goal.owner.clone(), row.opt_text("owner_manager_id")?.map(member_id).transpose()?);
    }
    put_on_goals(&db.fetch(chain_people(), &params).await?, &mut goals)?;
    let chain: Vec<&Goal> = goals.iter().collect();
    let manager_of = |member: &MemberId| managers.get(member).cloned().flatten();
    Ok(resolve_people(policy, &chain, &manager_of))
}

/// The teams `member` belongs to.
pub async fn member_teams(db: &Db, org: &OrgId, member: &MemberId) -> Result<Vec<TeamId>> {
    let rows = db.fetch(MEMBER_TEAMS, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
    rows.iter().map(|row| team_id(row.text("team_id")?)).collect()
}

#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    vec![chain(), chain_people(), MEMBER_TEAMS]
}
