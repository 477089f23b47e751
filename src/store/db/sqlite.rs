//! The embedded backend: one SQLite file, WAL journal, migrations from migrations/sqlite.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::store::error::{Result, StoreError};

/// Page cache of every connection, in KiB.
pub const CACHE_KIB: u32 = 65_536;
/// Page cache while a bulk import writes, in KiB.
pub const BULK_CACHE_KIB: u32 = 1_048_576;

/// Connects to and migrates the database at `url`. Only `create` makes a missing file
/// (and its folder): otherwise a typo'd path would quietly become an empty database.
pub async fn connect(url: &str, max_connections: u32, create: bool) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL with NORMAL survives a process crash; only a power loss may drop the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        // The schema has no foreign keys (see the migration); nothing to enforce.
        .foreign_keys(false)
        .pragma("cache_size", format!("-{CACHE_KIB}"))
        .pragma("temp_store", "memory");
    let file = options.get_filename();
    if !create && !in_memory(url) && !file.exists() {
        return Err(StoreError::MissingDatabase(file.to_path_buf()));
    }
    if let Some(parent) = Path::new(file).parent() {
        if create && !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Corrupt(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    let pool = SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(options).await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// `sqlite::memory:` and `?mode=memory` name no file on disk.
fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// SQLite takes one writer at a time. Writers of this process queue on their database's
/// turn instead of in SQLite's busy handler, which sleeps in steps of milliseconds: with
/// a dozen concurrent senders marking digests, those sleeps, not the work, set the pace.
/// One turn per database file, so two stores on the same file share it and stores on
/// different files do not wait for each other.
pub fn writer_turn(pool: &SqlitePool) -> Arc<tokio::sync::Mutex<()>> {
    static TURNS: LazyLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> = LazyLock::new(Mutex::default);
    let options = pool.connect_options();
    let file = options.get_filename();
    let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let mut turns = TURNS.lock().unwrap_or_else(PoisonError::into_inner);
    turns.entry(file).or_default().clone()
}
