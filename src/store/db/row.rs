//! Rows of either backend and their typed columns, and the parsing of stored ids.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::core::ids::{GoalId, MemberId, OrgId, TeamId};
use crate::store::db::text::{read_date, read_instant};
use crate::store::error::{Result, StoreError};

pub enum DbRow {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

/// The column accessors the decoders need, implemented for both row types.
pub trait RowReader {
    fn text(&self, column: &str) -> Result<String>;
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
    fn real(&self, column: &str) -> Result<f64>;
    fn opt_real(&self, column: &str) -> Result<Option<f64>>;
    fn flag(&self, column: &str) -> Result<bool>;
}

macro_rules! row_reader {
    ($row:ty) => {
        impl RowReader for $row {
            fn text(&self, column: &str) -> Result<String> {
                Ok(self.try_get(column)?)
            }
            fn opt_text(&self, column: &str) -> Result<Option<String>> {
                Ok(self.try_get(column)?)
            }
            fn real(&self, column: &str) -> Result<f64> {
                Ok(self.try_get(column)?)
            }
            fn opt_real(&self, column: &str) -> Result<Option<f64>> {
                Ok(self.try_get(column)?)
            }
            fn flag(&self, column: &str) -> Result<bool> {
                Ok(self.try_get(column)?)
            }
        }
    };
}
row_reader!(sqlx::sqlite::SqliteRow);
row_reader!(sqlx::postgres::PgRow);

pub fn parsed<T, E: std::fmt::Display>(what: &str, value: std::result::Result<T, E>) -> Result<T> {
    value.map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

pub fn org_id(text: String) -> Result<OrgId> {
    parsed("org id", OrgId::parse(text))
}

pub fn member_id(text: String) -> Result<MemberId> {
    parsed("member id", MemberId::parse(text))
}

pub fn goal_id(text: String) -> Result<GoalId> {
    parsed("goal id", GoalId::parse(text))
}

pub fn team_id(text: String) -> Result<TeamId> {
    parsed("team id", TeamId::parse(text))
}

/// Typed reads for columns written through `Param::Instant`, `Param::Date` and `Param::Int`.
impl DbRow {
    pub fn instant(&self, column: &str) -> Result<DateTime<Utc>> {
        self.opt_instant(column)?.ok_or_else(|| StoreError::Corrupt(format!("{column} is null")))
    }

    pub fn opt_instant(&self, column: &str) -> Result<Option<DateTime<Utc>>> {
        match self {
            DbRow::Sqlite(row) => row.try_get::<Option<String>, _>(column)?.as_deref().map(read_instant).transpose(),
            DbRow::Postgres(row) => Ok(row.try_get(column)?),
        }
    }

    pub fn date(&self, column: &str) -> Result<NaiveDate> {
        match self {
            DbRow::Sqlite(row) => read_date(&row.try_get::<String, _>(column)?),
            DbRow::Postgres(row) => Ok(row.try_get(column)?),
        }
    }

    pub fn int(&self, column: &str) -> Result<i64> {
        Ok(self.opt_int(column)?.unwrap_or_default())
    }

    /// The `(state, n)` rows of a count-by-state query.
    pub fn state_counts(rows: &[DbRow]) -> Result<Vec<(String, i64)>> {
        rows.iter().map(|row| Ok((row.text("state")?, row.int("n")?))).collect()
    }

    pub fn opt_int(&self, column: &str) -> Result<Option<i64>> {
        match self {
            DbRow::Sqlite(row) => Ok(row.try_get(column)?),
            // PostgreSQL's count(*) is bigint, table columns are integer: read either.
            DbRow::Postgres(row) => match row.try_get::<Option<i64>, _>(column) {
                Ok(n) => Ok(n),
                Err(_) => Ok(row.try_get::<Option<i32>, _>(column)?.map(i64::from)),
            },
        }
    }
}

impl RowReader for DbRow {
    fn text(&self, column: &str) -> Result<String> {
        match self {
            DbRow::Sqlite(row) => row.text(column),
            DbRow::Postgres(row) => row.text(column),
        }
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        match self {
            DbRow::Sqlite(row) => row.opt_text(column),
            DbRow::Postgres(row) => row.opt_text(column),
        }
    }
    fn real(&self, column: &str) -> Result<f64> {
        match self {
            DbRow::Sqlite(row) => row.real(column),
            DbRow::Postgres(row) => row.real(column),
        }
    }
    fn opt_real(&self, column: &str) -> Result<Option<f64>> {
        match self {
            DbRow::Sqlite(row) => row.opt_real(column),
            DbRow::Postgres(row) => row.opt_real(column),
        }
    }
    fn flag(&self, column: &str) -> Result<bool> {
        match self {
            DbRow::Sqlite(row) => row.flag(column),
            DbRow::Postgres(row) => row.flag(column),
        }
    }
}
