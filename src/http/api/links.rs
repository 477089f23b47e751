//! The rules of a parent link: a contextual role on the parent, no cycle, weights that fit.

use std::collections::HashMap;

use crate::core::ids::GoalId;
use crate::goals::hierarchy::{check_link_depth, would_create_cycle};
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

/// 422 when `child` under `parent` would close a loop (`goals::hierarchy`), judged on the
/// parent's line of ancestors as stored now.
pub async fn check_no_cycle(state: &AppState, actor: &Actor, child: &GoalId, parent: &GoalId) -> ApiResult<()> {
    let parents = ancestry(state, actor, parent).await?;
    if would_create_cycle(child, parent, |goal| parents.get(goal).cloned()) {
        return Err(ApiError::rule_broken(Some("parent"), format!("{child} under {parent} would make a cycle")));
    }
    let below = state.store.subtree_levels(&actor.org, child).await?;
    check_link_depth(parents.len(), below).map_err(|e| ApiError::rule_broken(Some("parent"), format!("{child}: {e}")))
}

/// Each goal's parent from `from` up to its root: all the rule reads. A loop already in the
/// data ends the load, as a goal met twice, so a bad row cannot make the request spin.
async fn ancestry(state: &AppState, actor: &Actor, from: &GoalId) -> ApiResult<HashMap<GoalId, GoalId>> {
    let mut parents = HashMap::new();
    let mut current = from.clone();
    while let Some(parent) = state.store.parent_of(&actor.org, &current).await? {
        if parents.insert(current, parent.clone()).is_some() {
            break;
        }
        current = parent;
    }
    Ok(parents)
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
