//! What a SCIM resource means for the org (docs/scim.md): a User is a member, a Group a
//! team. `userName` (when it is an address) or the primary email gives the email;
//! `name.formatted`, `displayName`, the given and family names, else `userName`, the
//! name; `active` (absent: active); `preferredLanguage` or `locale` the language (fr or
//! en, else the org's); `timezone` the time zone (an IANA name, else the org's); the
//! enterprise extension's `manager.value` the manager; `userType` the role when it names
//! one (executive, collaborator, manager, employee), else the role the member had, else
//! `employee`.

use serde_json::Value;

use crate::core::text::{Email, Name};
use crate::org::{parse_time_zone, Locale, Role, TimeZone};
use crate::scim::filter::get_ci;
use crate::scim::schema::ENTERPRISE;

/// A member as SCIM sets it: the fields of a CONTRACT §6 `member.upserted`.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberState {
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    /// A member id, known or not yet.
    pub manager: Option<String>,
    pub active: bool,
    pub locale: Option<Locale>,
    pub timezone: Option<TimeZone>,
}

fn text<'a>(doc: &'a Value, key: &str) -> Option<&'a str> {
    doc.as_object().and_then(|m| get_ci(m, key)).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

fn email_of(doc: &Value) -> Option<String> {
    let ok = |s: &str| Email::parse(s).ok().map(Email::into_string);
    if let Some(e) = text(doc, "userName").and_then(ok) {
        return Some(e);
    }
    let emails = doc.get("emails").and_then(Value::as_array)?;
    let primary = emails.iter().find(|e| e.get("primary") == Some(&Value::Bool(true)));
    primary.into_iter().chain(emails.iter()).find_map(|e| text(e, "value").and_then(ok))
}

fn name_of(doc: &Value) -> String {
    let name = doc.get("name");
    let formatted = name.and_then(|n| text(n, "formatted")).map(str::to_owned);
    let parts =
        name.map(|n| [text(n, "givenName"), text(n, "familyName")].into_iter().flatten().collect::<Vec<_>>().join(" "));
    let candidates = [
        formatted,
        text(doc, "displayName").map(str::to_owned),
        parts.filter(|p| !p.is_empty()),
        text(doc, "userName").map(str::to_owned),
    ];
    candidates.into_iter().flatten().find(|n| Name::parse(n.clone()).is_ok()).unwrap_or_else(|| "unnamed".to_owned())
}

fn locale_of(doc: &Value) -> Option<Locale> {
    [text(doc, "preferredLanguage"), text(doc, "locale")].into_iter().flatten().find_map(|tag| {
        let lang: String = tag.chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_ascii_lowercase();
        lang.parse().ok()
    })
}

/// The manager id the enterprise extension names.
pub fn manager_of(doc: &Value) -> Option<String> {
    let ext = doc.as_object().and_then(|m| get_ci(m, ENTERPRISE))?;
    ext.get("manager").and_then(|m| text(m, "value")).map(str::to_owned)
}

/// The member a User describes; `before` is the member's role when it exists already.
pub fn member_of(doc: &Value, role_before: Option<Role>) -> MemberState {
    let role = text(doc, "userType").and_then(|t| t.to_ascii_lowercase().parse().ok());
    MemberState {
        name: name_of(doc),
        email: email_of(doc),
        role: role.or(role_before).unwrap_or(Role::Employee),
        manager: manager_of(doc),
        active: doc.get("active").and_then(Value::as_bool).unwrap_or(true),
        locale: locale_of(doc),
        timezone: text(doc, "timezone").and_then(|t| parse_time_zone(t).ok()),
    }
}

/// The member ids a Group lists.
pub fn members_of(doc: &Value) -> Vec<String> {
    let mut ids: Vec<String> = doc
        .get("members")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|m| text(m, "value").map(str::to_owned)).collect())
        .unwrap_or_default();
    ids.sort();
    ids.dedup();
    ids
}

pub fn group_name(doc: &Value) -> String {
    text(doc, "displayName").unwrap_or("unnamed").to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_user_gives_its_member_the_documented_fields() {
        let doc = json!({"userName": "ada@example.com", "name": {"givenName": "Ada", "familyName": "L"}, "active": false,
                         "preferredLanguage": "fr-FR", "timezone": "Europe/Paris", "userType": "Manager",
                         ENTERPRISE: {"manager": {"value": "m1"}}});
        let m = member_of(&doc, None);
        assert_eq!(
            (m.name.as_str(), m.email.as_deref(), m.role, m.active),
            ("Ada L", Some("ada@example.com"), Role::Manager, false)
        );
        assert_eq!((m.locale, m.manager.as_deref()), (Some(Locale::Fr), Some("m1")));
        assert_eq!(m.timezone.map(|t| t.name()), Some("Europe/Paris"));
    }

    #[test]
    fn without_a_user_type_the_role_stays_or_is_employee() {
        let doc = json!({"userName": "x", "emails": [{"value": "x@y.z", "primary": true}]});
        assert_eq!(member_of(&doc, Some(Role::Executive)).role, Role::Executive);
        let m = member_of(&doc, None);
        assert_eq!((m.role, m.email.as_deref(), m.active, m.name.as_str()), (Role::Employee, Some("x@y.z"), true, "x"));
    }
}
