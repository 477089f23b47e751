//! A SCIM change as the events and checks of its commit: the mapping is pure
//! (scim/mapping.rs, scim/events.rs); this reads the facts it needs from the store
//! (is the manager a member yet, the member's role and manager now).

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::core::ids::{MemberId, TeamId};
use crate::hris::{parse_events, Event};
use crate::http::scim::reply::internal;
use crate::http::state::AppState;
use crate::org::Org;
use crate::scim::events::EventBatch;
use crate::scim::mapping::{group_name, member_of, members_of};
use crate::scim::{Kind, ScimError};

/// The events of a change, and the manager move the commit must check for a cycle.
pub struct Translated {
    pub events: Vec<Event>,
    pub manager_move: Option<(MemberId, MemberId)>,
}

fn member_id(text: &str, at: &str) -> Result<MemberId, ScimError> {
    MemberId::parse(text).map_err(|e| ScimError::invalid_value(format!("{at}: {e}")))
}

/// `before` and `after` are stored forms; None: not there (created) / deleted.
pub async fn translate(
    state: &AppState,
    org: &Org,
    kind: Kind,
    id: &str,
    (before, after): (Option<&Value>, Option<&Value>),
    batch: &str,
    now: DateTime<Utc>,
) -> Result<Translated, ScimError> {
    let mut b = EventBatch::new(batch, now);
    let mut manager_move = None;
    match kind {
        Kind::User => {
            let member = member_id(id, "id")?;
            let row = state.store.member(&org.id, &member).await.map_err(internal)?;
            let role_now = row.as_ref().map(|m| m.role);
            let was = before.map(|d| member_of(d, role_now));
            match after {
                None => {
                    if row.is_some() || before.is_some() {
                        b.deactivate(id);
                    }
                }
                Some(doc) => {
                    let new = member_of(doc, role_now);
                    let mut known = false;
                    if let Some(manager) = &new.manager {
                        let manager = member_id(manager, "manager.value")?;
                        if manager == member {
                            return Err(ScimError::invalid_value("a member cannot be their own manager"));
                        }
                        known = state.store.member(&org.id, &manager).await.map_err(internal)?.is_some();
                        if known && was.as_ref().is_none_or(|w| w.manager != new.manager) {
                            manager_move = Some((member.clone(), manager));
                        }
                    }
                    let manager_now = row.as_ref().and_then(|m| m.manager.as_ref()).map(MemberId::as_str);
                    b.member(id, was.as_ref(), &new, known, manager_now);
                }
            }
        }
        Kind::Group => {
            TeamId::parse(id).map_err(|e| ScimError::invalid_value(format!("id: {e}")))?;
            let had = before.map(|d| (group_name(d), members_of(d)));
            let (name, members) = match after {
                Some(doc) => (group_name(doc), members_of(doc)),
                None => (had.as_ref().map(|(n, _)| n.clone()).unwrap_or_default(), vec![]),
            };
            for m in &members {
                member_id(m, "members.value")?;
            }
            let had_ref = had.as_ref().map(|(n, m)| (n.as_str(), m.as_slice()));
            b.team(id, had_ref, &name, &members);
        }
    }
    let events = parse_events(&Value::Array(b.events))
        .map_err(|e| ScimError::invalid_value(format!("{}: {}", e.field, e.problem)))?;
    Ok(Translated { events, manager_move })
}
