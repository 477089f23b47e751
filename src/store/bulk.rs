//! Bulk writes, built once from a column list per table.

use std::sync::LazyLock;

use crate::store::db::Sql;

/// A column of a bulk insert: its name (also the JSON field) and its PostgreSQL type.
pub type Column = (&'static str, &'static str);

/// Most bound values in one SQLite statement (its limit is 32,766).
const SQLITE_MAX_VALUES: usize = 30_000;

/// One bulk insert, in both dialects. SQLite gets multi-row VALUES with bound values:
/// reading JSON there re-parses each row's object once per column. PostgreSQL gets the
/// whole chunk as one JSON array through json_to_recordset, parsed once.
pub struct Bulk {
    pub table: String,
    pub columns: &'static [Column],
    /// `copy TABLE (org_id, COLUMNS) from stdin` when the insert has no conflict clause.
    pub postgres_copy: Option<String>,
    /// The upsert reading a JSON array of rows (`$2`) with json_to_recordset.
    pub postgres_upsert: String,
    sqlite_head: String,
    sqlite_tail: String,
}

impl Bulk {
    pub fn new(table: &str, columns: &'static [Column], sqlite_conflict: &str, pg_conflict: &str) -> Self {
        let names = columns.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
        let pg_values = columns.iter().map(|(name, _)| format!("j.{name}")).collect::<Vec<_>>().join(", ");
        let pg_record = columns.iter().map(|(name, ty)| format!("{name} {ty}")).collect::<Vec<_>>().join(", ");
        let postgres_upsert = format!(
            "insert into {table} (org_id, {names}) select $1, {pg_values} \
             from json_to_recordset($2::json) as j({pg_record}) {pg_conflict}"
        );
        let postgres_copy = pg_conflict.is_empty().then(|| format!("copy {table} (org_id, {names}) from stdin"));
        Self {
            table: table.to_owned(),
            columns,
            postgres_copy,
            postgres_upsert,
            sqlite_head: format!("insert into {table} (org_id, {names}) values "),
            sqlite_tail: format!(" {sqlite_conflict}"),
        }
    }

    /// Same statement text in both dialects' conflict clauses.
    pub fn same(table: &str, columns: &'static [Column], on_conflict: &str) -> Self {
        Self::new(table, columns, on_conflict, on_conflict)
    }

    pub fn sqlite_rows_per_statement(&self) -> usize {
        (SQLITE_MAX_VALUES / (self.columns.len() + 1)).max(1)
    }

    /// The SQLite statement for `rows` rows: `(?, ?, ...)` per row, org id first.
    pub fn sqlite_statement(&self, rows: usize) -> String {
        let one = format!("({})", vec!["?"; self.columns.len() + 1].join(", "));
        let mut sql = String::with_capacity(self.sqlite_head.len() + rows * (one.len() + 2) + self.sqlite_tail.len());
        sql.push_str(&self.sqlite_head);
        for i in 0..rows {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&one);
        }
        sql.push_str(&self.sqlite_tail);
        sql
    }
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
    ("line_key", "bigint"),
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
    ("owner_key", "bigint"),
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
pub static INSERT_GOALS: LazyLock<Bulk> = LazyLock::new(|| Bulk::same("goals", GOAL_COLUMNS, ""));

/// A goal stored before keeps the latest activity it had: updates written since the
/// file was made (by people or roll-ups) still count for the weekly reminder.
pub static UPSERT_GOALS: LazyLock<Bulk> = LazyLock::new(|| {
    let sets = update_all("org_id, id", GOAL_COLUMNS, &["id", "last_activity_at"]);
    let sqlite = format!(
        "{sets}, last_activity_at = nullif(max(coalesce(excluded.last_activity_at, ''), \
         coalesce(goals.last_activity_at, '')), '')"
    );
    let postgres = format!("{sets}, last_activity_at = greatest(excluded.last_activity_at, goals.last_activity_at)");
    Bulk::new("goals", GOAL_COLUMNS, &sqlite, &postgres)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_statement_has_one_placeholder_group_per_row() {
        let bulk = Bulk::same("t", &[("a", "text")], "");
        assert_eq!(bulk.sqlite_statement(2), "insert into t (org_id, a) values (?, ?), (?, ?) ");
    }
}
