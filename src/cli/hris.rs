//! `goald hris apply|status|secret add` (CONTRACT §6 and §7).

use std::path::Path;

use anyhow::Context;

use crate::cli::common::{org, Common};
use crate::cli::output::{counts_json, print_counts, print_json};
use crate::cli::subcommands::SecretArgs;
use crate::hris::{parse_events, Event};

/// Every line of a JSON-lines file as an event; the first bad line fails the whole file.
fn read_events(path: &Path) -> anyhow::Result<Vec<Event>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut events = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{} line {}: not JSON", path.display(), number + 1))?;
        let parsed =
            parse_events(&value).map_err(|e| anyhow::anyhow!("{} line {}: {e}", path.display(), number + 1))?;
        events.extend(parsed);
    }
    Ok(events)
}

pub async fn hris_apply(common: &Common, org_id: &str, path: &Path) -> anyhow::Result<()> {
    let events = read_events(path)?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let received = store.receive_events(&org.id, &events, common.clock.now()).await?;
    let applied = store.apply_pending(&org, common.clock.now()).await?;
    tracing::info!(org = org.id.as_str(), ?received, ?applied, "HRIS events applied");
    if common.json {
        return print_json(&serde_json::json!({"received": received, "applied": applied}));
    }
    say!(
        "{} events: {} new, {} already received; applied {}, ignored as older {}, waiting {}",
        events.len(),
        received.accepted,
        received.duplicates,
        applied.applied,
        applied.stale,
        applied.waiting
    );
    Ok(())
}

pub async fn hris_status(common: &Common, org_id: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let counts = store.event_counts(&org.id).await?;
    let waiting = store.waiting_events(&org.id).await?;
    if common.json {
        let counts = counts_json(counts);
        return print_json(&serde_json::json!({"org": org.id.as_str(), "counts": counts, "waiting": waiting}));
    }
    print_counts("events", &counts)?;
    for event in &waiting {
        say!(
            "  waiting {} {} ({}): {}",
            event.id,
            event.event_type,
            event.occurred_at,
            event.reason.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

/// The secret of `hris secret add|remove`: SECRET itself, the first line of
/// --secret-file, or the first line of standard input (SECRET `-` or none at all). A
/// secret on the command line is visible in `ps`: the other two forms are not.
pub fn read_secret(args: &SecretArgs) -> anyhow::Result<String> {
    let text = match (&args.secret, &args.secret_file) {
        (Some(secret), _) if secret != "-" => return Ok(secret.clone()),
        (_, Some(path)) => {
            std::fs::read_to_string(path).with_context(|| format!("--secret-file: cannot read {}", path.display()))?
        }
        _ => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                eprint!("webhook secret (whsec_...): ");
            }
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).context("cannot read the secret from standard input")?;
            line
        }
    };
    let secret = text.lines().next().unwrap_or_default().trim().to_owned();
    if secret.is_empty() {
        anyhow::bail!("no secret given: pass it on standard input, with --secret-file PATH, or as SECRET");
    }
    Ok(secret)
}

pub async fn hris_secret_add(common: &Common, org_id: &str, secret: &str) -> anyhow::Result<()> {
    crate::hris::signature::WebhookSecret::parse(secret).map_err(|e| anyhow::anyhow!("SECRET: {e}"))?;
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let added = store.add_hris_secret(&org.id, secret, common.clock.now()).await?;
    if common.json {
        return print_json(&serde_json::json!({"org": org.id.as_str(), "added": added}));
    }
    say!("{}", if added { "secret added" } else { "the org already had this secret" });
    Ok(())
}

/// Ends a rotation: webhooks signed with SECRET are refused from now on.
pub async fn hris_secret_remove(common: &Common, org_id: &str, secret: &str) -> anyhow::Result<()> {
    let store = common.store().await?;
    let org = org(store.as_ref(), org_id).await?;
    let removed = store.remove_hris_secret(&org.id, secret).await?;
    if common.json {
        return print_json(&serde_json::json!({"org": org.id.as_str(), "removed": removed}));
    }
    say!("{}", if removed { "secret removed" } else { "the org had no such secret" });
    Ok(())
}
