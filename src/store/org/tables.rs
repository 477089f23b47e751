//! The import's bulk statements, one per table, from the column lists the row types in
//! rows.rs (and store/goals/columns.rs) list their values in; and the deletes that clear a chunk of keys at once.

use std::sync::LazyLock;

use crate::store::db::bulk::{update_all, Bulk, Column};
use crate::store::db::Sql;
use crate::store::goals::columns::GOAL_BULK_COLUMNS;

const MEMBER_COLUMNS: &[Column] = &[
    ("id", "text"),
    ("name", "text"),
    ("email", "text"),
    ("role", "text"),
    ("manager_id", "text"),
    ("active", "boolean"),
    ("locale", "text"),
    ("timezone", "text"),
    ("line_key", "bigint"),
];

const MEASUREMENT_COLUMNS: &[Column] = &[
    ("goal_id", "text"),
    ("id", "text"),
    ("position", "integer"),
    ("name", "text"),
    ("kind", "text"),
    ("start_value", "double precision"),
    ("current_value", "double precision"),
    ("target_value", "double precision"),
    ("weight", "double precision"),
];

const UPDATE_COLUMNS: &[Column] = &[
    ("goal_id", "text"),
    ("at", "timestamptz"),
    ("author_id", "text"),
    ("progress", "double precision"),
    ("comment", "text"),
    ("automatic", "boolean"),
];

pub static UPSERT_MEMBERS: LazyLock<Bulk> =
    LazyLock::new(|| Bulk::same("members", MEMBER_COLUMNS, &update_all("org_id, id", MEMBER_COLUMNS, &["id"])));

const TEAM_COLUMNS: &[Column] = &[("id", "text"), ("name", "text")];
pub static UPSERT_TEAMS: LazyLock<Bulk> =
    LazyLock::new(|| Bulk::same("teams", TEAM_COLUMNS, &update_all("org_id, id", TEAM_COLUMNS, &["id"])));

pub static INSERT_TEAM_MEMBERS: LazyLock<Bulk> = LazyLock::new(|| {
    Bulk::same("team_members", &[("team_id", "text"), ("member_id", "text"), ("member_key", "bigint")], "")
});

pub static INSERT_MEMBER_REACH: LazyLock<Bulk> =
    LazyLock::new(|| Bulk::same("member_reach", &[("member_id", "text"), ("lo", "bigint"), ("hi", "bigint")], ""));

pub static INSERT_REPORTING_LINES: LazyLock<Bulk> = LazyLock::new(|| {
    Bulk::same("reporting_lines", &[("manager_id", "text"), ("report_id", "text"), ("depth", "integer")], "")
});

/// Goals new to the store: a plain insert, the cheapest write there is.
pub static INSERT_GOALS: LazyLock<Bulk> = LazyLock::new(|| Bulk::same("goals", &GOAL_BULK_COLUMNS, ""));

/// A goal stored before keeps the latest activity it had: updates written since the
/// file was made (by people or roll-ups) still count for the weekly reminder.
pub static UPSERT_GOALS: LazyLock<Bulk> = LazyLock::new(|| {
    let sets = update_all("org_id, id", &GOAL_BULK_COLUMNS, &["id", "last_activity_at"]);
    let sqlite = format!(
        // Two-argument max() is null when either is: the coalesce keeps the other.
        "{sets}, last_activity_at = coalesce(max(excluded.last_activity_at, goals.last_activity_at), \
         excluded.last_activity_at, goals.last_activity_at)"
    );
    let postgres = format!("{sets}, last_activity_at = greatest(excluded.last_activity_at, goals.last_activity_at)");
    Bulk::new("goals", &GOAL_BULK_COLUMNS, &sqlite, &postgres)
});

pub static INSERT_MEMBER_CONTRIBUTORS: LazyLock<Bulk> = LazyLock::new(|| {
    Bulk::same("goal_member_contributors", &[("goal_id", "text"), ("member_id", "text"), ("member_key", "bigint")], "")
});

pub static INSERT_TEAM_CONTRIBUTORS: LazyLock<Bulk> =
    LazyLock::new(|| Bulk::same("goal_team_contributors", &[("goal_id", "text"), ("team_id", "text")], ""));

pub static INSERT_MEASUREMENTS: LazyLock<Bulk> = LazyLock::new(|| Bulk::same("measurements", MEASUREMENT_COLUMNS, ""));

/// Updates of goals new to the store.
pub static INSERT_UPDATES: LazyLock<Bulk> = LazyLock::new(|| Bulk::same("progress_updates", UPDATE_COLUMNS, ""));

/// Re-importing a file finds its updates already there: the natural key skips them.
pub static MERGE_UPDATES: LazyLock<Bulk> =
    LazyLock::new(|| Bulk::same("progress_updates", UPDATE_COLUMNS, "on conflict do nothing"));

/// `delete from TABLE where org_id = $1 and KEY in <the JSON array of ids in $2>`.
pub const DELETE_TEAM_MEMBERS_OF_TEAMS: Sql = Sql {
    sqlite: "delete from team_members where org_id = $1 and team_id in (select value from json_each($2))",
    postgres: "delete from team_members where org_id = $1 \
               and team_id in (select json_array_elements_text($2::json))",
};
pub const DELETE_MEMBER_CONTRIBUTORS_OF_GOALS: Sql = Sql {
    sqlite: "delete from goal_member_contributors where org_id = $1 and goal_id in (select value from json_each($2))",
    postgres: "delete from goal_member_contributors where org_id = $1 \
               and goal_id in (select json_array_elements_text($2::json))",
};
pub const DELETE_TEAM_CONTRIBUTORS_OF_GOALS: Sql = Sql {
    sqlite: "delete from goal_team_contributors where org_id = $1 and goal_id in (select value from json_each($2))",
    postgres: "delete from goal_team_contributors where org_id = $1 \
               and goal_id in (select json_array_elements_text($2::json))",
};
pub const DELETE_MEASUREMENTS_OF_GOALS: Sql = Sql {
    sqlite: "delete from measurements where org_id = $1 and goal_id in (select value from json_each($2))",
    postgres: "delete from measurements where org_id = $1 \
               and goal_id in (select json_array_elements_text($2::json))",
};

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[
    DELETE_TEAM_MEMBERS_OF_TEAMS,
    DELETE_MEMBER_CONTRIBUTORS_OF_GOALS,
    DELETE_TEAM_CONTRIBUTORS_OF_GOALS,
    DELETE_MEASUREMENTS_OF_GOALS,
];

/// Every bulk statement, for the test that prepares each on both backends.
#[cfg(test)]
pub(crate) fn bulks() -> Vec<&'static Bulk> {
    vec![
        &UPSERT_MEMBERS,
        &UPSERT_TEAMS,
        &INSERT_TEAM_MEMBERS,
        &INSERT_MEMBER_REACH,
        &INSERT_REPORTING_LINES,
        &INSERT_GOALS,
        &UPSERT_GOALS,
        &INSERT_MEMBER_CONTRIBUTORS,
        &INSERT_TEAM_CONTRIBUTORS,
        &INSERT_MEASUREMENTS,
        &INSERT_UPDATES,
        &MERGE_UPDATES,
    ]
}
