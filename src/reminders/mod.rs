//! Weekly reminders (CONTRACT §5): who is due and why (`due`, pure), when an org's
//! evaluation falls (`schedule`, pure), and the week both are keyed by.

pub mod due;
pub mod manager;
pub mod manager_chain;
pub mod manager_content;
pub mod manager_line;
pub mod schedule;
pub mod types;
mod week;

pub use due::{delivery_instant, reasons_for, GoalFacts, Reason};
pub use week::{Week, WeekParseError};
