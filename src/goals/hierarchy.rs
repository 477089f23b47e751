//! The goal tree: parent links must never loop, nor go deeper than the bound.

use std::collections::{HashMap, HashSet};

use crate::core::ids::GoalId;
use crate::org::first_too_deep;

/// The most ancestors a goal may have (docs/depth-limits.md). A progress change climbs
/// every ancestor inside the writing transaction, and each step is a read and a write:
/// 100 levels keep that to milliseconds, while real goal trees (company, department,
/// team, person) are rarely deeper than 6.
pub const MAX_GOAL_DEPTH: usize = 100;

/// A goal chain deeper than the bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the parent chain would be {depth} levels deep, more than the limit of {limit}")]
pub struct GoalTooDeep {
    pub depth: usize,
    pub limit: usize,
}

/// `depth` is the number of ancestors of the deepest goal of a chain.
pub fn check_goal_depth(depth: usize) -> Result<(), GoalTooDeep> {
    match depth > MAX_GOAL_DEPTH {
        true => Err(GoalTooDeep { depth, limit: MAX_GOAL_DEPTH }),
        false => Ok(()),
    }
}

/// Putting a goal (with `subtree_levels` levels of sub-goals below it) under a parent
/// that has `parent_ancestors` ancestors: the depth of its deepest sub-goal, checked.
pub fn check_link_depth(parent_ancestors: usize, subtree_levels: usize) -> Result<(), GoalTooDeep> {
    check_goal_depth(parent_ancestors + 1 + subtree_levels)
}

/// The first goal (by id) with more ancestors than the bound, with how many.
pub fn find_too_deep_goal<'a>(
    links: impl IntoIterator<Item = (&'a GoalId, Option<&'a GoalId>)>,
) -> Option<(GoalId, usize)> {
    first_too_deep(links, MAX_GOAL_DEPTH)
}

/// The members of a parent cycle, if any, sorted for a stable error message. With several
/// cycles, the one reached first from the smallest goal id is named, so the answer does not
/// depend on hash order. A parent that is not among the links ends a walk (not a cycle).
pub fn find_parent_cycle<'a>(links: impl IntoIterator<Item = (&'a GoalId, Option<&'a GoalId>)>) -> Option<Vec<GoalId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Walk {
        Unseen,
        OnPath,
        Cleared,
    }
    let parents: HashMap<&GoalId, Option<&GoalId>> = links.into_iter().collect();
    let mut starts: Vec<&GoalId> = parents.keys().copied().collect();
    starts.sort_unstable();
    // One state per goal and one reused path: a million goals walk without a
    // million small allocations.
    let mut state: HashMap<&GoalId, Walk> = starts.iter().map(|g| (*g, Walk::Unseen)).collect();
    let mut path: Vec<&GoalId> = Vec::new();
    for start in starts {
        path.clear();
        let mut current = Some(start);
        while let Some(goal) = current {
            match state.get(goal).copied() {
                None | Some(Walk::Cleared) => break,
                Some(Walk::OnPath) => {
                    let from = path.iter().position(|g| *g == goal).unwrap_or(0);
                    let mut cycle: Vec<GoalId> = path[from..].iter().map(|g| (*g).clone()).collect();
                    cycle.sort();
                    return Some(cycle);
                }
                Some(Walk::Unseen) => {
                    state.insert(goal, Walk::OnPath);
                    path.push(goal);
                    current = parents.get(goal).copied().flatten();
                }
            }
        }
        for goal in &path {
            state.insert(goal, Walk::Cleared);
        }
    }
    None
}

/// Would putting `child` under `new_parent` close a loop? True when they are the same goal
/// or `child` is already an ancestor of `new_parent`. `parent_of` answers a goal's current
/// parent; a loop already present in that data ends the walk instead of spinning.
pub fn would_create_cycle(
    child: &GoalId,
    new_parent: &GoalId,
    mut parent_of: impl FnMut(&GoalId) -> Option<GoalId>,
) -> bool {
    let mut seen: HashSet<GoalId> = HashSet::new();
    let mut current = Some(new_parent.clone());
    while let Some(goal) = current {
        if &goal == child {
            return true;
        }
        current = parent_of(&goal);
        if !seen.insert(goal) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> GoalId {
        GoalId::parse(s).unwrap()
    }

    fn links(pairs: &[(&str, Option<&str>)]) -> Vec<(GoalId, Option<GoalId>)> {
        pairs.iter().map(|(g, p)| (id(g), p.map(id))).collect()
    }

    fn cycle_of(pairs: &[(&str, Option<&str>)]) -> Option<Vec<String>> {
        let links = links(pairs);
        find_parent_cycle(links.iter().map(|(g, p)| (g, p.as_ref())))
            .map(|cycle| cycle.iter().map(|g| g.to_string()).collect())
    }

    fn chain(len: usize) -> Vec<(GoalId, Option<GoalId>)> {
        (0..len).map(|i| (id(&format!("g{i:04}")), i.checked_sub(1).map(|p| id(&format!("g{p:04}"))))).collect()
    }

    #[test]
    fn a_goal_chain_at_the_bound_passes_and_the_first_goal_past_it_is_named() {
        let at_bound = chain(MAX_GOAL_DEPTH + 1);
        assert_eq!(find_too_deep_goal(at_bound.iter().map(|(g, p)| (g, p.as_ref()))), None);
        let deeper = chain(MAX_GOAL_DEPTH + 5);
        let found = find_too_deep_goal(deeper.iter().map(|(g, p)| (g, p.as_ref())));
        assert_eq!(found, Some((id("g0101"), MAX_GOAL_DEPTH + 1)));
    }

    #[test]
    fn a_link_counts_the_parents_ancestors_the_parent_and_the_subtree_below() {
        assert_eq!(check_link_depth(MAX_GOAL_DEPTH - 1, 0), Ok(()));
        let error = check_link_depth(MAX_GOAL_DEPTH - 3, 3).unwrap_err();
        assert_eq!(error.to_string(), "the parent chain would be 101 levels deep, more than the limit of 100");
    }

    fn lookup(pairs: &[(&str, Option<&str>)]) -> impl FnMut(&GoalId) -> Option<GoalId> {
        let parents: HashMap<GoalId, Option<GoalId>> = links(pairs).into_iter().collect();
        move |goal| parents.get(goal).cloned().flatten()
    }

    #[test]
    fn a_tree_of_goals_has_no_cycle() {
        assert_eq!(cycle_of(&[("a", None), ("b", Some("a")), ("c", Some("b")), ("d", Some("a"))]), None);
    }

    #[test]
    fn a_parent_cycle_is_found_and_named_in_order() {
        let found = cycle_of(&[("c", Some("a")), ("a", Some("b")), ("b", Some("c")), ("z", None)]);
        assert_eq!(found, Some(vec!["a".into(), "b".into(), "c".into()]));
    }

    #[test]
    fn a_goal_that_is_its_own_parent_is_a_cycle_of_one() {
        assert_eq!(cycle_of(&[("a", Some("a")), ("b", None)]), Some(vec!["a".into()]));
    }

    #[test]
    fn a_goal_leading_into_a_cycle_is_not_named_as_part_of_it() {
        let found = cycle_of(&[("a", Some("b")), ("b", Some("c")), ("c", Some("b"))]);
        assert_eq!(found, Some(vec!["b".into(), "c".into()]));
    }

    #[test]
    fn with_two_cycles_the_one_reached_from_the_smallest_id_is_named() {
        let found = cycle_of(&[("x", Some("y")), ("y", Some("x")), ("b", Some("c")), ("c", Some("b"))]);
        assert_eq!(found, Some(vec!["b".into(), "c".into()]));
    }

    #[test]
    fn a_parent_missing_from_the_links_is_not_a_cycle() {
        assert_eq!(cycle_of(&[("a", Some("ghost")), ("b", Some("a"))]), None);
    }

    #[test]
    fn a_deep_chain_is_walked_without_recursion() {
        let names: Vec<String> = (0..100_000).map(|i| format!("g{i}")).collect();
        let mut pairs: Vec<(&str, Option<&str>)> = vec![(names[0].as_str(), None)];
        pairs.extend(names.windows(2).map(|w| (w[1].as_str(), Some(w[0].as_str()))));
        assert_eq!(cycle_of(&pairs), None);
    }

    #[test]
    fn linking_a_goal_under_itself_creates_a_cycle() {
        assert!(would_create_cycle(&id("a"), &id("a"), lookup(&[("a", None)])));
    }

    #[test]
    fn linking_a_goal_under_its_own_descendant_creates_a_cycle() {
        let tree = [("a", None), ("b", Some("a")), ("c", Some("b"))];
        assert!(would_create_cycle(&id("a"), &id("c"), lookup(&tree)));
    }

    #[test]
    fn linking_a_goal_under_a_sibling_or_an_ancestor_is_fine() {
        let tree = [("a", None), ("b", Some("a")), ("c", Some("a")), ("d", Some("c"))];
        assert!(!would_create_cycle(&id("b"), &id("c"), lookup(&tree)));
        assert!(!would_create_cycle(&id("d"), &id("a"), lookup(&tree)));
    }

    #[test]
    fn a_loop_already_in_the_data_ends_the_walk() {
        let looped = [("x", Some("y")), ("y", Some("x")), ("a", None)];
        assert!(!would_create_cycle(&id("a"), &id("x"), lookup(&looped)));
    }

    #[test]
    fn an_unknown_new_parent_creates_no_cycle() {
        assert!(!would_create_cycle(&id("a"), &id("ghost"), lookup(&[("a", None)])));
    }
}
