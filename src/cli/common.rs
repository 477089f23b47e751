//! What every command shares: the loaded configuration, the database, the clock.

use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};

use crate::config::{Secret, Settings};
use crate::core::clock::Clock;
use crate::core::time::parse_instant;
use crate::store::{self, Store};

/// Settings every command shares.
pub struct Common {
    /// With the command line's options (`--database-url`, `--roles`, ...) applied.
    pub settings: Settings,
    pub json: bool,
    /// "Now" for every default instant (the system clock unless a test shifted it).
    pub clock: Clock,
}

impl Common {
    pub fn database_url(&self) -> Secret<String> {
        self.settings.effective_database_url()
    }

    /// Opens and migrates the database, which must exist: only `migrate`, `import` and
    /// `serve` create a SQLite file (`store_creating`), so a typo'd path is an error.
    pub async fn store(&self) -> anyhow::Result<Arc<dyn Store>> {
        let url = self.database_url();
        store::open_existing(url.expose(), self.settings.database_max_connections)
            .await
            .with_context(|| format!("cannot open the database at {url}"))
    }

    /// Opens and migrates the database, creating a SQLite file that does not exist yet.
    pub async fn store_creating(&self) -> anyhow::Result<Arc<dyn Store>> {
        let url = self.database_url();
        store::open(url.expose(), self.settings.database_max_connections)
            .await
            .with_context(|| format!("cannot open the database at {url}"))
    }
}

/// An instant given on the command line, else the clock's now.
pub fn parse_at(at: Option<&str>, clock: &Clock) -> anyhow::Result<DateTime<Utc>> {
    match at {
        Some(text) => parse_instant(text).map_err(|e| anyhow::anyhow!("--at: {e}")),
        None => Ok(clock.now()),
    }
}

/// `GOALD_NOW` (a setting for tests only, documented as such): a clock that starts there.
pub(super) fn clock(now: Option<&str>) -> anyhow::Result<Clock> {
    let Some(text) = now else { return Ok(Clock::system()) };
    let start = parse_instant(text).map_err(|e| anyhow::anyhow!("GOALD_NOW: {e}"))?;
    tracing::warn!(now = %start, "the clock is shifted (GOALD_NOW, a setting for tests only)");
    Ok(Clock::starting_at(start))
}

/// The org named by `--org`, or an error naming it.
pub(super) async fn org(store: &dyn Store, org: &str) -> anyhow::Result<crate::org::Org> {
    let id = crate::core::ids::OrgId::parse(org).map_err(|e| anyhow::anyhow!("--org: {e}"))?;
    store.org(&id).await?.ok_or_else(|| anyhow::anyhow!("org {org:?} does not exist"))
}
