//! The statements that read goals and their parts, for the goals API and the snapshot.

use crate::store::db::Sql;

macro_rules! goal_columns {
    (sqlite) => {
        "id, title, description, goal_type, state, creator_id, owner_id, visibility, \
         start_date, end_date, parent_id, contributes_to_parent, weight, tracking, progress, status, \
         created_at, published_at, closed_at, archived_at"
    };
    (postgres) => {
        "id, title, description, goal_type, state, creator_id, owner_id, visibility, \
         start_date::text as start_date, end_date::text as end_date, parent_id, contributes_to_parent, \
         weight, tracking, progress, status, utc_text(created_at) as created_at, \
         utc_text(published_at) as published_at, utc_text(closed_at) as closed_at, \
         utc_text(archived_at) as archived_at"
    };
}

/// The columns `goals::decode::goal` reads, for queries put together at run time.
pub const GOAL_SELECT: Sql = Sql { sqlite: goal_columns!(sqlite), postgres: goal_columns!(postgres) };

macro_rules! goal_query {
    ($rest:literal) => {
        Sql {
            sqlite: concat!("select ", goal_columns!(sqlite), " from goals ", $rest),
            postgres: concat!("select ", goal_columns!(postgres), " from goals ", $rest),
        }
    };
}

pub const GOAL: Sql = goal_query!("where org_id = $1 and id = $2");
pub const CHILDREN: Sql = goal_query!("where org_id = $1 and parent_id = $2 order by id");
pub const ALL_GOALS: Sql = goal_query!("where org_id = $1 order by id");

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
pub const ALL_UPDATES: Sql = Sql {
    sqlite: "select goal_id, at, author_id, progress, comment, automatic \
             from progress_updates where org_id = $1 order by goal_id, at, id",
    postgres: "select goal_id, utc_text(at) as at, author_id, progress, comment, automatic \
               from progress_updates where org_id = $1 order by goal_id, at, id",
};
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
pub(crate) const ALL: &[Sql] = &[
    GOAL,
    CHILDREN,
    ALL_GOALS,
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
