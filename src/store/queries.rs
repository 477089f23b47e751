//! The store's read queries, in both dialects where they differ.

use crate::store::db::Sql;

pub const ORG: Sql = Sql::same("select id, name, timezone, locale from orgs where id = $1");
pub const MEMBER: Sql = Sql::same(
    "select id, name, email, role, manager_id, active, locale, timezone from members where org_id = $1 and id = $2",
);
pub const ALL_GOAL_IDS: Sql = Sql {
    sqlite: "select group_concat(id, ' ') as ids from goals where org_id = $1",
    postgres: "select string_agg(id, ' ') as ids from goals where org_id = $1",
};

/// CONTRACT §3 for a member who is neither executive nor collaborator: their own
/// goals, the goals open to everyone, and the non-draft goals where someone in
/// {M} ∪ M's reporting line is involved (owner, member contributor, team member).
/// M's own goals are those of M's line key (keys are unique in an org).
/// {M} ∪ line is `reach`: a few ranges of line keys (store/line_keys.rs), so each way of
/// being involved is one index range scan per range, however large the line. The parts
/// are `union all`: the caller removes duplicates, cheaper in Rust than in either database.
/// `cross join` fixes SQLite's join order (start from the reach).
macro_rules! visible_goals_sql {
    ($agg:literal, $teams:ident, $not_draft:ident) => {
        concat!(
            "with reach as (select lo, hi from member_reach where org_id = $1 and member_id = $2) \
             select ",
            $agg,
            " as ids from ( \
                 select id from goals where org_id = $1 and creator_id = $2 \
                 union all \
                 select id from goals where org_id = $1 \
                     and owner_key = (select line_key from members where org_id = $1 and id = $2) \
                 union all \
                 select id from goals where org_id = $1 and state <> 'draft' \
                     and (visibility = 'public' or goal_type = 'organization') \
                 union all \
                 select g.id from reach r cross join goals g \
                     where g.org_id = $1 and g.owner_key between r.lo and r.hi and g.state <> 'draft' \
                 union all \
                 select involved.goal_id from ( \
                     select c.goal_id from reach r cross join goal_member_contributors c \
                         where c.org_id = $1 and c.member_key between r.lo and r.hi \
                     union all ",
            team_goals!($teams),
            ") involved where ",
            not_draft!($not_draft),
            ") visible"
        )
    };
}

/// The goals of the teams that someone in the reach belongs to.
macro_rules! team_goals {
    // The line's teams as a list, then their goals by index.
    (list) => {
        "select c.goal_id from goal_team_contributors c where c.org_id = $1 and c.team_id in ( \
             select tm.team_id from reach r cross join team_members tm \
             where tm.org_id = $1 and tm.member_key between r.lo and r.hi)"
    };
    // One index lookup per team (lateral): PostgreSQL, not knowing the line's size,
    // would otherwise scan every team contribution of the org.
    (lateral) => {
        "select c.goal_id from ( \
             select distinct tm.team_id from reach r cross join team_members tm \
             where tm.org_id = $1 and tm.member_key between r.lo and r.hi) t \
         cross join lateral (select goal_id from goal_team_contributors c \
             where c.org_id = $1 and c.team_id = t.team_id offset 0) c"
    };
}

/// "The contributed goal is not a draft", three ways.
macro_rules! not_draft {
    // SQLite: one lookup per row in the small index of drafts (named: without
    // statistics SQLite would scan a larger covering index instead).
    (indexed) => {
        "not exists (select 1 from goals d indexed by goals_drafts \
             where d.org_id = $1 and d.id = involved.goal_id and d.state = 'draft')"
    };
    // PostgreSQL, few rows: a scalar subquery runs once per row, by index; PostgreSQL
    // cannot turn it into the hash join it would otherwise pick for any line.
    (probe) => {
        "(select d.state from goals d where d.org_id = $1 and d.id = involved.goal_id) <> 'draft'"
    };
    // PostgreSQL, many rows: an anti join that hashes the org's drafts once.
    (hashed) => {
        "not exists (select 1 from goals d where d.org_id = $1 and d.id = involved.goal_id and d.state = 'draft')"
    };
}

/// How many people {M} ∪ M's reporting line holds: picks the PostgreSQL plan.
pub const LINE_SIZE: Sql = Sql::same(
    "select cast(coalesce(sum(hi - lo + 1), 0) as bigint) as n from member_reach where org_id = $1 and member_id = $2",
);

/// From this many people in {M} ∪ line, hashing the org's drafts once costs less than
/// looking up each contributed goal (PostgreSQL; SQLite's lookups are cheap either way).
pub const LARGE_LINE: i64 = 500;

pub const VISIBLE_GOALS_SMALL_LINE: Sql = Sql {
    sqlite: visible_goals_sql!("group_concat(id, ' ')", list, indexed),
    postgres: visible_goals_sql!("string_agg(id, ' ')", lateral, probe),
};

pub const VISIBLE_GOALS_LARGE_LINE: Sql = Sql {
    sqlite: VISIBLE_GOALS_SMALL_LINE.sqlite,
    postgres: visible_goals_sql!("string_agg(id, ' ')", lateral, hashed),
};

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

/// The columns `decode::goal` reads, for queries put together at run time.
pub const GOAL_COLUMNS: Sql = Sql { sqlite: goal_columns!(sqlite), postgres: goal_columns!(postgres) };

/// The ids of the goals member $2 of org $1 sees, for a member who is neither executive nor
/// collaborator, as a subquery (one column, `ids`; an id may repeat).
pub const VISIBLE_IDS: Sql =
    Sql { sqlite: visible_goals_sql!("id", list, indexed), postgres: visible_goals_sql!("id", lateral, hashed) };

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
pub const ALL_MEMBERS: Sql = Sql::same(
    "select id, name, email, role, manager_id, active, locale, timezone from members where org_id = $1 order by id",
);
pub const ALL_TEAMS: Sql = Sql::same("select id, name from teams where org_id = $1 order by id");
pub const ALL_TEAM_MEMBERS: Sql =
    Sql::same("select team_id, member_id from team_members where org_id = $1 order by team_id, member_id");
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
