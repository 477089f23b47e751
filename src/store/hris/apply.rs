//! Applying one stored HRIS event, the whole flow in one place: gather the facts, decide
//! (pure), write the change, its field clocks and the event's mark, all in one
//! transaction under the org's event lock.

use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, OrgId};
use crate::hris::decide::{fields, references, subject, Awaited, Field};
use crate::hris::{decide, parse_events, Decision, Event, EventFacts, EventKind};
use crate::org::reporting::depth_after_move;
use crate::org::Org;
use crate::store::db::{Db, DbTx, Param, RowReader, Sql};
use crate::store::error::{Result, StoreError};
use crate::store::hris::sql::{
    ADD_TEAM_MEMBER, ATTACH_SUBTREE, CLOCKS, DETACH_SUBTREE, EVENT_STATE, INSERT_MEMBER, IS_ABOVE,
    MANAGERS_ABOVE_COUNT, MARK_EVENT, MARK_EVENT_OPEN, REMOVE_TEAM_MEMBER, SET_ACTIVE, SET_CLOCK, SET_MANAGER,
    SET_NO_MANAGER, SET_PROFILE, SET_ROLE, SUBTREE_LEVELS, UPSERT_TEAM,
};
use crate::store::org::line_keys::{managers_above, move_reach, NEW_MEMBER_REACH};
use crate::store::org::sql::{LOCK_ORG_EVENTS, MEMBER_EXISTS, TEAM_EXISTS};

/// None when another process already took the event.
pub(super) async fn apply_one(
    db: &Db,
    org: &Org,
    seq: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Option<Decision>> {
    Ok(apply_batch(db, org, &[(seq, body.to_owned())], now).await?.pop().flatten())
}

/// The events (seq, body), in order, in one transaction under the org's event lock:
/// each sees what the ones before it wrote, and all of them, changes and marks, are
/// committed together or not at all. One decision per event (None: already taken).
pub(super) async fn apply_batch(
    db: &Db,
    org: &Org,
    events: &[(i64, String)],
    now: DateTime<Utc>,
) -> Result<Vec<Option<Decision>>> {
    let mut tx = db.begin().await?;
    tx.execute_pg_only(LOCK_ORG_EVENTS, &[Param::Text(org.id.as_str())]).await?;
    let mut decisions = Vec::with_capacity(events.len());
    for (seq, body) in events {
        decisions.push(apply_in(&mut tx, org, *seq, body, now).await?);
    }
    tx.commit().await?;
    Ok(decisions)
}

async fn apply_in(tx: &mut DbTx, org: &Org, seq: i64, body: &str, now: DateTime<Utc>) -> Result<Option<Decision>> {
    let state = tx.fetch(EVENT_STATE, &[Param::Int(seq)]).await?;
    match state.first().map(|row| row.text("state")).transpose()?.as_deref() {
        Some("pending") | Some("waiting") => {}
        _ => return Ok(None),
    }
    let event = stored_event(body)?;
    let facts = gather_facts(tx, &org.id, &event).await?;
    let decision = decide(&event, &facts);
    let (state, reason, applied_at) = match &decision {
        Decision::Apply { fields } => {
            write_change(tx, org, &event, fields).await?;
            for field in fields {
                let clock = [
                    Param::Text(org.id.as_str()),
                    Param::Text(&subject(&event.kind)),
                    Param::Text(field.as_str()),
                    Param::Instant(event.occurred_at),
                ];
                tx.execute(SET_CLOCK, &clock).await?;
            }
            ("applied", None, Some(now))
        }
        Decision::Stale => ("stale", Some("a newer event already set the same field".to_owned()), Some(now)),
        Decision::Wait { why, .. } => ("waiting", Some(why.clone()), None),
    };
    let mark = [Param::Int(seq), Param::Text(state), Param::OptText(reason.as_deref())];
    match (&decision, applied_at) {
        (Decision::Wait { on, .. }, _) => {
            let (kind, id) = on.key();
            tx.execute(MARK_EVENT_OPEN, &[mark[0], mark[1], mark[2], Param::Text(kind), Param::OptText(id)]).await?
        }
        (_, at) => tx.execute(MARK_EVENT, &[mark[0], mark[1], mark[2], Param::OptInstant(at)]).await?,
    };
    Ok(Some(decision))
}

/// A stored event, parsed again from its body.
fn stored_event(body: &str) -> Result<Event> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("stored HRIS event: {e}")))?;
    let mut events = parse_events(&value).map_err(|e| StoreError::Corrupt(format!("stored HRIS event: {e}")))?;
    events.pop().ok_or_else(|| StoreError::Corrupt("stored HRIS event is empty".into()))
}

async fn gather_facts(tx: &mut DbTx, org: &OrgId, event: &Event) -> Result<EventFacts> {
    let mut facts = EventFacts::default();
    let refs = references(&event.kind);
    let subject = subject(&event.kind);
    for member in &refs.members {
        if !exists(tx, MEMBER_EXISTS, org, member.as_str()).await? {
            facts.unknown = Some(Awaited::Member(member.clone()));
            return Ok(facts);
        }
    }
    if let Some(team) = &refs.team {
        if !exists(tx, TEAM_EXISTS, org, team.as_str()).await? {
            facts.unknown = Some(Awaited::Team(team.clone()));
            return Ok(facts);
        }
    }
    for row in tx.fetch(CLOCKS, &[Param::Text(org.as_str()), Param::Text(&subject)]).await? {
        let field: Field = row.text("field")?.parse().map_err(|e| StoreError::Corrupt(format!("field clock: {e}")))?;
        if fields(&event.kind).contains(&field) {
            facts.clocks.insert(field, row.instant("occurred_at")?);
        }
    }
    if let Some((member, manager)) = refs.moved {
        let above = [Param::Text(org.as_str()), Param::Text(member.as_str()), Param::Text(manager.as_str())];
        facts.would_cycle = member == manager || !tx.fetch(IS_ABOVE, &above).await?.is_empty();
        if !facts.would_cycle {
            let above_manager = count(tx, MANAGERS_ABOVE_COUNT, org, manager.as_str()).await?;
            let below_member = count(tx, SUBTREE_LEVELS, org, member.as_str()).await?;
            facts.chain_depth = Some(depth_after_move(above_manager, below_member));
        }
    }
    Ok(facts)
}

/// The `n` of a one-row count: both are index ranges of reporting_lines, bounded by the
/// chain depth.
async fn count(tx: &mut DbTx, sql: Sql, org: &OrgId, id: &str) -> Result<usize> {
    let rows = tx.fetch(sql, &[Param::Text(org.as_str()), Param::Text(id)]).await?;
    let n = rows.first().map(|row| row.int("n")).transpose()?.unwrap_or(0);
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("a negative count: {n}")))
}

async fn exists(tx: &mut DbTx, sql: Sql, org: &OrgId, id: &str) -> Result<bool> {
    Ok(!tx.fetch(sql, &[Param::Text(org.as_str()), Param::Text(id)]).await?.is_empty())
}

async fn write_change(tx: &mut DbTx, org: &Org, event: &Event, fields: &[Field]) -> Result<()> {
    let o = org.id.as_str();
    match &event.kind {
        EventKind::MemberUpserted(m) => {
            let locale = m.locale.unwrap_or(org.locale);
            let timezone = m.timezone.unwrap_or(org.timezone);
            if !exists(tx, MEMBER_EXISTS, &org.id, m.id.as_str()).await? {
                let row = [
                    Param::Text(o),
                    Param::Text(m.id.as_str()),
                    Param::Text(&m.name),
                    Param::OptText(m.email.as_deref().filter(|e| !e.is_empty())),
                    Param::Text(m.role.as_str()),
                    Param::Bool(m.active),
                    Param::Text(locale.as_str()),
                    Param::Text(timezone.name()),
                ];
                tx.execute(INSERT_MEMBER, &row).await?;
                tx.execute(NEW_MEMBER_REACH, &[Param::Text(o), Param::Text(m.id.as_str())]).await?;
                return move_member(tx, org, &m.id, m.manager.as_ref()).await;
            }
            for field in fields {
                match field {
                    Field::Profile => {
                        let params = [
                            Param::Text(o),
                            Param::Text(m.id.as_str()),
                            Param::Text(&m.name),
                            Param::OptText(m.email.as_deref().filter(|e| !e.is_empty())),
                            Param::Text(locale.as_str()),
                            Param::Text(timezone.name()),
                        ];
                        tx.execute(SET_PROFILE, &params).await?;
                    }
                    Field::Role => set(tx, SET_ROLE, o, m.id.as_str(), m.role.as_str()).await?,
                    Field::Active => set_active(tx, o, m.id.as_str(), m.active).await?,
                    Field::Manager => move_member(tx, org, &m.id, m.manager.as_ref()).await?,
                    // A team's fields: decide::fields never gives them to a member upsert.
                    Field::Name | Field::Membership => {}
                }
            }
            Ok(())
        }
        EventKind::ManagerChanged { member, manager } => move_member(tx, org, member, manager.as_ref()).await,
        EventKind::RoleChanged { member, role } => set(tx, SET_ROLE, o, member.as_str(), role.as_str()).await,
        EventKind::Deactivated { member } => set_active(tx, o, member.as_str(), false).await,
        EventKind::Reactivated { member } => set_active(tx, o, member.as_str(), true).await,
        EventKind::TeamUpserted { team, name } => set(tx, UPSERT_TEAM, o, team.as_str(), name).await,
        EventKind::TeamMemberAdded { team, member } => {
            set(tx, ADD_TEAM_MEMBER, o, team.as_str(), member.as_str()).await
        }
        EventKind::TeamMemberRemoved { team, member } => {
            set(tx, REMOVE_TEAM_MEMBER, o, team.as_str(), member.as_str()).await
        }
    }
}

async fn set(tx: &mut DbTx, sql: Sql, org: &str, id: &str, value: &str) -> Result<()> {
    tx.execute(sql, &[Param::Text(org), Param::Text(id), Param::Text(value)]).await?;
    Ok(())
}

async fn set_active(tx: &mut DbTx, org: &str, id: &str, active: bool) -> Result<()> {
    tx.execute(SET_ACTIVE, &[Param::Text(org), Param::Text(id), Param::Bool(active)]).await?;
    Ok(())
}

/// A new manager for `member`: only the reporting lines into its subtree change, and the
/// line-key ranges of the managers it leaves and joins.
async fn move_member(tx: &mut DbTx, org: &Org, member: &MemberId, manager: Option<&MemberId>) -> Result<()> {
    let o = org.id.as_str();
    let before = managers_above(tx, o, member).await?;
    match manager {
        Some(manager) => set(tx, SET_MANAGER, o, member.as_str(), manager.as_str()).await?,
        None => {
            tx.execute(SET_NO_MANAGER, &[Param::Text(o), Param::Text(member.as_str())]).await?;
        }
    }
    tx.execute(DETACH_SUBTREE, &[Param::Text(o), Param::Text(member.as_str())]).await?;
    if let Some(manager) = manager {
        tx.execute(ATTACH_SUBTREE, &[Param::Text(o), Param::Text(member.as_str()), Param::Text(manager.as_str())])
            .await?;
    }
    let after = managers_above(tx, o, member).await?;
    move_reach(tx, o, member, &before, &after).await
}
