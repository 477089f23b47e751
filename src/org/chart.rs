//! The facts about an org that the rules read, behind one trait so the store can
//! answer from a partial load and tests from a whole in-memory org.

use std::collections::{HashMap, HashSet};

use crate::core::ids::{MemberId, TeamId};
use crate::org::model::{Member, Role, Team};
use crate::org::policy::OrgPolicy;

/// What the rules need to know about one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub role: Role,
    pub active: bool,
    pub manager: Option<MemberId>,
}

/// Read access to an org's structure. Implementations may hold only the part of the
/// org a question touches; answers about members they don't hold are "unknown" (None/false).
pub trait OrgView {
    fn member(&self, id: &MemberId) -> Option<&MemberFacts>;
    /// True when `report`'s chain of managers reaches `manager` (direct or indirect).
    fn is_above(&self, manager: &MemberId, report: &MemberId) -> bool;
    fn team_members(&self, team: &TeamId) -> &[MemberId];
    /// The org's policy (CONTRACT §10).
    fn policy(&self) -> &OrgPolicy;
}

/// A whole org held in memory: the reference implementation of [`OrgView`].
#[derive(Debug, Clone, Default)]
pub struct OrgChart {
    members: HashMap<MemberId, MemberFacts>,
    teams: HashMap<TeamId, Vec<MemberId>>,
    policy: OrgPolicy,
}

impl OrgChart {
    pub fn new(members: &[Member], teams: &[Team]) -> Self {
        let members = members
            .iter()
            .map(|m| {
                let facts = MemberFacts { role: m.role, active: m.active, manager: m.manager.clone() };
                (m.id.clone(), facts)
            })
            .collect();
        let teams = teams.iter().map(|t| (t.id.clone(), t.members.clone())).collect();
        Self { members, teams, policy: OrgPolicy::default() }
    }

    pub fn with_policy(mut self, policy: OrgPolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn insert_member(&mut self, id: MemberId, facts: MemberFacts) {
        self.members.insert(id, facts);
    }

    pub fn set_team(&mut self, team: TeamId, members: Vec<MemberId>) {
        self.teams.insert(team, members);
    }

    pub fn member_ids(&self) -> impl Iterator<Item = &MemberId> {
        self.members.keys()
    }

    pub fn team_ids(&self) -> impl Iterator<Item = &TeamId> {
        self.teams.keys()
    }
}

impl OrgView for OrgChart {
    fn member(&self, id: &MemberId) -> Option<&MemberFacts> {
        self.members.get(id)
    }

    fn is_above(&self, manager: &MemberId, report: &MemberId) -> bool {
        // Walk up the chain; the visited set guards against a cycle in bad data.
        let mut seen = HashSet::new();
        let mut current = self.members.get(report).and_then(|m| m.manager.as_ref());
        while let Some(next) = current {
            if next == manager {
                return true;
            }
            if !seen.insert(next) {
                return false;
            }
            current = self.members.get(next).and_then(|m| m.manager.as_ref());
        }
        false
    }

    fn team_members(&self, team: &TeamId) -> &[MemberId] {
        self.teams.get(team).map(Vec::as_slice).unwrap_or(&[])
    }

    fn policy(&self) -> &OrgPolicy {
        &self.policy
    }
}

/// The part of an org around one question, as the store loads it: some members' facts,
/// some teams, and the reporting-line pairs (manager, report) read from the closure table.
#[derive(Debug, Clone, Default)]
pub struct PartialOrg {
    pub members: HashMap<MemberId, MemberFacts>,
    pub teams: HashMap<TeamId, Vec<MemberId>>,
    pub above: HashSet<(MemberId, MemberId)>,
    pub policy: OrgPolicy,
}

impl OrgView for PartialOrg {
    fn member(&self, id: &MemberId) -> Option<&MemberFacts> {
        self.members.get(id)
    }

    fn is_above(&self, manager: &MemberId, report: &MemberId) -> bool {
        self.above.contains(&(manager.clone(), report.clone()))
    }

    fn team_members(&self, team: &TeamId) -> &[MemberId] {
        self.teams.get(team).map(Vec::as_slice).unwrap_or(&[])
    }

    fn policy(&self) -> &OrgPolicy {
        &self.policy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> MemberId {
        MemberId::parse(s).unwrap()
    }

    fn chart(links: &[(&str, Option<&str>)]) -> OrgChart {
        let mut chart = OrgChart::default();
        for (member, manager) in links {
            let facts = MemberFacts { role: Role::Employee, active: true, manager: manager.map(id) };
            chart.insert_member(id(member), facts);
        }
        chart
    }

    #[test]
    fn a_manager_is_above_direct_and_indirect_reports() {
        let chart = chart(&[("a", None), ("b", Some("a")), ("c", Some("b"))]);
        assert!(chart.is_above(&id("a"), &id("b")));
        assert!(chart.is_above(&id("a"), &id("c")));
        assert!(!chart.is_above(&id("c"), &id("a")));
    }

    #[test]
    fn nobody_is_above_themselves() {
        let chart = chart(&[("a", None), ("b", Some("a"))]);
        assert!(!chart.is_above(&id("b"), &id("b")));
    }

    #[test]
    fn a_cycle_in_bad_data_ends_the_walk() {
        let chart = chart(&[("a", Some("b")), ("b", Some("a")), ("z", None)]);
        assert!(!chart.is_above(&id("z"), &id("a")));
    }
}
