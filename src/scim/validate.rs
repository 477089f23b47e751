//! A resource as a client sent it, checked against goald's schemas and put in one
//! form: attribute names spelled as the schema spells them, Booleans sent as strings
//! (`"False"`, Entra) made Booleans, a `manager` given as a plain string (Entra) made
//! `{"value": ...}`, read-only and write-only attributes (and `id`, `meta`) dropped. An
//! attribute no schema names, or a value of the wrong type, is refused naming it.

use serde_json::{Map, Value};

use crate::scim::error::{ScimError, ScimResult};
use crate::scim::schema::{find, Attr, Kind, Mutability, Schema, Type};

/// The stored form of a resource: everything but `id` and `meta`.
pub fn normalize(kind: Kind, body: &Value) -> ScimResult<Value> {
    let Value::Object(body) = body else {
        return Err(ScimError::invalid_syntax("the body must be a JSON object"));
    };
    let mut out = Map::new();
    let mut schemas = vec![kind.core().id.to_owned()];
    for (key, value) in body {
        if key.eq_ignore_ascii_case("schemas") {
            check_schemas(kind, value)?;
        } else if key.eq_ignore_ascii_case("id") || key.eq_ignore_ascii_case("meta") {
            // Server-assigned (RFC 7643 §3.1): what a client sends there is ignored.
        } else if key.eq_ignore_ascii_case("externalId") {
            match value {
                Value::Null => {}
                Value::String(s) => {
                    out.insert("externalId".into(), Value::String(s.clone()));
                }
                _ => return Err(ScimError::invalid_value("externalId must be a string")),
            }
        } else if let Some(ext) = kind.schema(key).filter(|s| s.id != kind.core().id) {
            let value = object_of(ext, value, ext.id)?;
            if !value.as_object().is_some_and(Map::is_empty) {
                schemas.push(ext.id.to_owned());
                out.insert(ext.id.to_owned(), value);
            }
        } else {
            let attr = kind.core().attr(key).ok_or_else(|| unknown(key))?;
            if let Some(v) = checked(attr, value, attr.name)? {
                out.insert(attr.name.to_owned(), v);
            }
        }
    }
    for attr in kind.core().attrs.iter().filter(|a| a.required) {
        match out.get(attr.name) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            _ => return Err(ScimError::invalid_value(format!("{} is required", attr.name))),
        }
    }
    out.insert("schemas".into(), schemas.into_iter().map(Value::String).collect());
    Ok(Value::Object(out))
}

fn unknown(key: &str) -> ScimError {
    ScimError::invalid_value(format!("{key:?} is not an attribute goald keeps (see /Schemas)"))
}

fn check_schemas(kind: Kind, value: &Value) -> ScimResult<()> {
    let Value::Array(items) = value else {
        return Err(ScimError::invalid_syntax("schemas must be an array of URNs"));
    };
    for item in items {
        let urn = item.as_str().ok_or_else(|| ScimError::invalid_syntax("schemas must be an array of URNs"))?;
        if kind.schema(urn).is_none() {
            return Err(ScimError::invalid_value(format!(
                "schema {urn:?} is not one of the {} schemas",
                kind.resource_type()
            )));
        }
    }
    Ok(())
}

/// An extension's object, its attributes checked.
fn object_of(schema: &'static Schema, value: &Value, at: &str) -> ScimResult<Value> {
    let Value::Object(map) = value else {
        return Err(ScimError::invalid_value(format!("{at} must be an object")));
    };
    let mut out = Map::new();
    // Some clients repeat the extension's `schemas` inside its object.
    for (key, v) in map.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("schemas")) {
        let attr = schema.attr(key).ok_or_else(|| unknown(&format!("{at}:{key}")))?;
        if let Some(v) = checked(attr, v, attr.name)? {
            out.insert(attr.name.to_owned(), v);
        }
    }
    Ok(Value::Object(out))
}

/// One attribute's value in its stored form; None when it is unassigned or not kept.
pub fn checked(attr: &'static Attr, value: &Value, at: &str) -> ScimResult<Option<Value>> {
    if value.is_null() || attr.mutability != Mutability::ReadWrite {
        return Ok(None);
    }
    if attr.multi {
        let items: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(v) = single(attr, item, at)? {
                out.push(v);
            }
        }
        return Ok(if out.is_empty() { None } else { Some(Value::Array(out)) });
    }
    if value.is_array() {
        return Err(ScimError::invalid_value(format!("{at} takes one value, not an array")));
    }
    single(attr, value, at)
}

fn single(attr: &'static Attr, value: &Value, at: &str) -> ScimResult<Option<Value>> {
    let wrong = |what: &str| ScimError::invalid_value(format!("{at} must be {what}"));
    Ok(match (attr.ty, value) {
        (_, Value::Null) => None,
        (Type::String | Type::Reference, Value::String(s)) => Some(Value::String(s.clone())),
        (Type::String | Type::Reference, _) => return Err(wrong("a string")),
        (Type::Boolean, Value::Bool(b)) => Some(Value::Bool(*b)),
        (Type::Boolean, Value::String(s)) => Some(Value::Bool(boolean_text(s).ok_or_else(|| wrong("true or false"))?)),
        (Type::Boolean, _) => return Err(wrong("true or false")),
        // Entra sends the manager as its id alone.
        (Type::Complex, Value::String(s)) if attr.name == "manager" => {
            if s.is_empty() {
                None
            } else {
                Some(serde_json::json!({ "value": s }))
            }
        }
        (Type::Complex, Value::Object(map)) => {
            let mut out = Map::new();
            for (key, v) in map {
                let sub = find(attr.sub, key).ok_or_else(|| unknown(&format!("{at}.{key}")))?;
                if let Some(v) = single_or_skip(sub, v, &format!("{at}.{}", sub.name))? {
                    out.insert(sub.name.to_owned(), v);
                }
            }
            if out.is_empty() {
                None
            } else {
                Some(Value::Object(out))
            }
        }
        (Type::Complex, _) => return Err(wrong("an object")),
    })
}

fn single_or_skip(sub: &'static Attr, value: &Value, at: &str) -> ScimResult<Option<Value>> {
    if sub.mutability != Mutability::ReadWrite {
        return Ok(None);
    }
    single(sub, value, at)
}

/// `true`/`false` in any case (Entra sends `"False"`).
pub fn boolean_text(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
