use proptest::prelude::*;

use super::*;
use crate::goals::fixtures::weight;
use crate::goals::Weight;

fn resolved(weights: &[Option<Weight>]) -> Vec<f64> {
    resolve_weights(weights).unwrap()
}

#[test]
fn sixty_and_twenty_with_one_missing_resolve_to_sixty_twenty_twenty() {
    assert_eq!(resolved(&[weight(60.0), weight(20.0), None]), vec![60.0, 20.0, 20.0]);
}

#[test]
fn items_without_a_weight_share_what_is_left_equally() {
    assert_eq!(resolved(&[None, weight(40.0), None]), vec![30.0, 40.0, 30.0]);
}

#[test]
fn with_no_weight_given_every_item_gets_an_equal_share() {
    assert_eq!(resolved(&[None, None, None, None]), vec![25.0; 4]);
}

#[test]
fn weights_that_total_exactly_a_hundred_are_kept() {
    assert_eq!(resolved(&[weight(70.0), weight(30.0)]), vec![70.0, 30.0]);
}

#[test]
fn a_weight_of_zero_is_allowed() {
    assert_eq!(resolved(&[weight(0.0), None]), vec![0.0, 100.0]);
    assert_eq!(resolved(&[weight(100.0), weight(0.0)]), vec![100.0, 0.0]);
}

#[test]
fn explicit_weights_of_a_hundred_leave_nothing_for_the_others() {
    assert_eq!(resolved(&[weight(100.0), None, None]), vec![100.0, 0.0, 0.0]);
}

#[test]
fn an_empty_set_of_weights_is_valid_and_resolves_to_nothing() {
    assert_eq!(check_weights(&[]), Ok(()));
    assert!(resolved(&[]).is_empty());
}

#[test]
fn explicit_weights_over_a_hundred_are_rejected_with_their_total() {
    let err = check_weights(&[weight(70.0), weight(50.0), None]).unwrap_err();
    assert_eq!(err, WeightError::OverHundred { total: 120.0 });
    assert_eq!(err.to_string(), "explicit weights total 120, more than 100");
}

#[test]
fn weights_on_every_item_that_total_over_a_hundred_are_said_to_be_over() {
    let err = check_weights(&[weight(70.0), weight(50.0)]).unwrap_err();
    assert_eq!(err, WeightError::OverHundred { total: 120.0 });
}

#[test]
fn weights_on_every_item_short_of_a_hundred_are_rejected_with_their_total() {
    let err = resolve_weights(&[weight(60.0), weight(30.0)]).unwrap_err();
    assert_eq!(err.to_string(), "every item has a weight and they total 90, not 100");
}

#[test]
fn a_single_item_with_a_weight_must_weigh_a_hundred() {
    assert!(check_weights(&[weight(50.0)]).is_err());
    assert_eq!(check_weights(&[weight(100.0)]), Ok(()));
}

#[test]
fn totals_within_float_noise_of_a_hundred_are_accepted() {
    assert_eq!(check_weights(&[weight(33.3), weight(33.3), weight(33.4)]), Ok(()));
    assert_eq!(check_weights(&[weight(10.1), weight(20.2), weight(69.7)]), Ok(()));
}

#[test]
fn a_total_just_over_a_hundred_is_rejected() {
    assert!(check_weights(&[weight(50.0), weight(50.000001)]).is_err());
}

#[test]
fn the_total_in_a_message_is_rounded_to_two_decimals() {
    let err = check_weights(&[weight(60.1), weight(39.8)]).unwrap_err();
    assert_eq!(err.to_string(), "every item has a weight and they total 99.9, not 100");
}

#[test]
fn the_weighted_mean_of_nothing_is_zero() {
    assert_eq!(weighted_mean(&[]), 0.0);
}

#[test]
fn the_weighted_mean_uses_the_resolved_weights() {
    assert_eq!(weighted_mean(&[(weight(60.0), 70.0), (None, 40.0)]), 58.0);
}

#[test]
fn without_weights_the_mean_is_the_plain_average() {
    assert_eq!(weighted_mean(&[(None, 10.0), (None, 20.0), (None, 30.0), (None, 60.0)]), 30.0);
}

#[test]
fn an_item_of_weight_zero_does_not_move_the_mean() {
    assert_eq!(weighted_mean(&[(weight(0.0), 0.0), (None, 50.0)]), 50.0);
}

#[test]
fn the_mean_is_zero_when_every_weight_is_zero() {
    assert_eq!(weighted_mean(&[(weight(0.0), 80.0), (weight(0.0), 20.0)]), 0.0);
}

#[test]
fn a_subset_whose_weights_no_longer_total_a_hundred_is_normalised() {
    // 60 / 20 / 20 validated, the third left out (a draft): 60 and 20 count as 3 to 1.
    assert_eq!(weighted_mean(&[(weight(60.0), 100.0), (weight(20.0), 0.0)]), 75.0);
}

#[test]
fn explicit_weights_over_a_hundred_give_the_unweighted_items_nothing() {
    let items = [(weight(80.0), 100.0), (weight(40.0), 40.0), (None, 0.0)];
    assert_eq!(weighted_mean(&items), 80.0);
}

fn weights_strategy() -> impl Strategy<Value = Vec<Option<Weight>>> {
    let one = prop_oneof![Just(None), (0u32..=60).prop_map(|w| weight(f64::from(w)))];
    prop::collection::vec(one, 0..8)
}

proptest! {
    #[test]
    fn valid_weights_always_resolve_to_a_total_of_a_hundred(weights in weights_strategy()) {
        if let Ok(resolved) = resolve_weights(&weights) {
            let total: f64 = resolved.iter().sum();
            prop_assert!(weights.is_empty() || (total - 100.0).abs() < 1e-6, "{resolved:?}");
            prop_assert!(resolved.iter().all(|w| *w >= 0.0));
        }
    }

    #[test]
    fn a_weighted_mean_lies_between_the_lowest_and_highest_progress(
        weights in weights_strategy(),
        seed in 0u32..=100,
    ) {
        let items: Vec<(Option<Weight>, f64)> =
            weights.iter().enumerate().map(|(i, w)| (*w, f64::from((seed + 37 * i as u32) % 101))).collect();
        let mean = weighted_mean(&items);
        let low = items.iter().map(|(_, p)| *p).fold(f64::INFINITY, f64::min).min(0.0);
        let high = items.iter().map(|(_, p)| *p).fold(0.0, f64::max);
        prop_assert!(mean >= low - 1e-9 && mean <= high + 1e-9, "{mean} not in {low}..={high}");
    }
}
