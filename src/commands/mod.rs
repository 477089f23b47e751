//! What each CLI command does, between the parsed arguments and the store.
//! `anyhow` lives here and in main only.

/// Prints one line of human output, returning the I/O error instead of panicking, so
/// a closed pipe (`goald visibility ... | head`) ends the command quietly (see main).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod api_keys;
mod hris;
mod inspect;
mod reminders;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::core::clock::Clock;
use crate::core::time::parse_instant;
use crate::import::format::ImportFile;
use crate::store::{self, Store};

pub use api_keys::{api_key_create, api_key_list, api_key_revoke};
pub use hris::{hris_apply, hris_secret_add, hris_secret_remove, hris_status};
pub use inspect::{goal_show, permissions, visibility};
pub use reminders::{
    deliver, delivery_settings, mailer, outbox, reminders_history, reminders_preview, reminders_run, worker_name,
};

/// Settings every command shares.
pub struct Common {
    pub config: Config,
    /// `--database-url`, over the configuration.
    pub database_url: Option<String>,
    pub json: bool,
    /// "Now" for every default instant (the system clock unless a test shifted it).
    pub clock: Clock,
}

impl Common {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| self.config.effective_database_url())
    }

    /// Opens and migrates the database.
    pub async fn store(&self) -> anyhow::Result<Arc<dyn Store>> {
        let url = self.database_url();
        store::open(&url, self.config.database_max_connections)
            .await
            .with_context(|| format!("cannot open the database at {}", redact(&url)))
    }
}

/// A URL as it may appear in a message: without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Logs go to stderr: stdout carries only the command's answer. `format` is `text` or
/// `json`; anything else falls back to text (`goald config check` names it).
pub fn init_logging(filter: &str, format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// An instant given on the command line, else the clock's now.
pub fn parse_at(at: Option<&str>, clock: &Clock) -> anyhow::Result<DateTime<Utc>> {
    match at {
        Some(text) => parse_instant(text).map_err(|e| anyhow::anyhow!("--at: {e}")),
        None => Ok(clock.now()),
    }
}

/// `GOALD_NOW` (a setting for tests only, documented as such): a clock that starts there.
pub fn clock(now: Option<&str>) -> anyhow::Result<Clock> {
    let Some(text) = now else { return Ok(Clock::system()) };
    let start = parse_instant(text).map_err(|e| anyhow::anyhow!("GOALD_NOW: {e}"))?;
    tracing::warn!(now = %start, "the clock is shifted (GOALD_NOW, a setting for tests only)");
    Ok(Clock::starting_at(start))
}

pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The org named by `--org`, or an error naming it.
async fn org(store: &dyn Store, org: &str) -> anyhow::Result<crate::org::Org> {
    let id = crate::core::ids::OrgId::parse(org).map_err(|e| anyhow::anyhow!("--org: {e}"))?;
    store.org(&id).await?.ok_or_else(|| anyhow::anyhow!("org {org:?} does not exist"))
}

/// Counts by state as a JSON object (`{"queued": 3}`).
fn counts_json(counts: Vec<(String, i64)>) -> serde_json::Map<String, serde_json::Value> {
    counts.into_iter().map(|(state, n)| (state, n.into())).collect()
}

/// `what: state n, state n` or `what: none`.
fn print_counts(what: &str, counts: &[(String, i64)]) -> anyhow::Result<()> {
    let summary: Vec<String> = counts.iter().map(|(state, n)| format!("{state} {n}")).collect();
    say!("{what}: {}", if summary.is_empty() { "none".to_owned() } else { summary.join(", ") });
    Ok(())
}

pub async fn migrate(common: &Common) -> anyhow::Result<()> {
    common.store().await?;
    tracing::info!(database = %redact(&common.database_url()), "migrations applied");
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
    let file: ImportFile = serde_json::from_slice(&text)
        .map_err(|e| crate::import::ImportError::Json(e.to_string()))
        .with_context(|| format!("{} was not imported", path.display()))?;
    drop(text);
    let store = common.store().await?;
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

/// `goald config check`: the problems of the loaded configuration, or the effective
/// settings (without passwords) when there is none.
pub fn config_check(common: &Common) -> anyhow::Result<()> {
    let problems = crate::config_check::problems(&common.config);
    if common.json {
        print_json(&serde_json::json!({"ok": problems.is_empty(), "problems": problems}))?;
    } else if problems.is_empty() {
        say!("configuration OK");
        say!("database: {}", redact(&common.database_url()));
        say!(
            "mail: {}",
            if common.config.mail_url.is_empty() {
                "files in <data_dir>/mail".to_owned()
            } else {
                redact(&common.config.mail_url)
            }
        );
    } else {
        for problem in &problems {
            say!("{problem}");
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("the configuration has {} problem(s)", problems.len())
    }
}
