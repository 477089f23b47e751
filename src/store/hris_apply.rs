//! Applying one stored HRIS event: decide (pure), write the change, its field clocks and
//! the event's mark, all in one transaction under the org's event lock.

use chrono::{DateTime, Utc};

use crate::core::ids::MemberId;
use crate::hris::decide::Field;
use crate::hris::{decide, Decision, Event, EventKind};
use crate::org::Org;
use crate::store::db::{Db, DbTx, Param};
use crate::store::decode::RowReader;
use crate::store::hris::{exists, gather_facts, stored_event};
use crate::store::hris_sql::*;
use crate::store::line_keys::{managers_above, move_reach, NEW_MEMBER_REACH};
use crate::store::Result;

/// None when another process already took the event.
pub async fn apply_one(db: &Db, org: &Org, seq: i64, body: &str, now: DateTime<Utc>) -> Result<Option<Decision>> {
    let mut tx = db.begin().await?;
    tx.execute(LOCK_ORG_EVENTS, &[Param::Text(org.id.as_str())]).await?;
    let state = tx.fetch(EVENT_STATE, &[Param::Int(seq)]).await?;
    match state.first().map(|row| row.text("state")).transpose()?.as_deref() {
        Some("pending") | Some("waiting") => {}
        _ => return Ok(None),
    }
    let event = stored_event(body)?;
    let facts = gather_facts(&mut tx, &org.id, &event).await?;
    let decision = decide(&event, &facts);
    let (state, reason, applied_at) = match &decision {
        Decision::Apply { fields } => {
            write_change(&mut tx, org, &event, fields).await?;
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
        Decision::Duplicate => ("duplicate", Some("this event id was applied before".to_owned()), Some(now)),
        Decision::Stale => ("stale", Some("a newer event already set the same field".to_owned()), Some(now)),
        Decision::Wait { why } => ("waiting", Some(why.clone()), None),
    };
    let reason = reason.unwrap_or_default();
    let mark = [Param::Int(seq), Param::Text(state), Param::Text(&reason)];
    match applied_at {
        Some(at) => tx.execute(MARK_EVENT, &[mark[0], mark[1], mark[2], Param::Instant(at)]).await?,
        None => tx.execute(MARK_EVENT_OPEN, &mark).await?,
    };
    tx.commit().await?;
    Ok(Some(decision))
}

/// The subject whose field clocks an event reads and writes.
pub fn subject(kind: &EventKind) -> String {
    match kind {
        EventKind::MemberUpserted(m) => format!("member:{}", m.id),
        EventKind::ManagerChanged { member, .. }
        | EventKind::RoleChanged { member, .. }
        | EventKind::Deactivated { member }
        | EventKind::Reactivated { member } => format!("member:{member}"),
        EventKind::TeamUpserted { team, .. } => format!("team:{team}"),
        EventKind::TeamMemberAdded { team, member } | EventKind::TeamMemberRemoved { team, member } => {
            format!("team:{team}/member:{member}")
        }
    }
}

async fn write_change(tx: &mut DbTx, org: &Org, event: &Event, fields: &[Field]) -> Result<()> {
    let o = org.id.as_str();
    match &event.kind {
        EventKind::MemberUpserted(m) => {
            let locale = m.locale.unwrap_or(org.locale);
            let timezone = m.timezone.unwrap_or(org.timezone);
            let active = if m.active { "true" } else { "false" };
            if !exists(tx, MEMBER_EXISTS, &org.id, m.id.as_str()).await? {
                let row = [
                    Param::Text(o),
                    Param::Text(m.id.as_str()),
                    Param::Text(&m.name),
                    m.email.as_deref().map_or(Param::Text(""), Param::Text),
                    Param::Text(m.role.as_str()),
                    Param::Text(active),
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
                        let email = m.email.as_deref().unwrap_or("");
                        let params = [
                            Param::Text(o),
                            Param::Text(m.id.as_str()),
                            Param::Text(&m.name),
                            Param::Text(email),
                            Param::Text(locale.as_str()),
                            Param::Text(timezone.name()),
                        ];
                        tx.execute(SET_PROFILE, &params).await?;
                    }
                    Field::Role => set(tx, SET_ROLE, o, m.id.as_str(), m.role.as_str()).await?,
                    Field::Active => set(tx, SET_ACTIVE, o, m.id.as_str(), active).await?,
                    Field::Manager => move_member(tx, org, &m.id, m.manager.as_ref()).await?,
                    // A team's fields: decide::fields never gives them to a member upsert.
                    Field::Name | Field::Membership => {}
                }
            }
            Ok(())
        }
        EventKind::ManagerChanged { member, manager } => move_member(tx, org, member, manager.as_ref()).await,
        EventKind::RoleChanged { member, role } => set(tx, SET_ROLE, o, member.as_str(), role.as_str()).await,
        EventKind::Deactivated { member } => set(tx, SET_ACTIVE, o, member.as_str(), "false").await,
        EventKind::Reactivated { member } => set(tx, SET_ACTIVE, o, member.as_str(), "true").await,
        EventKind::TeamUpserted { team, name } => set(tx, UPSERT_TEAM, o, team.as_str(), name).await,
        EventKind::TeamMemberAdded { team, member } => {
            set(tx, ADD_TEAM_MEMBER, o, team.as_str(), member.as_str()).await
        }
        EventKind::TeamMemberRemoved { team, member } => {
            set(tx, REMOVE_TEAM_MEMBER, o, team.as_str(), member.as_str()).await
        }
    }
}

async fn set(tx: &mut DbTx, sql: crate::store::db::Sql, org: &str, id: &str, value: &str) -> Result<()> {
    tx.execute(sql, &[Param::Text(org), Param::Text(id), Param::Text(value)]).await?;
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
