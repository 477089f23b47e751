//! The org's members by position, each with the managers above them (issue 17), pure.
//! The manager digest adds each of a million goals to its owner and every manager above;
//! positions make that a walk over slices, with one id lookup per goal.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::core::ids::MemberId;
use crate::org::reporting::MAX_MANAGER_CHAIN_DEPTH;

pub struct Line<'a> {
    positions: HashMap<&'a MemberId, usize>,
    /// Member `i`'s managers, nearest first, are `managers[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    managers: Vec<usize>,
}

impl<'a> Line<'a> {
    /// `members` are (id, manager) in the org's order. Each member's chain follows the
    /// manager links to listed members, stops at the chain depth limit, and stops where it
    /// comes back to the member. An id listed twice stands for its last listing.
    pub fn new(members: &[(&'a MemberId, Option<&'a MemberId>)]) -> Self {
        let positions: HashMap<&MemberId, usize> = members.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let manager_of: Vec<Option<usize>> =
            members.iter().map(|(_, manager)| manager.and_then(|id| positions.get(id).copied())).collect();
        let mut starts = Vec::with_capacity(members.len() + 1);
        let mut managers = Vec::with_capacity(members.len() * 4);
        for (position, (id, _)) in members.iter().enumerate() {
            starts.push(managers.len());
            let first = managers.len();
            let mut next = manager_of[position];
            while let Some(manager) = next {
                if managers.len() - first >= MAX_MANAGER_CHAIN_DEPTH || members[manager].0 == *id {
                    break;
                }
                managers.push(manager);
                next = manager_of[manager];
            }
        }
        starts.push(managers.len());
        Self { positions, starts, managers }
    }

    /// Where `id` is listed (its last listing).
    pub fn position(&self, id: &MemberId) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// The positions of the managers above the member at `position`, nearest first.
    pub fn managers(&self, position: usize) -> &[usize] {
        &self.managers[self.starts[position]..self.starts[position + 1]]
    }
}

/// Keeps the first `n` of `items` in `order`, sorted: a partial selection, then a sort of
/// the kept part only (a manager's line can flag hundreds of thousands of goals).
pub fn keep_first<T>(items: &mut Vec<T>, n: usize, order: impl Fn(&T, &T) -> Ordering) {
    if n == 0 {
        items.clear();
        return;
    }
    if items.len() > n {
        items.select_nth_unstable_by(n - 1, &order);
        items.truncate(n);
    }
    items.sort_by(order);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> MemberId {
        MemberId::parse(text).unwrap()
    }

    #[test]
    fn a_chain_lists_the_managers_above_nearest_first_and_skips_unknown_ones() {
        let [ceo, max, emp, x, nobody] = ["ceo", "max", "emp", "x", "nobody"].map(id);
        let line = Line::new(&[(&ceo, None), (&max, Some(&ceo)), (&emp, Some(&max)), (&x, Some(&nobody))]);
        assert_eq!(line.managers(2), [1, 0]);
        assert_eq!(line.managers(0), [] as [usize; 0]);
        assert_eq!(line.managers(3), [] as [usize; 0], "an unknown manager ends the chain");
        assert_eq!(line.position(&emp), Some(2));
    }

    #[test]
    fn a_chain_stops_where_it_comes_back_to_the_member() {
        let [a, b] = ["a", "b"].map(id);
        assert_eq!(Line::new(&[(&a, Some(&b)), (&b, Some(&a))]).managers(0), [1]);
    }

    #[test]
    fn keep_first_keeps_the_smallest_in_order() {
        let mut items: Vec<u32> = (0..100).rev().collect();
        keep_first(&mut items, 3, |a, b| a.cmp(b));
        assert_eq!(items, [0, 1, 2]);
        let mut few = vec![3, 1, 2];
        keep_first(&mut few, 10, |a, b| a.cmp(b));
        assert_eq!(few, [1, 2, 3]);
    }
}
