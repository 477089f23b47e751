//! Bulk upserts: a chunk of rows goes as one JSON array, read by SQLite's json_each
//! or PostgreSQL's json_to_recordset. Statements are built once from a column list.

use std::sync::LazyLock;

use crate::store::db::Sql;

/// A column of a bulk insert: its name (also the JSON field) and its PostgreSQL type.
pub type Column = (&'static str, &'static str);

/// `insert into TABLE (org_id, COLUMNS) select $1, ... from <rows in $2> ON_CONFLICT`.
pub fn bulk_insert(table: &str, columns: &[Column], on_conflict: &str) -> Sql {
    let names = columns.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
    let sqlite_values = columns.iter().map(|(name, _)| format!("j.value ->> '{name}'")).collect::<Vec<_>>().join(", ");
    let pg_values = columns.iter().map(|(name, _)| format!("j.{name}")).collect::<Vec<_>>().join(", ");
    let pg_record = columns.iter().map(|(name, ty)| format!("{name} {ty}")).collect::<Vec<_>>().join(", ");
    // "where true" tells SQLite's parser that ON CONFLICT belongs to the insert.
    let sqlite = format!(
        "insert into {table} (org_id, {names}) select $1, {sqlite_values} from json_each($2) j where true {on_conflict}"
    );
    let postgres = format!(
        "insert into {table} (org_id, {names}) select $1, {pg_values} \
         from json_to_recordset($2::json) as j({pg_record}) {on_conflict}"
    );
    Sql { sqlite: Box::leak(sqlite.into_boxed_str()), postgres: Box::leak(postgres.into_boxed_str()) }
}

/// `on conflict (KEY) do update set c = excluded.c, ...` for every column but the key.
pub fn update_all(key: &str, columns: &[Column], skip: &[&str]) -> String {
    let sets = columns
        .iter()
        .filter(|(name, _)| !skip.contains(name))
        .map(|(name, _)| format!("{name} = excluded.{name}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("on conflict ({key}) do update set {sets}")
}

const MEMBER_COLUMNS: &[Column] = &[
    ("id", "text"),
    ("name", "text"),
    ("email", "text"),
    ("role", "text"),
    ("manager_id", "text"),
    ("active", "boolean"),
    ("locale", "text"),
    ("timezone", "text"),
];

const GOAL_COLUMNS: &[Column] = &[
    ("id", "text"),
    ("title", "text"),
    ("description", "text"),
    ("goal_type", "text"),
    ("state", "text"),
    ("creator_id", "text"),
    ("owner_id", "text"),
    ("visibility", "text"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("parent_id", "text"),
    ("contributes_to_parent", "boolean"),
    ("weight", "double precision"),
    ("tracking", "text"),
    ("progress", "double precision"),
    ("status", "text"),
    ("created_at", "timestamptz"),
    ("published_at", "timestamptz"),
    ("closed_at", "timestamptz"),
    ("archived_at", "timestamptz"),
    ("last_activity_at", "timestamptz"),
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

pub static UPSERT_MEMBERS: LazyLock<Sql> =
    LazyLock::new(|| bulk_insert("members", MEMBER_COLUMNS, &update_all("org_id, id", MEMBER_COLUMNS, &["id"])));

pub static UPSERT_TEAMS: LazyLock<Sql> = LazyLock::new(|| {
    let columns: &[Column] = &[("id", "text"), ("name", "text")];
    bulk_insert("teams", columns, &update_all("org_id, id", columns, &["id"]))
});

pub static INSERT_TEAM_MEMBERS: LazyLock<Sql> =
    LazyLock::new(|| bulk_insert("team_members", &[("team_id", "text"), ("member_id", "text")], ""));

pub static INSERT_REPORTING_LINES: LazyLock<Sql> = LazyLock::new(|| {
    bulk_insert("reporting_lines", &[("manager_id", "text"), ("report_id", "text"), ("depth", "integer")], "")
});

/// A goal stored before keeps the latest activity it had: updates written since the
/// file was made (by people or roll-ups) still count for the weekly reminder.
pub static UPSERT_GOALS: LazyLock<Sql> = LazyLock::new(|| {
    let sets = update_all("org_id, id", GOAL_COLUMNS, &["id", "last_activity_at"]);
    let sqlite = format!(
        "{sets}, last_activity_at = nullif(max(coalesce(excluded.last_activity_at, ''), \
         coalesce(goals.last_activity_at, '')), '')"
    );
    let postgres = format!("{sets}, last_activity_at = greatest(excluded.last_activity_at, goals.last_activity_at)");
    let sqlite = bulk_insert("goals", GOAL_COLUMNS, &sqlite).sqlite;
    let postgres = bulk_insert("goals", GOAL_COLUMNS, &postgres).postgres;
    Sql { sqlite, postgres }
});

pub static INSERT_MEMBER_CONTRIBUTORS: LazyLock<Sql> =
    LazyLock::new(|| bulk_insert("goal_member_contributors", &[("goal_id", "text"), ("member_id", "text")], ""));

pub static INSERT_TEAM_CONTRIBUTORS: LazyLock<Sql> =
    LazyLock::new(|| bulk_insert("goal_team_contributors", &[("goal_id", "text"), ("team_id", "text")], ""));

pub static INSERT_MEASUREMENTS: LazyLock<Sql> =
    LazyLock::new(|| bulk_insert("measurements", MEASUREMENT_COLUMNS, ""));

/// Re-importing a file finds its updates already there: the natural key skips them.
pub static INSERT_UPDATES: LazyLock<Sql> =
    LazyLock::new(|| bulk_insert("progress_updates", UPDATE_COLUMNS, "on conflict do nothing"));

/// `delete from TABLE where org_id = $1 and COLUMN in <ids in $2>`.
fn delete_where_in(table: &str, column: &str) -> Sql {
    let sqlite = format!("delete from {table} where org_id = $1 and {column} in (select value from json_each($2))");
    let postgres =
        format!("delete from {table} where org_id = $1 and {column} in (select json_array_elements_text($2::json))");
    Sql { sqlite: Box::leak(sqlite.into_boxed_str()), postgres: Box::leak(postgres.into_boxed_str()) }
}

pub static DELETE_TEAM_MEMBERS: LazyLock<Sql> = LazyLock::new(|| delete_where_in("team_members", "team_id"));
pub static DELETE_MEMBER_CONTRIBUTORS: LazyLock<Sql> =
    LazyLock::new(|| delete_where_in("goal_member_contributors", "goal_id"));
pub static DELETE_TEAM_CONTRIBUTORS: LazyLock<Sql> =
    LazyLock::new(|| delete_where_in("goal_team_contributors", "goal_id"));
pub static DELETE_MEASUREMENTS: LazyLock<Sql> = LazyLock::new(|| delete_where_in("measurements", "goal_id"));
