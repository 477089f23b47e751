//! The statements that read goals and their parts, for the goals API and the snapshot.

use std::sync::LazyLock;

use crate::store::db::Sql;
use crate::store::goals::columns::GOAL_SELECT;

fn goal_query(rest: &str) -> String {
    format!("select {} from goals {rest}", *GOAL_SELECT)
}

static GOAL_TEXT: LazyLock<String> = LazyLock::new(|| goal_query("where org_id = $1 and id = $2"));
static CHILDREN_TEXT: LazyLock<String> =
    LazyLock::new(|| goal_query("where org_id = $1 and parent_id = $2 order by id"));
static ALL_GOALS_TEXT: LazyLock<String> = LazyLock::new(|| goal_query("where org_id = $1 order by id"));

/// $1 org, $2 goal.
pub fn goal() -> Sql {
    Sql::same(GOAL_TEXT.as_str())
}

/// $1 org, $2 parent.
pub fn children() -> Sql {
    Sql::same(CHILDREN_TEXT.as_str())
}

pub fn all_goals() -> Sql {
    Sql::same(ALL_GOALS_TEXT.as_str())
}

pub const GOAL_MEMBER_CONTRIBUTORS: Sql = Sql::same(
    "select goal_id, member_id from goal_member_contributors where org_id = $1 and goal_id = $2 order by member_id",
);
pub const GOAL_TEAM_CONTRIBUTORS: Sql = Sql::same(
    "select goal_id, team_id from goal_team_contributors where org_id = $1 and goal_id = $2 order by team_id",
);
pub const GOAL_MEASUREMENTS: Sql = Sql::same(
    "select goal_id, id, name, kind, start_value, current_value, target_value, weight \
     from measurements where org_id = $1 and goal_id = $2 order by position",
);
pub const ALL_MEMBER_CONTRIBUTORS: Sql =
    Sql::same("select goal_id, member_id from goal_member_contributors where org_id = $1 order by goal_id, member_id");
pub const ALL_TEAM_CONTRIBUTORS: Sql =
    Sql::same("select goal_id, team_id from goal_team_contributors where org_id = $1 order by goal_id, team_id");
pub const ALL_MEASUREMENTS: Sql = Sql::same(
    "select goal_id, id, name, kind, start_value, current_value, target_value, weight \
     from measurements where org_id = $1 order by goal_id, position",
);
pub const ALL_UPDATES: Sql = Sql::same(
    "select goal_id, at, author_id, progress, comment, automatic \
     from progress_updates where org_id = $1 order by goal_id, at, id",
);
pub const TEAM_MEMBERS_OF_GOAL: Sql = Sql::same(
    "select tm.team_id, tm.member_id from goal_team_contributors c \
     join team_members tm on tm.org_id = c.org_id and tm.team_id = c.team_id \
     where c.org_id = $1 and c.goal_id = $2",
);
/// Which of the goal's involved people sit in the viewer's reporting line.
pub const INVOLVED_BELOW_VIEWER: Sql = Sql::same(
    "select r.report_id from reporting_lines r where r.org_id = $1 and r.manager_id = $2 and r.report_id in ( \
         select owner_id from goals where org_id = $1 and id = $3 \
         union select member_id from goal_member_contributors where org_id = $1 and goal_id = $3 \
         union select tm.member_id from goal_team_contributors c \
             join team_members tm on tm.org_id = c.org_id and tm.team_id = c.team_id \
             where c.org_id = $1 and c.goal_id = $3)",
);

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    let built = [goal(), children(), all_goals(), super::columns::insert_goal(), super::columns::update_goal()];
    built.into_iter().chain(STATIC.iter().copied()).collect()
}

#[cfg(test)]
const STATIC: &[Sql] = &[
    GOAL_MEMBER_CONTRIBUTORS,
    GOAL_TEAM_CONTRIBUTORS,
    GOAL_MEASUREMENTS,
    ALL_MEMBER_CONTRIBUTORS,
    ALL_TEAM_CONTRIBUTORS,
    ALL_MEASUREMENTS,
    ALL_UPDATES,
    TEAM_MEMBERS_OF_GOAL,
    INVOLVED_BELOW_VIEWER,
];
