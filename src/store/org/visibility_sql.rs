//! Visibility (CONTRACT §3) in SQL over line-key ranges: the statements that answer
//! "which goals does this member see".

use std::sync::LazyLock;

use crate::store::db::Sql;

pub const ALL_GOAL_IDS: Sql = Sql {
    sqlite: "select group_concat(id, ' ') as ids from goals where org_id = $1",
    postgres: "select string_agg(id, ' ') as ids from goals where org_id = $1",
};

/// CONTRACT §3 for a member who is neither executive nor collaborator: their own
/// goals, the goals open to everyone, and the non-draft goals where someone in
/// {M} ∪ M's reporting line is involved (owner, member contributor, team member).
/// M's own goals are those of M's line key (keys are unique in an org).
/// {M} ∪ line is `reach`: a few ranges of line keys (store/org/line_keys.rs), so each way
/// of being involved is one index range scan per range, however large the line. The
/// parts are `union all`: the caller removes duplicates, cheaper in Rust than in either
/// database. `cross join` fixes SQLite's join order (start from the reach).
/// `ids` is `select`ed as `aggregate`; `teams` and `not_draft` are the parts below.
fn visible_goals(aggregate: &str, teams: &str, not_draft: &str) -> String {
    format!(
        "with reach as (select lo, hi from member_reach where org_id = $1 and member_id = $2) \
         select {aggregate} as ids from ( \
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
                 union all {teams}) involved where {not_draft}) visible"
    )
}

/// The goals of the teams that someone in the reach belongs to: the line's teams as a
/// list, then their goals by index.
const TEAM_GOALS_BY_LIST: &str =
    "select c.goal_id from goal_team_contributors c where c.org_id = $1 and c.team_id in ( \
     select tm.team_id from reach r cross join team_members tm \
     where tm.org_id = $1 and tm.member_key between r.lo and r.hi)";

/// The same, one index lookup per team (lateral): PostgreSQL, not knowing the line's
/// size, would otherwise scan every team contribution of the org.
const TEAM_GOALS_LATERAL: &str = "select c.goal_id from ( \
     select distinct tm.team_id from reach r cross join team_members tm \
     where tm.org_id = $1 and tm.member_key between r.lo and r.hi) t \
     cross join lateral (select goal_id from goal_team_contributors c \
     where c.org_id = $1 and c.team_id = t.team_id offset 0) c";

/// "The contributed goal is not a draft", SQLite: one lookup per row in the small index of
/// drafts (named: without statistics SQLite would scan a larger covering index instead).
const NOT_DRAFT_INDEXED: &str = "not exists (select 1 from goals d indexed by goals_drafts \
     where d.org_id = $1 and d.id = involved.goal_id and d.state = 'draft')";

/// The same, PostgreSQL, few rows: a scalar subquery runs once per row, by index;
/// PostgreSQL cannot turn it into the hash join it would otherwise pick for any line.
const NOT_DRAFT_PROBE: &str =
    "(select d.state from goals d where d.org_id = $1 and d.id = involved.goal_id) <> 'draft'";

/// The same, PostgreSQL, many rows: an anti join that hashes the org's drafts once.
const NOT_DRAFT_HASHED: &str =
    "not exists (select 1 from goals d where d.org_id = $1 and d.id = involved.goal_id and d.state = 'draft')";

/// How many people {M} ∪ M's reporting line holds: picks the PostgreSQL plan.
pub const LINE_SIZE: Sql = Sql::same(
    "select cast(coalesce(sum(hi - lo + 1), 0) as bigint) as n from member_reach where org_id = $1 and member_id = $2",
);

/// From this many people in {M} ∪ line, hashing the org's drafts once costs less than
/// looking up each contributed goal (PostgreSQL; SQLite's lookups are cheap either way).
pub const LARGE_LINE: i64 = 500;

static SQLITE_VISIBLE: LazyLock<String> =
    LazyLock::new(|| visible_goals("group_concat(id, ' ')", TEAM_GOALS_BY_LIST, NOT_DRAFT_INDEXED));
static PG_VISIBLE_SMALL_LINE: LazyLock<String> =
    LazyLock::new(|| visible_goals("string_agg(id, ' ')", TEAM_GOALS_LATERAL, NOT_DRAFT_PROBE));
static PG_VISIBLE_LARGE_LINE: LazyLock<String> =
    LazyLock::new(|| visible_goals("string_agg(id, ' ')", TEAM_GOALS_LATERAL, NOT_DRAFT_HASHED));
static SQLITE_VISIBLE_IDS: LazyLock<String> =
    LazyLock::new(|| visible_goals("id", TEAM_GOALS_BY_LIST, NOT_DRAFT_INDEXED));
static PG_VISIBLE_IDS: LazyLock<String> = LazyLock::new(|| visible_goals("id", TEAM_GOALS_LATERAL, NOT_DRAFT_HASHED));

/// The ids the member $2 of org $1 sees, joined by spaces in one row (`ids`).
pub fn visible_goals_small_line() -> Sql {
    Sql { sqlite: SQLITE_VISIBLE.as_str(), postgres: PG_VISIBLE_SMALL_LINE.as_str() }
}

pub fn visible_goals_large_line() -> Sql {
    Sql { sqlite: SQLITE_VISIBLE.as_str(), postgres: PG_VISIBLE_LARGE_LINE.as_str() }
}

/// The ids of the goals member $2 of org $1 sees, for a member who is neither executive nor
/// collaborator, as a subquery (one column, `ids`; an id may repeat).
pub fn visible_ids() -> Sql {
    Sql { sqlite: SQLITE_VISIBLE_IDS.as_str(), postgres: PG_VISIBLE_IDS.as_str() }
}

#[cfg(test)]
pub(crate) fn all() -> Vec<Sql> {
    vec![ALL_GOAL_IDS, LINE_SIZE, visible_goals_small_line(), visible_goals_large_line(), visible_ids()]
}
