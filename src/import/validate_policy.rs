//! The import's checks and fill-ins of CONTRACT §10: the org's policy, each goal's stored
//! manager editor, and alignment within one visibility.

use std::collections::HashMap;

use crate::core::ids::{GoalId, MemberId};
use crate::goals::{Goal, Visibility};
use crate::import::error::{invalid, Entity, Result};
use crate::import::existing::ExistingOrg;
use crate::import::format::{GoalRecord, OrgRecord};
use crate::org::{Member, OrgPolicy};

/// The file's policy when it has one (every key it omits at its default), else the stored
/// policy, else the defaults. A wrong key fails the import naming the org and the key.
pub(crate) fn policy_of(record: &OrgRecord, existing: &ExistingOrg) -> Result<OrgPolicy> {
    match &record.policy {
        Some(value) => OrgPolicy::parse(value).map_err(|e| invalid(Entity::Org, &record.id, e.to_string())),
        None => Ok(existing.policy.clone().unwrap_or_default()),
    }
}

/// A goal whose record omits `manager_editor` keeps the stored one; a goal new to the store
/// takes its owner's manager at this moment. `records` and `goals` are in the same order.
pub(crate) fn fill_manager_editors(
    goals: &mut [Goal],
    records: &[GoalRecord],
    members: &[Member],
    existing: &ExistingOrg,
) {
    let file_managers: HashMap<&MemberId, Option<&MemberId>> =
        members.iter().map(|m| (&m.id, m.manager.as_ref())).collect();
    for (goal, record) in goals.iter_mut().zip(records) {
        if record.manager_editor.is_some() {
            continue;
        }
        goal.people.manager_editor = match existing.goals.get(&goal.id) {
            Some(stored) => stored.manager_editor.clone(),
            None => match file_managers.get(&goal.owner) {
                Some(manager) => manager.cloned(),
                None => existing.members.get(&goal.owner).cloned().flatten(),
            },
        };
    }
}

/// With `same_visibility_alignment`, every link that touches a goal of the file joins two
/// goals of the same visibility; the first link that does not is named by its child.
pub(crate) fn check_same_visibility(policy: &OrgPolicy, goals: &[Goal], existing: &ExistingOrg) -> Result<()> {
    if !policy.same_visibility_alignment {
        return Ok(());
    }
    let mut visibility: HashMap<&GoalId, Visibility> =
        existing.goals.iter().map(|(id, g)| (id, g.visibility)).collect();
    visibility.extend(goals.iter().map(|g| (&g.id, g.visibility)));
    let file_links = goals.iter().filter_map(|g| g.parent.as_ref().map(|p| (&g.id, p)));
    let stored_links = existing.goals.iter().filter_map(|(id, g)| g.parent.as_ref().map(|p| (id, p)));
    let mut links: Vec<(&GoalId, &GoalId)> = file_links.chain(stored_links).collect();
    links.sort();
    links.dedup();
    for (child, parent) in links {
        let (Some(own), Some(theirs)) = (visibility.get(child), visibility.get(parent)) else {
            continue;
        };
        if own != theirs {
            return Err(invalid(
                Entity::Goal,
                child.as_str(),
                format!("is {own} but its parent {parent:?} is {theirs}, and policy.same_visibility_alignment is on"),
            ));
        }
    }
    Ok(())
}
