use std::collections::BTreeSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::org::closure_pairs;

fn id(s: &str) -> MemberId {
    MemberId::parse(s).unwrap()
}

fn keys(set: &KeyRanges) -> BTreeSet<i64> {
    set.ranges().iter().flat_map(|&(lo, hi)| lo..=hi).collect()
}

#[test]
fn pre_order_gives_every_subtree_one_range() {
    let links = [("a", None), ("b", Some("a")), ("c", Some("b")), ("d", Some("a")), ("e", None)];
    let links: Vec<(MemberId, Option<MemberId>)> = links.iter().map(|(m, up)| (id(m), up.map(id))).collect();
    let places = line_places(links.iter().map(|(m, up)| (m, up.as_ref())));
    let at = |m: &str| places[&id(m)];
    assert_eq!(at("a"), LinePlace { key: 1, last: 4 });
    assert_eq!(at("b"), LinePlace { key: 2, last: 3 });
    assert_eq!(at("c"), LinePlace { key: 3, last: 3 });
    assert_eq!(at("d"), LinePlace { key: 4, last: 4 });
    assert_eq!(at("e"), LinePlace { key: 5, last: 5 });
}

/// On random forests, M's range holds exactly M and the members M is above.
#[test]
fn a_members_range_is_its_reporting_line_on_random_forests() {
    for seed in 0..200 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let members: Vec<MemberId> = (0..rng.gen_range(1..40)).map(|i| id(&format!("m{i:02}"))).collect();
        let links: Vec<(MemberId, Option<MemberId>)> = members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.clone(), (i > 0 && rng.gen_bool(0.8)).then(|| members[rng.gen_range(0..i)].clone())))
            .collect();
        let places = line_places(links.iter().map(|(m, up)| (m, up.as_ref())));
        let all: BTreeSet<i64> = places.values().map(|p| p.key).collect();
        assert_eq!(all, (1..=members.len() as i64).collect(), "keys are 1..=n, each once");
        let pairs = closure_pairs(links.iter().map(|(m, up)| (m, up.as_ref())));
        for m in &members {
            let place = places[m];
            let mut line: BTreeSet<i64> =
                pairs.iter().filter(|(above, _, _)| above == m).map(|(_, report, _)| places[report].key).collect();
            line.insert(place.key);
            assert_eq!(line, (place.key..=place.last).collect(), "seed {seed} member {m}");
        }
    }
}

#[test]
fn ranges_are_normalised() {
    let set = KeyRanges::new([(5, 6), (1, 2), (3, 3), (9, 8), (6, 7)]);
    assert_eq!(set.ranges(), &[(1, 3), (5, 7)]);
    assert_eq!(set.count(), 6);
}

/// Fewer than `most` ranges starting below `span`, each of at most `longest` keys
/// (overlapping ones merge).
fn random_ranges(rng: &mut ChaCha8Rng, most: usize, span: i64, longest: i64) -> KeyRanges {
    let ranges: Vec<(i64, i64)> = (0..rng.gen_range(0..most))
        .map(|_| {
            let lo = rng.gen_range(0..span);
            (lo, lo + rng.gen_range(0..longest))
        })
        .collect();
    KeyRanges::new(ranges)
}

/// Union and difference agree with the same operations on plain sets of keys.
#[test]
fn union_and_minus_match_sets() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..2_000 {
        let (a, b) = (random_ranges(&mut rng, 5, 30, 6), random_ranges(&mut rng, 5, 30, 6));
        let (sa, sb) = (keys(&a), keys(&b));
        assert_eq!(keys(&a.union(&b)), sa.union(&sb).copied().collect(), "{a:?} ∪ {b:?}");
        assert_eq!(keys(&a.minus(&b)), sa.difference(&sb).copied().collect(), "{a:?} − {b:?}");
        assert_eq!(a.union(&b), KeyRanges::new(a.union(&b).ranges().iter().copied()), "stays normalised");
        assert_eq!(a.minus(&b), KeyRanges::new(a.minus(&b).ranges().iter().copied()), "stays normalised");
    }
}

/// The store's partial rewrite: reading only the ranges `touching` the moved keys and
/// writing only `changes_to` gives the same ranges as rewriting the whole set.
#[test]
fn a_change_through_the_touching_ranges_equals_the_whole_rewrite() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..3_000 {
        let (stored, moved) = (random_ranges(&mut rng, 12, 60, 4), random_ranges(&mut rng, 4, 60, 4));
        let Some(bounds) = moved.bounds() else { continue };
        let window = stored.touching(bounds);
        for (whole, part) in
            [(stored.union(&moved), window.union(&moved)), (stored.minus(&moved), window.minus(&moved))]
        {
            let (removed, added) = window.changes_to(&part);
            let mut rows: Vec<(i64, i64)> = stored.ranges().iter().filter(|r| !removed.contains(r)).copied().collect();
            rows.extend(added);
            rows.sort_unstable();
            assert_eq!(rows, whole.ranges(), "{stored:?} with {moved:?}: rows stay disjoint and right");
        }
    }
}
