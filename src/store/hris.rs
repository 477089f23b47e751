//! The HRIS side of the store: the inbox (an event is committed before the sender is
//! told yes), and its application, one event per transaction with its mark, so a crash
//! loses nothing and applies nothing twice.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::core::ids::OrgId;
use crate::core::time::rfc3339_text;
use crate::hris::decide::Field;
use crate::hris::{parse_events, Decision, Event, EventFacts, EventKind};
use crate::org::Org;
use crate::store::db::{DbRow, DbTx, Param};
use crate::store::decode::{org_id, RowReader};
use crate::store::hris_sql::*;
use crate::store::{Result, SqlStore, StoreError};

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
}

#[async_trait]
pub trait HrisStore: Send + Sync {
    /// Stores the events in the org's inbox in one transaction; ids seen before are skipped.
    async fn receive_events(&self, org: &OrgId, events: &[Event], now: DateTime<Utc>) -> Result<ReceiveReport>;
    /// Applies the org's pending and waiting events in arrival order (CONTRACT §6).
    async fn apply_pending(&self, org: &Org, now: DateTime<Utc>) -> Result<ApplyReport>;
    async fn orgs_with_open_events(&self) -> Result<Vec<OrgId>>;
    async fn event_counts(&self, org: &OrgId) -> Result<Vec<(String, i64)>>;
    async fn waiting_events(&self, org: &OrgId) -> Result<Vec<WaitingEvent>>;
    /// False when the org already had this secret.
    async fn add_hris_secret(&self, org: &OrgId, secret: &str, now: DateTime<Utc>) -> Result<bool>;
    /// False when the org had no such secret.
    async fn remove_hris_secret(&self, org: &OrgId, secret: &str) -> Result<bool>;
    async fn hris_secrets(&self, org: &OrgId) -> Result<Vec<String>>;
    /// None for an unknown org, else its webhook secrets: what the webhook checks first.
    async fn org_webhook_secrets(&self, org: &OrgId) -> Result<Option<Vec<String>>>;
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
impl HrisStore for SqlStore {
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

    async fn apply_pending(&self, org: &Org, now: DateTime<Utc>) -> Result<ApplyReport> {
        let mut report = ApplyReport::default();
        loop {
            let open = self.db.fetch(OPEN_EVENTS, &[Param::Text(org.id.as_str())]).await?;
            let mut applied_this_pass = 0;
            let mut waiting = 0;
            for row in &open {
                let seq = row.int("seq")?;
                match crate::store::hris_apply::apply_one(&self.db, org, seq, &row.text("body")?, now).await? {
                    Some(Decision::Apply { .. }) => applied_this_pass += 1,
                    Some(Decision::Stale) | Some(Decision::Duplicate) => report.stale += 1,
                    Some(Decision::Wait { .. }) => waiting += 1,
                    None => {}
                }
            }
            report.applied += applied_this_pass;
            report.waiting = waiting;
            // Something applied may be what a waiting event was waiting for.
            if applied_this_pass == 0 || waiting == 0 {
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

    async fn org_webhook_secrets(&self, org: &OrgId) -> Result<Option<Vec<String>>> {
        let rows = self.db.fetch(ORG_SECRETS, &[Param::Text(org.as_str())]).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(rows.iter().filter_map(|row| row.opt_text("secret").transpose()).collect::<Result<_>>()?))
    }

    async fn hris_secrets(&self, org: &OrgId) -> Result<Vec<String>> {
        let rows = self.db.fetch(SECRETS, &[Param::Text(org.as_str())]).await?;
        rows.iter().map(|row| row.text("secret")).collect()
    }
}

/// The event stored at `seq`, parsed again from its body.
pub(crate) fn stored_event(body: &str) -> Result<Event> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("stored HRIS event: {e}")))?;
    let mut events = parse_events(&value).map_err(|e| StoreError::Corrupt(format!("stored HRIS event: {e}")))?;
    events.pop().ok_or_else(|| StoreError::Corrupt("stored HRIS event is empty".into()))
}

pub(crate) async fn gather_facts(tx: &mut DbTx, org: &OrgId, event: &Event) -> Result<EventFacts> {
    let mut facts = EventFacts::default();
    // The members and team the event names, and (member, new manager) for a move.
    let (members, team, manager) = match &event.kind {
        EventKind::MemberUpserted(m) => (vec![], None, m.manager.clone().map(|x| (m.id.clone(), x))),
        EventKind::ManagerChanged { member, manager } => {
            let mut refs = vec![member.clone()];
            refs.extend(manager.clone());
            (refs, None, manager.clone().map(|x| (member.clone(), x)))
        }
        EventKind::RoleChanged { member, .. }
        | EventKind::Deactivated { member }
        | EventKind::Reactivated { member } => (vec![member.clone()], None, None),
        EventKind::TeamUpserted { .. } => (vec![], None, None),
        EventKind::TeamMemberAdded { team, member } | EventKind::TeamMemberRemoved { team, member } => {
            (vec![member.clone()], Some(team.clone()), None)
        }
    };
    let subject = crate::store::hris_apply::subject(&event.kind);
    let mut refs = members;
    if let Some((_, manager)) = &manager {
        if !refs.contains(manager) {
            refs.push(manager.clone());
        }
    }
    for member in refs {
        if !exists(tx, MEMBER_EXISTS, org, member.as_str()).await? {
            facts.unknown = Some(format!("member {:?}", member.as_str()));
            return Ok(facts);
        }
    }
    if let Some(team) = team {
        if !exists(tx, TEAM_EXISTS, org, team.as_str()).await? {
            facts.unknown = Some(format!("team {:?}", team.as_str()));
            return Ok(facts);
        }
    }
    for row in tx.fetch(CLOCKS, &[Param::Text(org.as_str()), Param::Text(&subject)]).await? {
        let field: Field = row.text("field")?.parse().map_err(|e| StoreError::Corrupt(format!("field clock: {e}")))?;
        if crate::hris::decide::fields(&event.kind).contains(&field) {
            facts.clocks.insert(field, row.instant("occurred_at")?);
        }
    }
    if let Some((member, manager)) = manager {
        let above = [Param::Text(org.as_str()), Param::Text(member.as_str()), Param::Text(manager.as_str())];
        facts.would_cycle = member == manager || !tx.fetch(IS_ABOVE, &above).await?.is_empty();
    }
    Ok(facts)
}

pub(crate) async fn exists(tx: &mut DbTx, sql: crate::store::db::Sql, org: &OrgId, id: &str) -> Result<bool> {
    Ok(!tx.fetch(sql, &[Param::Text(org.as_str()), Param::Text(id)]).await?.is_empty())
}
