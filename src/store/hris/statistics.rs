//! Fresh planner statistics while org changes stream in (PostgreSQL). An org built by
//! events, as an identity provider's initial sync builds it, grows from nothing: plans made
//! from the statistics of nearly empty tables scan where they should probe, and a
//! reporting-line move of 4,000 people took 16 s until autovacuum happened to analyze.
//! Every `EVERY` events applied in this process, the tables the org-change statements
//! read are analyzed (off the event lock: ANALYZE blocks no reader or writer).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::store::db::{Db, PgOnly};
use crate::store::error::Result;

/// About 0.1 s of ANALYZE per this many events at 100,000 members.
const EVERY: u64 = 5_000;

const ANALYZE_ORG_CHANGE_TABLES: PgOnly = PgOnly("analyze members, member_reach, reporting_lines, team_members");

static APPLIED: AtomicU64 = AtomicU64::new(0);

/// Called after a pass applied `applied` events.
pub(super) async fn after_applied(db: &Db, applied: u64) -> Result<()> {
    let before = APPLIED.fetch_add(applied, Ordering::Relaxed);
    if crosses_a_multiple(before, applied) {
        db.execute_pg_only(ANALYZE_ORG_CHANGE_TABLES, &[]).await?;
    }
    Ok(())
}

/// Whether counting `applied` more from `before` passes a multiple of `EVERY`.
fn crosses_a_multiple(before: u64, applied: u64) -> bool {
    before / EVERY != (before + applied) / EVERY
}

#[cfg(test)]
pub(crate) const PG_ONLY: &[PgOnly] = &[ANALYZE_ORG_CHANGE_TABLES];

#[cfg(test)]
mod tests {
    use super::{crosses_a_multiple, EVERY};

    #[test]
    fn analyzes_once_per_multiple_passed() {
        assert!(!crosses_a_multiple(0, EVERY - 1));
        assert!(crosses_a_multiple(EVERY - 1, 1));
        assert!(!crosses_a_multiple(EVERY, EVERY - 1));
        assert!(crosses_a_multiple(3 * EVERY - 10, 64));
        let passes = (0..3 * EVERY).filter(|&n| crosses_a_multiple(n, 1)).count();
        assert_eq!(passes, 3);
    }
}
