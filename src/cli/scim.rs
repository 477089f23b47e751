//! `goald scim token create|list|revoke` and `goald scim reconcile` (docs/scim.md). A
//! token is printed once; only its SHA-256 is stored.

use base64::Engine;
use clap::Subcommand;
use rand::RngCore;

use crate::cli::common::{org, Common};
use crate::cli::output::print_json;
use crate::hris::parse_events;
use crate::scim::events::EventBatch;
use crate::scim::token::token_hash;

#[derive(Subcommand)]
pub enum ScimCommand {
    /// The org's SCIM bearer tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The active members SCIM does not know (never provisioned, or deleted there);
    /// with --apply, deactivates them through the HRIS inbox.
    Reconcile {
        /// The org to reconcile.
        #[arg(long)]
        org: String,
        /// Deactivate the members reported (else only report them).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token for ORG and print it (the only time it is shown).
    Create {
        /// The org the token provisions.
        #[arg(long)]
        org: String,
    },
    /// The org's tokens (never the tokens themselves).
    List {
        /// The org whose tokens to list.
        #[arg(long)]
        org: String,
    },
    /// Refuse the token with this id from now on.
    Revoke {
        /// The org of the token.
        #[arg(long)]
        org: String,
        /// The token's id (from `goald scim token list`).
        id: String,
    },
}

/// `scim_` and 32 random bytes, base64url: unguessable, and safe in a header.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("scim_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub async fn run(common: &Common, command: ScimCommand) -> anyhow::Result<()> {
    match command {
        ScimCommand::Token(TokenCommand::Create { org }) => create(common, &org).await,
        ScimCommand::Token(TokenCommand::List { org }) => list(common, &org).await,
        ScimCommand::Token(TokenCommand::Revoke { org, id }) => revoke(common, &org, &id).await,
        ScimCommand::Reconcile { org, apply } => reconcile(common, &org, apply).await,
    }
}

async fn create(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let token = new_token();
    let hash = token_hash(&token);
    let id = format!("scimtok_{}", &token_hash(&hash)[..12]);
    store.add_scim_token(&org.id, &id, &hash, common.clock.now()).await?;
    tracing::info!(org = org.id.as_str(), token_id = id.as_str(), "SCIM token created");
    if common.json {
        return print_json(&serde_json::json!({"id": id, "org": org.id.as_str(), "token": token}));
    }
    say!("{token}");
    say!("(token id {id}; this is the only time the token is shown)");
    Ok(())
}

async fn list(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let tokens = store.scim_tokens(&org.id).await?;
    if common.json {
        return print_json(&serde_json::json!({"tokens": tokens}));
    }
    for t in tokens {
        let revoked = t.revoked_at.map(|at| format!(", revoked {at}")).unwrap_or_default();
        say!("{}  created {}{revoked}", t.id, t.created_at);
    }
    Ok(())
}

async fn revoke(common: &Common, org_id: &str, id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let revoked = store.revoke_scim_token(&org.id, id, common.clock.now()).await?;
    if common.json {
        return print_json(&serde_json::json!({"id": id, "revoked": revoked}));
    }
    if !revoked {
        anyhow::bail!("org {} has no live SCIM token {id}", org.id);
    }
    say!("SCIM token {id} revoked");
    Ok(())
}

async fn reconcile(common: &Common, org_id: &str, apply: bool) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let unknown = store.members_unknown_to_scim(&org.id).await?;
    let now = common.clock.now();
    let mut report = None;
    if apply && !unknown.is_empty() {
        let mut batch = EventBatch::new(format!("reconcile-{}", now.timestamp_millis()), now);
        unknown.iter().for_each(|m| batch.deactivate(m));
        let events = parse_events(&serde_json::Value::Array(batch.events))?;
        store.receive_events(&org.id, &events, now).await?;
        report = Some(store.apply_pending(&org, now).await?);
        tracing::info!(org = org.id.as_str(), deactivated = unknown.len(), "SCIM reconcile applied");
    }
    if common.json {
        return print_json(
            &serde_json::json!({"org": org.id.as_str(), "unknown": unknown, "applied": apply, "report": report}),
        );
    }
    for m in &unknown {
        say!("{m}");
    }
    let verb = if apply { "deactivated" } else { "would be deactivated with --apply" };
    say!("{} member(s) unknown to SCIM {verb}", unknown.len());
    Ok(())
}
