//! The reporting forest laid out as numbers, so that "M and everyone in M's reporting
//! line" is a few ranges of numbers instead of a list of thousands of people: the store
//! keeps each member's number (line key) on the rows that name the member, and answers
//! visibility with range scans instead of one index probe per person in the line.
//!
//! An import numbers the org in pre-order, where every subtree is one range. An HRIS
//! move keeps every key and edits the ranges of the managers above the moved member
//! (`KeyRanges::union` / `minus`): work the size of the chain of managers, not of the
//! moved line, and no goal or contributor row is rewritten.

use std::collections::{BTreeMap, HashMap};

use crate::core::ids::MemberId;

/// A member's place in the pre-order: its own key, and the last key of its subtree, so
/// the member and its reporting line are exactly the keys `key..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePlace {
    pub key: i64,
    pub last: i64,
}

/// Numbers every member from 1 in pre-order of the reporting forest, roots and reports
/// taken by id (the same org gets the same numbers). A member whose manager is unknown
/// starts a tree; members caught in a manager cycle (import rejects those first) come
/// last, each alone.
pub fn line_places<'a>(
    managers: impl IntoIterator<Item = (&'a MemberId, Option<&'a MemberId>)>,
) -> HashMap<MemberId, LinePlace> {
    let managers: BTreeMap<&MemberId, Option<&MemberId>> = managers.into_iter().collect();
    let mut reports: BTreeMap<&MemberId, Vec<&MemberId>> = BTreeMap::new();
    let mut roots = Vec::new();
    for (&member, &manager) in &managers {
        match manager.filter(|m| managers.contains_key(m)) {
            Some(manager) => reports.entry(manager).or_default().push(member),
            None => roots.push(member),
        }
    }
    let mut places: HashMap<MemberId, LinePlace> = HashMap::with_capacity(managers.len());
    let mut next = 1;
    for root in roots {
        // Iterative depth-first walk: (member, entered) pairs; a member's last key is
        // known when the walk comes back to it.
        let mut stack = vec![(root, false)];
        while let Some((member, entered)) = stack.pop() {
            if entered {
                if let Some(place) = places.get_mut(member) {
                    place.last = next - 1;
                }
                continue;
            }
            places.insert(member.clone(), LinePlace { key: next, last: next });
            next += 1;
            stack.push((member, true));
            if let Some(below) = reports.get(member) {
                // Reversed so that the smallest id is walked first.
                stack.extend(below.iter().rev().map(|&r| (r, false)));
            }
        }
    }
    for &member in managers.keys() {
        if !places.contains_key(member) {
            places.insert(member.clone(), LinePlace { key: next, last: next });
            next += 1;
        }
    }
    places
}

/// A closed range of line keys, (lo, hi).
pub type Range = (i64, i64);

/// A set of line keys as sorted, disjoint, non-adjacent closed ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRanges(Vec<(i64, i64)>);

impl KeyRanges {
    /// The set covered by `ranges` (in any order, overlapping or not; empty ranges ignored).
    pub fn new(ranges: impl IntoIterator<Item = (i64, i64)>) -> Self {
        let mut ranges: Vec<(i64, i64)> = ranges.into_iter().filter(|(lo, hi)| lo <= hi).collect();
        ranges.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        Self(merged)
    }

    pub fn ranges(&self) -> &[(i64, i64)] {
        &self.0
    }

    /// How many keys the set holds.
    pub fn count(&self) -> i64 {
        self.0.iter().map(|(lo, hi)| hi - lo + 1).sum()
    }

    pub fn union(&self, other: &KeyRanges) -> KeyRanges {
        KeyRanges::new(self.0.iter().chain(&other.0).copied())
    }

    /// The keys of `self` that are not in `other`: one pass over both sorted lists (a
    /// fragmented line can hold thousands of ranges on each side).
    pub fn minus(&self, other: &KeyRanges) -> KeyRanges {
        let mut out = Vec::new();
        let mut cuts = other.0.iter().peekable();
        for &(lo, hi) in &self.0 {
            // Cuts wholly before this range cut no later range either.
            while cuts.next_if(|(_, cut_hi)| *cut_hi < lo).is_some() {}
            let mut from = lo;
            for &(cut_lo, cut_hi) in cuts.clone().take_while(|(cut_lo, _)| *cut_lo <= hi) {
                if cut_lo > from {
                    out.push((from, cut_lo - 1));
                }
                from = from.max(cut_hi.saturating_add(1));
            }
            if from <= hi {
                out.push((from, hi));
            }
        }
        KeyRanges::new(out)
    }

    /// The smallest and largest key, None for the empty set.
    pub fn bounds(&self) -> Option<(i64, i64)> {
        Some((self.0.first()?.0, self.0.last()?.1))
    }

    /// The ranges a change by keys within `(min, max)` can touch, as the store reads them:
    /// those starting from the last one that starts below `min` up to `max + 1`. Ranges
    /// outside are neither cut nor joined by a union or difference with such keys.
    pub fn touching(&self, (min, max): (i64, i64)) -> KeyRanges {
        let from = self.0.iter().rev().find(|(lo, _)| *lo < min).map_or(min, |(lo, _)| *lo);
        KeyRanges(self.0.iter().filter(|(lo, _)| *lo >= from && *lo <= max.saturating_add(1)).copied().collect())
    }

    /// What turns the stored ranges `self` into `after`: the ranges to delete and the ranges
    /// to insert. A range both hold stays as it is, so a key added to a line of a thousand
    /// ranges rewrites one or two of them, not the thousand.
    pub fn changes_to(&self, after: &KeyRanges) -> (Vec<Range>, Vec<Range>) {
        use std::collections::HashSet;
        let (old, new): (HashSet<_>, HashSet<_>) = (self.0.iter().collect(), after.0.iter().collect());
        let removed = self.0.iter().filter(|r| !new.contains(r)).copied().collect();
        let added = after.0.iter().filter(|r| !old.contains(r)).copied().collect();
        (removed, added)
    }
}

#[cfg(test)]
#[path = "line_order_tests.rs"]
mod tests;
