//! An independent reading of CONTRACT §2 and §4's rules on an import file, so the tests
//! don't trust the generator's own bookkeeping.

use std::collections::{HashMap, HashSet};

use crate::import::format::ImportFile;

const ROLES: &[&str] = &["executive", "collaborator", "manager", "employee"];
const TYPES: &[&str] = &["personal", "team", "organization"];
const STATES: &[&str] = &["draft", "published", "closed", "archived"];
const VISIBILITIES: &[&str] = &["public", "owners_and_contributors"];
const TRACKINGS: &[&str] = &["basic", "measurements", "subgoals_manual", "subgoals_automatic"];
const KINDS: &[&str] = &["percent", "numeric", "currency", "yes_no"];
const STATUSES: &[&str] = &["on_track", "at_risk", "off_track"];
const LOCALES: &[&str] = &["en", "fr"];

/// Panics, naming the entity, on anything `goald import` must reject.
pub(super) fn assert_valid(file: &ImportFile) {
    let members: HashSet<&str> = file.members.iter().map(|m| m.id.as_str()).collect();
    let teams: HashSet<&str> = file.teams.iter().map(|t| t.id.as_str()).collect();
    let goals: HashSet<&str> = file.goals.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(members.len(), file.members.len(), "member ids are unique");
    assert_eq!(teams.len(), file.teams.len(), "team ids are unique");
    assert_eq!(goals.len(), file.goals.len(), "goal ids are unique");
    assert!(LOCALES.contains(&file.org.locale.as_str()));
    assert!(file.org.timezone.parse::<chrono_tz::Tz>().is_ok());

    for member in &file.members {
        assert!(ROLES.contains(&member.role.as_str()), "role of {}", member.id);
        if let Some(manager) = &member.manager {
            assert!(members.contains(manager.as_str()), "manager of {}", member.id);
        }
        if let Some(locale) = &member.locale {
            assert!(LOCALES.contains(&locale.as_str()), "locale of {}", member.id);
        }
        if let Some(zone) = &member.timezone {
            assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "timezone of {}", member.id);
        }
    }
    for team in &file.teams {
        for member in &team.members {
            assert!(members.contains(member.as_str()), "member {member} of {}", team.id);
        }
    }
    for goal in &file.goals {
        let named = |id: &str| members.contains(id);
        assert!(named(&goal.owner) && named(&goal.creator), "people of {}", goal.id);
        assert!(goal.contributors.members.iter().all(|m| named(m)), "contributors of {}", goal.id);
        assert!(goal.contributors.teams.iter().all(|t| teams.contains(t.as_str())), "teams of {}", goal.id);
        assert!(goal.updates.iter().all(|u| named(&u.by)), "update authors of {}", goal.id);
        if let Some(parent) = &goal.parent {
            assert!(goals.contains(parent.as_str()), "parent of {}", goal.id);
        }
        assert!(TYPES.contains(&goal.goal_type.as_str()), "type of {}", goal.id);
        assert!(STATES.contains(&goal.state.as_str()), "state of {}", goal.id);
        assert!(VISIBILITIES.contains(&goal.visibility.as_str()), "visibility of {}", goal.id);
        assert!(TRACKINGS.contains(&goal.tracking.as_str()), "tracking of {}", goal.id);
        if let Some(status) = &goal.status {
            assert!(STATUSES.contains(&status.as_str()), "status of {}", goal.id);
        }
        for measurement in &goal.measurements {
            assert!(KINDS.contains(&measurement.kind.as_str()), "kind in {}", goal.id);
        }
        let description = goal.description.as_deref().unwrap_or("");
        assert!(description.len() <= 2048, "description of {}", goal.id);
        if let Some(progress) = goal.progress {
            assert!((0.0..=100.0).contains(&progress), "progress of {}", goal.id);
        }
        let measurement_weights: Vec<Option<f64>> = goal.measurements.iter().map(|m| m.weight).collect();
        assert_weight_set(&measurement_weights, &format!("measurements of {}", goal.id));
    }
    assert_no_parent_cycle(file);
    assert_child_weight_sets(file, true);
    assert_child_weight_sets(file, false);
}

/// CONTRACT §4: explicit weights total at most 100, exactly 100 when every item has one.
pub(super) fn assert_weight_set(weights: &[Option<f64>], what: &str) {
    let total: f64 = weights.iter().flatten().sum();
    assert!(total <= 100.0 + 1e-9, "{what}: weights total {total}");
    if !weights.is_empty() && weights.iter().all(Option::is_some) {
        assert!((total - 100.0).abs() < 1e-9, "{what}: all weighted but total {total}");
    }
}

/// The set of a parent's contributing children, with or without its drafts: a validator may
/// read the rule either way, so both must hold.
fn assert_child_weight_sets(file: &ImportFile, count_drafts: bool) {
    let mut sets: HashMap<&str, Vec<Option<f64>>> = HashMap::new();
    for goal in &file.goals {
        if let Some(parent) = &goal.parent {
            if goal.contributes_to_parent && (count_drafts || goal.state != "draft") {
                sets.entry(parent.as_str()).or_default().push(goal.weight);
            } else {
                assert!(goal.weight.is_none() || goal.contributes_to_parent, "{}", goal.id);
            }
        }
    }
    for (parent, weights) in sets {
        assert_weight_set(&weights, &format!("children of {parent}"));
    }
}

fn assert_no_parent_cycle(file: &ImportFile) {
    let parents: HashMap<&str, &str> =
        file.goals.iter().filter_map(|g| g.parent.as_deref().map(|p| (g.id.as_str(), p))).collect();
    for goal in &file.goals {
        let mut seen = HashSet::new();
        let mut current = goal.id.as_str();
        while let Some(&parent) = parents.get(current) {
            assert!(seen.insert(current), "cycle through {}", goal.id);
            current = parent;
        }
    }
}
