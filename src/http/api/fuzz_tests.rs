//! The goals API's bodies, read as the `Body` extractor reads them (`parse_body`) and then
//! checked as the create, edit, progress and comment handlers check them before any store
//! call: on any JSON and on mutated valid bodies, no panic, and every error names a field.

use chrono::{TimeZone, Utc};
use proptest::prelude::{any, prop_assert, proptest};
use proptest::sample::Index;
use serde_json::{json, Value};

use crate::core::ids::MemberId;
use crate::core::text::Comment;
use crate::fuzz_tests::json::{config, mutate, mutation, value};
use crate::goals::fields::check_fields;
use crate::goals::{Goal, GoalState};
use crate::http::api::compose::{new_goal, patched};
use crate::http::api::extract::parse_body;
use crate::http::api::model::{CommentBody, GoalPatch, NewGoal, ProgressBody};
use crate::http::api::progress::apply;
use crate::http::error::ApiError;

/// Every top-level field of the four bodies; an error's field starts with one of them.
const FIELDS: [&str; 20] = [
    "id",
    "title",
    "description",
    "type",
    "owner",
    "contributors",
    "visibility",
    "start_date",
    "end_date",
    "parent",
    "contributes_to_parent",
    "weight",
    "tracking",
    "progress",
    "status",
    "measurements",
    "comment",
    "body",
    "goal_type",
    "current",
];

fn new_body() -> Value {
    json!({"title": "Read ten books", "type": "personal", "start_date": "2026-01-01", "end_date": "2026-12-31",
        "tracking": "measurements", "contributors": {"members": ["bo"], "teams": []},
        "measurements": [{"name": "Books", "kind": "numeric", "start": 0, "target": 10, "weight": 100}]})
}

fn patch_body() -> Value {
    json!({"title": "Read twelve books", "description": null, "end_date": "2026-12-30", "weight": null,
        "measurements": [{"id": "m1", "name": "Books", "kind": "numeric", "start": 0, "target": 12}]})
}

fn progress_body() -> Value {
    json!({"measurements": {"m1": 3}, "status": "on_track", "comment": "three done"})
}

/// An error names a field: its `field` is set, starts with a body field (or is an
/// unknown key the message names), and the message says something.
fn names_a_field(e: &ApiError) -> Result<(), String> {
    let field = e.field.as_deref().unwrap_or_default();
    let first = field.split(['.', '[']).next().unwrap_or_default();
    let unknown = e.message.starts_with("unknown field `") && !field.is_empty();
    if (FIELDS.contains(&first) || unknown) && !e.message.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("the error names no field: {:?} {:?}", e.field, e.message))
    }
}

/// The goal the edit and progress checks start from: the valid create body, published.
fn base_goal() -> Option<Goal> {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single()?;
    let body: NewGoal = serde_json::from_value(new_body()).ok()?;
    let mut goal = new_goal(&body, &MemberId::parse("ada").ok()?, now).ok()?;
    goal.state = GoalState::Published;
    Some(goal)
}

/// Each body through what its handler does before the store; `Ok` when accepted.
fn check(which: usize, doc: &Value) -> Result<(), String> {
    let bytes = doc.to_string().into_bytes();
    let base = base_goal().ok_or("the base goal is invalid")?;
    let outcome: Result<(), ApiError> = match which % 4 {
        0 => parse_body::<NewGoal>(&bytes).and_then(|body| {
            let goal = new_goal(&body, &base.creator, base.created_at)?;
            Ok(check_fields(&goal)?)
        }),
        1 => parse_body::<GoalPatch>(&bytes).and_then(|patch| Ok(check_fields(&patched(&base, &patch)?)?)),
        2 => parse_body::<ProgressBody>(&bytes).and_then(|body| apply(&mut base.clone(), &body).map(drop)),
        _ => parse_body::<CommentBody>(&bytes).and_then(|body| {
            Comment::parse(body.body.as_str()).map(drop).map_err(|e| ApiError::invalid("body", e.problem))
        }),
    };
    outcome.or_else(|e| names_a_field(&e))
}

fn valid(which: usize) -> Value {
    match which % 4 {
        0 => new_body(),
        1 => patch_body(),
        2 => progress_body(),
        _ => json!({"body": "Nice work"}),
    }
}

#[test]
fn the_valid_bodies_are_accepted() {
    assert!(base_goal().is_some());
    for which in 0..4 {
        let bytes = valid(which).to_string().into_bytes();
        let parsed = match which {
            0 => parse_body::<NewGoal>(&bytes).map(drop),
            1 => parse_body::<GoalPatch>(&bytes).map(drop),
            2 => parse_body::<ProgressBody>(&bytes).map(drop),
            _ => parse_body::<CommentBody>(&bytes).map(drop),
        };
        assert!(parsed.is_ok(), "body {which}: {:?}", parsed.err().map(|e| e.message));
        assert_eq!(check(which, &valid(which)), Ok(()));
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_json_body_is_accepted_or_refused_naming_a_field(which in 0usize..4, doc in value()) {
        let checked = check(which, &doc);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }

    #[test]
    fn a_mutated_body_is_accepted_or_refused_naming_a_field(which in 0usize..4, at in any::<Index>(), m in mutation()) {
        let checked = check(which, &mutate(valid(which), at, m));
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}
