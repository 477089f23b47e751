//! `goald serve`: wait for the database, then run the daemon (`app::serve`).
//!
//! A database that cannot be reached yet (PostgreSQL down or starting) is retried with a
//! backoff, each failure logged with its cause and shown in `systemctl status`. Meanwhile
//! nothing listens, so `/healthz` and `/readyz` refuse connections: a probe sees the
//! daemon not ready until the database is reachable and migrated. Under systemd the unit
//! stays `activating`; each attempt extends its start timeout, so it waits as long as the
//! database is down rather than being killed and restarted. SIGTERM ends the wait.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::cli::common::Common;
use crate::jobs::restart::Backoff;
use crate::store::{self, Store, StoreError};

/// Between two attempts: 1 s, doubled per failure, at most 30 s.
const RETRY: Backoff = Backoff { initial: Duration::from_secs(1), max: Duration::from_secs(30) };

pub async fn serve(common: &Common) -> anyhow::Result<()> {
    let Some(store) = wait_for_store(common).await? else {
        tracing::info!("stopped while waiting for the database");
        return Ok(());
    };
    crate::app::serve(&common.settings, store, common.clock).await
}

/// The store once the database answers and is migrated; None when a signal came first.
async fn wait_for_store(common: &Common) -> anyhow::Result<Option<Arc<dyn Store>>> {
    let url = common.database_url();
    let max = common.settings.database_max_connections;
    // Registered now, not on the first poll: a SIGTERM before the first retry must end
    // the wait, not kill the process by default.
    let mut stop = StopSignal::register()?;
    let mut failures = 0u32;
    loop {
        let error = match store::open(url.expose(), max).await {
            Ok(store) => return Ok(Some(store)),
            Err(e) if e.is_unreachable() => e,
            Err(e) => return Err(e).with_context(|| format!("cannot open the database at {url}")),
        };
        let wait = RETRY.wait(failures);
        failures = failures.saturating_add(1);
        tracing::warn!(database = %url, error = %error, attempt = failures, retry_in_s = wait.as_secs(), "the database is unreachable; retrying");
        crate::systemd::waiting(&waiting_status(&error), wait + store::CONNECT_TIMEOUT + Duration::from_secs(30));
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.received() => return Ok(None),
        }
    }
}

/// SIGTERM or Ctrl-C, listened for from `register` on.
struct StopSignal {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignal {
    fn register() -> anyhow::Result<Self> {
        #[cfg(unix)]
        let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .context("cannot listen for SIGTERM")?;
        Ok(StopSignal {
            #[cfg(unix)]
            term,
        })
    }

    async fn received(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// One line for `systemctl status`: the cause, never the URL (it may hold a password).
fn waiting_status(error: &StoreError) -> String {
    let cause = error.to_string().replace('\n', " ");
    format!("waiting for the database: {cause}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_wait_doubles_from_one_second_to_at_most_thirty() {
        let waits: Vec<u64> = (0..7).map(|n| RETRY.wait(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
    }

    #[test]
    fn the_status_line_names_the_cause_on_one_line() {
        let status = waiting_status(&StoreError::Unreachable("no answer\nwithin 10 s".into()));
        assert_eq!(status, "waiting for the database: the database server is unreachable: no answer within 10 s");
    }
}
