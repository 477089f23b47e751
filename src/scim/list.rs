//! Listing (RFC 7644 §3.4.2): the page `startIndex` and `count` ask for, and the
//! attributes `attributes` / `excludedAttributes` keep. `id`, `schemas` and `meta` are
//! always returned.

use serde_json::{json, Map, Value};

use crate::scim::error::{ScimError, ScimResult};
use crate::scim::filter::AttrPath;

/// The most resources one page holds (advertised as `filter.maxResults`).
pub const MAX_COUNT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// From 1.
    pub start: usize,
    pub count: usize,
}

fn number(name: &str, text: Option<&str>) -> ScimResult<Option<i64>> {
    text.map(|t| t.trim().parse::<i64>().map_err(|_| ScimError::invalid_value(format!("{name} must be an integer"))))
        .transpose()
}

/// A start below 1 is 1 and a negative count 0 (RFC 7644 §3.4.2.4); a count above the
/// maximum is the maximum.
pub fn page(start: Option<&str>, count: Option<&str>) -> ScimResult<Page> {
    let start = number("startIndex", start)?.unwrap_or(1).max(1);
    let count = number("count", count)?.unwrap_or(100).clamp(0, MAX_COUNT as i64);
    Ok(Page { start: usize::try_from(start).unwrap_or(1), count: usize::try_from(count).unwrap_or(0) })
}

pub fn list_response(total: usize, page: Page, resources: Vec<Value>) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": total, "startIndex": page.start, "itemsPerPage": resources.len(), "Resources": resources,
    })
}

/// Which attributes a response keeps.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    only: Vec<AttrPath>,
    except: Vec<AttrPath>,
}

fn paths(text: Option<&str>) -> ScimResult<Vec<AttrPath>> {
    let Some(text) = text else { return Ok(vec![]) };
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|p| AttrPath::parse(p).map_err(|e| ScimError::invalid_value(e.detail)))
        .collect()
}

impl Projection {
    pub fn parse(attributes: Option<&str>, excluded: Option<&str>) -> ScimResult<Self> {
        Ok(Self { only: paths(attributes)?, except: paths(excluded)? })
    }

    pub fn apply(&self, resource: Value) -> Value {
        let Value::Object(map) = resource else { return resource };
        let always = |k: &str| ["id", "schemas", "meta"].iter().any(|a| a.eq_ignore_ascii_case(k));
        let mut out = Map::new();
        for (key, value) in map {
            if always(&key) {
                out.insert(key, value);
                continue;
            }
            let is_ext = key.starts_with("urn:");
            let named = |list: &[AttrPath]| -> Vec<AttrPath> {
                list.iter()
                    .filter(|p| {
                        if is_ext {
                            p.schema.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&key))
                                || p.name.eq_ignore_ascii_case(&key)
                        } else {
                            p.name.eq_ignore_ascii_case(&key)
                                && p.schema.as_deref().is_none_or(|s| s.contains(":core:"))
                        }
                    })
                    .cloned()
                    .collect()
            };
            let kept = if self.only.is_empty() { Some(value) } else { keep(value, &named(&self.only), is_ext) };
            let kept = match kept {
                Some(v) if !self.except.is_empty() => drop_paths(v, &named(&self.except), is_ext),
                other => other,
            };
            if let Some(v) = kept {
                out.insert(key, v);
            }
        }
        Value::Object(out)
    }
}

/// The part of `value` that `paths` (all naming this attribute) ask for.
fn keep(value: Value, paths: &[AttrPath], is_ext: bool) -> Option<Value> {
    if paths.is_empty() {
        return None;
    }
    if is_ext {
        let names: Vec<&str> = paths.iter().filter(|p| p.schema.is_some()).map(|p| p.name.as_str()).collect();
        if names.is_empty() {
            return Some(value);
        }
        let Value::Object(m) = value else { return Some(value) };
        return Some(Value::Object(
            m.into_iter().filter(|(k, _)| names.iter().any(|n| n.eq_ignore_ascii_case(k))).collect(),
        ));
    }
    if paths.iter().any(|p| p.sub.is_none()) {
        return Some(value);
    }
    let subs: Vec<&str> = paths.iter().filter_map(|p| p.sub.as_deref()).collect();
    let pick = |v: Value| match v {
        Value::Object(m) => {
            Value::Object(m.into_iter().filter(|(k, _)| subs.iter().any(|s| s.eq_ignore_ascii_case(k))).collect())
        }
        other => other,
    };
    Some(match value {
        Value::Array(items) => Value::Array(items.into_iter().map(pick).collect()),
        v => pick(v),
    })
}

fn drop_paths(value: Value, paths: &[AttrPath], is_ext: bool) -> Option<Value> {
    if paths.is_empty() {
        return Some(value);
    }
    if paths.iter().any(|p| p.sub.is_none() && (!is_ext || p.schema.is_none())) {
        return None;
    }
    let subs: Vec<&str> =
        paths.iter().map(|p| if is_ext { p.name.as_str() } else { p.sub.as_deref().unwrap_or("") }).collect();
    let strip = |v: Value| match v {
        Value::Object(m) => {
            Value::Object(m.into_iter().filter(|(k, _)| !subs.iter().any(|s| s.eq_ignore_ascii_case(k))).collect())
        }
        other => other,
    };
    Some(match value {
        Value::Array(items) => Value::Array(items.into_iter().map(strip).collect()),
        v => strip(v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_bounded_and_starts_at_one() {
        assert_eq!(page(Some("0"), Some("-3")).unwrap(), Page { start: 1, count: 0 });
        assert_eq!(page(None, Some("99999")).unwrap(), Page { start: 1, count: MAX_COUNT });
        assert!(page(Some("x"), None).is_err());
    }

    #[test]
    fn attributes_keep_what_they_name_and_the_identity() {
        let user = json!({"id": "1", "schemas": [], "userName": "a", "name": {"givenName": "A", "familyName": "B"}, "active": true});
        let only = Projection::parse(Some("userName,name.givenName"), None).unwrap().apply(user.clone());
        assert_eq!(only, json!({"id": "1", "schemas": [], "userName": "a", "name": {"givenName": "A"}}));
        let except = Projection::parse(None, Some("active,name.familyName")).unwrap().apply(user);
        assert_eq!(except, json!({"id": "1", "schemas": [], "userName": "a", "name": {"givenName": "A"}}));
    }
}
