//! What applying one HRIS event should do, from the facts the store gathered (CONTRACT §6):
//! an event id seen before never gets here (the inbox stores each id once per org,
//! store/hris/sql.rs `RECEIVE_EVENT`); an event naming a member or team not known yet
//! waits; per field, an event older than the last one applied is ignored (last writer
//! wins by `occurred_at`, not by arrival); a manager change that would close a reporting
//! cycle, or make a manager chain deeper than the bound (docs/depth-limits.md), waits (a
//! later event may open it). Pure.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::core::ids::{MemberId, TeamId};
use crate::core::text_enum;
use crate::hris::event::{Event, EventKind};
use crate::org::reporting::check_chain_depth;

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

/// What an event names: the facts the store gathers for `decide` are about these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    /// Members that must exist before the event applies (a new manager included).
    pub members: Vec<MemberId>,
    /// A team that must exist before the event applies.
    pub team: Option<TeamId>,
    /// (member, new manager) of a manager change: what the cycle check reads.
    pub moved: Option<(MemberId, MemberId)>,
}

pub fn references(kind: &EventKind) -> References {
    let (mut members, team, moved) = match kind {
        EventKind::MemberUpserted(m) => (vec![], None, m.manager.clone().map(|x| (m.id.clone(), x))),
        EventKind::ManagerChanged { member, manager } => {
            (vec![member.clone()], None, manager.clone().map(|x| (member.clone(), x)))
        }
        EventKind::RoleChanged { member, .. }
        | EventKind::Deactivated { member }
        | EventKind::Reactivated { member } => (vec![member.clone()], None, None),
        EventKind::TeamUpserted { .. } => (vec![], None, None),
        EventKind::TeamMemberAdded { team, member } | EventKind::TeamMemberRemoved { team, member } => {
            (vec![member.clone()], Some(team.clone()), None)
        }
    };
    if let Some((_, manager)) = &moved {
        if !members.contains(manager) {
            members.push(manager.clone());
        }
    }
    References { members, team, moved }
}

/// What a waiting event waits for: the store indexes waiting events by it, so an event is
/// decided again only when what it waits for may have arrived, not on every inbox pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Awaited {
    Member(MemberId),
    Team(TeamId),
    /// A change of the reporting lines (a manager change applied): what can open a cycle
    /// or shorten a chain that would be too deep.
    Lines,
}

impl Awaited {
    /// The (kind, id) the store keeps for the wait.
    pub fn key(&self) -> (&'static str, Option<&str>) {
        match self {
            Awaited::Member(id) => ("member", Some(id.as_str())),
            Awaited::Team(id) => ("team", Some(id.as_str())),
            Awaited::Lines => ("lines", None),
        }
    }
}

impl std::fmt::Display for Awaited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Awaited::Member(id) => write!(f, "member {:?}", id.as_str()),
            Awaited::Team(id) => write!(f, "team {:?}", id.as_str()),
            Awaited::Lines => f.write_str("a change of the reporting lines"),
        }
    }
}

/// What the store knows about an event's subject when the event comes up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFacts {
    /// The first member or team the event names that does not exist yet.
    pub unknown: Option<Awaited>,
    /// The `occurred_at` of the last event applied to each field of the subject.
    pub clocks: HashMap<Field, DateTime<Utc>>,
    /// Applying a manager change would make someone report to themselves.
    pub would_cycle: bool,
    /// How deep the moved member's subtree would sit under its new manager: the levels
    /// from the top of the new manager's chain down to the deepest report of the member
    /// (org/reporting.rs `check_chain_depth`). None when the event moves nobody.
    pub chain_depth: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Write these fields (a subset of `fields`: those no newer event has written).
    Apply {
        fields: Vec<Field>,
    },
    /// Every field was written by a newer event.
    Stale,
    Wait {
        why: String,
        on: Awaited,
    },
}

pub fn decide(event: &Event, facts: &EventFacts) -> Decision {
    if let Some(unknown) = &facts.unknown {
        return Decision::Wait { why: format!("{unknown} is not known yet"), on: unknown.clone() };
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
        return Decision::Wait {
            why: "the new manager reports to this member: it would make a cycle".to_owned(),
            on: Awaited::Lines,
        };
    }
    if let (Some(depth), true) = (facts.chain_depth, fresh.contains(&Field::Manager)) {
        if let Err(too_deep) = check_chain_depth(depth) {
            // Waits rather than fails (CONTRACT §6: an event is never dropped): a later
            // manager change may shorten the chain.
            return Decision::Wait { why: too_deep.to_string(), on: Awaited::Lines };
        }
    }
    Decision::Apply { fields: fresh }
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
