//! What can only be decided once every goal's children are known: how each goal is tracked,
//! and the weights its children carry in its roll-up.
//!
//! Weights must fit CONTRACT §4 for the set of a parent's contributing children: explicit
//! weights total at most 100, and exactly 100 when every child has one. Only children that
//! contribute and are not drafts get a weight, and only when there are at least two of them,
//! so the set is valid whether or not a validator counts drafts in it:
//! - most parents: no weight at all (equal shares);
//! - some: the first such child alone weighs 10–50;
//! - a few with 2–4 such children: every one weighs, totalling exactly 100.

use super::kinds::{GoalState, Tracking};
use super::plan::GoalPlan;
use super::rng::{pick, rng_for, split_hundred, weighted, Stream};

/// Weights given to a parent's weighable children, in file order.
#[derive(Debug, Clone, Copy)]
enum SiblingWeights {
    Unweighted,
    FirstOnly(u8),
    Every([u8; 4]),
}

pub(crate) fn settle(plans: &mut [GoalPlan], seed: u64) {
    let mut children = vec![0u32; plans.len()];
    let mut weighable = vec![0u32; plans.len()];
    for plan in plans.iter() {
        if let Some(parent) = plan.parent {
            children[parent as usize] += 1;
            if is_weighable(plan) {
                weighable[parent as usize] += 1;
            }
        }
    }

    let mut rng = rng_for(seed, Stream::Tracking, 0);
    for (plan, &count) in plans.iter_mut().zip(&children) {
        let weights = if count > 0 { Tracking::WEIGHTS_WITH_CHILDREN } else { Tracking::WEIGHTS_WITHOUT_CHILDREN };
        plan.tracking = Tracking::ALL[weighted(&mut rng, &weights)];
    }

    let sibling_weights: Vec<SiblingWeights> =
        weighable.iter().enumerate().map(|(parent, &count)| sibling_weights(seed, parent, count)).collect();
    let mut rank = vec![0u32; plans.len()];
    for plan in plans.iter_mut() {
        let Some(parent) = plan.parent else { continue };
        if !is_weighable(plan) {
            continue;
        }
        let parent = parent as usize;
        plan.weight = match sibling_weights[parent] {
            SiblingWeights::Unweighted => None,
            SiblingWeights::FirstOnly(weight) => (rank[parent] == 0).then_some(weight),
            SiblingWeights::Every(parts) => parts.get(rank[parent] as usize).copied(),
        };
        rank[parent] += 1;
    }
}

fn is_weighable(plan: &GoalPlan) -> bool {
    plan.contributes && plan.state != GoalState::Draft
}

fn sibling_weights(seed: u64, parent: usize, weighable: u32) -> SiblingWeights {
    // A lone weighted child would have to weigh exactly 100: not worth the special case.
    if weighable < 2 {
        return SiblingWeights::Unweighted;
    }
    let mut rng = rng_for(seed, Stream::ChildWeights, parent as u64);
    match weighted(&mut rng, &[82, 14, 4]) {
        1 => SiblingWeights::FirstOnly(pick(&mut rng, &[10, 20, 25, 30, 40, 50]).copied().unwrap_or(25)),
        2 if weighable <= 4 => {
            let mut parts = [0u8; 4];
            for (slot, part) in parts.iter_mut().zip(split_hundred(&mut rng, weighable as usize)) {
                *slot = part;
            }
            SiblingWeights::Every(parts)
        }
        _ => SiblingWeights::Unweighted,
    }
}
