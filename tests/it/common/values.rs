//! Reading the goals API's JSON answers and writing its request bodies, so each test says
//! what it checks instead of how to dig it out of a `Value`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

/// `answer[key]` as a list.
#[track_caller]
pub fn list(answer: Value, key: &str) -> Vec<Value> {
    match &answer[key] {
        Value::Array(items) => items.clone(),
        _ => panic!("no {key:?} list in {answer}"),
    }
}

/// The ids of the goals of an explore answer, in the answer's order.
#[track_caller]
pub fn ids(answer: &Value) -> Vec<String> {
    answer["goals"]
        .as_array()
        .unwrap_or_else(|| panic!("no goals list in {answer}"))
        .iter()
        .map(|g| g["id"].as_str().expect("goal id").to_owned())
        .collect()
}

/// The same, as a set.
pub fn id_set(answer: &Value) -> BTreeSet<String> {
    ids(answer).into_iter().collect()
}

/// A number field (progress, measurement values) as f64.
#[track_caller]
pub fn num(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

/// An RFC 3339 field as a UTC instant.
#[track_caller]
pub fn instant(value: &Value) -> chrono::DateTime<chrono::Utc> {
    let text = value.as_str().unwrap_or_else(|| panic!("not an RFC 3339 string: {value}"));
    chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text:?}: {e}")).to_utc()
}

/// The smallest valid body for POST /goals: a personal goal for 2026.
pub fn personal(title: &str) -> Value {
    json!({"title": title, "type": "personal", "start_date": "2026-01-01", "end_date": "2026-12-31"})
}

/// A team goal for 2026 with team `team` contributing.
pub fn team_goal(title: &str, team: &str) -> Value {
    with(personal(title), json!({"type": "team", "contributors": {"members": [], "teams": [team]}}))
}

/// `base` with the fields of `extra` set (a `null` in `extra` removes the field).
pub fn with(mut base: Value, extra: Value) -> Value {
    let target = base.as_object_mut().expect("an object");
    for (name, value) in extra.as_object().expect("an object") {
        if value.is_null() {
            target.remove(name);
        } else {
            target.insert(name.clone(), value.clone());
        }
    }
    base
}

/// The string `id` of a goal or update.
#[track_caller]
pub fn id_of(value: &Value) -> String {
    match &value["id"] {
        Value::String(id) => id.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("no id in {value} ({other})"),
    }
}
