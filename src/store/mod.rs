//! Storage behind one interface, with a SQLite and a PostgreSQL implementation that
//! pass the same test suite (every test under tests/ runs on both).

mod bulk;
mod cells;
mod db;
mod decode;
mod evaluate;
mod explore;
mod goal_sql;
pub mod goal_types;
mod goal_write;
pub mod goals_api;
pub mod hris;
mod hris_apply;
mod hris_sql;
mod import_write;
pub(crate) mod line_keys;
pub mod metrics;
mod postgres;
mod queries;
mod read;
mod reminder_sql;
mod reminder_types;
pub mod reminders;
mod rollup_write;
mod rows;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

use crate::core::ids::{GoalId, MemberId, OrgId};
use crate::goals::Goal;
use crate::import::format::ImportFile;
use crate::import::ImportError;
use crate::org::{Member, Org, PartialOrg, Team};

use db::Db;

pub use goals_api::GoalStore;
pub use hris::HrisStore;
pub use reminders::ReminderStore;

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

#[async_trait]
pub trait Store:
    reminders::ReminderStore + hris::HrisStore + metrics::MetricsStore + goals_api::GoalStore + Send + Sync
{
    /// Validates `file` against what is stored and writes it in one transaction;
    /// on any error nothing is written.
    async fn import(&self, file: ImportFile) -> Result<ImportSummary>;
    async fn org(&self, org: &OrgId) -> Result<Option<Org>>;
    async fn member(&self, org: &OrgId, member: &MemberId) -> Result<Option<Member>>;
    /// The goals `member` sees (CONTRACT §3), sorted; empty for an unknown member.
    async fn visible_goal_ids(&self, org: &OrgId, member: &MemberId) -> Result<Vec<GoalId>>;
    /// The goal (with contributors and measurements) and its direct children, whose
    /// stored progress is kept current by every write.
    async fn goal_with_children(&self, org: &OrgId, goal: &GoalId) -> Result<Option<(Goal, Vec<Goal>)>>;
    /// The goal with the viewer's and the involved members' facts and reporting lines.
    async fn goal_access(&self, org: &OrgId, member: &MemberId, goal: &GoalId) -> Result<Option<GoalAccessContext>>;
    async fn snapshot(&self, org: &OrgId) -> Result<Option<OrgSnapshot>>;
}

/// The store on either backend; `Db` dispatches to SQLite or PostgreSQL.
pub struct SqlStore {
    db: Db,
}

impl SqlStore {
    pub fn backend(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }
}

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn open(url: &str, max_connections: u32) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqlStore { db: Db::Sqlite(sqlite::connect(url, max_connections).await?) }))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(SqlStore { db: Db::Postgres(postgres::connect(url, max_connections).await?) }))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

/// Turns `$1`-style placeholders into SQLite's `?1`, so a query both backends share
/// is written once.
pub(crate) fn sqlite_placeholders(sql: &str) -> String {
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
