use super::*;
use crate::goals::fixtures::{chart, goal, goal_id, member, team};
use crate::org::{OrgChart, Role};

/// ceo ← boss ← lead ← {ann, ben, gone (deactivated)}; col and out report to ceo.
fn org() -> OrgChart {
    use Role::*;
    chart(
        &[
            ("ceo", Executive, None, true),
            ("col", Collaborator, Some("ceo"), true),
            ("boss", Manager, Some("ceo"), true),
            ("lead", Manager, Some("boss"), true),
            ("ann", Employee, Some("lead"), true),
            ("ben", Employee, Some("lead"), true),
            ("gone", Employee, Some("lead"), false),
            ("out", Employee, Some("ceo"), true),
        ],
        &[("squad", &["ben", "gone"])],
    )
}

/// A published goal only its owner and contributors see, owned by `owner`.
fn restricted(owner: &str) -> Goal {
    Goal { visibility: Visibility::OwnersAndContributors, ..goal("g", owner) }
}

fn draft(owner: &str) -> Goal {
    Goal { state: GoalState::Draft, ..goal("g", owner) }
}

fn sees(viewer: &str, goal: &Goal) -> bool {
    can_see(&org(), &member(viewer), &GoalAccess::from(goal))
}

#[test]
fn an_unknown_viewer_sees_nothing() {
    assert!(!sees("stranger", &goal("g", "ann")));
}

#[test]
fn a_deactivated_member_sees_nothing_not_even_their_own_goal() {
    assert!(!sees("gone", &goal("g", "gone")));
    assert!(!sees("gone", &goal("g", "ann")));
}

#[test]
fn executives_and_collaborators_see_every_goal_drafts_included() {
    for viewer in ["ceo", "col"] {
        assert!(sees(viewer, &draft("out")), "{viewer}");
        assert!(sees(viewer, &restricted("out")), "{viewer}");
    }
}

#[test]
fn the_owner_and_the_creator_see_a_draft() {
    let goal = Goal { creator: member("ben"), ..draft("ann") };
    assert!(sees("ann", &goal));
    assert!(sees("ben", &goal));
}

#[test]
fn a_draft_is_hidden_from_contributors_managers_and_everyone_else() {
    let goal = Goal { goal_type: GoalType::Organization, member_contributors: vec![member("ben")], ..draft("ann") };
    for viewer in ["ben", "lead", "boss", "out"] {
        assert!(!sees(viewer, &goal), "{viewer}");
    }
}

#[test]
fn a_public_goal_is_seen_by_every_active_member() {
    for viewer in ["ceo", "boss", "ann", "ben", "out"] {
        assert!(sees(viewer, &goal("g", "ann")), "{viewer}");
    }
}

#[test]
fn an_organization_goal_is_seen_by_every_member_even_when_restricted() {
    let goal = Goal { goal_type: GoalType::Organization, ..restricted("ceo") };
    assert!(sees("out", &goal));
    assert!(sees("ann", &goal));
}

#[test]
fn a_restricted_goal_is_hidden_from_peers_and_from_the_owners_reports() {
    assert!(!sees("ben", &restricted("ann")));
    assert!(!sees("out", &restricted("ann")));
    assert!(!sees("ann", &restricted("lead")));
}

#[test]
fn a_member_contributor_and_a_contributor_team_member_see_a_restricted_goal() {
    let by_member = Goal { member_contributors: vec![member("out")], ..restricted("ann") };
    let by_team = Goal { team_contributors: vec![team("squad")], ..restricted("ann") };
    assert!(sees("out", &by_member));
    assert!(sees("ben", &by_team));
}

#[test]
fn the_creator_is_not_involved_but_still_sees_the_goal() {
    let goal = Goal { creator: member("out"), ..restricted("ann") };
    assert!(!is_involved(&org(), &member("out"), &GoalAccess::from(&goal)));
    assert!(sees("out", &goal));
}

#[test]
fn the_owner_contributors_and_team_members_are_involved() {
    let goal =
        Goal { member_contributors: vec![member("out")], team_contributors: vec![team("squad")], ..restricted("ann") };
    let access = GoalAccess::from(&goal);
    for involved in ["ann", "out", "ben", "gone"] {
        assert!(is_involved(&org(), &member(involved), &access), "{involved}");
    }
    assert!(!is_involved(&org(), &member("lead"), &access));
}

#[test]
fn a_manager_sees_the_restricted_goals_of_direct_and_indirect_reports() {
    for viewer in ["lead", "boss"] {
        assert!(sees(viewer, &restricted("ann")), "{viewer}");
    }
}

#[test]
fn a_manager_sees_a_goal_where_a_report_only_contributes_through_a_team() {
    let goal = Goal { team_contributors: vec![team("squad")], ..restricted("out") };
    assert!(sees("lead", &goal));
    assert!(!sees("ann", &goal));
}

#[test]
fn deactivating_the_owner_does_not_change_who_sees_the_goal() {
    assert!(sees("lead", &restricted("gone")));
    assert!(sees("boss", &restricted("gone")));
    assert!(!sees("ann", &restricted("gone")));
}

#[test]
fn closed_and_archived_goals_stay_visible_like_published_ones() {
    for state in [GoalState::Closed, GoalState::Archived] {
        let goal = Goal { state, ..restricted("ann") };
        assert!(sees("lead", &goal), "{state}");
        assert!(!sees("out", &goal), "{state}");
    }
}

#[test]
fn visible_goal_ids_are_sorted_ascending_and_leave_out_hidden_goals() {
    let goals = [
        goal("g-c", "ann"),
        Goal { id: goal_id("g-a"), ..restricted("ann") },
        Goal { id: goal_id("g-b"), ..restricted("out") },
        Goal { id: goal_id("g-0"), ..draft("ann") },
    ];
    let ids = visible_goal_ids(&org(), &member("lead"), &goals);
    assert_eq!(ids, vec![goal_id("g-a"), goal_id("g-c")]);
}
