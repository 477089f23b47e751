use super::{archive, close, publish, unarchive, unlink, Refusal};
use crate::goals::fixtures::{goal, goal_id, instant, member, weight};
use crate::goals::{Goal, GoalState, GoalType};

fn in_state(state: GoalState) -> Goal {
    Goal { state, ..goal("g1", "ann") }
}

fn draft() -> Goal {
    Goal { published_at: None, ..in_state(GoalState::Draft) }
}

fn refused_state(result: Result<impl std::fmt::Debug, Refusal>) -> GoalState {
    match result {
        Err(Refusal::WrongState { state, .. }) => state,
        other => panic!("expected a state refusal, got {other:?}"),
    }
}

#[test]
fn publishing_a_draft_publishes_it_now_and_changes_nothing_else() {
    let now = instant("2026-03-02T10:00:00Z");
    let before = draft();
    let after = publish(&before, now).unwrap();
    assert_eq!(after.state, GoalState::Published);
    assert_eq!(after.published_at, Some(now));
    assert_eq!(Goal { state: before.state, published_at: None, ..after }, before);
}

#[test]
fn only_a_draft_is_published() {
    let now = instant("2026-03-02T10:00:00Z");
    for state in [GoalState::Published, GoalState::Closed, GoalState::Archived] {
        assert_eq!(refused_state(publish(&in_state(state), now)), state);
    }
}

#[test]
fn a_team_draft_without_contributors_is_not_published_and_the_field_is_named() {
    let team_draft = Goal { goal_type: GoalType::Team, ..draft() };
    let Err(Refusal::Incomplete(problem)) = publish(&team_draft, instant("2026-03-02T10:00:00Z")) else {
        panic!("expected the contributors rule");
    };
    assert_eq!(problem.field, "contributors");
    let staffed = Goal { member_contributors: vec![member("bo")], ..team_draft };
    assert!(publish(&staffed, instant("2026-03-02T10:00:00Z")).is_ok());
}

#[test]
fn the_state_rule_comes_before_the_completeness_rule() {
    let published_team = Goal { goal_type: GoalType::Team, ..in_state(GoalState::Published) };
    assert_eq!(refused_state(publish(&published_team, instant("2026-03-02T10:00:00Z"))), GoalState::Published);
}

#[test]
fn closing_a_published_goal_sets_closed_at() {
    let now = instant("2026-06-30T17:00:00Z");
    let after = close(&in_state(GoalState::Published), now).unwrap();
    assert_eq!((after.state, after.closed_at), (GoalState::Closed, Some(now)));
}

#[test]
fn only_a_published_goal_is_closed() {
    let now = instant("2026-06-30T17:00:00Z");
    for state in [GoalState::Draft, GoalState::Closed, GoalState::Archived] {
        assert_eq!(refused_state(close(&in_state(state), now)), state);
    }
}

#[test]
fn a_published_or_closed_goal_is_archived_and_keeps_its_closed_at() {
    let now = instant("2026-07-01T08:00:00Z");
    let closed = Goal { closed_at: Some(instant("2026-06-30T17:00:00Z")), ..in_state(GoalState::Closed) };
    for before in [in_state(GoalState::Published), closed] {
        let after = archive(&before, now).unwrap();
        assert_eq!((after.state, after.archived_at), (GoalState::Archived, Some(now)));
        assert_eq!(after.closed_at, before.closed_at);
    }
}

#[test]
fn a_draft_or_an_archived_goal_is_not_archived() {
    let now = instant("2026-07-01T08:00:00Z");
    for state in [GoalState::Draft, GoalState::Archived] {
        assert_eq!(refused_state(archive(&in_state(state), now)), state);
    }
}

#[test]
fn unarchiving_goes_back_to_closed_when_the_goal_had_been_closed() {
    let archived = Goal {
        closed_at: Some(instant("2026-06-30T17:00:00Z")),
        archived_at: Some(instant("2026-07-01T08:00:00Z")),
        ..in_state(GoalState::Archived)
    };
    let after = unarchive(&archived).unwrap();
    assert_eq!((after.state, after.archived_at, after.closed_at), (GoalState::Closed, None, archived.closed_at));
}

#[test]
fn unarchiving_goes_back_to_published_when_the_goal_had_not_been_closed() {
    let archived = Goal { archived_at: Some(instant("2026-07-01T08:00:00Z")), ..in_state(GoalState::Archived) };
    let after = unarchive(&archived).unwrap();
    assert_eq!((after.state, after.archived_at), (GoalState::Published, None));
}

#[test]
fn only_an_archived_goal_is_unarchived() {
    for state in [GoalState::Draft, GoalState::Published, GoalState::Closed] {
        assert_eq!(refused_state(unarchive(&in_state(state))), state);
    }
}

#[test]
fn a_refusal_names_the_goal_its_state_and_the_rule() {
    let refusal = close(&in_state(GoalState::Draft), instant("2026-06-30T17:00:00Z")).unwrap_err();
    assert_eq!(refusal.to_string(), "goal g1 is draft: only a published goal is closed");
}

#[test]
fn unlinking_drops_the_parent_and_the_weight_and_returns_the_old_parent() {
    let child = Goal { parent: Some(goal_id("p")), weight: weight(40.0), ..goal("g1", "ann") };
    let (after, parent) = unlink(&child).unwrap();
    assert_eq!((after.parent, after.weight, parent), (None, None, goal_id("p")));
    assert!(after.contributes_to_parent, "the flag stays for a later link");
}

#[test]
fn a_goal_without_a_parent_is_not_unlinked() {
    assert_eq!(unlink(&goal("g1", "ann")), Err(Refusal::NoParent(goal_id("g1"))));
    assert_eq!(Refusal::NoParent(goal_id("g1")).to_string(), "goal g1 has no parent");
}
