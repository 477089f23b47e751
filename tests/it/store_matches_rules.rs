//! The store's SQL answers equal the pure rules on random orgs, on both backends:
//! visibility over the reporting-line closure, and the stored roll-ups.

use std::sync::Arc;

use crate::common::random::{for_random_seeds, random_org};
use chrono::{TimeZone, Utc};
use goald::core::ids::{MemberId, OrgId};
use goald::import::format::ImportFile;
use goald::org::OrgChart;
use goald::rollup::progress_of_all;
use goald::store::{self, OrgSnapshot, Store};
use goald::visibility::visible_goal_ids;

/// Imports `file` and checks every member's SQL visibility and every stored
/// progress against the pure rules computed on the stored snapshot.
async fn assert_store_matches_rules(store: &Arc<dyn Store>, backend: &str, file: ImportFile) {
    let org = OrgId::parse(file.org.id.clone()).expect("org id");
    store.import(file).await.unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    let snapshot = store.snapshot(&org).await.expect("snapshot").expect("org stored");
    let everyone: Vec<MemberId> = snapshot.members.iter().map(|m| m.id.clone()).collect();
    assert_members_see_what_the_rule_says(store, backend, &snapshot, &everyone).await;
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

/// The SQL visibility of each of `who` equals the pure rule on `snapshot`.
async fn assert_members_see_what_the_rule_says(
    store: &Arc<dyn Store>,
    backend: &str,
    snapshot: &OrgSnapshot,
    who: &[MemberId],
) {
    let org = &snapshot.org.id;
    let chart = OrgChart::new(&snapshot.members, &snapshot.teams).with_policy(snapshot.org.policy.clone());
    for member in who {
        let sql = store.visible_goal_ids(org, member).await.expect("visibility");
        let rule = visible_goal_ids(&chart, member, &snapshot.goals);
        assert_eq!(sql, rule, "[{backend}] org {org} member {member}");
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
    for db in crate::common::test_dbs().await {
        let store = store::open(&db.url, 2).await.expect("open");
        assert_store_matches_rules(&store, db.backend, goald::demo::generate(&params)).await;
    }
}

/// Lines of hundreds of people take another PostgreSQL plan than small ones (the drafts
/// hashed once, not looked up per goal): the members with the largest lines of a bigger
/// generated org, and a sample of everyone else.
#[tokio::test]
async fn sql_visibility_equals_the_pure_rule_for_large_reporting_lines() {
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let params = goald::demo::DemoParams { org_id: "big".into(), members: 4_000, goals: 8_000, seed: 5, now };
    for db in crate::common::test_dbs().await {
        let store = store::open(&db.url, 2).await.expect("open");
        store.import(goald::demo::generate(&params)).await.expect("import");
        let org = OrgId::parse("big").expect("id");
        let snapshot = store.snapshot(&org).await.expect("snapshot").expect("org stored");
        let sizes = line_sizes(&snapshot);
        let mut by_size: Vec<&MemberId> = sizes.keys().collect();
        by_size.sort_by_key(|m| std::cmp::Reverse(sizes[*m]));
        let largest = sizes[by_size[0]];
        assert!(largest >= 1_000, "the org has lines of a thousand people and more, not {largest}");
        let who: Vec<MemberId> =
            by_size.iter().take(25).chain(by_size.iter().step_by(97)).map(|m| (*m).clone()).collect();
        assert_members_see_what_the_rule_says(&store, db.backend, &snapshot, &who).await;
    }
}

/// How many people each member's reporting line holds.
fn line_sizes(snapshot: &OrgSnapshot) -> std::collections::HashMap<MemberId, usize> {
    let managers: std::collections::HashMap<&MemberId, Option<&MemberId>> =
        snapshot.members.iter().map(|m| (&m.id, m.manager.as_ref())).collect();
    let mut sizes: std::collections::HashMap<MemberId, usize> =
        snapshot.members.iter().map(|m| (m.id.clone(), 0)).collect();
    for member in &snapshot.members {
        let mut above = member.manager.as_ref();
        while let Some(manager) = above {
            *sizes.entry(manager.clone()).or_default() += 1;
            above = managers.get(manager).copied().flatten();
        }
    }
    sizes
}
