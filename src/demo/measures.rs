//! Measurements of a `measurements`-tracked goal: one to four, of every kind, with weights
//! that fit CONTRACT §4 (none, some totalling at most 90, or all totalling exactly 100).

use crate::import::format::MeasurementRecord;

use super::kinds::MeasurementKind;
use super::naming::IdFormat;
use super::rng::{between, chance, pick, split_hundred, uniform, weighted, DemoRng};
use super::vocab;

/// `achieved` (0 to 1) is the goal's overall progress; each measurement lands near it.
pub(crate) fn measurements(rng: &mut DemoRng, goal_id: &str, achieved: f64, french: bool) -> Vec<MeasurementRecord> {
    let count = between(rng, 1, 4) as usize;
    let weights = weights(rng, count);
    weights
        .into_iter()
        .enumerate()
        .map(|(position, weight)| {
            let kind = MeasurementKind::ALL[weighted(rng, &MeasurementKind::WEIGHTS)];
            let share = (achieved + uniform(rng, -0.15, 0.15)).clamp(0.0, 1.0);
            let (name, start, current, target) = values(rng, kind, share, french);
            MeasurementRecord {
                id: IdFormat::measurement(goal_id, position),
                name: name.to_owned(),
                kind: kind.as_str().to_owned(),
                start,
                current,
                target,
                weight: weight.map(f64::from),
            }
        })
        .collect()
}

fn weights(rng: &mut DemoRng, count: usize) -> Vec<Option<u8>> {
    match weighted(rng, &[60, 25, 15]) {
        // Some but not all weighted: at most 3 weights of at most 30, so never over 100.
        1 if count >= 2 => {
            let weighted_count = between(rng, 1, count as i64 - 1) as usize;
            (0..count)
                .map(|position| {
                    (position < weighted_count).then(|| pick(rng, &[10u8, 15, 20, 25, 30]).copied().unwrap_or(20))
                })
                .collect()
        }
        2 => split_hundred(rng, count).into_iter().map(Some).collect(),
        _ => vec![None; count],
    }
}

/// `(name, start, current, target)`, with `current` placed `share` of the way to the target.
fn values(rng: &mut DemoRng, kind: MeasurementKind, share: f64, french: bool) -> (&'static str, f64, f64, f64) {
    let towards = |start: f64, target: f64| start + (target - start) * share;
    match kind {
        MeasurementKind::Percent => {
            let start = pick_number(rng, &[0.0, 0.0, 20.0, 40.0]);
            let target = pick_number(rng, &[80.0, 90.0, 100.0]);
            let name = name(rng, vocab::PERCENT_NAMES, french);
            (name, start, towards(start, target).round(), target)
        }
        // A quarter of counts go down (incidents, delays): target below start.
        MeasurementKind::Numeric if chance(rng, 0.25) => {
            let start = pick_number(rng, &[12.0, 20.0, 30.0]);
            let target = (start / 4.0).round();
            let name = name(rng, vocab::COUNT_DOWN_NAMES, french);
            (name, start, towards(start, target).round(), target)
        }
        MeasurementKind::Numeric => {
            let target = pick_number(rng, &[5.0, 10.0, 12.0, 20.0, 40.0, 100.0]);
            let name = name(rng, vocab::COUNT_UP_NAMES, french);
            (name, 0.0, towards(0.0, target).round(), target)
        }
        MeasurementKind::Currency => {
            let start = pick_number(rng, &[0.0, 0.0, 50_000.0]);
            let target = start + pick_number(rng, &[100_000.0, 250_000.0, 1_000_000.0]);
            let current = (towards(start, target) / 1_000.0).round() * 1_000.0;
            (name(rng, vocab::CURRENCY_NAMES, french), start, current, target)
        }
        MeasurementKind::YesNo => {
            let done = if share >= 0.9 { 1.0 } else { 0.0 };
            (name(rng, vocab::YES_NO_NAMES, french), 0.0, done, 1.0)
        }
    }
}

fn pick_number(rng: &mut DemoRng, numbers: &[f64]) -> f64 {
    pick(rng, numbers).copied().unwrap_or(0.0)
}

fn name(rng: &mut DemoRng, names: &[(&'static str, &'static str)], french: bool) -> &'static str {
    match pick(rng, names) {
        Some(&(english, french_name)) => {
            if french {
                french_name
            } else {
                english
            }
        }
        None => "",
    }
}
