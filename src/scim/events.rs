//! A SCIM change as CONTRACT §6 events, so it goes through the same inbox, rules and
//! recomputation as the HRIS webhook. Only what changed becomes an event: a new member
//! is a `member.upserted`; a changed name, email, language or time zone is a
//! `member.upserted` carrying every field; otherwise a new manager, role or activity is
//! its own event. A manager not provisioned yet is named in a `member.manager_changed`
//! of its own, which waits in the inbox until the manager arrives (§6), while the
//! member itself is written at once.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::core::time::rfc3339_text;
use crate::scim::mapping::MemberState;

/// Makes the events of one SCIM write: ids `scim-{batch}-{n}`, all at `now`.
pub struct EventBatch {
    batch: String,
    now: DateTime<Utc>,
    pub events: Vec<Value>,
}

impl EventBatch {
    pub fn new(batch: impl Into<String>, now: DateTime<Utc>) -> Self {
        Self { batch: batch.into(), now, events: vec![] }
    }

    fn push(&mut self, kind: &str, data: Value) {
        let id = format!("scim-{}-{}", self.batch, self.events.len());
        self.events.push(json!({"id": id, "type": kind, "occurred_at": rfc3339_text(self.now), "data": data}));
    }

    /// The events taking member `id` from `before` (None: not a member yet) to `after`.
    /// `manager_known`: `after.manager` is a member already; `manager_now` the manager
    /// the store holds for `id` (kept by an upsert while a new one waits).
    pub fn member(
        &mut self,
        id: &str,
        before: Option<&MemberState>,
        after: &MemberState,
        manager_known: bool,
        manager_now: Option<&str>,
    ) {
        let manager_changed = before.is_none_or(|b| b.manager != after.manager);
        let upsert_manager = match (&after.manager, manager_known) {
            (Some(m), true) => Some(m.as_str()),
            (None, _) => None,
            (Some(_), false) => manager_now,
        };
        let profile_changed = before.is_none_or(|b| {
            (&b.name, &b.email, b.locale, b.timezone) != (&after.name, &after.email, after.locale, after.timezone)
        });
        if profile_changed {
            let data = json!({
                "id": id, "name": after.name, "email": after.email, "role": after.role.as_str(),
                "manager": upsert_manager, "active": after.active,
                "locale": after.locale.map(|l| l.as_str()), "timezone": after.timezone.map(|t| t.name()),
            });
            self.push("member.upserted", data);
        } else {
            let b = before.unwrap_or(after);
            if b.role != after.role {
                self.push("member.role_changed", json!({"member": id, "role": after.role.as_str()}));
            }
            if b.active != after.active {
                let kind = if after.active { "member.reactivated" } else { "member.deactivated" };
                self.push(kind, json!({"member": id}));
            }
        }
        if manager_changed && (!profile_changed || upsert_manager != after.manager.as_deref()) {
            self.push("member.manager_changed", json!({"member": id, "manager": after.manager}));
        }
    }

    pub fn deactivate(&mut self, id: &str) {
        self.push("member.deactivated", json!({"member": id}));
    }

    /// The events taking team `id` from `before` (name and sorted member ids; None: not a
    /// team yet) to `after`.
    pub fn team(&mut self, id: &str, before: Option<(&str, &[String])>, name: &str, members: &[String]) {
        if before.is_none_or(|(n, _)| n != name) {
            self.push("team.upserted", json!({"id": id, "name": name}));
        }
        let had: &[String] = before.map(|(_, m)| m).unwrap_or_default();
        for m in members.iter().filter(|m| !had.contains(m)) {
            self.push("team.member_added", json!({"team": id, "member": m}));
        }
        for m in had.iter().filter(|m| !members.contains(m)) {
            self.push("team.member_removed", json!({"team": id, "member": m}));
        }
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
