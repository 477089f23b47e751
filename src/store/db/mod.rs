//! The plumbing under every area: one executor over both backends (`Db`, `DbTx`),
//! typed parameters, row decoding (`row`), the text forms SQLite stores (`text`) and bulk
//! writes (`bulk`). Queries are written once in PostgreSQL syntax (`$1` placeholders)
//! where the dialects agree, and as a pair where they don't; connecting and migrating
//! live in sqlite.rs and postgres.rs.

pub mod bulk;
pub mod fold;
mod param;
pub mod postgres;
pub mod row;
pub mod sqlite;
pub mod text;

use std::sync::Arc;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::store::db::param::{bind_sqlite, pg_query, sqlite_query};
use crate::store::error::{Result, StoreError};

pub use param::{sqlite_placeholders, Param};
pub use row::{DbRow, RowReader};

/// A statement in both dialects.
#[derive(Debug, Clone, Copy)]
pub struct Sql {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Sql {
    /// A statement both dialects read the same way (placeholders are translated).
    pub const fn same(text: &'static str) -> Self {
        Self { sqlite: text, postgres: text }
    }
}

/// A statement only PostgreSQL runs. SQLite has nothing to do there: it takes one writer
/// at a time (so no lock to take) and needs no vacuum after a bulk load.
#[derive(Debug, Clone, Copy)]
pub struct PgOnly(pub &'static str);

#[derive(Debug, Clone)]
pub enum Db {
    /// With the database's writer turn (sqlite::writer_turn).
    Sqlite(SqlitePool, Arc<Mutex<()>>),
    Postgres(PgPool),
}

pub enum DbTx {
    /// The guard holds this process' writer turn on the database until commit or drop.
    Sqlite(Transaction<'static, Sqlite>, #[allow(dead_code)] OwnedMutexGuard<()>),
    Postgres(Transaction<'static, Postgres>),
}

impl Db {
    /// Opens and migrates the SQLite database at `url`, creating it only when `create`.
    pub async fn open_sqlite(url: &str, max_connections: u32, create: bool) -> Result<Db> {
        let pool = sqlite::connect(url, max_connections, create).await?;
        let turn = sqlite::writer_turn(&pool);
        let db = Db::Sqlite(pool, turn);
        fold::fold_stored_goals(&db).await?;
        Ok(db)
    }

    /// Connects to and migrates the PostgreSQL database at `url`.
    pub async fn open_postgres(url: &str, max_connections: u32) -> Result<Db> {
        let db = Db::Postgres(postgres::connect(url, max_connections).await?);
        fold::fold_stored_goals(&db).await?;
        Ok(db)
    }

    pub async fn fetch(&self, sql: Sql, params: &[Param<'_>]) -> Result<Vec<DbRow>> {
        self.fetch_built(sql.sqlite, sql.postgres, params).await
    }

    /// A query put together at run time (from fixed parts: never from request text).
    pub async fn fetch_built(&self, sqlite: &str, postgres: &str, params: &[Param<'_>]) -> Result<Vec<DbRow>> {
        match self {
            Db::Sqlite(pool, _) => {
                let text = sqlite_placeholders(sqlite);
                let rows = sqlite_query(&text, params).fetch_all(pool).await?;
                Ok(rows.into_iter().map(DbRow::Sqlite).collect())
            }
            Db::Postgres(pool) => {
                let rows = pg_query(postgres, params).fetch_all(pool).await?;
                Ok(rows.into_iter().map(DbRow::Postgres).collect())
            }
        }
    }

    /// One statement in its own transaction.
    pub async fn execute(&self, sql: Sql, params: &[Param<'_>]) -> Result<u64> {
        Ok(match self {
            Db::Sqlite(pool, writer) => {
                let text = sqlite_placeholders(sql.sqlite);
                let _turn = writer.lock().await;
                sqlite_query(&text, params).execute(pool).await?.rows_affected()
            }
            Db::Postgres(pool) => pg_query(sql.postgres, params).execute(pool).await?.rows_affected(),
        })
    }

    /// One PostgreSQL-only statement in its own transaction; nothing on SQLite.
    pub async fn execute_pg_only(&self, sql: PgOnly, params: &[Param<'_>]) -> Result<u64> {
        match self {
            Db::Sqlite(..) => Ok(0),
            Db::Postgres(pool) => Ok(pg_query(sql.0, params).execute(pool).await?.rows_affected()),
        }
    }

    pub async fn begin(&self) -> Result<DbTx> {
        Ok(match self {
            // IMMEDIATE takes the write lock up front: a deferred transaction that reads
            // and then writes can fail with "database is locked" under a second writer.
            Db::Sqlite(pool, writer) => {
                let turn = writer.clone().lock_owned().await;
                DbTx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?, turn)
            }
            Db::Postgres(pool) => DbTx::Postgres(pool.begin().await?),
        })
    }
}

impl DbTx {
    pub async fn execute(&mut self, sql: Sql, params: &[Param<'_>]) -> Result<u64> {
        self.execute_built(sql.sqlite, sql.postgres, params).await
    }

    /// A statement put together at run time (from fixed parts: never from request text).
    pub async fn execute_built(&mut self, sqlite: &str, postgres: &str, params: &[Param<'_>]) -> Result<u64> {
        Ok(match self {
            DbTx::Sqlite(tx, _) => {
                let text = sqlite_placeholders(sqlite);
                sqlite_query(&text, params).execute(&mut **tx).await?.rows_affected()
            }
            DbTx::Postgres(tx) => pg_query(postgres, params).execute(&mut **tx).await?.rows_affected(),
        })
    }

    /// A PostgreSQL-only statement; nothing on SQLite.
    pub async fn execute_pg_only(&mut self, sql: PgOnly, params: &[Param<'_>]) -> Result<u64> {
        match self {
            DbTx::Sqlite(..) => Ok(0),
            DbTx::Postgres(tx) => Ok(pg_query(sql.0, params).execute(&mut **tx).await?.rows_affected()),
        }
    }

    pub async fn fetch(&mut self, sql: Sql, params: &[Param<'_>]) -> Result<Vec<DbRow>> {
        Ok(match self {
            DbTx::Sqlite(tx, _) => {
                let text = sqlite_placeholders(sql.sqlite);
                let rows = sqlite_query(&text, params).fetch_all(&mut **tx).await?;
                rows.into_iter().map(DbRow::Sqlite).collect()
            }
            DbTx::Postgres(tx) => {
                let rows = pg_query(sql.postgres, params).fetch_all(&mut **tx).await?;
                rows.into_iter().map(DbRow::Postgres).collect()
            }
        })
    }

    /// Before a large batch of writes. SQLite: a cache that holds a million-goal org's
    /// index pages (misses there double an import's time).
    pub async fn begin_bulk(&mut self) -> Result<()> {
        if let DbTx::Sqlite(tx, _) = self {
            sqlx::query(&format!("pragma cache_size = -{}", crate::store::db::sqlite::BULK_CACHE_KIB))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// After a large batch of writes. SQLite: back to the everyday cache before the
    /// connection returns to the pool (dirty pages are written at commit either way).
    pub async fn end_bulk(&mut self) -> Result<()> {
        if let DbTx::Sqlite(tx, _) = self {
            sqlx::query(&format!("pragma cache_size = -{}", crate::store::db::sqlite::CACHE_KIB))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, DbTx::Sqlite(..))
    }

    /// SQLite only: runs a multi-row VALUES statement, binding `org` before each row
    /// of `width` cells.
    pub async fn execute_sqlite_cells(
        &mut self,
        sql: &str,
        org: &str,
        cells: &[Param<'_>],
        width: usize,
    ) -> Result<u64> {
        let DbTx::Sqlite(tx, _) = self else {
            return Err(StoreError::Corrupt("a SQLite statement on PostgreSQL".into()));
        };
        let mut query = sqlx::query(sql);
        for row in cells.chunks(width) {
            query = query.bind(org);
            for cell in row {
                query = bind_sqlite(query, *cell);
            }
        }
        Ok(query.execute(&mut **tx).await?.rows_affected())
    }

    /// PostgreSQL only: a statement with no SQLite twin (see `Bulk::postgres_upsert`).
    pub async fn execute_postgres(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        let DbTx::Postgres(tx) = self else {
            return Err(StoreError::Corrupt("a PostgreSQL statement on SQLite".into()));
        };
        Ok(pg_query(sql, params).execute(&mut **tx).await?.rows_affected())
    }

    /// PostgreSQL only: streams `data` (COPY text format) into `statement`
    /// (`copy TABLE (COLUMNS) from stdin`), the fastest way in for new rows.
    pub async fn copy_in_postgres(&mut self, statement: &str, data: &[u8]) -> Result<u64> {
        let DbTx::Postgres(tx) = self else {
            return Err(StoreError::Corrupt("a PostgreSQL COPY on SQLite".into()));
        };
        let mut copy = tx.copy_in_raw(statement).await?;
        // Sent in slices so no single protocol message grows past a few megabytes.
        for part in data.chunks(4 << 20) {
            copy.send(part).await?;
        }
        Ok(copy.finish().await?)
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            DbTx::Sqlite(tx, _) => tx.commit().await?,
            DbTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}
