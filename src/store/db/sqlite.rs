//! The embedded backend: one SQLite file, WAL journal, migrations from migrations/sqlite.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::store::{Result, StoreError};

/// Page cache of every connection, in KiB.
pub const CACHE_KIB: u32 = 65_536;
/// Page cache while a bulk import writes, in KiB.
pub const BULK_CACHE_KIB: u32 = 1_048_576;

pub async fn connect(url: &str, max_connections: u32) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL with NORMAL survives a process crash; only a power loss may drop the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        // The schema has no foreign keys (see the migration); nothing to enforce.
        .foreign_keys(false)
        .pragma("cache_size", format!("-{CACHE_KIB}"))
        .pragma("temp_store", "memory");
    if let Some(parent) = Path::new(options.get_filename()).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Corrupt(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    let pool = SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(options).await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}
