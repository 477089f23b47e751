//! `goald import`: read, validate everything, then write in one transaction.
//! This module is pure; the store runs it inside its transaction.

mod error;
mod existing;
pub mod format;
mod plan;
mod validate;
mod validate_category;
mod validate_goal;
mod validate_policy;

pub use error::{Entity, ImportError, Result};
pub use existing::{ExistingGoal, ExistingOrg};
pub use plan::{plan_import, ImportPlan};
pub use validate::{validate, ValidatedImport};
pub use validate_category::ImportedCategory;
