//! The progress and adoption reports the store computes in SQL equal the pure reference
//! (`goald::reports::{progress_report, adoption_report}`, which reads CONTRACT §3's own
//! visibility rule) over the org as stored, on random orgs and on both backends: every
//! active member, over their line, every team, and the whole org when they may ask for it.
//! Some orgs go through HRIS events first, so lines are no longer one range of keys.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use goald::core::ids::OrgId;
use goald::hris::parse_events;
use goald::import::format::{ImportFile, UpdateRecord};
use goald::reports::{adoption_report, check_scope, progress_report, OrgData, Scope};
use goald::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::common::random::{for_random_seeds, random_org};
use crate::hris_matches_rules::random_events;

/// Dates, activity and progress spread so that every figure takes several values: goals
/// before, during and after T, past their end or not, stale or not, progress with cents
/// (a half cent tests the rounding the pace reads).
fn spread(mut file: ImportFile, seed: u64) -> ImportFile {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xface);
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("instant");
    let members: Vec<String> = file.members.iter().map(|m| m.id.clone()).collect();
    for goal in &mut file.goals {
        let start = base + Duration::days(rng.gen_range(-200..200));
        let end = start + Duration::days(rng.gen_range(0..400));
        goal.start_date = start.format("%Y-%m-%d").to_string();
        goal.end_date = end.format("%Y-%m-%d").to_string();
        if goal.progress.is_some() {
            goal.progress = Some(f64::from(rng.gen_range(0..=20_000)) / 200.0);
        }
        if goal.published_at.is_some() {
            let published = base + Duration::hours(rng.gen_range(0..24 * 200));
            goal.published_at = Some(published.to_rfc3339());
            for k in 0..rng.gen_range(0..3) {
                let at = published + Duration::hours(rng.gen_range(1..24 * 90) * (k + 1));
                let by = members[rng.gen_range(0..members.len())].clone();
                goal.updates.push(UpdateRecord { at: at.to_rfc3339(), by, progress: None, comment: None });
            }
        }
    }
    file
}

async fn assert_reports_match(store: &Arc<dyn Store>, backend: &str, seed: u64) {
    let org_id = format!("org-{seed}");
    let file = spread(random_org(&org_id, seed), seed);
    store.import(file).await.unwrap_or_else(|e| panic!("[{backend}] import: {e}"));
    let org = store.org(&OrgId::parse(org_id.clone()).expect("id")).await.expect("org").expect("stored");
    if seed % 2 == 0 {
        for raw in random_events(seed, 8) {
            let event = parse_events(&raw).expect("a valid event");
            store.receive_events(&org.id, &event, Utc::now()).await.expect("receive");
        }
        store.apply_pending(&org, Utc::now()).await.expect("apply");
    }
    let snapshot = store.snapshot(&org.id).await.expect("snapshot").expect("org");
    let data =
        OrgData { org: &snapshot.org, members: &snapshot.members, teams: &snapshot.teams, goals: &snapshot.goals };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xa7);
    let at: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("instant")
        + Duration::minutes(rng.gen_range(0..60 * 24 * 400));
    let mut scopes = vec![Scope::Line, Scope::Org];
    scopes.extend(snapshot.teams.iter().map(|t| Scope::Team(t.id.clone())));
    for viewer in snapshot.members.iter().filter(|m| m.active) {
        for scope in scopes.iter().filter(|s| check_scope(viewer, s).is_ok()) {
            let what = format!("[{backend}] {org_id} at {at}: {} over {scope}", viewer.id);
            let want = progress_report(data, viewer, scope, at).expect("the reference");
            let got = store.progress_report(&org, viewer, scope, at).await.unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(json(&got), json(&want), "{what}: progress");
            let want = adoption_report(data, viewer, scope, at).expect("the reference");
            let got = store.adoption_report(&org, viewer, scope, at).await.unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(json(&got), json(&want), "{what}: adoption");
        }
    }
}

fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).expect("json")
}

#[test]
fn sql_reports_equal_the_pure_reports_on_random_orgs() {
    for_random_seeds(40, "SQL reports equal the pure reports", |store, backend, seed| async move {
        assert_reports_match(&store, backend, seed).await;
    });
}
