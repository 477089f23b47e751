//! Storage, with a SQLite and a PostgreSQL backend that pass the same test suite (every
//! test under tests/ runs on both). One folder per area (org, goals, reminders, hris),
//! each with its statements, its writes and the small trait its consumers see; `db`
//! holds the plumbing they share.

pub(crate) mod db;
pub mod goals;
pub(crate) mod hris;
mod metrics;
pub(crate) mod org;
pub(crate) mod reminders;

use std::sync::Arc;

use crate::goals::Goal;
use crate::import::ImportError;
use crate::org::{Member, Org, PartialOrg, Team};
use crate::store::db::{postgres, Db};

pub use goals::api_keys::ApiKeyStore;
pub use goals::GoalStore;
pub use hris::{ApplyReport, HrisStore, InboxStore, ReceiveReport, WaitingEvent};
pub use metrics::{MetricsStore, QueueMetrics};
pub use org::OrgStore;
pub use reminders::{DeliveryStore, EvaluationStore, OutboxStore};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A unique id taken, or a row changed since it was read.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub members: usize,
    pub teams: usize,
    pub goals: usize,
    pub updates: usize,
}

/// A whole org as stored: what the pure rules need to answer any question about it.
#[derive(Debug, Clone)]
pub struct OrgSnapshot {
    pub org: Org,
    pub members: Vec<Member>,
    pub teams: Vec<Team>,
    /// With measurements and progress updates, sorted by id.
    pub goals: Vec<Goal>,
}

/// One goal and the part of its org that decides who may do what with it.
#[derive(Debug, Clone)]
pub struct GoalAccessContext {
    pub goal: Goal,
    pub org: PartialOrg,
}

/// Every part of the store, for wiring: `open` gives one `Arc<dyn Store>`, and each
/// consumer takes the part it uses (`&dyn DeliveryStore`, ...), by upcasting.
pub trait Store:
    OrgStore
    + GoalStore
    + ApiKeyStore
    + EvaluationStore
    + DeliveryStore
    + OutboxStore
    + InboxStore
    + HrisStore
    + MetricsStore
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: OrgStore
        + GoalStore
        + ApiKeyStore
        + EvaluationStore
        + DeliveryStore
        + OutboxStore
        + InboxStore
        + HrisStore
        + MetricsStore
        + Send
        + Sync
{
}

/// The store on either backend; `Db` dispatches to SQLite or PostgreSQL.
pub struct SqlStore {
    db: Db,
}

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn open(url: &str, max_connections: u32) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqlStore { db: Db::open_sqlite(url, max_connections).await? }))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(SqlStore { db: Db::Postgres(postgres::connect(url, max_connections).await?) }))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

#[cfg(test)]
#[path = "statements_tests.rs"]
mod statements_tests;
