//! The rules of a parent link: a contextual role on the parent, no cycle, weights that fit.

use std::collections::HashSet;

use crate::core::ids::GoalId;
use crate::goals::permissions::Action;
use crate::goals::Goal;
use crate::http::api::access::load_visible;
use crate::http::api::extract::Actor;
use crate::http::error::{ApiError, ApiResult};
use crate::http::AppState;
use crate::rollup::check_weights;

/// The actor may put a goal under `parent`: they see it (else 404) and hold `align_child`
/// on it (creator, owner, contributor, anyone for an organization goal; published).
pub async fn check_parent_role(state: &AppState, actor: &Actor, parent: &GoalId) -> ApiResult<()> {
    let loaded = load_visible(state, actor, parent.as_str()).await.map_err(|mut e| {
        e.field = Some("parent".into());
        e
    })?;
    if loaded.may(Action::AlignChild) {
        Ok(())
    } else {
        let why = format!(
            "you may not align a goal under {parent}: it takes its creator, owner or a contributor, and a published parent"
        );
        Err(ApiError::forbidden_field("parent", why))
    }
}

/// 422 when `child` under `parent` would close a loop.
pub async fn check_no_cycle(state: &AppState, actor: &Actor, child: &GoalId, parent: &GoalId) -> ApiResult<()> {
    let mut seen = HashSet::new();
    let mut current = Some(parent.clone());
    while let Some(goal) = current {
        if &goal == child {
            return Err(ApiError::rule_broken(Some("parent"), format!("{child} under {parent} would make a cycle")));
        }
        if !seen.insert(goal.clone()) {
            break;
        }
        current = state.store.parent_of(&actor.org, &goal).await?;
    }
    Ok(())
}

/// 422 when the goal's weight no longer fits among its parent's contributing children (§4).
pub async fn check_sibling_weights(state: &AppState, actor: &Actor, goal: &Goal) -> ApiResult<()> {
    let (Some(parent), true) = (&goal.parent, goal.contributes_to_parent) else {
        return Ok(());
    };
    let stored = state.store.sibling_weights(&actor.org, parent, &goal.id).await?;
    let mut weights = Vec::with_capacity(stored.len() + 1);
    for w in stored {
        weights.push(w.map(crate::goals::Weight::parse).transpose().map_err(ApiError::internal)?);
    }
    weights.push(goal.weight);
    check_weights(&weights)
        .map_err(|e| ApiError::rule_broken(Some("weight"), format!("the weights of {parent}'s sub-goals: {e}")))
}
