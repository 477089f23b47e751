//! The suppression list: addresses a server refused for good. A suppression is keyed by
//! member and the address refused, and applies only while the member's email is still
//! that address: an email change through any door (import, HRIS, SCIM, API) lifts it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::reminders::types::Suppression;
use crate::store::db::{Param, RowReader};
use crate::store::error::Result;
use crate::store::reminders::batch_sql::{IS_SUPPRESSED, REMOVE_SUPPRESSION, SUPPRESS, SUPPRESSIONS};
use crate::store::reminders::SuppressionStore;
use crate::store::sql_store::SqlStore;

#[async_trait]
impl SuppressionStore for SqlStore {
    async fn suppress(
        &self,
        (org, member): (&OrgId, &MemberId),
        email: &str,
        (reason, reply): (&str, &str),
        at: DateTime<Utc>,
    ) -> Result<()> {
        let params = [
            Param::Text(org.as_str()),
            Param::Text(member.as_str()),
            Param::Text(email),
            Param::Text(reason),
            Param::Text(reply),
            Param::Instant(at),
        ];
        self.db.execute(SUPPRESS, &params).await.map(drop)
    }

    async fn is_suppressed(&self, org: &OrgId, member: &MemberId) -> Result<Option<String>> {
        let rows = self.db.fetch(IS_SUPPRESSED, &[Param::Text(org.as_str()), Param::Text(member.as_str())]).await?;
        Ok(match rows.first() {
            Some(row) => row.opt_text("suppressed")?,
            None => None,
        })
    }

    async fn suppressions(&self, org: &OrgId) -> Result<Vec<Suppression>> {
        let rows = self.db.fetch(SUPPRESSIONS, &[Param::Text(org.as_str())]).await?;
        rows.iter()
            .map(|row| {
                let email = row.text("email")?;
                Ok(Suppression {
                    member: row.text("member_id")?,
                    in_force: row.opt_text("current_email")?.as_deref() == Some(email.as_str()),
                    email,
                    reason: row.text("reason")?,
                    reply: row.text("reply")?,
                    suppressed_at: row.instant("suppressed_at")?,
                })
            })
            .collect()
    }

    async fn remove_suppression(&self, org: &OrgId, member_or_email: &str) -> Result<u64> {
        self.db.execute(REMOVE_SUPPRESSION, &[Param::Text(org.as_str()), Param::Text(member_or_email)]).await
    }
}
