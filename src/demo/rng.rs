//! Seeded randomness for the generator.
//!
//! Every phase, and every goal's details, draws from its own ChaCha stream. A phase's output
//! then does not depend on how many numbers an earlier phase happened to draw, and one goal can
//! be rendered on its own while streaming. Ranges are drawn as `u64` (never `usize`) so the
//! same seed gives the same file on 32- and 64-bit targets.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub(crate) type DemoRng = ChaCha8Rng;

/// The independent sequences the generator draws from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    Members = 1,
    Teams = 2,
    GoalPlan = 3,
    Tracking = 4,
    ChildWeights = 5,
    GoalDetail = 6,
}

/// A generator for `stream`, item `index`, reproducible from `seed` alone.
pub(crate) fn rng_for(seed: u64, stream: Stream, index: u64) -> DemoRng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // 2^48 items per stream is far more than any org we generate.
    rng.set_stream(((stream as u64) << 48) | (index & 0xFFFF_FFFF_FFFF));
    rng
}

/// A uniform index below `len`; 0 when `len` is 0 so callers need not special-case it.
pub(crate) fn below(rng: &mut DemoRng, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    rng.gen_range(0..len as u64) as usize
}

/// A uniform integer in `low..=high` (returns `low` when the range is empty).
pub(crate) fn between(rng: &mut DemoRng, low: i64, high: i64) -> i64 {
    if high <= low {
        return low;
    }
    rng.gen_range(low..=high)
}

/// True with probability `p` (clamped to 0..=1, so a computed ratio can never panic).
pub(crate) fn chance(rng: &mut DemoRng, p: f64) -> bool {
    rng.gen_bool(p.clamp(0.0, 1.0))
}

/// A uniform float in `low..high`.
pub(crate) fn uniform(rng: &mut DemoRng, low: f64, high: f64) -> f64 {
    if high <= low {
        return low;
    }
    rng.gen_range(low..high)
}

/// One element of a non-empty slice, or `None`.
pub(crate) fn pick<'a, T>(rng: &mut DemoRng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(below(rng, items.len()))
}

/// One element of a slice of string constants; "" only if the list is empty.
pub(crate) fn pick_str(rng: &mut DemoRng, items: &[&'static str]) -> &'static str {
    pick(rng, items).copied().unwrap_or("")
}

/// An index drawn with probability proportional to `weights`.
pub(crate) fn weighted(rng: &mut DemoRng, weights: &[u32]) -> usize {
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if total == 0 {
        return 0;
    }
    let mut roll = rng.gen_range(0..total);
    for (index, &weight) in weights.iter().enumerate() {
        let weight = u64::from(weight);
        if roll < weight {
            return index;
        }
        roll -= weight;
    }
    weights.len() - 1
}

/// `count` whole percents, multiples of 5 and each at least 10, adding up to exactly 100:
/// the "every item has a weight" case of CONTRACT §4. Needs `count` in 1..=10.
pub(crate) fn split_hundred(rng: &mut DemoRng, count: usize) -> Vec<u8> {
    let count = count.clamp(1, 10);
    let mut parts = vec![10u8; count];
    let spare_fives = (100 - 10 * count) / 5;
    for _ in 0..spare_fives {
        let index = below(rng, count);
        parts[index] += 5;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_of_a_hundred_always_adds_up_to_a_hundred() {
        let mut rng = rng_for(1, Stream::ChildWeights, 0);
        for count in 1..=10 {
            let parts = split_hundred(&mut rng, count);
            assert_eq!(parts.len(), count);
            assert_eq!(parts.iter().map(|&p| u32::from(p)).sum::<u32>(), 100);
            assert!(parts.iter().all(|&p| p >= 10));
        }
    }

    #[test]
    fn two_streams_of_one_seed_differ_and_each_repeats() {
        let draw = |stream, index| rng_for(9, stream, index).gen::<u64>();
        assert_eq!(draw(Stream::GoalDetail, 3), draw(Stream::GoalDetail, 3));
        assert_ne!(draw(Stream::GoalDetail, 3), draw(Stream::GoalDetail, 4));
        assert_ne!(draw(Stream::Members, 0), draw(Stream::Teams, 0));
    }
}
