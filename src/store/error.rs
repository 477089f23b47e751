//! What can go wrong in the store.

use crate::import::ImportError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Only `goald migrate`, `import` and `serve` create a SQLite file.
    #[error("the SQLite database {} does not exist (check the path, or create it with `goald migrate`)", .0.display())]
    MissingDatabase(std::path::PathBuf),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    /// The server did not answer at all (a refused connection is a `Database` error
    /// naming it).
    #[error("the database server is unreachable: {0}")]
    Unreachable(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A unique id taken, or a row changed since it was read.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
}

impl StoreError {
    /// A database that cannot be reached now but may be soon (the server is down,
    /// starting, or full): worth waiting for, unlike a bad URL, password or schema.
    pub fn is_unreachable(&self) -> bool {
        match self {
            StoreError::Unreachable(_) => true,
            StoreError::Database(e) => transient(e),
            StoreError::Migration(sqlx::migrate::MigrateError::Execute(e)) => transient(e),
            _ => false,
        }
    }
}

fn transient(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut => true,
        // cannot_connect_now (starting up, shutting down), too_many_connections.
        sqlx::Error::Database(e) => matches!(e.code().as_deref(), Some("57P03" | "53300")),
        _ => false,
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
