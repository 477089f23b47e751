//! Storage, with a SQLite and a PostgreSQL backend that pass the same test suite (every
//! test under tests/ runs on both). One folder per area (org, goals, reminders, hris),
//! each with its statements, its writes and the small trait its consumers see; `db`
//! holds the plumbing they share.

pub(crate) mod db;
mod error;
pub mod goals;
pub(crate) mod hris;
pub(crate) mod manager_digests;
mod metrics;
pub(crate) mod notify;
pub(crate) mod org;
pub(crate) mod reminders;
pub(crate) mod reports;
pub(crate) mod scim;
mod sql_store;
mod types;

use std::sync::Arc;

use crate::store::db::Db;

pub use db::postgres::CONNECT_TIMEOUT;
pub use error::{Result, StoreError};
pub use goals::api_keys::ApiKeyStore;
pub use goals::categories::{CategorySaved, CategoryStore};
pub use goals::social::{CommentChange, SocialStore};
pub use goals::GoalStore;
pub use hris::{ApplyReport, HrisStore, InboxStore, ReceiveReport, WaitingEvent};
pub use manager_digests::{ManagerDigestRow, ManagerDigestStore};
pub use metrics::{MetricsStore, PoolStats, QueueMetrics, QueueState};
pub use notify::{BatchItem, BatchKey, ClaimedBatch, NewNotification, NotifyStore, Recorded};
pub use org::OrgStore;
pub use reminders::{DeliveryStore, EvaluationStore, OutboxStore, SuppressionStore};
pub use reports::ReportStore;
pub use scim::{CommitOutcome, ScimCommit, ScimStore, ScimTokenInfo, StoredResource};
pub use sql_store::SqlStore;
pub use types::{GoalAccessContext, ImportSummary, OrgSnapshot};

/// Every part of the store, for wiring: `open` gives one `Arc<dyn Store>`, and each
/// consumer takes the part it uses (`&dyn DeliveryStore`, ...), by upcasting.
pub trait Store:
    OrgStore
    + GoalStore
    + SocialStore
    + CategoryStore
    + ApiKeyStore
    + EvaluationStore
    + DeliveryStore
    + OutboxStore
    + SuppressionStore
    + InboxStore
    + HrisStore
    + MetricsStore
    + ReportStore
    + ScimStore
    + NotifyStore
    + ManagerDigestStore
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: OrgStore
        + GoalStore
        + SocialStore
        + SocialStore
        + CategoryStore
        + ApiKeyStore
        + EvaluationStore
        + DeliveryStore
        + OutboxStore
        + SuppressionStore
        + InboxStore
        + HrisStore
        + MetricsStore
        + ReportStore
        + ScimStore
        + NotifyStore
        + ManagerDigestStore
        + Send
        + Sync
{
}

/// Opens (creating a SQLite file if needed) and migrates the database at `url`.
pub async fn open(url: &str, max_connections: u32) -> Result<Arc<dyn Store>> {
    open_with(url, max_connections, true).await
}

/// Opens and migrates the database at `url`, which must exist: a SQLite path that names
/// no file is `StoreError::MissingDatabase`, not a new empty database.
pub async fn open_existing(url: &str, max_connections: u32) -> Result<Arc<dyn Store>> {
    open_with(url, max_connections, false).await
}

async fn open_with(url: &str, max_connections: u32, create: bool) -> Result<Arc<dyn Store>> {
    let db = if url.starts_with("sqlite:") {
        Db::open_sqlite(url, max_connections, create).await?
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Db::open_postgres(url, max_connections).await?
    } else {
        return Err(StoreError::UnsupportedUrl(url.to_owned()));
    };
    goals::tree_keys::number_unnumbered(&db).await?;
    Ok(Arc::new(SqlStore { db }))
}

#[cfg(test)]
#[path = "statements_tests.rs"]
mod statements_tests;
