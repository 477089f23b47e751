//! The one implementation of every store trait.

use crate::store::db::Db;

/// The store on either backend; `Db` dispatches to SQLite or PostgreSQL.
pub struct SqlStore {
    pub(super) db: Db,
}
