//! The org area's statements: the org and its members and teams, and the import's reads
//! and writes that are not bulk (tables.rs).

use crate::store::db::{PgOnly, Sql};

pub const ORG: Sql = Sql::same("select id, name, timezone, locale, policy from orgs where id = $1");
pub const ORG_POLICY: Sql = Sql::same("select policy from orgs where id = $1");
/// $1 org, $2 the whole policy as JSON text (`OrgPolicy::to_json`).
pub const SET_ORG_POLICY: Sql = Sql::same("update orgs set policy = $2 where id = $1");
pub const MEMBER: Sql = Sql::same(
    "select id, name, email, role, manager_id, active, locale, timezone from members where org_id = $1 and id = $2",
);
pub const ALL_MEMBERS: Sql = Sql::same(
    "select id, name, email, role, manager_id, active, locale, timezone from members where org_id = $1 order by id",
);
pub const ALL_TEAMS: Sql = Sql::same("select id, name from teams where org_id = $1 order by id");
pub const ALL_TEAM_MEMBERS: Sql =
    Sql::same("select team_id, member_id from team_members where org_id = $1 order by team_id, member_id");
pub const MEMBER_EXISTS: Sql = Sql::same("select 1 as found from members where org_id = $1 and id = $2");
pub const TEAM_EXISTS: Sql = Sql::same("select 1 as found from teams where org_id = $1 and id = $2");

/// Serialises the writes of an org's line keys (imports, HRIS events) across processes.
pub const LOCK_ORG_EVENTS: PgOnly = PgOnly("select pg_advisory_xact_lock(hashtext($1))");

pub const EXISTING_MEMBERS: Sql = Sql::same("select id, manager_id from members where org_id = $1");
pub const EXISTING_TEAMS: Sql = Sql::same("select id from teams where org_id = $1");
pub const EXISTING_GOALS: Sql = Sql::same(
    "select id, parent_id, contributes_to_parent, weight, state, tracking, progress, visibility, manager_editor_id, \
     category_id from goals where org_id = $1",
);
pub const UPSERT_ORG: Sql = Sql::same(
    "insert into orgs (id, name, timezone, locale, policy) values ($1, $2, $3, $4, $5) \
     on conflict (id) do update set name = excluded.name, timezone = excluded.timezone, locale = excluded.locale, \
     policy = excluded.policy",
);
pub const DELETE_REPORTING_LINES: Sql = Sql::same("delete from reporting_lines where org_id = $1");
pub const DELETE_MEMBER_REACH: Sql = Sql::same("delete from member_reach where org_id = $1");
pub const SET_PROGRESS: Sql = Sql::same("update goals set progress = $3 where org_id = $1 and id = $2");

/// Run after an import wrote, before it commits: fresh planner statistics for what was
/// just written, instead of waiting for autovacuum.
pub const ANALYZE_IMPORTED: PgOnly = PgOnly(
    "analyze members, member_reach, reporting_lines, team_members, goals, goal_member_contributors, \
     goal_team_contributors, measurements, progress_updates",
);

/// Run after an import committed. PostgreSQL: vacuums the tables visibility reads. A bulk
/// load leaves their pages without hint bits and out of the visibility map, so until
/// autovacuum comes by, every index-only scan reads (and dirties) the heap page of each
/// row it returns: several times slower, for up to minutes after the import.
pub const SETTLE_AFTER_IMPORT: PgOnly = PgOnly(
    "vacuum goals, goal_member_contributors, goal_team_contributors, team_members, members, \
     member_reach, reporting_lines",
);

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    ORG,
    ORG_POLICY,
    SET_ORG_POLICY,
    MEMBER,
    ALL_MEMBERS,
    ALL_TEAMS,
    ALL_TEAM_MEMBERS,
    MEMBER_EXISTS,
    TEAM_EXISTS,
    EXISTING_MEMBERS,
    EXISTING_TEAMS,
    EXISTING_GOALS,
    UPSERT_ORG,
    DELETE_REPORTING_LINES,
    DELETE_MEMBER_REACH,
    SET_PROGRESS,
];

/// The PostgreSQL-only statements above, for the same test.
#[cfg(test)]
pub(crate) const PG_ONLY: &[PgOnly] = &[LOCK_ORG_EVENTS, ANALYZE_IMPORTED, SETTLE_AFTER_IMPORT];
