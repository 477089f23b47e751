//! §10's waterfall reads the goals' tree keys (src/goals/tree_keys.rs), which every goal
//! write that creates a goal or changes a parent link must keep: on random orgs with the
//! waterfall on, random relinks, unlinks, deletions and new goals through the store, and
//! after each one every member's SQL visibility equals the pure rule, on both backends.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use goald::core::ids::{GoalId, MemberId, OrgId};
use goald::goals::Goal;
use goald::store::goals::types::GoalWrite;
use goald::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::common::random::{for_random_seeds, random_org};
use crate::common::rules::assert_everyone_sees_what_the_rule_says;

/// Whether `ancestor` is `goal` or above it.
fn is_at_or_above(goals: &[Goal], ancestor: &GoalId, goal: &GoalId) -> bool {
    let mut current = Some(goal.clone());
    while let Some(id) = current {
        if &id == ancestor {
            return true;
        }
        current = goals.iter().find(|g| g.id == id).and_then(|g| g.parent.clone());
    }
    false
}

async fn one_change(store: &Arc<dyn Store>, org: &OrgId, goals: &[Goal], rng: &mut ChaCha8Rng, step: usize) -> String {
    let actor = MemberId::parse("nobody").expect("id");
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).single().expect("instant");
    let goal = &goals[rng.gen_range(0..goals.len())];
    let stored = store.stored_goal(org, &goal.id).await.expect("read").expect("stored");
    match rng.gen_range(0..10) {
        0 => {
            store.delete_goal(org, &stored.goal, stored.revision, &actor, now).await.expect("delete");
            format!("deleted {}", goal.id)
        }
        1 | 2 => {
            let mut new = stored.goal.clone();
            new.id = GoalId::parse(format!("new-{step}")).expect("id");
            new.parent = Some(goal.id.clone());
            store.create_goal(org, &new, &[], &actor).await.expect("create");
            format!("created {} under {}", new.id, goal.id)
        }
        _ => {
            let candidates: Vec<&Goal> = goals.iter().filter(|p| !is_at_or_above(goals, &goal.id, &p.id)).collect();
            let parent = match rng.gen_bool(0.2) || candidates.is_empty() {
                true => None,
                false => Some(candidates[rng.gen_range(0..candidates.len())].id.clone()),
            };
            let mut changed = stored.goal.clone();
            changed.parent = parent.clone();
            let write = GoalWrite {
                goal: &changed,
                revision: stored.revision,
                old_parent: stored.goal.parent.clone(),
                contributors_changed: false,
                measurements_changed: false,
                progress: None,
                history: Vec::new(),
                actor: &actor,
                now,
            };
            store.save_goal(org, write).await.expect("save");
            format!("linked {} under {parent:?}", goal.id)
        }
    }
}

async fn assert_waterfall_follows_every_link(store: &Arc<dyn Store>, backend: &str, seed: u64) {
    let org_id = format!("links-{seed}");
    let mut file = random_org(&org_id, seed);
    let mut policy = file.org.policy.clone().unwrap_or_else(|| serde_json::json!({}));
    policy["waterfall_editors"] = serde_json::json!(true);
    policy["manager_editor"] = serde_json::json!(seed % 2 == 0);
    file.org.policy = Some(policy);
    store.import(file).await.unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    let org = OrgId::parse(org_id.clone()).expect("id");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for step in 0..14 {
        let before = store.snapshot(&org).await.expect("snapshot").expect("org");
        if before.goals.is_empty() {
            return;
        }
        let change = one_change(store, &org, &before.goals, &mut rng, step).await;
        let context = format!("[{backend}] {org_id} after step {step} ({change})");
        assert_everyone_sees_what_the_rule_says(store, &org, &context).await;
    }
}

#[test]
fn the_waterfall_follows_every_relink_deletion_and_new_goal() {
    for_random_seeds(32, "the waterfall follows every goal link", |store, backend, seed| async move {
        assert_waterfall_follows_every_link(&store, backend, seed).await;
    });
}
