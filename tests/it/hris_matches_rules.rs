//! Random orgs, random HRIS event sequences (redeliveries, events out of order, events
//! naming members and teams that arrive later): after every event, the stored visibility
//! equals the pure rule recomputed from scratch on the org as stored, on both backends.
//! This is what keeps the subtree-only reporting-line rewrites honest.

use std::sync::Arc;

use crate::common::random::{for_random_seeds, random_org};
use crate::common::rules::assert_everyone_sees_what_the_rule_says;
use chrono::{Duration, TimeZone, Utc};
use goald::core::ids::OrgId;
use goald::hris::parse_events;
use goald::store::Store;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// Members m00..m13 may exist; n0..n2 only arrive through `member.upserted`.
pub(crate) fn random_events(seed: u64, count: usize) -> Vec<Value> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let people: Vec<String> = (0..14).map(|i| format!("m{i:02}")).chain((0..3).map(|i| format!("n{i}"))).collect();
    let teams = ["t0", "t1", "t2", "t9"];
    let roles = ["executive", "collaborator", "manager", "employee"];
    let base = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().expect("instant");
    let mut events: Vec<Value> = Vec::new();
    for k in 0..count {
        if !events.is_empty() && rng.gen_bool(0.15) {
            let again = events.choose(&mut rng).cloned().expect("an event");
            events.push(again); // a redelivery
            continue;
        }
        let member = people.choose(&mut rng).cloned().expect("member");
        let other = people.choose(&mut rng).cloned().expect("member");
        let team = teams.choose(&mut rng).copied().expect("team");
        let (kind, data) = match rng.gen_range(0..8) {
            0 | 1 => {
                let manager = if rng.gen_bool(0.15) { Value::Null } else { json!(other) };
                ("member.manager_changed", json!({"member": member, "manager": manager}))
            }
            2 => ("member.role_changed", json!({"member": member, "role": roles.choose(&mut rng)})),
            3 => ("member.deactivated", json!({"member": member})),
            4 => ("member.reactivated", json!({"member": member})),
            5 => (
                "member.upserted",
                json!({"id": member, "name": member, "email": format!("{member}@x.test"),
                   "role": roles.choose(&mut rng), "manager": other, "active": true}),
            ),
            6 => ("team.upserted", json!({"id": team, "name": team})),
            _ => {
                let kind = if rng.gen_bool(0.6) { "team.member_added" } else { "team.member_removed" };
                (kind, json!({"team": team, "member": member}))
            }
        };
        // Out of order: occurred_at wanders up to two hours either way.
        let at = base + Duration::minutes(10 * k as i64 + rng.gen_range(-120..120));
        events.push(json!({"id": format!("e{k}"), "type": kind, "occurred_at": at.to_rfc3339(), "data": data}));
    }
    events
}

async fn assert_visibility_follows_every_event(store: &Arc<dyn Store>, backend: &str, seed: u64) {
    let org_id = format!("org-{seed}");
    store.import(random_org(&org_id, seed)).await.unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    let org = store.org(&OrgId::parse(org_id.clone()).expect("id")).await.expect("org").expect("stored");
    for (step, raw) in random_events(seed, 14).into_iter().enumerate() {
        let event = parse_events(&raw).expect("a valid event");
        store.receive_events(&org.id, &event, Utc::now()).await.expect("receive");
        store.apply_pending(&org, Utc::now()).await.expect("apply");
        let context = format!("[{backend}] {org_id} after event {step} ({raw})");
        assert_everyone_sees_what_the_rule_says(store, &org.id, &context).await;
    }
}

#[test]
fn stored_visibility_equals_the_pure_rule_after_every_event() {
    for_random_seeds(24, "visibility follows every event", |store, backend, seed| async move {
        assert_visibility_follows_every_event(&store, backend, seed).await;
    });
}
