//! The store's SQL answers equal the pure rules on random orgs, on both backends:
//! visibility over the reporting-line closure, and the stored roll-ups.

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use goald::import::format::{ContributorsRecord, GoalRecord, ImportFile, MemberRecord, OrgRecord, TeamRecord};
use goald::org::OrgChart;
use goald::rollup::progress_of_all;
use goald::store::{self, Store};
use goald::visibility::visible_goal_ids;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const ROLES: &[&str] = &["executive", "collaborator", "manager", "employee", "employee", "employee"];
const STATES: &[&str] = &["draft", "published", "published", "closed", "archived"];
const TYPES: &[&str] = &["personal", "team", "organization"];
const VISIBILITIES: &[&str] = &["public", "owners_and_contributors", "owners_and_contributors"];

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from.choose(rng).copied().unwrap_or_default()
}

fn some_of(rng: &mut ChaCha8Rng, ids: &[String], most: usize) -> Vec<String> {
    let count = rng.gen_range(0..=most.min(ids.len()));
    ids.choose_multiple(rng, count).cloned().collect()
}

/// A small org with every shape the rule cares about: deep and shallow lines,
/// inactive people, teams, drafts, every type and visibility, parents.
fn random_org(org_id: &str, seed: u64) -> ImportFile {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let member_count = rng.gen_range(1..=14);
    let members: Vec<String> = (0..member_count).map(|i| format!("m{i:02}")).collect();
    let member_records = members
        .iter()
        .enumerate()
        .map(|(i, id)| MemberRecord {
            id: id.clone(),
            name: format!("Member {i}"),
            email: Some(format!("{id}@example.test")),
            role: pick(&mut rng, ROLES).to_owned(),
            // Managers come earlier in the list: no cycles by construction.
            manager: (i > 0 && rng.gen_bool(0.85)).then(|| members[rng.gen_range(0..i)].clone()),
            active: rng.gen_bool(0.85),
            locale: None,
            timezone: None,
        })
        .collect();
    let teams: Vec<String> = (0..rng.gen_range(0..4)).map(|i| format!("t{i}")).collect();
    let team_records = teams
        .iter()
        .map(|id| TeamRecord { id: id.clone(), name: id.clone(), members: some_of(&mut rng, &members, 4) })
        .collect();
    let goals: Vec<String> = (0..rng.gen_range(0..16)).map(|i| format!("g{i:02}")).collect();
    let goal_records = goals
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let state = pick(&mut rng, STATES);
            GoalRecord {
                id: id.clone(),
                title: format!("Goal {i}"),
                description: None,
                goal_type: pick(&mut rng, TYPES).to_owned(),
                state: state.to_owned(),
                creator: members.choose(&mut rng).cloned().unwrap_or_default(),
                owner: members.choose(&mut rng).cloned().unwrap_or_default(),
                contributors: ContributorsRecord {
                    members: some_of(&mut rng, &members, 3),
                    teams: some_of(&mut rng, &teams, 2),
                },
                visibility: pick(&mut rng, VISIBILITIES).to_owned(),
                start_date: "2026-01-01".into(),
                end_date: "2026-12-31".into(),
                parent: (i > 0 && rng.gen_bool(0.6)).then(|| goals[rng.gen_range(0..i)].clone()),
                contributes_to_parent: rng.gen_bool(0.8),
                weight: None,
                tracking: pick(&mut rng, &["basic", "subgoals_automatic", "subgoals_manual"]).to_owned(),
                progress: Some(f64::from(rng.gen_range(0..=100))),
                status: None,
                measurements: Vec::new(),
                created_at: "2026-01-01T10:00:00Z".into(),
                published_at: (state != "draft").then(|| "2026-01-02T10:00:00Z".into()),
                updates: Vec::new(),
            }
        })
        .collect();
    ImportFile {
        org: OrgRecord { id: org_id.into(), name: org_id.into(), timezone: "Europe/Paris".into(), locale: "en".into() },
        members: member_records,
        teams: team_records,
        goals: goal_records,
    }
}

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
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let dbs = runtime.block_on(common::test_dbs());
    let stores: Vec<Arc<dyn Store>> =
        dbs.iter().map(|db| runtime.block_on(store::open(&db.url, 2)).expect("open")).collect();
    let mut runner = TestRunner::new(ProptestConfig { cases: 48, ..ProptestConfig::default() });
    runner
        .run(&any::<u64>(), |seed| {
            runtime.block_on(async {
                for (db, store) in dbs.iter().zip(&stores) {
                    assert_store_matches_rules(store, db.backend, random_org(&format!("org-{seed}"), seed)).await;
                }
            });
            Ok(())
        })
        .expect("SQL visibility and roll-ups equal the pure rules");
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
