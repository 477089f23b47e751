//! Reminder rows as their types: weeks, reasons, claimed digests.

use crate::reminders::types::{ClaimedDigest, DigestKey};
use crate::reminders::{Reason, Week};
use crate::store::db::row::{member_id, org_id};
use crate::store::db::{DbRow, RowReader};
use crate::store::error::{Result, StoreError};

pub fn week(text: &str) -> Result<Week> {
    text.parse().map_err(|e| StoreError::Corrupt(format!("week: {e}")))
}

pub fn reasons(text: &str) -> Result<Vec<Reason>> {
    text.split_whitespace().map(|r| r.parse().map_err(|e| StoreError::Corrupt(format!("reason: {e}")))).collect()
}

pub fn corrupt<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

pub fn claimed(row: &DbRow) -> Result<ClaimedDigest> {
    Ok(ClaimedDigest {
        key: DigestKey {
            org: org_id(row.text("org_id")?)?,
            owner: member_id(row.text("owner_id")?)?,
            week: week(&row.text("week")?)?,
        },
        evaluated_at: row.instant("evaluated_at")?,
        attempts: u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX),
        unsubscribe_token: row.text("unsubscribe_token")?,
    })
}
