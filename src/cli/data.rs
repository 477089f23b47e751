//! `goald migrate`, `goald import` and `goald demo generate`: getting data in.

use std::path::Path;

use anyhow::Context;

use crate::cli::common::{parse_at, Common};
use crate::cli::output::print_json;
use crate::import::format::ImportFile;

pub async fn migrate(common: &Common) -> anyhow::Result<()> {
    common.store_creating().await?;
    tracing::info!(database = %common.database_url(), "migrations applied");
    if common.json {
        print_json(&serde_json::json!({"migrated": true}))?;
    } else {
        say!("migrations applied");
    }
    Ok(())
}

pub async fn import(common: &Common, path: &Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file = ImportFile::parse(&text).with_context(|| format!("{} was not imported", path.display()))?;
    drop(text);
    let store = common.store_creating().await?;
    let summary = store.import(file).await.with_context(|| format!("{} was not imported", path.display()))?;
    tracing::info!(?summary, elapsed_ms = started.elapsed().as_millis() as u64, "import committed");
    if common.json {
        print_json(&summary)?;
    } else {
        say!(
            "imported {} members, {} teams, {} goals, {} progress updates",
            summary.members,
            summary.teams,
            summary.goals,
            summary.updates
        );
    }
    Ok(())
}

pub fn demo_generate(
    common: &Common,
    org: &str,
    members: usize,
    goals: usize,
    seed: u64,
    now: Option<&str>,
) -> anyhow::Result<()> {
    let now = parse_at(now, &common.clock).context("--now")?;
    let params = crate::demo::DemoParams { org_id: org.to_owned(), members, goals, seed, now };
    let out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    crate::demo::write_json(&params, out).context("cannot write the demo org")?;
    Ok(())
}
