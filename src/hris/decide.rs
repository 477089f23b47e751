//! What applying one HRIS event should do, from the facts the store gathered (CONTRACT §6):
//! an event id seen before never gets here (the inbox stores each id once per org,
//! store/hris/sql.rs `RECEIVE_EVENT`); an event naming a member or team not known yet
//! waits; per field, an event older than the last one applied is ignored (last writer
//! wins by `occurred_at`, not by arrival); a manager change that would close a reporting
//! cycle waits (a later event may open it). Pure.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::hris::event::{Event, EventKind};

/// The fields an event writes, each with its own clock.
pub fn fields(kind: &EventKind) -> &'static [&'static str] {
    match kind {
        EventKind::MemberUpserted(_) => &["profile", "manager", "role", "active"],
        EventKind::ManagerChanged { .. } => &["manager"],
        EventKind::RoleChanged { .. } => &["role"],
        EventKind::Deactivated { .. } | EventKind::Reactivated { .. } => &["active"],
        EventKind::TeamUpserted { .. } => &["name"],
        EventKind::TeamMemberAdded { .. } | EventKind::TeamMemberRemoved { .. } => &["membership"],
    }
}

/// What the store knows about an event's subject when the event comes up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFacts {
    /// The first member or team the event names that does not exist yet, e.g. `member "ivy"`.
    pub unknown: Option<String>,
    /// The `occurred_at` of the last event applied to each field of the subject.
    pub clocks: HashMap<&'static str, DateTime<Utc>>,
    /// Applying a manager change would make someone report to themselves.
    pub would_cycle: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Write these fields (a subset of `fields`: those no newer event has written).
    Apply {
        fields: Vec<&'static str>,
    },
    /// Every field was written by a newer event.
    Stale,
    Wait {
        why: String,
    },
}

pub fn decide(event: &Event, facts: &EventFacts) -> Decision {
    if let Some(unknown) = &facts.unknown {
        return Decision::Wait { why: format!("{unknown} is not known yet") };
    }
    let fresh: Vec<&'static str> = fields(&event.kind)
        .iter()
        .copied()
        .filter(|field| facts.clocks.get(field).is_none_or(|last| *last <= event.occurred_at))
        .collect();
    if fresh.is_empty() {
        return Decision::Stale;
    }
    if facts.would_cycle && fresh.contains(&"manager") {
        return Decision::Wait { why: "the new manager reports to this member: it would make a cycle".to_owned() };
    }
    Decision::Apply { fields: fresh }
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
