//! Weights, progress, roll-up and pace: CONTRACT §4 (pure: no I/O, no clock; time is
//! passed in).

mod pace;
mod progress;
mod weights;

#[cfg(test)]
mod pace_tests;
#[cfg(test)]
mod progress_tests;
#[cfg(test)]
mod weights_tests;

pub use pace::{local_date, pace_status, pace_status_with, round2};
pub use progress::{counts_for_parent, goal_progress, measurement_progress, progress_of_all};
pub use weights::{check_weights, resolve_weights, weighted_mean, WeightError};
