use super::*;
use crate::goals::fixtures::{chart, goal, member, team};
use crate::goals::{Goal, Visibility};
use crate::org::{OrgChart, Role};

/// ceo ← boss ← {ann, ben, gone (deactivated)}; col, out and mia (a manager) report to ceo.
fn org() -> OrgChart {
    use Role::*;
    chart(
        &[
            ("ceo", Executive, None, true),
            ("col", Collaborator, Some("ceo"), true),
            ("boss", Manager, Some("ceo"), true),
            ("mia", Manager, Some("ceo"), true),
            ("ann", Employee, Some("boss"), true),
            ("ben", Employee, Some("boss"), true),
            ("gone", Employee, Some("boss"), false),
            ("out", Employee, Some("ceo"), true),
        ],
        &[("squad", &["ben"])],
    )
}

/// Ann's restricted goal, created by ann, with out as member contributor and squad as team.
fn team_goal(state: GoalState) -> Goal {
    Goal {
        state,
        visibility: Visibility::OwnersAndContributors,
        member_contributors: vec![member("out")],
        team_contributors: vec![team("squad")],
        ..goal("g", "ann")
    }
}

fn actions(who: &str, goal: &Goal) -> String {
    let allowed = allowed_actions(&org(), &member(who), &GoalAccess::from(goal));
    allowed.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(" ")
}

fn may(who: &str, action: Action, goal: &Goal) -> bool {
    allowed_actions(&org(), &member(who), &GoalAccess::from(goal)).contains(&action)
}

const STATES: [GoalState; 4] = [GoalState::Draft, GoalState::Published, GoalState::Closed, GoalState::Archived];

#[test]
fn actions_sort_like_their_text() {
    let mut texts: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
    texts.sort();
    let in_order: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(texts, in_order);
    assert_eq!("make_organization".parse::<Action>(), Ok(Action::MakeOrganization));
}

#[test]
fn an_unknown_or_deactivated_member_may_do_nothing_even_as_owner() {
    assert_eq!(actions("stranger", &goal("g", "ann")), "");
    assert_eq!(actions("gone", &goal("g", "gone")), "");
    assert!(!has_edit_rights(&org(), &member("gone"), &GoalAccess::from(&goal("g", "gone"))));
}

#[test]
fn a_member_who_cannot_see_the_goal_may_do_nothing_even_as_contributor() {
    assert_eq!(actions("out", &team_goal(GoalState::Draft)), "");
    assert_eq!(actions("mia", &team_goal(GoalState::Published)), "");
}

#[test]
fn a_manager_who_sees_a_reports_goal_may_only_view_it() {
    assert_eq!(actions("boss", &team_goal(GoalState::Published)), "view");
}

#[test]
fn the_owner_and_creator_of_a_published_goal_may_do_everything_but_publish() {
    let expected = "add_progress align_child archive close delete duplicate edit view";
    assert_eq!(actions("ann", &team_goal(GoalState::Published)), expected);
    let created = Goal { creator: member("ben"), ..team_goal(GoalState::Published) };
    assert_eq!(actions("ben", &created), expected);
}

#[test]
fn contributors_add_progress_and_align_children_but_never_edit() {
    for who in ["out", "ben"] {
        assert_eq!(actions(who, &team_goal(GoalState::Published)), "add_progress align_child view", "{who}");
    }
}

#[test]
fn executives_and_collaborators_hold_edit_rights_but_align_nothing_they_are_not_part_of() {
    let expected = "add_progress archive close delete duplicate edit make_organization view";
    for who in ["ceo", "col"] {
        assert_eq!(actions(who, &team_goal(GoalState::Published)), expected, "{who}");
    }
}

#[test]
fn edit_duplicate_and_delete_apply_in_every_state() {
    for state in STATES {
        for action in [Action::Edit, Action::Duplicate, Action::Delete] {
            assert!(may("ann", action, &team_goal(state)), "{action} in {state}");
            assert!(may("ceo", action, &team_goal(state)), "{action} in {state}");
            assert!(!may("out", action, &team_goal(state)), "{action} in {state}");
        }
    }
}

#[test]
fn only_the_creator_publishes_and_only_a_draft() {
    let drafted = Goal { creator: member("ben"), ..team_goal(GoalState::Draft) };
    assert!(may("ben", Action::Publish, &drafted));
    assert!(!may("ann", Action::Publish, &drafted), "the owner is not the creator");
    assert!(!may("ceo", Action::Publish, &drafted), "an executive is not the creator");
    for state in [GoalState::Published, GoalState::Closed, GoalState::Archived] {
        assert!(!may("ann", Action::Publish, &team_goal(state)), "{state}");
    }
}

#[test]
fn progress_and_children_are_added_only_to_a_published_goal() {
    for state in [GoalState::Draft, GoalState::Closed, GoalState::Archived] {
        for who in ["ann", "ben", "ceo"] {
            assert!(!may(who, Action::AddProgress, &team_goal(state)), "{who} in {state}");
            assert!(!may(who, Action::AlignChild, &team_goal(state)), "{who} in {state}");
        }
    }
}

#[test]
fn every_member_contributes_to_an_organization_goal() {
    let goal = Goal { goal_type: GoalType::Organization, ..goal("g", "ceo") };
    assert_eq!(actions("out", &goal), "add_progress align_child view");
    assert!(is_contributor(&org(), &member("out"), &GoalAccess::from(&goal)));
}

#[test]
fn closing_needs_edit_rights_and_a_published_goal() {
    assert!(may("ann", Action::Close, &team_goal(GoalState::Published)));
    assert!(!may("out", Action::Close, &team_goal(GoalState::Published)));
    for state in [GoalState::Draft, GoalState::Closed, GoalState::Archived] {
        assert!(!may("ann", Action::Close, &team_goal(state)), "{state}");
    }
}

#[test]
fn archiving_needs_edit_rights_and_a_published_or_closed_goal() {
    assert!(may("col", Action::Archive, &team_goal(GoalState::Published)));
    assert!(may("col", Action::Archive, &team_goal(GoalState::Closed)));
    assert!(!may("col", Action::Archive, &team_goal(GoalState::Draft)));
    assert!(!may("col", Action::Archive, &team_goal(GoalState::Archived)));
    assert!(!may("ben", Action::Archive, &team_goal(GoalState::Closed)));
}

#[test]
fn making_an_organization_goal_needs_edit_rights_and_a_role_above_employee() {
    let managed = goal("g", "mia");
    assert!(may("mia", Action::MakeOrganization, &managed), "a manager who owns it");
    assert!(!may("ann", Action::MakeOrganization, &goal("g", "ann")), "an employee who owns it");
    assert!(!may("boss", Action::MakeOrganization, &goal("g", "ann")), "a manager without edit rights");
    for state in STATES {
        assert!(may("ceo", Action::MakeOrganization, &team_goal(state)), "{state}");
    }
}

#[test]
fn an_organization_goal_cannot_be_made_organization_again() {
    let goal = Goal { goal_type: GoalType::Organization, ..goal("g", "ceo") };
    assert!(!may("ceo", Action::MakeOrganization, &goal));
}

#[test]
fn the_active_creator_keeps_edit_rights_when_the_owner_is_deactivated() {
    let goal = Goal { creator: member("ann"), ..goal("g", "gone") };
    let access = GoalAccess::from(&goal);
    assert!(has_edit_rights(&org(), &member("ann"), &access));
    assert!(!has_edit_rights(&org(), &member("gone"), &access));
    assert!(may("ann", Action::Close, &goal));
}

#[test]
fn contributors_and_managers_have_no_edit_rights() {
    let access_goal = team_goal(GoalState::Published);
    let access = GoalAccess::from(&access_goal);
    for who in ["out", "ben", "boss", "mia"] {
        assert!(!has_edit_rights(&org(), &member(who), &access), "{who}");
    }
}
