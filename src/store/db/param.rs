//! Bound values and how each backend binds them; one statement text for both backends.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Postgres, Sqlite};

use crate::store::db::text::{date_text, instant_text};

/// A bound value. Text arrays go as JSON text: SQLite reads them with json_each,
/// PostgreSQL with json_array_elements_text or json_to_recordset. Instants and dates
/// bind as SQLite's fixed text forms (which compare as text) and as PostgreSQL's
/// `timestamptz` and `date`, so one statement serves both.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    Text(&'a str),
    Real(f64),
    Int(i64),
    /// A boolean column: SQLite's 0/1, PostgreSQL's boolean.
    Bool(bool),
    Instant(DateTime<Utc>),
    Date(NaiveDate),
    /// NULL when absent; typed, so PostgreSQL knows the column's type either way.
    OptText(Option<&'a str>),
    OptReal(Option<f64>),
    OptInstant(Option<DateTime<Utc>>),
}

pub(super) fn bind_sqlite<'q>(query: Query<'q, Sqlite, SqliteArguments<'q>>, param: Param<'q>) -> SqliteQuery<'q> {
    match param {
        Param::Text(t) => query.bind(t),
        Param::Real(r) => query.bind(r),
        Param::Int(n) => query.bind(n),
        Param::Bool(flag) => query.bind(flag),
        Param::Instant(at) => query.bind(instant_text(at)),
        Param::Date(date) => query.bind(date_text(date)),
        Param::OptText(t) => query.bind(t),
        Param::OptReal(r) => query.bind(r),
        Param::OptInstant(at) => query.bind(at.map(instant_text)),
    }
}

pub(super) type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

pub(super) fn sqlite_query<'q>(sql: &'q str, params: &[Param<'q>]) -> SqliteQuery<'q> {
    params.iter().fold(sqlx::query(sql), |q, p| bind_sqlite(q, *p))
}

pub(super) fn pg_query<'q>(sql: &'q str, params: &[Param<'q>]) -> Query<'q, Postgres, PgArguments> {
    params.iter().fold(sqlx::query(sql), |q, p| match *p {
        Param::Text(t) => q.bind(t),
        Param::Real(r) => q.bind(r),
        Param::Int(n) => q.bind(n),
        Param::Bool(flag) => q.bind(flag),
        Param::Instant(at) => q.bind(at),
        Param::Date(date) => q.bind(date),
        Param::OptText(t) => q.bind(t),
        Param::OptReal(r) => q.bind(r),
        Param::OptInstant(at) => q.bind(at),
    })
}

/// Turns `$1`-style placeholders into SQLite's `?1`, so a query both backends share
/// is written once.
pub fn sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}
