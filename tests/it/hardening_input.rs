//! Issue 12, input: a NUL, a line break in a name, an over-long title, an id `..` are refused
//! at every door (the import file, a signed HRIS webhook, the goals API) with a 4xx or a
//! non-zero exit naming the field, and nothing is stored; on both backends (docs/limits.md).

mod api;
mod import;
mod webhook;

use sqlx::{Connection, PgConnection, Row, SqliteConnection};

use crate::common::TestDb;

/// Every table a door could write to.
const TABLES: [&str; 13] = [
    "orgs",
    "members",
    "teams",
    "team_members",
    "goals",
    "goal_member_contributors",
    "goal_team_contributors",
    "measurements",
    "progress_updates",
    "comments",
    "goal_history",
    "hris_events",
    "member_reach",
];

/// The row count of each table, read straight from the database: "nothing changed" means
/// nothing, whatever the CLI or the API would show.
pub async fn table_counts(db: &TestDb) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in TABLES {
        let sql = format!("select count(*) as n from {table}");
        let n: i64 = if db.backend == "postgres" {
            let mut conn = PgConnection::connect(&db.url).await.expect("connect to PostgreSQL");
            sqlx::query(&sql).fetch_one(&mut conn).await.expect("count").get("n")
        } else {
            let mut conn = SqliteConnection::connect(&db.url).await.expect("connect to SQLite");
            sqlx::query(&sql).fetch_one(&mut conn).await.expect("count").get("n")
        };
        counts.push((table, n));
    }
    counts
}

/// No text column of `table` holds a NUL (SQLite would store one; PostgreSQL cannot).
pub async fn no_nul_in(db: &TestDb, table: &str, column: &str) -> bool {
    if db.backend == "postgres" {
        return true;
    }
    let mut conn = SqliteConnection::connect(&db.url).await.expect("connect to SQLite");
    let sql = format!("select count(*) as n from {table} where instr({column}, char(0)) > 0");
    let n: i64 = sqlx::query(&sql).fetch_one(&mut conn).await.expect("count").get("n");
    n == 0
}
