//! The HRIS area: the inbox (an event is committed before the sender is told yes, and an
//! event id is stored once per org, so a redelivery is dropped there), and its
//! application (apply.rs), one event per transaction with its mark, so a crash loses
//! nothing and applies nothing twice.

mod apply;
pub(crate) mod sql;
pub(crate) mod statistics;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::OrgId;
use crate::core::time::rfc3339_text;
use crate::hris::decide::Field;
use crate::hris::{Decision, Event};
use crate::org::Org;
use crate::store::db::row::org_id;
use crate::store::db::{DbRow, Param, RowReader};
use crate::store::error::Result;
use crate::store::hris::sql::{
    ADD_SECRET, EVENTS_TO_DECIDE, EVENT_COUNTS, ORGS_WITH_OPEN_EVENTS, ORG_SECRETS, RECEIVE_EVENT, REMOVE_SECRET,
    WAITING_COUNT, WAITING_EVENTS,
};
use crate::store::sql_store::SqlStore;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ReceiveReport {
    pub accepted: u64,
    /// Ids already in the inbox: ignored (a redelivery).
    pub duplicates: u64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ApplyReport {
    pub applied: u64,
    pub stale: u64,
    pub waiting: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct WaitingEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub occurred_at: String,
    pub reason: Option<String>,
    /// How many times the event was decided: once on arrival, then once each time what
    /// it waits for may have arrived (not on every inbox pass).
    pub decisions: i64,
}

/// What the webhook uses: the org's secrets, then the inbox.
#[async_trait]
pub trait InboxStore: Send + Sync {
    /// None for an unknown org, else its webhook secrets: what the webhook checks first.
    async fn org_webhook_secrets(&self, org: &OrgId) -> Result<Option<Vec<String>>>;
    /// Stores the events in the org's inbox in one transaction; an id the org's inbox
    /// already holds is skipped (a redelivery) and counted as a duplicate.
    async fn receive_events(&self, org: &OrgId, events: &[Event], now: DateTime<Utc>) -> Result<ReceiveReport>;
}

/// What the inbox worker and the `hris` commands use: applying, inspecting, secrets.
#[async_trait]
pub trait HrisStore: Send + Sync {
    /// Applies the org's pending events, and the waiting ones whose wait is over, in
    /// arrival order (CONTRACT §6).
    async fn apply_pending(&self, org: &Org, now: DateTime<Utc>) -> Result<ApplyReport>;
    async fn orgs_with_open_events(&self) -> Result<Vec<OrgId>>;
    async fn event_counts(&self, org: &OrgId) -> Result<Vec<(String, i64)>>;
    async fn waiting_events(&self, org: &OrgId) -> Result<Vec<WaitingEvent>>;
    /// False when the org already had this secret.
    async fn add_hris_secret(&self, org: &OrgId, secret: &str, now: DateTime<Utc>) -> Result<bool>;
    /// False when the org had no such secret.
    async fn remove_hris_secret(&self, org: &OrgId, secret: &str) -> Result<bool>;
}

fn inbox_row<'a>(org: &'a OrgId, event: &'a Event, body: &'a str, now: DateTime<Utc>) -> [Param<'a>; 6] {
    [
        Param::Text(org.as_str()),
        Param::Text(&event.id),
        Param::Text(event.kind.type_name()),
        Param::Instant(event.occurred_at),
        Param::Text(body),
        Param::Instant(now),
    ]
}

#[async_trait]
impl InboxStore for SqlStore {
    async fn org_webhook_secrets(&self, org: &OrgId) -> Result<Option<Vec<String>>> {
        let rows = self.db.fetch(ORG_SECRETS, &[Param::Text(org.as_str())]).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(rows.iter().filter_map(|row| row.opt_text("secret").transpose()).collect::<Result<_>>()?))
    }

    async fn receive_events(&self, org: &OrgId, events: &[Event], now: DateTime<Utc>) -> Result<ReceiveReport> {
        let mut report = ReceiveReport::default();
        let bodies: Vec<String> = events.iter().map(|e| e.raw.to_string()).collect();
        let mut count = |inserted: u64| match inserted {
            0 => report.duplicates += 1,
            _ => report.accepted += 1,
        };
        if let ([event], [body]) = (events, bodies.as_slice()) {
            // One statement commits on its own: one round trip instead of three.
            count(self.db.execute(RECEIVE_EVENT, &inbox_row(org, event, body, now)).await?);
        } else {
            let mut tx = self.db.begin().await?;
            for (event, body) in events.iter().zip(&bodies) {
                count(tx.execute(RECEIVE_EVENT, &inbox_row(org, event, body, now)).await?);
            }
            tx.commit().await?;
        }
        Ok(report)
    }
}

/// How many events one transaction applies: a backlog (a SCIM initial sync, a webhook
/// burst) costs one commit per batch, not one per event, while a batch stays short
/// enough not to hold the writer (SQLite) or the org's event lock long.
const APPLY_BATCH: usize = 64;

/// A batch in one transaction; when it fails, each event alone (as before batches), so
/// the events before a failing one are still applied and the error is the failing
/// event's own.
async fn apply_batch(
    db: &crate::store::db::Db,
    org: &Org,
    batch: &[(i64, String)],
    now: DateTime<Utc>,
) -> Result<Vec<Option<Decision>>> {
    if batch.len() > 1 {
        match apply::apply_batch(db, org, batch, now).await {
            Ok(decisions) => return Ok(decisions),
            Err(e) => {
                tracing::warn!(org = org.id.as_str(), error = %e, "an inbox batch failed; applying it event by event")
            }
        }
    }
    let mut decisions = Vec::with_capacity(batch.len());
    for (seq, body) in batch {
        decisions.push(apply::apply_one(db, org, *seq, body, now).await?);
    }
    Ok(decisions)
}

#[async_trait]
impl HrisStore for SqlStore {
    async fn apply_pending(&self, org: &Org, now: DateTime<Utc>) -> Result<ApplyReport> {
        let mut report = ApplyReport::default();
        let o = Param::Text(org.id.as_str());
        // Waits for the reporting lines are over only once a manager change applied.
        let mut lines_changed = false;
        loop {
            let open = self.db.fetch(EVENTS_TO_DECIDE, &[o, Param::Int(i64::from(lines_changed))]).await?;
            let open: Vec<(i64, String)> =
                open.iter().map(|row| Ok((row.int("seq")?, row.text("body")?))).collect::<Result<_>>()?;
            let mut applied_this_pass = 0;
            for batch in open.chunks(APPLY_BATCH) {
                for decision in apply_batch(&self.db, org, batch, now).await? {
                    match decision {
                        Some(Decision::Apply { fields }) => {
                            applied_this_pass += 1;
                            lines_changed |= fields.contains(&Field::Manager);
                        }
                        Some(Decision::Stale) => report.stale += 1,
                        Some(Decision::Wait { .. }) | None => {}
                    }
                }
            }
            report.applied += applied_this_pass;
            statistics::after_applied(&self.db, applied_this_pass).await?;
            // Something applied may be what a waiting event was waiting for: the next
            // round picks exactly those whose wait is over.
            if applied_this_pass == 0 {
                let waiting = self.db.fetch(WAITING_COUNT, &[o]).await?;
                let n = waiting.first().map(|row| row.int("n")).transpose()?.unwrap_or(0);
                report.waiting = u64::try_from(n).unwrap_or_default();
                return Ok(report);
            }
        }
    }

    async fn orgs_with_open_events(&self) -> Result<Vec<OrgId>> {
        let rows = self.db.fetch(ORGS_WITH_OPEN_EVENTS, &[]).await?;
        rows.iter().map(|row| org_id(row.text("org_id")?)).collect()
    }

    async fn event_counts(&self, org: &OrgId) -> Result<Vec<(String, i64)>> {
        DbRow::state_counts(&self.db.fetch(EVENT_COUNTS, &[Param::Text(org.as_str())]).await?)
    }

    async fn waiting_events(&self, org: &OrgId) -> Result<Vec<WaitingEvent>> {
        let rows = self.db.fetch(WAITING_EVENTS, &[Param::Text(org.as_str())]).await?;
        rows.iter()
            .map(|row| {
                Ok(WaitingEvent {
                    id: row.text("id")?,
                    event_type: row.text("type")?,
                    occurred_at: rfc3339_text(row.instant("occurred_at")?),
                    reason: row.opt_text("reason")?,
                    decisions: row.int("decisions")?,
                })
            })
            .collect()
    }

    async fn add_hris_secret(&self, org: &OrgId, secret: &str, now: DateTime<Utc>) -> Result<bool> {
        let params = [Param::Text(org.as_str()), Param::Text(secret), Param::Instant(now)];
        Ok(self.db.execute(ADD_SECRET, &params).await? == 1)
    }

    async fn remove_hris_secret(&self, org: &OrgId, secret: &str) -> Result<bool> {
        Ok(self.db.execute(REMOVE_SECRET, &[Param::Text(org.as_str()), Param::Text(secret)]).await? == 1)
    }
}
