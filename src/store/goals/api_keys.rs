//! API keys: stored as their SHA-256, each naming the org it opens.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::core::ids::OrgId;
use crate::store::db::row::org_id;
use crate::store::db::{Param, RowReader, Sql};
use crate::store::error::Result;
use crate::store::goals::types::ApiKeyInfo;
use crate::store::sql_store::SqlStore;

const INSERT_API_KEY: Sql =
    Sql::same("insert into api_keys (id, org_id, name, key_hash, created_at) values ($1, $2, $3, $4, $5)");
const API_KEY_ORG: Sql = Sql::same("select org_id from api_keys where key_hash = $1 and revoked_at is null");
const API_KEYS: Sql = Sql::same(
    "select id, org_id, name, created_at, revoked_at from api_keys where org_id = $1 order by created_at, id",
);
const REVOKE_API_KEY: Sql =
    Sql::same("update api_keys set revoked_at = $3 where org_id = $1 and id = $2 and revoked_at is null");

/// What the API's authentication and the `api-keys` commands use.
#[async_trait]
pub trait ApiKeyStore: Send + Sync {
    /// Stores the SHA-256 of `key` under a new key id, which it returns.
    async fn add_api_key(&self, org: &OrgId, name: &str, key: &str, now: DateTime<Utc>) -> Result<String>;
    async fn api_keys(&self, org: &OrgId) -> Result<Vec<ApiKeyInfo>>;
    /// False when there is no such unrevoked key.
    async fn revoke_api_key(&self, org: &OrgId, id: &str, now: DateTime<Utc>) -> Result<bool>;
    /// The org whose unrevoked key this is.
    async fn api_key_org(&self, key: &str) -> Result<Option<OrgId>>;
}

fn key_hash(key: &str) -> String {
    Sha256::digest(key.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[async_trait]
impl ApiKeyStore for SqlStore {
    async fn add_api_key(&self, org: &OrgId, name: &str, key: &str, now: DateTime<Utc>) -> Result<String> {
        let hash = key_hash(key);
        let id = format!("key_{}", &hash[..12]);
        let params =
            [Param::Text(&id), Param::Text(org.as_str()), Param::Text(name), Param::Text(&hash), Param::Instant(now)];
        self.db.execute(INSERT_API_KEY, &params).await?;
        Ok(id)
    }

    async fn api_keys(&self, org: &OrgId) -> Result<Vec<ApiKeyInfo>> {
        let rows = self.db.fetch(API_KEYS, &[Param::Text(org.as_str())]).await?;
        rows.iter()
            .map(|row| {
                Ok(ApiKeyInfo {
                    id: row.text("id")?,
                    org: org_id(row.text("org_id")?)?,
                    name: row.text("name")?,
                    created_at: row.instant("created_at")?,
                    revoked_at: row.opt_instant("revoked_at")?,
                })
            })
            .collect()
    }

    async fn revoke_api_key(&self, org: &OrgId, id: &str, now: DateTime<Utc>) -> Result<bool> {
        let params = [Param::Text(org.as_str()), Param::Text(id), Param::Instant(now)];
        Ok(self.db.execute(REVOKE_API_KEY, &params).await? > 0)
    }

    async fn api_key_org(&self, key: &str) -> Result<Option<OrgId>> {
        let hash = key_hash(key);
        let rows = self.db.fetch(API_KEY_ORG, &[Param::Text(&hash)]).await?;
        rows.first().map(|row| org_id(row.text("org_id")?)).transpose()
    }
}

/// Every statement above, for the test that prepares each on both backends
/// (store/statements_tests.rs).
#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[INSERT_API_KEY, API_KEY_ORG, API_KEYS, REVOKE_API_KEY];
