//! Who may assign whom as a goal's owner or contributor (the product's assignment table,
//! pure: no I/O).
//!
//! | actor | owner or member contributor | contributor team |
//! |---|---|---|
//! | executive, collaborator, manager | any active member | any team |
//! | employee | themselves, their manager, their peers (same manager) | teams they belong to |
//!
//! With the policy's `employees_assign_anyone` (CONTRACT §10, 15Five) an employee assigns
//! any active member as owner or member contributor; teams stay as above.

use crate::core::ids::{MemberId, TeamId};
use crate::org::{OrgView, Role};

/// May `actor` make `candidate` a goal's owner or member contributor? Only active members
/// can be assigned; an unknown or deactivated actor assigns nobody.
pub fn may_assign_member(org: &impl OrgView, actor: &MemberId, candidate: &MemberId) -> bool {
    let (Some(actor_facts), Some(candidate_facts)) = (org.member(actor), org.member(candidate)) else {
        return false;
    };
    if !actor_facts.active || !candidate_facts.active {
        return false;
    }
    if actor_facts.role != Role::Employee || org.policy().employees_assign_anyone {
        return true;
    }
    let is_self = actor == candidate;
    let is_manager = actor_facts.manager.as_ref() == Some(candidate);
    let is_peer = actor_facts.manager.is_some() && actor_facts.manager == candidate_facts.manager;
    is_self || is_manager || is_peer
}

/// May `actor` make `team` a goal's contributor? Employees only name teams they belong to.
pub fn may_assign_team(org: &impl OrgView, actor: &MemberId, team: &TeamId) -> bool {
    match org.member(actor) {
        Some(facts) if facts.active => facts.role != Role::Employee || org.team_members(team).contains(actor),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{MemberFacts, OrgChart};

    fn id(s: &str) -> MemberId {
        MemberId::parse(s).unwrap()
    }

    /// boss ← (emp, peer); other ← stranger; `gone` is a deactivated peer; team t has emp.
    fn org(actor_role: Role) -> OrgChart {
        let mut chart = OrgChart::default();
        let mut add = |who: &str, role: Role, manager: Option<&str>, active: bool| {
            chart.insert_member(id(who), MemberFacts { role, active, manager: manager.map(id) });
        };
        add("boss", Role::Manager, None, true);
        add("emp", actor_role, Some("boss"), true);
        add("peer", Role::Employee, Some("boss"), true);
        add("gone", Role::Employee, Some("boss"), false);
        add("other", Role::Manager, None, true);
        add("stranger", Role::Employee, Some("other"), true);
        add("report", Role::Employee, Some("emp"), true);
        chart.set_team(TeamId::parse("t").unwrap(), vec![id("emp"), id("peer")]);
        chart.set_team(TeamId::parse("u").unwrap(), vec![id("stranger")]);
        chart
    }

    #[test]
    fn an_employee_assigns_themselves_their_manager_and_their_peers() {
        let org = org(Role::Employee);
        for candidate in ["emp", "boss", "peer"] {
            assert!(may_assign_member(&org, &id("emp"), &id(candidate)), "{candidate}");
        }
    }

    #[test]
    fn an_employee_does_not_assign_strangers_their_own_reports_or_the_deactivated() {
        let org = org(Role::Employee);
        for candidate in ["stranger", "other", "report", "gone", "nobody"] {
            assert!(!may_assign_member(&org, &id("emp"), &id(candidate)), "{candidate}");
        }
    }

    #[test]
    fn managers_executives_and_collaborators_assign_any_active_member() {
        for role in [Role::Manager, Role::Executive, Role::Collaborator] {
            let org = org(role);
            for candidate in ["stranger", "other", "report", "peer"] {
                assert!(may_assign_member(&org, &id("emp"), &id(candidate)), "{role} {candidate}");
            }
            assert!(!may_assign_member(&org, &id("emp"), &id("gone")), "{role} gone");
        }
    }

    #[test]
    fn two_members_without_a_manager_are_not_peers() {
        let org = org(Role::Employee);
        let mut chart = org.clone();
        chart.insert_member(id("loner"), MemberFacts { role: Role::Employee, active: true, manager: None });
        assert!(!may_assign_member(&chart, &id("loner"), &id("boss")));
    }

    #[test]
    fn an_employee_names_only_teams_they_belong_to() {
        let org = org(Role::Employee);
        assert!(may_assign_team(&org, &id("emp"), &TeamId::parse("t").unwrap()));
        assert!(!may_assign_team(&org, &id("emp"), &TeamId::parse("u").unwrap()));
    }

    #[test]
    fn with_employees_assign_anyone_an_employee_assigns_any_active_member() {
        let policy = crate::org::OrgPolicy { employees_assign_anyone: true, ..Default::default() };
        let org = org(Role::Employee).with_policy(policy);
        for candidate in ["stranger", "other", "report", "peer", "emp"] {
            assert!(may_assign_member(&org, &id("emp"), &id(candidate)), "{candidate}");
        }
        assert!(!may_assign_member(&org, &id("emp"), &id("gone")), "the deactivated stay out");
        assert!(!may_assign_team(&org, &id("emp"), &TeamId::parse("u").unwrap()), "teams are unchanged");
    }

    #[test]
    fn a_manager_names_any_team() {
        let org = org(Role::Manager);
        assert!(may_assign_team(&org, &id("emp"), &TeamId::parse("u").unwrap()));
    }

    #[test]
    fn a_deactivated_actor_assigns_nobody() {
        let mut chart = org(Role::Executive);
        chart.insert_member(id("emp"), MemberFacts { role: Role::Executive, active: false, manager: None });
        assert!(!may_assign_member(&chart, &id("emp"), &id("emp")));
        assert!(!may_assign_team(&chart, &id("emp"), &TeamId::parse("t").unwrap()));
    }
}
