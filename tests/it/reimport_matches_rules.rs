//! A re-import numbers the org's line keys afresh (store/line_keys.rs), while the stored
//! rows its file leaves out were written under the old numbering. After random HRIS
//! moves and a second file that moves people, owners and contributors and leaves out
//! members, teams and goals, the stored visibility still equals the pure rule, on both
//! backends.

use std::sync::Arc;

use crate::common::random::{for_random_seeds, random_org, some_of};
use crate::common::rules::assert_everyone_sees_what_the_rule_says;
use chrono::{Duration, TimeZone, Utc};
use goald::core::ids::OrgId;
use goald::hris::parse_events;
use goald::import::format::ImportFile;
use goald::store::Store;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

/// The first file of `seed`, changed. Every manager stays earlier in the member list
/// than their report (as in the first file and the HRIS moves below): no cycles.
fn second_file(org_id: &str, seed: u64) -> ImportFile {
    let mut file = random_org(org_id, seed);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xf11e);
    let members: Vec<String> = file.members.iter().map(|m| m.id.clone()).collect();
    let teams: Vec<String> = file.teams.iter().map(|t| t.id.clone()).collect();
    for (i, member) in file.members.iter_mut().enumerate() {
        if i > 0 && rng.gen_bool(0.4) {
            member.manager = rng.gen_bool(0.8).then(|| members[rng.gen_range(0..i)].clone());
        }
    }
    for team in &mut file.teams {
        if rng.gen_bool(0.5) {
            team.members = some_of(&mut rng, &members, 4);
        }
    }
    for goal in &mut file.goals {
        if rng.gen_bool(0.4) {
            goal.owner = members.choose(&mut rng).cloned().unwrap_or_default();
        }
        if rng.gen_bool(0.4) {
            goal.contributors.members = some_of(&mut rng, &members, 3);
            goal.contributors.teams = some_of(&mut rng, &teams, 2);
        }
    }
    // Left out of the file: stored as they were.
    file.members.retain(|_| rng.gen_bool(0.7));
    file.teams.retain(|_| rng.gen_bool(0.6));
    file.goals.retain(|_| rng.gen_bool(0.6));
    file
}

/// A few `member.manager_changed` events, each under someone earlier in the list.
async fn move_some_members(store: &Arc<dyn Store>, org: &OrgId, members: &[String], seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0b0e);
    let org = store.org(org).await.expect("org").expect("stored");
    let base = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().expect("instant");
    for k in 0..4 {
        if members.len() < 2 {
            return;
        }
        let i = rng.gen_range(1..members.len());
        let manager = members[rng.gen_range(0..i)].clone();
        let event = json!({"id": format!("move-{k}"), "type": "member.manager_changed",
                           "occurred_at": (base + Duration::minutes(k)).to_rfc3339(),
                           "data": {"member": members[i], "manager": manager}});
        let events = parse_events(&event).expect("a valid event");
        store.receive_events(&org.id, &events, Utc::now()).await.expect("receive");
        store.apply_pending(&org, Utc::now()).await.expect("apply");
    }
}

async fn assert_reimport_keeps_visibility(store: &Arc<dyn Store>, backend: &str, seed: u64) {
    let org_id = format!("org-{seed}");
    let org = OrgId::parse(org_id.clone()).expect("id");
    let first = random_org(&org_id, seed);
    let members: Vec<String> = first.members.iter().map(|m| m.id.clone()).collect();
    store.import(first).await.unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    move_some_members(store, &org, &members, seed).await;
    store.import(second_file(&org_id, seed)).await.unwrap_or_else(|e| panic!("[{backend}] re-import: {e}"));
    assert_everyone_sees_what_the_rule_says(store, &org, &format!("[{backend}] {org_id} after the re-import")).await;
}

#[test]
fn stored_visibility_equals_the_pure_rule_after_a_reimport() {
    for_random_seeds(32, "visibility after a re-import", |store, backend, seed| async move {
        assert_reimport_keeps_visibility(&store, backend, seed).await;
    });
}
