//! Strategies shared by the JSON doors: arbitrary values, and one mutation of a valid
//! document (a replaced value, a dropped field, an unknown field) anywhere in its tree.

use proptest::prelude::{any, prop, prop_oneof, Just, Strategy};
use proptest::sample::Index;
use serde_json::{Map, Value};

/// Cases per JSON property when `PROPTEST_CASES` is not set: a mutation picks one node of
/// a fixture of a few hundred, so 256 cases missed planted bugs that 2048 find; a JSON
/// case takes well under a millisecond, so the set still runs in about a second.
pub const CASES: u32 = 2048;

pub fn config() -> proptest::test_runner::Config {
    cases(CASES)
}

/// `default` cases unless `PROPTEST_CASES` says otherwise.
pub fn cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}

/// Texts that hit the parsers' edges: empty, blank, NUL, line breaks, `..`, long, unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("a\0b".to_owned()),
        Just("a\nb".to_owned()),
        Just("..".to_owned()),
        Just("a/b".to_owned()),
        Just("x".repeat(3000)),
        Just("2026-11-23T14:00:00Z".to_owned()),
        any::<String>(),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        text().prop_map(Value::String),
    ]
}

/// Any JSON value, a few levels deep.
pub fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
pub enum Mutation {
    Replace(Value),
    Drop,
    AddUnknown(String, Value),
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => value().prop_map(Mutation::Replace),
        // Text at a text field is what most checks past the shape read: weigh it up.
        3 => text().prop_map(|t| Mutation::Replace(Value::String(t))),
        1 => Just(Mutation::Drop),
        1 => (text(), value()).prop_map(|(k, v)| Mutation::AddUnknown(k, v)),
    ]
}

/// `doc` with one mutation at the node `at` picks (in pre-order over every node).
pub fn mutate(mut doc: Value, at: Index, mutation: Mutation) -> Value {
    let count = nodes(&doc);
    let target = at.index(count);
    let mut seen = 0;
    apply(&mut doc, target, &mut seen, &mutation);
    doc
}

fn nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(map) => map.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Walks to the `target`th node; returns true once it is mutated. A dropped node is
/// removed by its parent, so the root can only be replaced or extended.
fn apply(v: &mut Value, target: usize, seen: &mut usize, m: &Mutation) -> bool {
    if *seen == target {
        match (m, &mut *v) {
            (Mutation::AddUnknown(k, extra), Value::Object(map)) => {
                map.insert(k.clone(), extra.clone());
            }
            (Mutation::Replace(new), _) | (Mutation::AddUnknown(_, new), _) => *v = new.clone(),
            (Mutation::Drop, _) => *v = Value::Object(Map::new()),
        }
        return true;
    }
    *seen += 1;
    match v {
        Value::Array(items) => {
            for i in 0..items.len() {
                let here = *seen;
                if here == target && matches!(m, Mutation::Drop) {
                    items.remove(i);
                    return true;
                }
                if apply(&mut items[i], target, seen, m) {
                    return true;
                }
            }
        }
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                if *seen == target && matches!(m, Mutation::Drop) {
                    map.remove(&key);
                    return true;
                }
                if let Some(child) = map.get_mut(&key) {
                    if apply(child, target, seen, m) {
                        return true;
                    }
                }
            }
        }
        _ => {}
    }
    false
}
