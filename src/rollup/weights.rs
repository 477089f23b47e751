//! Weights in a set of items (a goal's measurements, or a parent's children).

use crate::goals::Weight;
use crate::rollup::pace::round2;

/// Slack in comparisons of float totals, so that 33.3 + 33.3 + 33.4 totals 100.
const EPSILON: f64 = 1e-9;

/// Why a set of weights does not fit CONTRACT §4. Totals are shown rounded to 2 decimals so
/// float noise (99.99999999999999) does not reach the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeightError {
    #[error("explicit weights total {}, more than 100", round2(*.total))]
    OverHundred { total: f64 },
    #[error("every item has a weight and they total {}, not 100", round2(*.total))]
    NotHundred { total: f64 },
}

/// Explicit weights may not total more than 100; if every item has one they must total 100.
/// An empty set is valid.
pub fn check_weights(weights: &[Option<Weight>]) -> Result<(), WeightError> {
    let total = explicit_total(weights);
    if total > 100.0 + EPSILON {
        return Err(WeightError::OverHundred { total });
    }
    let every_item_weighted = weights.iter().all(Option::is_some);
    if !weights.is_empty() && every_item_weighted && (total - 100.0).abs() > EPSILON {
        return Err(WeightError::NotHundred { total });
    }
    Ok(())
}

/// The percent of every item, in order: explicit weights as given, and what is left of 100
/// shared equally by the items without one (60, 20, none → 60, 20, 20).
pub fn resolve_weights(weights: &[Option<Weight>]) -> Result<Vec<f64>, WeightError> {
    check_weights(weights)?;
    Ok(spread_weights(weights))
}

/// The weighted mean of `(weight, progress)` items; 0 when there is none or every weight is 0.
///
/// The items may be a subset of a set that was validated (drafts and children that don't
/// contribute are left out), so their explicit weights may no longer fit §4. Rather than
/// fail, the mean then divides by the weights actually present (which normalises the
/// explicit ones) and the unweighted items share what is left of 100, or nothing when the
/// explicit weights already reach 100. For a valid set this is exactly `resolve_weights`.
pub fn weighted_mean(items: &[(Option<Weight>, f64)]) -> f64 {
    let weights: Vec<Option<Weight>> = items.iter().map(|(weight, _)| *weight).collect();
    let resolved = spread_weights(&weights);
    let weight_sum: f64 = resolved.iter().sum();
    if weight_sum <= EPSILON {
        return 0.0;
    }
    let weighted: f64 = resolved.iter().zip(items).map(|(weight, (_, progress))| weight * progress).sum();
    weighted / weight_sum
}

fn explicit_total(weights: &[Option<Weight>]) -> f64 {
    weights.iter().flatten().map(|weight| weight.percent()).sum()
}

/// Explicit weights as given, the rest of 100 (never below 0) shared by the others.
fn spread_weights(weights: &[Option<Weight>]) -> Vec<f64> {
    let missing = weights.iter().filter(|weight| weight.is_none()).count();
    let left = (100.0 - explicit_total(weights)).max(0.0);
    // Only read when `missing` > 0, so the division is never by zero.
    let share = if missing == 0 { 0.0 } else { left / missing as f64 };
    weights.iter().map(|weight| weight.map_or(share, Weight::percent)).collect()
}
