//! A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:...:attr`, `attr[filter]`
//! and `attr[filter].sub` (`emails[type eq "work"].value`, as Entra sends it).

use crate::scim::error::{ScimError, ScimResult};
use crate::scim::filter::{self, AttrPath, Filter};

#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute, with `sub` set for `attr.sub` (no filter).
    pub attr: AttrPath,
    /// The items of a multi-valued attribute the operation is about.
    pub filter: Option<Filter>,
    /// `attr[filter].sub`.
    pub sub_after_filter: Option<String>,
}

pub fn parse(text: &str) -> ScimResult<PatchPath> {
    let bad = |why: &str| ScimError::invalid_path(format!("path {text:?}: {why}"));
    let Some(open) = text.find('[') else {
        let attr = AttrPath::parse(text.trim()).map_err(|_| bad("not an attribute path"))?;
        return Ok(PatchPath { attr, filter: None, sub_after_filter: None });
    };
    let close = text.rfind(']').filter(|c| *c > open).ok_or_else(|| bad("'[' is not closed"))?;
    let attr = AttrPath::parse(text[..open].trim()).map_err(|_| bad("not an attribute path"))?;
    if attr.sub.is_some() {
        return Err(bad("a filter applies to an attribute, not a sub-attribute"));
    }
    let inner = filter::parse(&text[open + 1..close]).map_err(|e| ScimError::invalid_path(e.detail))?;
    let sub = match &text[close + 1..] {
        "" => None,
        rest => match rest.strip_prefix('.') {
            Some(sub) if !sub.is_empty() && sub.chars().all(|c| c.is_ascii_alphanumeric() || c == '$') => {
                Some(sub.to_owned())
            }
            _ => return Err(bad("expected .subAttribute after ']'")),
        },
    };
    Ok(PatchPath { attr, filter: Some(inner), sub_after_filter: sub })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entra_s_email_path_names_the_attribute_the_items_and_the_sub_attribute() {
        let p = parse(r#"emails[type eq "work"].value"#).unwrap();
        assert_eq!(p.attr.name, "emails");
        assert!(p.filter.is_some());
        assert_eq!(p.sub_after_filter.as_deref(), Some("value"));
    }

    #[test]
    fn an_extension_path_names_its_schema() {
        let p = parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager").unwrap();
        assert_eq!(p.attr.schema.as_deref(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        assert_eq!(p.attr.name, "manager");
    }

    #[test]
    fn a_path_that_cannot_be_read_is_an_invalid_path() {
        for bad in ["", "emails[type eq", "emails[type eq \"work\"]x", "name.givenName[type eq \"x\"]"] {
            assert_eq!(parse(bad).unwrap_err().scim_type, Some("invalidPath"), "{bad}");
        }
    }
}
