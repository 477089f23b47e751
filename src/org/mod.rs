//! Members, teams and reporting lines (pure: no I/O).

mod chart;
mod line_order;
mod model;
pub mod policy;
pub mod reporting;
mod role;

pub use chart::{MemberFacts, OrgChart, OrgView, PartialOrg};
pub use line_order::{line_places, KeyRanges, LinePlace};
pub use model::{parse_time_zone, Locale, Member, Org, Role, Team, TimeZone};
pub use policy::{OrgPolicy, PaceThresholds, PolicyError};
pub use reporting::{closure_pairs, find_manager_cycle, find_too_deep_member, first_too_deep, MAX_MANAGER_CHAIN_DEPTH};
