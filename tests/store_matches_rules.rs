//! The store's SQL answers equal the pure rules on random orgs, on both backends:
//! visibility over the reporting-line closure, and the stored roll-ups.

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::random::{for_random_seeds, random_org};
use goald::import::format::ImportFile;
use goald::org::OrgChart;
use goald::rollup::progress_of_all;
use goald::store::{self, Store};
use goald::visibility::visible_goal_ids;

/// Imports `file` and checks every member's SQL visibility and every stored
/// progress against the pure rules computed on the stored snapshot.
async fn assert_store_matches_rules(store: &Arc<dyn Store>, backend: &str, file: ImportFile) {
    let org = goald::ids::OrgId::parse(file.org.id.clone()).expect("org id");
    store.import(file).await.unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    let snapshot = store.snapshot(&org).await.expect("snapshot").expect("org stored");
    let chart = OrgChart::new(&snapshot.members, &snapshot.teams);
    for member in &snapshot.members {
        let sql = store.visible_goal_ids(&org, &member.id).await.expect("visibility");
        let rule = visible_goal_ids(&chart, &member.id, &snapshot.goals);
        assert_eq!(sql, rule, "[{backend}] org {org} member {}", member.id);
    }
    let progress = progress_of_all(&snapshot.goals);
    for goal in &snapshot.goals {
        let want = progress.get(&goal.id).copied().unwrap_or_default();
        assert!(
            (goal.progress - want).abs() < 1e-9,
            "[{backend}] stored progress of {}: {} vs {want}",
            goal.id,
            goal.progress
        );
    }
}

/// One database per backend for every case: each case is its own org, which also shows
/// that orgs sharing a database never see each other's goals.
#[test]
fn sql_visibility_equals_the_pure_rule_on_random_orgs() {
    for_random_seeds(48, "SQL visibility and roll-ups equal the pure rules", |store, backend, seed| async move {
        assert_store_matches_rules(&store, backend, random_org(&format!("org-{seed}"), seed)).await;
    });
}

#[tokio::test]
async fn sql_visibility_equals_the_pure_rule_on_a_generated_org() {
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let params = goald::demo::DemoParams { org_id: "acme".into(), members: 400, goals: 3_000, seed: 11, now };
    for db in common::test_dbs().await {
        let store = store::open(&db.url, 2).await.expect("open");
        assert_store_matches_rules(&store, db.backend, goald::demo::generate(&params)).await;
    }
}
