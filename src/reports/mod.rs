//! Progress and adoption reports (issue 17, docs/reports.md), pure: who a viewer may ask
//! about (`scope`), what one goal adds to the figures (`figures`), and the reference
//! computation over a whole org (`reference`) that the store's SQL is tested against.

mod figures;
mod reference;
mod report;
mod scope;

#[cfg(test)]
mod policy_tests;
#[cfg(test)]
mod tests;

pub use figures::{
    days_since, goal_tally, median_of_histogram, percent, progress_cents, AdoptionFigures, AdoptionTally, GoalTally,
    PaceCounts, ProgressFigures, StateCounts,
};
pub use reference::{adoption_report, progress_report, OrgData};
pub use report::{AdoptionReport, DirectReportFigures, ProgressReport};
pub use scope::{check_scope, scope_ranges, KeyRange, ReportError, Scope, ViewerPlace};
