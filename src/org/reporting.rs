//! Reporting lines as (manager, report) pairs: the closure the store keeps so that
//! "who is below M" is one indexed lookup instead of a walk.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::core::ids::MemberId;

/// The most managers anyone may have above them (docs/depth-limits.md). The store keeps
/// one reporting-line row per (manager, report) pair, so a chain of depth d costs d rows
/// per member and a manager change rewrites up to d × subtree rows: the bound keeps that
/// linear in the org's size. Real orgs are rarely deeper than 15 levels.
pub const MAX_MANAGER_CHAIN_DEPTH: usize = 64;

/// A manager chain deeper than the bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the manager chain would be {depth} levels deep, more than the limit of {limit}")]
pub struct ChainTooDeep {
    pub depth: usize,
    pub limit: usize,
}

/// `depth` is the number of managers above the deepest member of a chain.
pub fn check_chain_depth(depth: usize) -> Result<(), ChainTooDeep> {
    match depth > MAX_MANAGER_CHAIN_DEPTH {
        true => Err(ChainTooDeep { depth, limit: MAX_MANAGER_CHAIN_DEPTH }),
        false => Ok(()),
    }
}

/// The depth of a member moved under `manager`: the managers above the new manager, the
/// manager itself, and the levels of the member's own subtree below it.
pub fn depth_after_move(managers_above_new_manager: usize, subtree_levels: usize) -> usize {
    managers_above_new_manager + 1 + subtree_levels
}

/// The first member (by id, for a stable message) with more managers above them than the
/// bound, with that number.
pub fn find_too_deep_member<'a>(
    managers: impl IntoIterator<Item = (&'a MemberId, Option<&'a MemberId>)>,
) -> Option<(MemberId, usize)> {
    first_too_deep(managers, MAX_MANAGER_CHAIN_DEPTH)
}

/// The first node (in key order) with more than `limit` nodes above it along `links`
/// (node → the one above), with that number; also what goals/hierarchy.rs uses for parent
/// chains. Each node's depth is filled along each walk and reused, so the whole set costs
/// time linear in its size, not the sum of its chains. A loop ends a walk (counting the
/// distinct nodes above); a link to a node not among `links` ends it too.
pub fn first_too_deep<'a, K: Eq + Hash + Ord + Clone + 'a>(
    links: impl IntoIterator<Item = (&'a K, Option<&'a K>)>,
    limit: usize,
) -> Option<(K, usize)> {
    let above: HashMap<&K, Option<&K>> = links.into_iter().collect();
    let mut depth: HashMap<&K, usize> = HashMap::with_capacity(above.len());
    let mut keys: Vec<&K> = above.keys().copied().collect();
    keys.sort_unstable();
    let mut path: Vec<&K> = Vec::new();
    let mut on_path: HashSet<&K> = HashSet::new();
    for &start in &keys {
        path.clear();
        on_path.clear();
        let mut current = Some(start);
        // The depth of the first known node past the walk, plus one; 0 for a root.
        let mut base = 0;
        while let Some(node) = current {
            if let Some(known) = depth.get(node) {
                base = known + 1;
                break;
            }
            if !above.contains_key(node) {
                // Outside the set (a dangling link): what validation reports, not this.
                break;
            }
            if !on_path.insert(node) {
                break;
            }
            path.push(node);
            current = above.get(node).copied().flatten();
        }
        for (i, node) in path.iter().rev().enumerate() {
            depth.insert(node, base + i);
        }
    }
    keys.into_iter().find_map(|key| depth.get(key).filter(|d| **d > limit).map(|d| (key.clone(), *d)))
}

/// Every (manager, report, depth) pair where `manager` is above `report`;
/// depth 1 is a direct report. `managers` maps each member to their manager.
/// Members caught in a manager cycle contribute no pairs (import rejects cycles first).
pub fn closure_pairs<'a>(
    managers: impl IntoIterator<Item = (&'a MemberId, Option<&'a MemberId>)>,
) -> Vec<(MemberId, MemberId, u32)> {
    let managers: HashMap<&MemberId, Option<&MemberId>> = managers.into_iter().collect();
    let mut pairs = Vec::new();
    for (&report, &manager) in &managers {
        let mut seen = HashSet::new();
        let mut depth = 1;
        let mut current = manager;
        while let Some(above) = current {
            if !seen.insert(above) {
                break;
            }
            pairs.push((above.clone(), report.clone(), depth));
            depth += 1;
            current = managers.get(above).copied().flatten();
        }
    }
    pairs
}

/// The members of a manager cycle, if any (sorted, for a stable error message).
pub fn find_manager_cycle<'a>(
    managers: impl IntoIterator<Item = (&'a MemberId, Option<&'a MemberId>)>,
) -> Option<Vec<MemberId>> {
    let managers: HashMap<&MemberId, Option<&MemberId>> = managers.into_iter().collect();
    let mut cleared: HashSet<&MemberId> = HashSet::new();
    for &start in managers.keys() {
        let mut path: Vec<&MemberId> = Vec::new();
        let mut on_path: HashSet<&MemberId> = HashSet::new();
        let mut current = Some(start);
        while let Some(member) = current {
            if cleared.contains(member) {
                break;
            }
            if !on_path.insert(member) {
                let from = path.iter().position(|m| *m == member).unwrap_or(0);
                let mut cycle: Vec<MemberId> = path[from..].iter().map(|m| (*m).clone()).collect();
                cycle.sort();
                return Some(cycle);
            }
            path.push(member);
            current = managers.get(member).copied().flatten();
        }
        cleared.extend(path);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(links: &[(&str, Option<&str>)]) -> Vec<(MemberId, Option<MemberId>)> {
        links
            .iter()
            .map(|(m, above)| (MemberId::parse(*m).unwrap(), above.map(|a| MemberId::parse(a).unwrap())))
            .collect()
    }

    #[test]
    fn closure_holds_every_ancestor_with_its_depth() {
        let links = ids(&[("a", None), ("b", Some("a")), ("c", Some("b"))]);
        let mut pairs: Vec<_> = closure_pairs(links.iter().map(|(m, a)| (m, a.as_ref())))
            .into_iter()
            .map(|(m, r, d)| (m.to_string(), r.to_string(), d))
            .collect();
        pairs.sort();
        assert_eq!(pairs, vec![("a".into(), "b".into(), 1), ("a".into(), "c".into(), 2), ("b".into(), "c".into(), 1)]);
    }

    #[test]
    fn a_manager_cycle_is_found_and_named() {
        let links = ids(&[("a", Some("c")), ("b", Some("a")), ("c", Some("b")), ("d", None)]);
        let cycle = find_manager_cycle(links.iter().map(|(m, a)| (m, a.as_ref()))).unwrap();
        let names: Vec<_> = cycle.iter().map(|m| m.as_str()).collect();
        assert_eq!(names, vec!["a", "b", "c"]);
    }

    fn chain(len: usize) -> Vec<(MemberId, Option<MemberId>)> {
        (0..len)
            .map(|i| {
                let above = i.checked_sub(1).map(|a| MemberId::parse(format!("m{a:05}")).unwrap());
                (MemberId::parse(format!("m{i:05}")).unwrap(), above)
            })
            .collect()
    }

    #[test]
    fn a_chain_at_the_bound_passes_and_one_level_more_is_named() {
        let at_bound = chain(MAX_MANAGER_CHAIN_DEPTH + 1);
        assert_eq!(find_too_deep_member(at_bound.iter().map(|(m, a)| (m, a.as_ref()))), None);
        let deeper = chain(MAX_MANAGER_CHAIN_DEPTH + 3);
        let (member, depth) = find_too_deep_member(deeper.iter().map(|(m, a)| (m, a.as_ref()))).unwrap();
        assert_eq!((member.as_str(), depth), ("m00065", MAX_MANAGER_CHAIN_DEPTH + 1));
    }

    #[test]
    fn the_depth_check_names_the_depth_and_the_limit() {
        assert_eq!(check_chain_depth(MAX_MANAGER_CHAIN_DEPTH), Ok(()));
        let error = check_chain_depth(depth_after_move(MAX_MANAGER_CHAIN_DEPTH - 1, 1)).unwrap_err();
        assert_eq!(error.to_string(), "the manager chain would be 65 levels deep, more than the limit of 64");
    }

    #[test]
    fn a_tree_has_no_cycle() {
        let links = ids(&[("a", None), ("b", Some("a")), ("c", Some("a"))]);
        assert!(find_manager_cycle(links.iter().map(|(m, a)| (m, a.as_ref()))).is_none());
    }
}
