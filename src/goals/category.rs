//! Goal categories (Betterworks): defined per org by executives, optionally required on
//! every goal (`require_category`, org/policy.rs). Pure rules: a category's name and
//! description, names unique per org ignoring case, the order they are listed in, and
//! whether a goal may go without a category at a given moment.

use chrono::{DateTime, Utc};

use crate::core::ids::CategoryId;
use crate::core::text::{Description, Name};

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: CategoryId,
    /// One line, trimmed, unique in the org ignoring case (`name_key`).
    pub name: String,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A refused category field: the field (`name`, `description`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct CategoryProblem {
    pub field: &'static str,
    pub problem: String,
}

/// The name as stored: trimmed (so `"Sales "` is `"Sales"`), one line, 1–200 characters.
pub fn parse_name(text: &str) -> Result<String, CategoryProblem> {
    Name::parse(text.trim()).map(Name::into_string).map_err(|e| CategoryProblem { field: "name", problem: e.problem })
}

/// The description as stored: up to 2,048 characters; blank is none.
pub fn parse_description(text: Option<&str>) -> Result<Option<String>, CategoryProblem> {
    match text {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => Description::parse(text)
            .map(|d| Some(d.into_string()))
            .map_err(|e| CategoryProblem { field: "description", problem: e.problem }),
    }
}

/// What two names are compared by: Unicode lower case, so `Sales`, `SALES` and `sales`
/// are one name (the store keeps it in a unique index too).
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// The category other than `except` that already has `name` (ignoring case).
pub fn same_name<'a>(categories: &'a [Category], name: &str, except: Option<&CategoryId>) -> Option<&'a Category> {
    let key = name_key(name);
    categories.iter().find(|c| Some(&c.id) != except && name_key(&c.name) == key)
}

/// Betterworks lists categories alphabetically (a leading "1. " orders them by hand):
/// by name ignoring case, then by id.
pub fn sort(categories: &mut [Category]) {
    categories.sort_by(|a, b| name_key(&a.name).cmp(&name_key(&b.name)).then_with(|| a.id.cmp(&b.id)));
}

/// The moment a goal's category is checked against `require_category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment<'a> {
    /// A new goal (created through the API).
    Create,
    /// An edit, from the category the goal had.
    Edit { before: Option<&'a CategoryId> },
    /// A draft becoming published.
    Publish,
}

/// Why the policy refuses a goal without a category now, or None. Goals stored without
/// one before the switch was turned on keep working: an edit that leaves the category
/// alone passes; only creating, publishing, or clearing a category the goal has, is refused.
pub fn missing_category(require: bool, moment: Moment<'_>, after: Option<&CategoryId>) -> Option<&'static str> {
    if !require || after.is_some() {
        return None;
    }
    match moment {
        Moment::Create => Some("the org's policy requires a category on every goal"),
        Moment::Publish => Some("the org's policy requires a category before a goal is published"),
        Moment::Edit { before: Some(_) } => Some("the org's policy requires a category: it cannot be cleared"),
        Moment::Edit { before: None } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: &str, name: &str) -> Category {
        let at = DateTime::UNIX_EPOCH;
        Category {
            id: CategoryId::parse(id).unwrap(),
            name: name.to_owned(),
            description: None,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_name_is_trimmed_and_a_blank_or_multi_line_one_is_refused_naming_the_field() {
        assert_eq!(parse_name("  Customer focus ").unwrap(), "Customer focus");
        assert_eq!(parse_name("   ").unwrap_err().field, "name");
        assert_eq!(parse_name("a\nb").unwrap_err().field, "name");
        assert_eq!(parse_name(&"x".repeat(201)).unwrap_err().field, "name");
        assert!(parse_name(&"x".repeat(200)).is_ok());
    }

    #[test]
    fn a_blank_description_is_none_and_a_long_one_is_refused() {
        assert_eq!(parse_description(Some("  ")).unwrap(), None);
        assert_eq!(parse_description(Some("why\nand how")).unwrap().as_deref(), Some("why\nand how"));
        assert_eq!(parse_description(Some(&"x".repeat(2049))).unwrap_err().field, "description");
    }

    #[test]
    fn names_are_the_same_whatever_their_case_but_a_category_does_not_clash_with_itself() {
        let all = [category("c1", "Sales"), category("c2", "Élan")];
        assert_eq!(same_name(&all, "SALES", None).map(|c| c.id.as_str()), Some("c1"));
        assert_eq!(same_name(&all, "élan", None).map(|c| c.id.as_str()), Some("c2"));
        assert_eq!(same_name(&all, "sales", Some(&all[0].id)), None);
        assert_eq!(same_name(&all, "Support", None), None);
    }

    #[test]
    fn categories_are_listed_alphabetically_ignoring_case() {
        let mut all =
            vec![category("a", "beta"), category("b", "2. Later"), category("c", "Alpha"), category("d", "1. First")];
        sort(&mut all);
        let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["1. First", "2. Later", "Alpha", "beta"]);
    }

    #[test]
    fn with_the_switch_off_no_goal_needs_a_category() {
        for moment in [Moment::Create, Moment::Publish, Moment::Edit { before: None }] {
            assert_eq!(missing_category(false, moment, None), None);
        }
        let had = CategoryId::parse("c").unwrap();
        assert_eq!(missing_category(false, Moment::Edit { before: Some(&had) }, None), None);
    }

    #[test]
    fn with_the_switch_on_creating_publishing_or_clearing_without_a_category_is_refused() {
        let had = CategoryId::parse("c").unwrap();
        assert!(missing_category(true, Moment::Create, None).is_some());
        assert!(missing_category(true, Moment::Publish, None).is_some());
        assert!(missing_category(true, Moment::Edit { before: Some(&had) }, None).is_some());
        assert_eq!(missing_category(true, Moment::Create, Some(&had)), None);
        assert_eq!(missing_category(true, Moment::Publish, Some(&had)), None);
    }

    #[test]
    fn with_the_switch_on_a_goal_stored_without_a_category_is_still_edited() {
        assert_eq!(missing_category(true, Moment::Edit { before: None }, None), None);
    }
}
