//! Reporting lines as (manager, report) pairs: the closure the store keeps so that
//! "who is below M" is one indexed lookup instead of a walk.

use std::collections::{HashMap, HashSet};

use crate::core::ids::MemberId;

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

    #[test]
    fn a_tree_has_no_cycle() {
        let links = ids(&[("a", None), ("b", Some("a")), ("c", Some("a"))]);
        assert!(find_manager_cycle(links.iter().map(|(m, a)| (m, a.as_ref()))).is_none());
    }
}
