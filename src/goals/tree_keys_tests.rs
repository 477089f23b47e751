use proptest::prelude::*;

use super::*;

/// Whether `a` is `d` or one of `d`'s ancestors, following `parents`.
fn is_ancestor_or_self(parents: &[Option<usize>], a: usize, mut d: usize) -> bool {
    loop {
        if d == a {
            return true;
        }
        match parents[d] {
            Some(p) => d = p,
            None => return false,
        }
    }
}

/// A random forest: each goal's parent, if any, comes before it (no cycle).
fn forest() -> impl Strategy<Value = Vec<Option<usize>>> {
    prop::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..120).prop_map(|picks| {
        picks.iter().enumerate().map(|(i, (root, at))| (i > 0 && !root).then(|| at.index(i))).collect()
    })
}

proptest! {
    /// A goal's span holds exactly the keys of its descendants.
    #[test]
    fn a_span_holds_exactly_the_descendants(parents in forest()) {
        let spans = number_forest(&parents).expect("a forest is numbered");
        for (a, span) in spans.iter().enumerate() {
            prop_assert!(span.key <= span.end);
            for (d, other) in spans.iter().enumerate() {
                let below = d != a && is_ancestor_or_self(&parents, a, d);
                prop_assert_eq!(span.holds(other.key), below, "goal {} over goal {}", a, d);
            }
        }
    }

    /// A slot taken after the last child's span overlaps no sibling and stays inside
    /// the parent, however many are taken in a row.
    #[test]
    fn slots_stay_inside_the_parent_and_apart(count in 1usize..200) {
        let parent = Span { key: 1_000, end: 1_000 + (1 << 40) };
        let mut last = None;
        for _ in 0..count {
            let Some(slot) = next_slot(parent, last) else { break };
            prop_assert!(parent.holds(slot.key) && parent.holds(slot.end));
            prop_assert!(last.is_none_or(|used| slot.key > used));
            last = Some(slot.end);
        }
    }
}

#[test]
fn keys_are_unique_and_a_root_holds_its_whole_tree() {
    // 0 ← 1 ← 2, 0 ← 3, and 4 alone.
    let parents = [None, Some(0), Some(1), Some(0), None];
    let spans = number_forest(&parents).expect("numbered");
    let mut keys: Vec<i64> = spans.iter().map(|s| s.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 5);
    assert!([1, 2, 3].iter().all(|&d| spans[0].holds(spans[d].key)));
    assert!(!spans[0].holds(spans[4].key));
    assert!(spans[1].holds(spans[2].key) && !spans[1].holds(spans[3].key));
}

#[test]
fn a_cycle_is_not_numbered() {
    assert_eq!(number_forest(&[Some(1), Some(0)]), None);
}

#[test]
fn a_narrow_span_refuses_a_subtree_it_cannot_hold() {
    // Goal 0 and its three children need 2·4 − 1 = 7 keys at least.
    let children = vec![vec![1, 2, 3], vec![], vec![], vec![]];
    let mut out = vec![None; 4];
    assert!(!number_tree(&children, 0, Span { key: 10, end: 15 }, &mut out));
    assert!(number_tree(&children, 0, Span { key: 10, end: 17 }, &mut out));
}

#[test]
fn a_chain_of_any_depth_is_numbered() {
    let parents: Vec<Option<usize>> = (0..5_000usize).map(|i| i.checked_sub(1)).collect();
    let spans = number_forest(&parents).expect("numbered");
    assert!(spans.windows(2).all(|pair| pair[0].holds(pair[1].key) && pair[1].end <= pair[0].end));
}

#[test]
fn a_full_tail_gives_no_slot() {
    let parent = Span { key: 0, end: MIN_SLOT * 8 };
    assert_eq!(next_slot(parent, None), Some(Span { key: 1, end: MIN_SLOT }));
    assert_eq!(next_slot(parent, Some(1)), None, "a slot under the minimum");
}

#[test]
fn a_numbered_leaf_takes_a_hundred_new_children_and_the_org_millions_of_roots() {
    let parents: Vec<Option<usize>> = (0..1_000_000).map(|i| (i % 10 != 0).then(|| i / 10 * 10)).collect();
    let spans = number_forest(&parents).expect("numbered");
    let mut last = None;
    let mut taken = 0;
    while let Some(slot) = next_slot(spans[1], last) {
        last = Some(slot.end);
        taken += 1;
    }
    assert!(taken >= 100, "{taken} new children");
    let roots = (ORG.end - spans[999_990].end) / (1 << 40);
    assert!(roots >= 2_000_000, "{roots} new roots");
}
