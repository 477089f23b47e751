//! PATCH (RFC 7644 §3.5.2) on a stored resource, with what Entra sends: `Add` and
//! `Replace` in any case and used interchangeably on single values, value paths such as
//! `emails[type eq "work"].value` that create the item when none matches, and a member
//! removed by naming it in `value` (`{"op":"Remove","path":"members","value":[{"value":
//! "id"}]}`), which removes that member only. The result goes through `validate` again,
//! so a PATCH cannot store what a PUT could not.

use serde_json::{Map, Value};

use crate::scim::error::{ScimError, ScimResult};
use crate::scim::filter::{self, AttrPath, Filter, Op};
use crate::scim::path::{self, PatchPath};
use crate::scim::schema::{Attr, Kind};
use crate::scim::validate::normalize;

pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Add,
    Replace,
    Remove,
}

/// Applies a PatchOp body to `doc` (a stored resource) and returns the new stored form.
pub fn apply(kind: Kind, doc: &Value, body: &Value) -> ScimResult<Value> {
    let ops = body
        .as_object()
        .and_then(|b| filter::get_ci(b, "Operations"))
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::invalid_syntax("a PatchOp needs an Operations array"))?;
    let mut doc = doc.clone();
    for (i, op) in ops.iter().enumerate() {
        apply_one(kind, &mut doc, op)
            .map_err(|e| ScimError { detail: format!("Operations[{i}]: {}", e.detail), ..e })?;
    }
    normalize(kind, &doc)
}

fn apply_one(kind: Kind, doc: &mut Value, op: &Value) -> ScimResult<()> {
    let op = op.as_object().ok_or_else(|| ScimError::invalid_syntax("an operation must be an object"))?;
    let verb = match filter::get_ci(op, "op").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("add") => Verb::Add,
        Some("replace") => Verb::Replace,
        Some("remove") => Verb::Remove,
        _ => return Err(ScimError::invalid_syntax("op must be add, replace or remove")),
    };
    let value = filter::get_ci(op, "value").cloned();
    // A path naming an extension itself (`urn:...:enterprise:2.0:User`) is about that
    // extension's whole object.
    if let Some(ext) = filter::get_ci(op, "path")
        .and_then(Value::as_str)
        .and_then(|p| kind.schema(p))
        .filter(|s| s.id != kind.core().id)
    {
        return whole_extension(kind, doc, ext.id, verb, value);
    }
    let path = match filter::get_ci(op, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(path::parse(p)?),
        Some(_) => return Err(ScimError::invalid_path("path must be a string")),
    };
    match (verb, path, value) {
        (Verb::Remove, None, _) => Err(ScimError::no_target("remove needs a path")),
        (Verb::Remove, Some(p), value) => remove(kind, doc, &p, value.as_ref()),
        (_, None, Some(Value::Object(map))) => {
            for (key, v) in map {
                if let Some(ext) = kind.schema(&key).filter(|s| s.id != kind.core().id) {
                    let Value::Object(inner) = v else {
                        return Err(ScimError::invalid_value(format!("{key} must be an object")));
                    };
                    for (k, v) in inner {
                        let attr = AttrPath { schema: Some(ext.id.to_owned()), name: k.clone(), sub: None };
                        set(kind, doc, &attr, v.clone(), verb)?;
                    }
                } else {
                    let attr = AttrPath::parse(&key).map_err(|e| ScimError::invalid_value(e.detail))?;
                    set(kind, doc, &attr, v.clone(), verb)?;
                }
            }
            Ok(())
        }
        (_, None, _) => Err(ScimError::invalid_value("an operation without a path needs an object value")),
        (_, Some(_), None) => Err(ScimError::invalid_value("add and replace need a value")),
        (_, Some(PatchPath { attr, filter: None, .. }), Some(v)) => set(kind, doc, &attr, v, verb),
        (_, Some(PatchPath { attr, filter: Some(f), sub_after_filter }), Some(v)) => {
            set_filtered(kind, doc, &attr, &f, sub_after_filter.as_deref(), v)
        }
    }
}

fn whole_extension(kind: Kind, doc: &mut Value, urn: &'static str, verb: Verb, value: Option<Value>) -> ScimResult<()> {
    if verb == Verb::Remove {
        if let Value::Object(root) = doc {
            let key = key_of(root, urn);
            root.remove(&key);
        }
        return Ok(());
    }
    let Some(Value::Object(inner)) = value else {
        return Err(ScimError::invalid_value(format!("{urn} takes an object")));
    };
    if verb == Verb::Replace {
        if let Value::Object(root) = doc {
            let key = key_of(root, urn);
            root.remove(&key);
        }
    }
    for (k, v) in inner.into_iter().filter(|(k, _)| !k.eq_ignore_ascii_case("schemas")) {
        set(kind, doc, &AttrPath { schema: Some(urn.to_owned()), name: k, sub: None }, v, verb)?;
    }
    Ok(())
}

/// The object holding the path's attribute: the resource, or its extension's object.
fn container<'a>(
    kind: Kind,
    doc: &'a mut Value,
    attr: &AttrPath,
) -> ScimResult<(&'a mut Map<String, Value>, Option<&'static Attr>)> {
    let schema = match &attr.schema {
        None => kind.core(),
        Some(urn) => kind
            .schema(urn)
            .ok_or_else(|| ScimError::invalid_path(format!("{urn:?} is not a schema of this resource")))?,
    };
    let def = schema.attr(&attr.name);
    let root = doc.as_object_mut().ok_or_else(|| ScimError::invalid_syntax("the resource is not an object"))?;
    if schema.id == kind.core().id {
        return Ok((root, def));
    }
    let key = key_of(root, schema.id);
    let ext = root.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !ext.is_object() {
        *ext = Value::Object(Map::new());
    }
    let map = ext.as_object_mut().ok_or_else(ScimError::internal)?;
    Ok((map, def))
}

/// The key spelled like `name` without regard to case, else `name`.
fn key_of(map: &Map<String, Value>, name: &str) -> String {
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned().unwrap_or_else(|| name.to_owned())
}

fn items(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        v => vec![v],
    }
}

fn same_item(a: &Value, b: &Value) -> bool {
    let value = |v: &Value| v.as_object().and_then(|m| filter::get_ci(m, "value")).cloned();
    match (value(a), value(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn set(kind: Kind, doc: &mut Value, attr: &AttrPath, value: Value, verb: Verb) -> ScimResult<()> {
    let (map, def) = container(kind, doc, attr)?;
    let key = key_of(map, def.map_or(attr.name.as_str(), |d| d.name));
    let multi = def.is_some_and(|d| d.multi);
    if let Some(sub) = &attr.sub {
        let target = map.entry(key).or_insert(Value::Null);
        match target {
            Value::Array(list) if !list.is_empty() => list.iter_mut().for_each(|item| put(item, sub, value.clone())),
            _ if multi => *target = Value::Array(vec![Value::Object(Map::from_iter([(sub.clone(), value)]))]),
            _ => put(target, sub, value),
        }
        return Ok(());
    }
    match (verb, map.get_mut(&key)) {
        (Verb::Add, Some(Value::Array(list))) if multi => {
            for item in items(value) {
                if !list.iter().any(|have| same_item(have, &item)) {
                    list.push(item);
                }
            }
        }
        (Verb::Add, Some(Value::Object(have))) if value.is_object() => {
            if let Value::Object(new) = value {
                have.extend(new);
            }
        }
        _ => {
            map.insert(key, value);
        }
    }
    Ok(())
}

fn put(target: &mut Value, sub: &str, value: Value) {
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        let key = key_of(map, sub);
        map.insert(key, value);
    }
}

fn set_filtered(
    kind: Kind,
    doc: &mut Value,
    attr: &AttrPath,
    f: &Filter,
    sub: Option<&str>,
    value: Value,
) -> ScimResult<()> {
    let (map, def) = container(kind, doc, attr)?;
    let key = key_of(map, def.map_or(attr.name.as_str(), |d| d.name));
    let list = map.entry(key).or_insert_with(|| Value::Array(vec![]));
    let Value::Array(list) = list else {
        return Err(ScimError::invalid_path(format!("{} is not multi-valued", attr.name)));
    };
    let mut found = false;
    for item in list.iter_mut().filter(|item| filter::matches(f, item)) {
        found = true;
        match (sub, &value) {
            (Some(sub), v) => put(item, sub, v.clone()),
            (None, Value::Object(new)) => {
                if let Value::Object(have) = item {
                    have.extend(new.clone());
                }
            }
            (None, v) => *item = v.clone(),
        }
    }
    if found {
        return Ok(());
    }
    // Entra adds `emails[type eq "work"].value` to a user with no work email: the item
    // the filter names is made.
    let Filter::Compare(AttrPath { name, sub: None, .. }, Op::Eq, want) = f else {
        return Err(ScimError::no_target(format!("no item of {} matches the path's filter", attr.name)));
    };
    let mut item = Value::Object(Map::from_iter([(name.clone(), want.clone())]));
    match (sub, value) {
        (Some(sub), v) => put(&mut item, sub, v),
        (None, Value::Object(new)) => {
            if let Value::Object(have) = &mut item {
                have.extend(new);
            }
        }
        (None, _) => return Err(ScimError::invalid_value("the value for a filtered path must be an object")),
    }
    list.push(item);
    Ok(())
}

fn remove(kind: Kind, doc: &mut Value, p: &PatchPath, value: Option<&Value>) -> ScimResult<()> {
    let (map, def) = container(kind, doc, &p.attr)?;
    let key = key_of(map, def.map_or(p.attr.name.as_str(), |d| d.name));
    match (&p.filter, &p.attr.sub, value) {
        (Some(f), _, _) => {
            if let Some(Value::Array(list)) = map.get_mut(&key) {
                match &p.sub_after_filter {
                    Some(sub) => list.iter_mut().filter(|i| filter::matches(f, i)).for_each(|i| {
                        if let Value::Object(m) = i {
                            let k = key_of(m, sub);
                            m.remove(&k);
                        }
                    }),
                    None => list.retain(|i| !filter::matches(f, i)),
                }
            }
        }
        (None, Some(sub), _) => match map.get_mut(&key) {
            Some(Value::Object(m)) => {
                let k = key_of(m, sub);
                m.remove(&k);
            }
            Some(Value::Array(list)) => list.iter_mut().for_each(|i| {
                if let Value::Object(m) = i {
                    let k = key_of(m, sub);
                    m.remove(&k);
                }
            }),
            _ => {}
        },
        // Entra names the member to remove in the value: only those go.
        (None, None, Some(v)) if def.is_some_and(|d| d.multi) && !v.is_null() => {
            let gone = items(v.clone());
            if let Some(Value::Array(list)) = map.get_mut(&key) {
                list.retain(|have| !gone.iter().any(|g| same_item(have, g)));
            }
        }
        (None, None, _) => {
            map.remove(&key);
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "patch_tests.rs"]
mod tests;
