//! A goal's life (CONTRACT §3, docs/api.md "lifecycle"): which state may go to which, and
//! the timestamps each move sets. Pure: who may ask is `permissions`, the HTTP answer the
//! handler's; a refusal here says only why the goal cannot move now.

use chrono::{DateTime, Utc};

use crate::core::ids::GoalId;
use crate::goals::fields::{publish_problem, FieldError};
use crate::goals::{Goal, GoalState};

/// Duplicating is a move too (any state, a new draft); its copy rules are long enough for
/// a module of their own.
pub use crate::goals::duplicate::duplicate;

/// Why a goal cannot make the move asked of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The goal's state does not allow the move (a conflict, not a permission).
    #[error("goal {goal} is {state}: {rule}")]
    WrongState { goal: GoalId, state: GoalState, rule: &'static str },
    /// The goal may move but is not complete enough to (a broken rule on `field`).
    #[error("{}", .0.message)]
    Incomplete(FieldError),
    /// Unlinking a goal that has no parent.
    #[error("goal {0} has no parent")]
    NoParent(GoalId),
}

fn only(goal: &Goal, allowed: &[GoalState], rule: &'static str) -> Result<(), Refusal> {
    if allowed.contains(&goal.state) {
        Ok(())
    } else {
        Err(Refusal::WrongState { goal: goal.id.clone(), state: goal.state, rule })
    }
}

/// A complete draft becomes published at `now`.
pub fn publish(goal: &Goal, now: DateTime<Utc>) -> Result<Goal, Refusal> {
    only(goal, &[GoalState::Draft], "only a draft is published")?;
    if let Some(problem) = publish_problem(goal) {
        return Err(Refusal::Incomplete(problem));
    }
    Ok(Goal { state: GoalState::Published, published_at: Some(now), ..goal.clone() })
}

/// A published goal becomes closed at `now`.
pub fn close(goal: &Goal, now: DateTime<Utc>) -> Result<Goal, Refusal> {
    only(goal, &[GoalState::Published], "only a published goal is closed")?;
    Ok(Goal { state: GoalState::Closed, closed_at: Some(now), ..goal.clone() })
}

/// A published or closed goal becomes archived at `now`; `closed_at` stays, so unarchiving
/// knows where to go back to.
pub fn archive(goal: &Goal, now: DateTime<Utc>) -> Result<Goal, Refusal> {
    only(goal, &[GoalState::Published, GoalState::Closed], "only a published or closed goal is archived")?;
    Ok(Goal { state: GoalState::Archived, archived_at: Some(now), ..goal.clone() })
}

/// An archived goal goes back to closed if it had been closed, else to published.
pub fn unarchive(goal: &Goal) -> Result<Goal, Refusal> {
    only(goal, &[GoalState::Archived], "only an archived goal is unarchived")?;
    let state = if goal.closed_at.is_some() { GoalState::Closed } else { GoalState::Published };
    Ok(Goal { state, archived_at: None, ..goal.clone() })
}

/// The goal without its parent (and without the weight it had there), and that parent.
pub fn unlink(goal: &Goal) -> Result<(Goal, GoalId), Refusal> {
    let parent = goal.parent.clone().ok_or_else(|| Refusal::NoParent(goal.id.clone()))?;
    Ok((Goal { parent: None, weight: None, ..goal.clone() }, parent))
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
