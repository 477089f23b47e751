//! The import's goal categories (Betterworks): the file's `org.categories` checked by the
//! API's rules (goals/category.rs), and the category ids its goals may name.

use std::collections::HashSet;

use crate::core::ids::CategoryId;
use crate::goals::category::{missing_category, name_key, parse_description, parse_name, Moment};
use crate::goals::{Goal, GoalState};
use crate::import::error::{invalid, Entity, Result};
use crate::import::existing::ExistingOrg;
use crate::import::format::OrgRecord;
use crate::org::OrgPolicy;

/// A category as the file gives it; the store stamps its instants.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCategory {
    pub id: CategoryId,
    pub name: String,
    pub description: Option<String>,
}

/// The file's categories when it lists them (None: the stored ones stay). Each is named
/// when it is wrong: a bad id, name or description, an id or a name (ignoring case) twice.
pub(crate) fn categories_of(record: &OrgRecord) -> Result<Option<Vec<ImportedCategory>>> {
    let Some(records) = &record.categories else { return Ok(None) };
    let mut ids = HashSet::with_capacity(records.len());
    let mut names = HashSet::with_capacity(records.len());
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let bad = |problem: String| invalid(Entity::Category, &record.id, problem);
        let id = CategoryId::parse(record.id.as_str()).map_err(|e| bad(e.to_string()))?;
        if !ids.insert(record.id.as_str()) {
            return Err(bad("appears twice in the file".into()));
        }
        let name = parse_name(&record.name).map_err(|e| bad(e.to_string()))?;
        if !names.insert(name_key(&name)) {
            return Err(bad(format!("name {name:?} is another category's too (names are unique ignoring case)")));
        }
        let description = parse_description(record.description.as_deref()).map_err(|e| bad(e.to_string()))?;
        out.push(ImportedCategory { id, name, description });
    }
    Ok(Some(out))
}

/// The category ids the org has once the import is written.
pub(crate) fn category_ids(file: Option<&[ImportedCategory]>, existing: &ExistingOrg) -> HashSet<CategoryId> {
    match file {
        Some(listed) => listed.iter().map(|c| c.id.clone()).collect(),
        None => existing.categories.clone(),
    }
}

/// `require_category` holds for the import as for the API (goals/category.rs): a goal new to
/// the org needs a category, a stored draft published by the file needs one, and a stored
/// goal's category cannot be cleared. Stored goals that never had one keep working.
pub(crate) fn check_required_categories(policy: &OrgPolicy, goals: &[Goal], existing: &ExistingOrg) -> Result<()> {
    for goal in goals {
        let moment = match existing.goals.get(&goal.id) {
            None => Moment::Create,
            Some(stored) if stored.state == GoalState::Draft && goal.state != GoalState::Draft => Moment::Publish,
            Some(stored) => Moment::Edit { before: stored.category.as_ref() },
        };
        if let Some(problem) = missing_category(policy.require_category, moment, goal.category.as_ref()) {
            return Err(invalid(Entity::Goal, goal.id.as_str(), format!("category: {problem}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::error::ImportError;
    use crate::import::format::CategoryRecord;

    fn org(categories: Option<Vec<(&str, &str)>>) -> OrgRecord {
        OrgRecord {
            id: "acme".into(),
            name: "Acme".into(),
            timezone: "UTC".into(),
            locale: "en".into(),
            policy: None,
            categories: categories.map(|list| {
                list.into_iter()
                    .map(|(id, name)| CategoryRecord { id: id.into(), name: name.into(), description: None })
                    .collect()
            }),
        }
    }

    fn named(error: ImportError) -> (Entity, String) {
        match error {
            ImportError::Invalid { entity, id, .. } => (entity, id),
            other => panic!("not an entity error: {other}"),
        }
    }

    #[test]
    fn a_file_without_categories_keeps_the_stored_ones() {
        assert_eq!(categories_of(&org(None)).unwrap(), None);
        let existing = ExistingOrg { categories: [CategoryId::parse("old").unwrap()].into(), ..Default::default() };
        assert!(category_ids(None, &existing).contains("old"));
    }

    #[test]
    fn a_file_with_categories_gives_exactly_them_trimmed() {
        let listed = categories_of(&org(Some(vec![("c1", " Sales "), ("c2", "Care")]))).unwrap().unwrap();
        assert_eq!(listed[0].name, "Sales");
        let existing = ExistingOrg { categories: [CategoryId::parse("old").unwrap()].into(), ..Default::default() };
        let ids = category_ids(Some(&listed), &existing);
        assert!(ids.contains("c1") && ids.contains("c2") && !ids.contains("old"));
    }

    #[test]
    fn a_category_twice_or_a_name_twice_ignoring_case_is_named() {
        let twice = categories_of(&org(Some(vec![("c1", "Sales"), ("c1", "Care")]))).unwrap_err();
        assert_eq!(named(twice), (Entity::Category, "c1".to_owned()));
        let same_name = categories_of(&org(Some(vec![("c1", "Sales"), ("c2", "SALES")]))).unwrap_err();
        assert_eq!(named(same_name), (Entity::Category, "c2".to_owned()));
    }

    #[test]
    fn a_blank_name_or_a_bad_id_is_named() {
        assert_eq!(named(categories_of(&org(Some(vec![("c1", "  ")]))).unwrap_err()).1, "c1");
        assert_eq!(named(categories_of(&org(Some(vec![("a b", "Sales")]))).unwrap_err()).1, "a b");
    }

    fn stored(state: GoalState, category: Option<&str>) -> crate::import::existing::ExistingGoal {
        crate::import::existing::ExistingGoal {
            parent: None,
            contributes_to_parent: true,
            weight: None,
            state,
            tracking: crate::goals::Tracking::Basic,
            progress: 0.0,
            visibility: crate::goals::Visibility::Public,
            manager_editor: None,
            category: category.map(|c| CategoryId::parse(c).unwrap()),
        }
    }

    #[test]
    fn required_categories_hold_for_new_goals_publications_and_clears_but_not_old_goals() {
        use crate::goals::fixtures::{goal, goal_id};
        let policy = OrgPolicy { require_category: true, ..OrgPolicy::default() };
        let mut existing = ExistingOrg::default();
        existing.goals.insert(goal_id("old"), stored(GoalState::Published, None));
        existing.goals.insert(goal_id("draft"), stored(GoalState::Draft, None));
        existing.goals.insert(goal_id("tagged"), stored(GoalState::Published, Some("c1")));
        let mut new = goal("new", "ann");
        new.category = None;
        // A goal new to the org without a category: refused, naming it.
        assert_eq!(named(check_required_categories(&policy, &[new.clone()], &existing).unwrap_err()).1, "new");
        // A stored goal that never had one keeps working.
        let old = goal("old", "ann");
        assert!(check_required_categories(&policy, std::slice::from_ref(&old), &existing).is_ok());
        // A stored draft published without one, and a category cleared: refused.
        let mut draft = goal("draft", "ann");
        draft.state = GoalState::Published;
        assert_eq!(named(check_required_categories(&policy, &[draft], &existing).unwrap_err()).1, "draft");
        assert_eq!(
            named(check_required_categories(&policy, &[goal("tagged", "ann")], &existing).unwrap_err()).1,
            "tagged"
        );
        // With the switch off, nothing is asked.
        assert!(check_required_categories(&OrgPolicy::default(), &[new], &existing).is_ok());
    }
}
