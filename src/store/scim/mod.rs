//! The SCIM area (docs/scim.md): bearer tokens (hashed), and each resource as SCIM last
//! stored it. A SCIM write commits its resource row and its CONTRACT §6 events in one
//! transaction, so the client is told yes only once the change is in the inbox; the
//! inbox applies the events like any HRIS event (store/hris/apply.rs).

mod commit;
mod people;
pub(crate) mod sql;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::hris::Event;
use crate::org::{Member, Team};
use crate::scim::Kind;
use crate::store::db::{Param, RowReader};
use crate::store::error::{Result, StoreError};
use crate::store::scim::sql::{INSERT_TOKEN, ORG_TOKENS, RESOURCE, RESOURCES, REVOKE_TOKEN, TOKENS, UNKNOWN_TO_SCIM};
use crate::store::sql_store::SqlStore;

/// A resource row.
#[derive(Debug, Clone)]
pub struct StoredResource {
    pub id: String,
    pub external_id: Option<String>,
    /// The stored form (scim/validate.rs), without id and meta.
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
    pub version: i64,
    pub deleted: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ScimTokenInfo {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One SCIM write: the resource's new row (None: deleted) and its events.
#[derive(Debug, Clone)]
pub struct ScimCommit {
    pub kind: Kind,
    pub id: String,
    /// The version read before the change; 0 when no row was stored.
    pub expected_version: i64,
    pub doc: Option<serde_json::Value>,
    pub external_id: Option<String>,
    /// A User's userName, lower-cased: refused when another resource holds it.
    pub user_name: Option<String>,
    pub events: Vec<Event>,
    /// (member, new manager): refused when it would close a reporting cycle.
    pub manager_move: Option<(MemberId, MemberId)>,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitOutcome {
    Stored {
        version: i64,
    },
    /// Someone changed the resource since it was read.
    VersionChanged,
    UserNameTaken,
    WouldCycle,
}

#[async_trait]
pub trait ScimStore: Send + Sync {
    /// None for an org that does not exist, else the hashes of its live tokens.
    async fn scim_token_hashes(&self, org: &OrgId) -> Result<Option<Vec<String>>>;
    async fn add_scim_token(&self, org: &OrgId, id: &str, hash: &str, now: DateTime<Utc>) -> Result<()>;
    async fn scim_tokens(&self, org: &OrgId) -> Result<Vec<ScimTokenInfo>>;
    /// False when the org has no such live token.
    async fn revoke_scim_token(&self, org: &OrgId, id: &str, now: DateTime<Utc>) -> Result<bool>;
    /// The row, deleted or not.
    async fn scim_resource(&self, org: &OrgId, kind: Kind, id: &str) -> Result<Option<StoredResource>>;
    /// Every row of the kind, deleted or not, oldest first.
    async fn scim_resources(&self, org: &OrgId, kind: Kind) -> Result<Vec<StoredResource>>;
    async fn scim_commit(&self, org: &OrgId, commit: &ScimCommit) -> Result<CommitOutcome>;
    /// Active members without a live SCIM User.
    async fn members_unknown_to_scim(&self, org: &OrgId) -> Result<Vec<String>>;
    /// Every member of the org, by id.
    async fn org_members(&self, org: &OrgId) -> Result<Vec<Member>>;
    /// Every team of the org with its members, by id.
    async fn org_teams(&self, org: &OrgId) -> Result<Vec<Team>>;
}

fn kind_text(kind: Kind) -> &'static str {
    kind.resource_type()
}

fn resource(row: &crate::store::db::DbRow) -> Result<StoredResource> {
    let doc =
        serde_json::from_str(&row.text("doc")?).map_err(|e| StoreError::Corrupt(format!("SCIM resource: {e}")))?;
    Ok(StoredResource {
        id: row.text("id")?,
        external_id: row.opt_text("external_id")?,
        doc,
        created_at: row.instant("created_at")?,
        modified_at: row.instant("modified_at")?,
        version: row.int("version")?,
        deleted: row.opt_instant("deleted_at")?.is_some(),
    })
}

#[async_trait]
impl ScimStore for SqlStore {
    async fn scim_token_hashes(&self, org: &OrgId) -> Result<Option<Vec<String>>> {
        let rows = self.db.fetch(ORG_TOKENS, &[Param::Text(org.as_str())]).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(rows.iter().filter_map(|row| row.opt_text("token_hash").transpose()).collect::<Result<_>>()?))
    }

    async fn add_scim_token(&self, org: &OrgId, id: &str, hash: &str, now: DateTime<Utc>) -> Result<()> {
        let params = [Param::Text(id), Param::Text(org.as_str()), Param::Text(hash), Param::Instant(now)];
        self.db.execute(INSERT_TOKEN, &params).await?;
        Ok(())
    }

    async fn scim_tokens(&self, org: &OrgId) -> Result<Vec<ScimTokenInfo>> {
        let rows = self.db.fetch(TOKENS, &[Param::Text(org.as_str())]).await?;
        rows.iter()
            .map(|row| {
                Ok(ScimTokenInfo {
                    id: row.text("id")?,
                    created_at: row.instant("created_at")?,
                    revoked_at: row.opt_instant("revoked_at")?,
                })
            })
            .collect()
    }

    async fn revoke_scim_token(&self, org: &OrgId, id: &str, now: DateTime<Utc>) -> Result<bool> {
        let params = [Param::Text(org.as_str()), Param::Text(id), Param::Instant(now)];
        Ok(self.db.execute(REVOKE_TOKEN, &params).await? > 0)
    }

    async fn scim_resource(&self, org: &OrgId, kind: Kind, id: &str) -> Result<Option<StoredResource>> {
        let params = [Param::Text(org.as_str()), Param::Text(kind_text(kind)), Param::Text(id)];
        self.db.fetch(RESOURCE, &params).await?.first().map(resource).transpose()
    }

    async fn scim_resources(&self, org: &OrgId, kind: Kind) -> Result<Vec<StoredResource>> {
        let params = [Param::Text(org.as_str()), Param::Text(kind_text(kind))];
        self.db.fetch(RESOURCES, &params).await?.iter().map(resource).collect()
    }

    async fn scim_commit(&self, org: &OrgId, commit: &ScimCommit) -> Result<CommitOutcome> {
        commit::commit(&self.db, org, commit).await
    }

    async fn members_unknown_to_scim(&self, org: &OrgId) -> Result<Vec<String>> {
        let rows = self.db.fetch(UNKNOWN_TO_SCIM, &[Param::Text(org.as_str())]).await?;
        rows.iter().map(|row| row.text("id")).collect()
    }

    async fn org_members(&self, org: &OrgId) -> Result<Vec<Member>> {
        people::members(&self.db, org).await
    }

    async fn org_teams(&self, org: &OrgId) -> Result<Vec<Team>> {
        people::teams(&self.db, org).await
    }
}
