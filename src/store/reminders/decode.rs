//! Reminder rows as their types: weeks, reasons, claimed digests.

use crate::org::parse_time_zone;
use crate::reminders::types::{ClaimedDigest, DigestGoalRow, DigestKey, Recipient};
use crate::reminders::{Reason, Week};
use crate::store::db::row::{goal_id, member_id, org_id, parsed};
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

/// A row of `DIGEST_GOALS_STILL_DUE` or `render_due_goals`.
pub fn digest_goal(row: &DbRow) -> Result<DigestGoalRow> {
    Ok(DigestGoalRow {
        id: goal_id(row.text("goal_id")?)?,
        title: row.text("title")?,
        goal_type: parsed("goal_type", row.text("goal_type")?.parse())?,
        parent_title: row.opt_text("parent_title")?,
        progress: row.real("progress")?,
        start_date: row.date("start_date")?,
        end_date: row.date("end_date")?,
        reasons: reasons(&row.text("reasons")?)?,
        last_activity_at: row.opt_instant("last_activity_at")?,
        published_at: row.opt_instant("published_at")?,
    })
}

/// A row of `DIGEST_RECIPIENT` or `BATCH_RECIPIENTS`.
pub fn recipient_row(row: &DbRow) -> Result<Recipient> {
    Ok(Recipient {
        name: row.text("name")?,
        email: row.opt_text("email")?.filter(|email| !email.trim().is_empty()),
        locale: row.text("locale")?.parse().map_err(corrupt("locale"))?,
        active: row.flag("active")?,
        opted_out: row.flag("opted_out")?,
        suppressed: row.opt_text("suppressed")?,
        org_name: row.text("org_name")?,
        org_timezone: parse_time_zone(&row.text("org_timezone")?).map_err(corrupt("time zone"))?,
    })
}
