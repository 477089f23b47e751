//! What applying one HRIS event should do, from the facts the store gathered (CONTRACT §6):
//! an event id seen before is ignored; an event naming a member or team not known yet
//! waits; per field, an event older than the last one applied is ignored (last writer
//! wins by `occurred_at`, not by arrival); a manager change that would close a reporting
//! cycle waits (a later event may open it). Pure.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::core::text_enum;
use crate::hris::event::{Event, EventKind};

text_enum!(
    /// A field of a member or team with its own clock; the texts are what the field clocks
    /// table stores.
    Field {
        Profile => "profile",
        Manager => "manager",
        Role => "role",
        Active => "active",
        Name => "name",
        Membership => "membership",
    }
);

/// The fields an event writes, each with its own clock.
pub fn fields(kind: &EventKind) -> &'static [Field] {
    match kind {
        EventKind::MemberUpserted(_) => &[Field::Profile, Field::Manager, Field::Role, Field::Active],
        EventKind::ManagerChanged { .. } => &[Field::Manager],
        EventKind::RoleChanged { .. } => &[Field::Role],
        EventKind::Deactivated { .. } | EventKind::Reactivated { .. } => &[Field::Active],
        EventKind::TeamUpserted { .. } => &[Field::Name],
        EventKind::TeamMemberAdded { .. } | EventKind::TeamMemberRemoved { .. } => &[Field::Membership],
    }
}

/// What the store knows about an event's subject when the event comes up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFacts {
    /// The event id was applied or ignored before.
    pub seen: bool,
    /// The first member or team the event names that does not exist yet, e.g. `member "ivy"`.
    pub unknown: Option<String>,
    /// The `occurred_at` of the last event applied to each field of the subject.
    pub clocks: HashMap<Field, DateTime<Utc>>,
    /// Applying a manager change would make someone report to themselves.
    pub would_cycle: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Write these fields (a subset of `fields`: those no newer event has written).
    Apply {
        fields: Vec<Field>,
    },
    Duplicate,
    /// Every field was written by a newer event.
    Stale,
    Wait {
        why: String,
    },
}

pub fn decide(event: &Event, facts: &EventFacts) -> Decision {
    if facts.seen {
        return Decision::Duplicate;
    }
    if let Some(unknown) = &facts.unknown {
        return Decision::Wait { why: format!("{unknown} is not known yet") };
    }
    let fresh: Vec<Field> = fields(&event.kind)
        .iter()
        .copied()
        .filter(|field| facts.clocks.get(field).is_none_or(|last| *last <= event.occurred_at))
        .collect();
    if fresh.is_empty() {
        return Decision::Stale;
    }
    if facts.would_cycle && fresh.contains(&Field::Manager) {
        return Decision::Wait { why: "the new manager reports to this member: it would make a cycle".to_owned() };
    }
    Decision::Apply { fields: fresh }
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
