//! One test per sentence of CONTRACT §10 on editors, participants and the manager editor,
//! through `resolve_people` and the visibility and permission rules that read it.

use std::collections::HashMap;

use super::*;
use crate::goals::fixtures::{chart, goal, member, team};
use crate::goals::permissions::{allowed_actions, Action};
use crate::goals::GoalState;
use crate::org::{OrgChart, Role};
use crate::visibility::{can_see, visible_goal_ids, GoalAccess};

/// boss ← (mgr ← (owner, peer)); `ed` edits through team `eds`; `gone` left.
fn org(policy: OrgPolicy) -> OrgChart {
    chart(
        &[
            ("boss", Role::Manager, None, true),
            ("mgr", Role::Manager, Some("boss"), true),
            ("owner", Role::Employee, Some("mgr"), true),
            ("peer", Role::Employee, Some("mgr"), true),
            ("ed", Role::Employee, None, true),
            ("ed-report", Role::Employee, Some("ed"), true),
            ("part", Role::Employee, None, true),
            ("viewer", Role::Employee, None, true),
            ("gone", Role::Employee, None, false),
        ],
        &[("eds", &["ed"]), ("parts", &["part"])],
    )
    .with_policy(policy)
}

fn private(id: &str, owner: &str) -> Goal {
    Goal { visibility: Visibility::OwnersAndContributors, ..goal(id, owner) }
}

fn under(child: Goal, parent: &str, contributes: bool) -> Goal {
    Goal { parent: Some(crate::goals::fixtures::goal_id(parent)), contributes_to_parent: contributes, ..child }
}

fn sees(org: &OrgChart, goals: &[Goal], viewer: &str) -> Vec<String> {
    visible_goal_ids(org, &member(viewer), goals).iter().map(ToString::to_string).collect()
}

fn actions(org: &OrgChart, goals: &[Goal], who: &str, id: &str) -> Vec<&'static str> {
    let by_id: HashMap<&GoalId, &Goal> = goals.iter().map(|g| (&g.id, g)).collect();
    let target = goals.iter().find(|g| g.id.as_str() == id).unwrap();
    let manager_of = |m: &MemberId| org.member(m).and_then(|f| f.manager.clone());
    let people = resolve_people(org.policy(), &chain_of(&by_id, &target.id), &manager_of);
    allowed_actions(org, &member(who), &GoalAccess::with_people(target, &people))
        .iter()
        .map(|a: &Action| a.as_str())
        .collect()
}

use crate::org::OrgView;

#[test]
fn member_and_team_editors_see_a_private_draft_and_count_as_its_owner() {
    let mut g = private("g", "owner");
    g.state = GoalState::Draft;
    g.people.editors = PeopleRefs { members: vec![member("peer")], teams: vec![team("eds")] };
    let org = org(OrgPolicy::default());
    let goals = [g];
    assert_eq!(sees(&org, &goals, "peer"), ["g"]);
    assert_eq!(sees(&org, &goals, "ed"), ["g"]);
    assert_eq!(actions(&org, &goals, "ed", "g"), ["delete", "duplicate", "edit", "view"], "no publish: the creator's");
}

#[test]
fn an_editors_reporting_line_sees_nothing_through_them() {
    let mut g = private("g", "owner");
    g.people.editors.members = vec![member("ed")];
    assert!(sees(&org(OrgPolicy::default()), &[g], "ed-report").is_empty());
}

#[test]
fn the_manager_editor_of_a_public_goal_is_the_owners_current_manager() {
    let mut g = goal("g", "owner");
    g.state = GoalState::Draft;
    g.people.manager_editor = Some(member("boss"));
    let on = OrgPolicy { manager_editor: true, ..OrgPolicy::default() };
    let goals = [g];
    assert_eq!(sees(&org(on.clone()), &goals, "mgr"), ["g"], "the current manager edits, the stored one is ignored");
    assert!(sees(&org(on), &goals, "boss").is_empty());
    assert!(sees(&org(OrgPolicy::default()), &goals, "mgr").is_empty(), "the switch off: nobody");
}

#[test]
fn the_manager_editor_of_a_private_goal_is_the_stored_one() {
    let mut g = private("g", "owner");
    g.state = GoalState::Draft;
    g.people.manager_editor = Some(member("boss"));
    let on = OrgPolicy { manager_editor: true, ..OrgPolicy::default() };
    let goals = [g];
    assert_eq!(sees(&org(on.clone()), &goals, "boss"), ["g"]);
    assert!(sees(&org(on), &goals, "mgr").is_empty(), "a manager change does not move it");
}

#[test]
fn waterfall_editors_edit_every_goal_below_whatever_contributes_says() {
    let mut top = private("top", "peer");
    top.people.editors.members = vec![member("ed")];
    let mid = under(private("mid", "owner"), "top", false);
    let low = under(private("low", "owner"), "mid", true);
    let goals = [top, mid, low];
    let on = org(OrgPolicy { waterfall_editors: true, ..OrgPolicy::default() });
    assert_eq!(sees(&on, &goals, "ed"), ["low", "mid", "top"]);
    assert_eq!(sees(&on, &goals, "peer"), ["low", "mid", "top"], "the owner above edits below");
    assert!(actions(&on, &goals, "peer", "low").contains(&"edit"));
    let off = org(OrgPolicy::default());
    assert_eq!(sees(&off, &goals, "ed"), ["top"]);
}

#[test]
fn participants_see_the_goals_downstream_that_contribute_to_theirs() {
    let mut top = private("top", "peer");
    top.people.participants.teams = vec![team("parts")];
    let mid = under(Goal { state: GoalState::Draft, ..private("mid", "owner") }, "top", true);
    let low = under(private("low", "owner"), "mid", true);
    let off = under(private("off", "owner"), "top", false);
    let goals = [top, mid, low, off];
    let org = org(OrgPolicy::default());
    assert_eq!(sees(&org, &goals, "part"), ["low", "top"], "through a draft, which stays unseen");
    assert_eq!(actions(&org, &goals, "part", "top"), ["align_child", "view"]);
    assert_eq!(actions(&org, &goals, "part", "low"), ["view"], "a participant above only views");
}

#[test]
fn global_viewers_see_every_goal_but_drafts_and_may_only_view() {
    let draft = Goal { state: GoalState::Draft, ..private("d", "owner") };
    let goals = [private("p", "owner"), draft];
    let policy = OrgPolicy { global_viewers: [member("viewer"), member("gone")].into(), ..OrgPolicy::default() };
    let org = org(policy);
    assert_eq!(sees(&org, &goals, "viewer"), ["p"]);
    assert_eq!(actions(&org, &goals, "viewer", "p"), ["view"]);
    assert!(sees(&org, &goals, "gone").is_empty(), "a deactivated global viewer sees nothing");
}

#[test]
fn managers_who_manage_their_line_count_as_the_owner_except_for_publish() {
    let draft = Goal { state: GoalState::Draft, ..private("d", "owner") };
    let goals = [draft];
    let on = org(OrgPolicy { managers_manage_reporting_line: true, ..OrgPolicy::default() });
    assert_eq!(actions(&on, &goals, "boss", "d"), ["delete", "duplicate", "edit", "make_organization", "view"]);
    assert!(sees(&org(OrgPolicy::default()), &goals, "boss").is_empty());
}

#[test]
fn organization_goal_roles_decide_make_organization() {
    let goals = [goal("g", "owner")];
    let open = org(OrgPolicy { organization_goal_roles: [Role::Employee].into(), ..OrgPolicy::default() });
    assert!(actions(&open, &goals, "owner", "g").contains(&"make_organization"));
    let default = org(OrgPolicy::default());
    assert!(!actions(&default, &goals, "owner", "g").contains(&"make_organization"));
}

#[test]
fn with_every_switch_off_and_nobody_named_nothing_changes() {
    let goals = [private("g", "owner")];
    let org = org(OrgPolicy::default());
    let people = resolve_people(org.policy(), &[&goals[0]], &|_: &MemberId| None);
    assert_eq!(people, ResolvedPeople::default());
    assert!(!can_see(&org, &member("ed"), &GoalAccess::from(&goals[0])));
}
