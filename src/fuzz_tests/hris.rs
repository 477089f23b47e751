//! The HRIS webhook's parser, `hris::event::parse_events`, on any JSON and on mutated
//! fixture events: no panic, and a refusal names a field path of the event.

use proptest::prelude::{any, prop_assert, proptest};
use proptest::sample::Index;
use serde_json::Value;

use crate::fuzz_tests::json::{config, mutate, mutation, value};
use crate::hris::event::{parse_events, EventError};

const FIXTURE: &str = include_str!("../../tests/fixtures/example-events.jsonl");

fn fixture_events() -> Vec<Value> {
    FIXTURE.lines().filter(|l| !l.trim().is_empty()).filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// What a refusal must name: the event itself, an envelope field, a `data.*` field, or,
/// for a NUL anywhere in the raw event, the path to it (starting with one of the
/// event's own keys, escaped as `nul_path` writes it). The message repeats the field.
fn names_a_field(event: &Value, e: &EventError) -> bool {
    let known = ["event", "id", "type", "occurred_at", "data"].contains(&e.field.as_str())
        || e.field.strip_prefix("data.").is_some_and(|rest| !rest.is_empty());
    let starts =
        |k: &str| e.field == k || e.field.starts_with(&format!("{k}.")) || e.field.starts_with(&format!("{k}["));
    let own_key =
        event.as_object().is_some_and(|m| m.keys().any(|k| starts(k) || starts(&k.escape_debug().to_string())));
    (known || (e.problem.contains("NUL") && own_key))
        && !e.problem.trim().is_empty()
        && e.to_string().contains(&e.field)
}

fn check(body: &Value) -> Result<(), String> {
    match parse_events(body) {
        Ok(_) => Ok(()),
        Err(e) => {
            let event = match body {
                Value::Array(items) => items.get(e.index).unwrap_or(&Value::Null),
                single => single,
            };
            if names_a_field(event, &e) {
                Ok(())
            } else {
                Err(format!("the refusal names no field: {e:?}"))
            }
        }
    }
}

#[test]
fn the_fixture_parses() {
    let events = fixture_events();
    assert!(events.len() >= 5);
    assert_eq!(parse_events(&Value::Array(events)).map(|v| v.len()).ok(), Some(fixture_events().len()));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_json_is_parsed_or_refused_naming_a_field(body in value()) {
        let checked = check(&body);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }

    #[test]
    fn a_mutated_event_is_parsed_or_refused_naming_a_field(
        pick in any::<Index>(), at in any::<Index>(), m in mutation(), batch in any::<bool>()
    ) {
        let events = fixture_events();
        let event = mutate(events[pick.index(events.len())].clone(), at, m);
        let body = if batch { Value::Array(vec![events[0].clone(), event]) } else { event };
        let checked = check(&body);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}
