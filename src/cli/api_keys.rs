//! `goald api-key create|list|revoke`: the keys the goals API takes. A key is shown once;
//! only its SHA-256 is stored.

use base64::Engine;
use rand::RngCore;

use crate::cli::common::{org, Common};
use crate::cli::output::print_json;

/// `gk_` and 32 random bytes, base64url: unguessable, and safe in a header.
fn new_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("gk_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub async fn api_key_create(common: &Common, org_id: &str, name: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let key = new_key();
    let id = store.add_api_key(&org.id, name, &key, common.clock.now()).await?;
    tracing::info!(org = org.id.as_str(), key_id = id.as_str(), "API key created");
    if common.json {
        return print_json(&serde_json::json!({"id": id, "org": org.id.as_str(), "name": name, "key": key}));
    }
    say!("{key}");
    say!("(key id {id}; this is the only time the key is shown)");
    Ok(())
}

pub async fn api_key_list(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let keys = store.api_keys(&org.id).await?;
    if common.json {
        let keys: Vec<_> = keys
            .iter()
            .map(|k| serde_json::json!({"id": k.id, "name": k.name, "created_at": k.created_at, "revoked_at": k.revoked_at}))
            .collect();
        return print_json(&serde_json::json!({"keys": keys}));
    }
    for k in keys {
        let revoked = k.revoked_at.map(|at| format!(", revoked {at}")).unwrap_or_default();
        say!("{}  {}  created {}{revoked}", k.id, k.name, k.created_at);
    }
    Ok(())
}

pub async fn api_key_revoke(common: &Common, org_id: &str, id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let revoked = store.revoke_api_key(&org.id, id, common.clock.now()).await?;
    if common.json {
        return print_json(&serde_json::json!({"id": id, "revoked": revoked}));
    }
    if !revoked {
        anyhow::bail!("org {} has no active API key {id}", org.id);
    }
    say!("API key {id} revoked");
    Ok(())
}
