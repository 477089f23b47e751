//! An org's policy changed through the API, with its history (CONTRACT §10).

use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::org::policy::stored_policy;
use crate::org::OrgPolicy;
use crate::store::db::row::member_id;
use crate::store::db::{Db, Param, RowReader, Sql};
use crate::store::error::{Result, StoreError};
use crate::store::org::sql::{ORG_POLICY, SET_ORG_POLICY};

pub const INSERT_POLICY_CHANGE: Sql =
    Sql::same("insert into policy_history (org_id, at, actor_id, changes, before) values ($1, $2, $3, $4, $5)");
pub const POLICY_HISTORY: Sql =
    Sql::same("select at, actor_id, changes, before from policy_history where org_id = $1 order by at, actor_id");

/// The org's policy (§10); the defaults for an org not stored.
pub async fn org_policy(db: &Db, org: &OrgId) -> Result<OrgPolicy> {
    match db.fetch(ORG_POLICY, &[Param::Text(org.as_str())]).await?.first() {
        Some(row) => stored_policy(&row.text("policy")?).map_err(|e| StoreError::Corrupt(e.to_string())),
        None => Ok(OrgPolicy::default()),
    }
}

/// One change of the policy: who sent which keys, and the whole policy before.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyChange {
    pub at: DateTime<Utc>,
    pub actor: MemberId,
    pub changes: serde_json::Value,
    pub before: serde_json::Value,
}

/// Stores `policy` and its history entry in one transaction.
pub async fn set_policy(db: &Db, org: &OrgId, policy: &OrgPolicy, change: &PolicyChange) -> Result<()> {
    let mut tx = db.begin().await?;
    let text = policy.to_json().to_string();
    tx.execute(SET_ORG_POLICY, &[Param::Text(org.as_str()), Param::Text(&text)]).await?;
    let (changes, before) = (change.changes.to_string(), change.before.to_string());
    let params = [
        Param::Text(org.as_str()),
        Param::Instant(change.at),
        Param::Text(change.actor.as_str()),
        Param::Text(&changes),
        Param::Text(&before),
    ];
    tx.execute(INSERT_POLICY_CHANGE, &params).await?;
    tx.commit().await
}

pub async fn policy_history(db: &Db, org: &OrgId) -> Result<Vec<PolicyChange>> {
    let json =
        |text: String| serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("policy history: {e}")));
    let mut out = Vec::new();
    for row in db.fetch(POLICY_HISTORY, &[Param::Text(org.as_str())]).await? {
        out.push(PolicyChange {
            at: row.instant("at")?,
            actor: member_id(row.text("actor_id")?)?,
            changes: json(row.text("changes")?)?,
            before: json(row.text("before")?)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) const ALL: &[Sql] = &[INSERT_POLICY_CHANGE, POLICY_HISTORY];
