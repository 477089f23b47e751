//! The progress and adoption reports the store computes in SQL equal the pure reference
//! (`goald::reports::{progress_report, adoption_report}`, which reads CONTRACT §3's own
//! visibility rule with §10's paths under the org's policy, and the policy's pace
//! thresholds) over the org as stored, on random orgs and policies and on both backends:
//! every active member, over their line, every team, and the whole org when they may ask
//! for it. Some orgs go through HRIS events first, so lines are no longer one range of
//! keys. A hand-made org under a policy checks the figures worked out by hand too.

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
/// (a half cent tests the rounding the pace reads); a policy's pace thresholds drawn at
/// random, whole or not.
fn spread(mut file: ImportFile, seed: u64) -> ImportFile {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xface);
    if let Some(policy) = file.org.policy.as_mut() {
        let on_track = f64::from(rng.gen_range(0..=400)) / 4.0;
        let at_risk = if rng.gen_bool(0.2) { on_track } else { f64::from(rng.gen_range(0..=100)) * on_track / 100.0 };
        policy["pace_thresholds"] = serde_json::json!({"on_track": on_track, "at_risk": at_risk});
    }
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

/// The hand-made org of tests/fixtures/reports-org.json (src/reports/tests.rs) under a
/// policy: pace thresholds 50 and 20, mia a global viewer, bob a participant of eve's
/// private g9 (src/reports/policy_tests.rs works the figures out).
#[tokio::test]
async fn a_team_report_counts_what_the_policy_shows_and_the_pace_its_thresholds() {
    use crate::common::{fixture, read_json, test_dbs};
    use goald::core::ids::{MemberId, TeamId};
    let mut file = read_json(&fixture("reports-org.json"));
    file["org"]["policy"] =
        serde_json::json!({"pace_thresholds": {"on_track": 50, "at_risk": 20}, "global_viewers": ["mia"]});
    for goal in file["goals"].as_array_mut().expect("goals") {
        if goal["id"] == "g9" {
            goal["participants"] = serde_json::json!({"members": ["bob"], "teams": []});
        }
    }
    let file: ImportFile = serde_json::from_value(file).expect("an import file");
    let at = Utc.with_ymd_and_hms(2026, 7, 2, 12, 0, 0).single().expect("instant");
    let t1 = Scope::Team(TeamId::parse("t1").expect("id"));
    for db in test_dbs().await {
        let store = goald::store::open(&db.url, 2).await.expect("open");
        store.import(file.clone()).await.expect("import");
        let org = store.org(&OrgId::parse("acme").expect("id")).await.expect("org").expect("stored");
        let who = |id: &str| MemberId::parse(id).expect("id");
        let (mia, bob, ann) = (who("mia"), who("bob"), who("ann"));
        let mut seen = Vec::new();
        for (viewer, scope) in [(&mia, &Scope::Line), (&mia, &t1), (&bob, &t1), (&ann, &t1)] {
            let viewer = store.member(&org.id, viewer).await.expect("member").expect("stored");
            let report = store.progress_report(&org, &viewer, scope, at).await.expect("progress");
            let adoption = store.adoption_report(&org, &viewer, scope, at).await.expect("adoption");
            let totals = json(&report.totals);
            seen.push((totals["goals"].clone(), totals["by_pace"].clone(), adoption.figures.published_goals));
        }
        let pace =
            |on: u64, risk: u64, off: u64| serde_json::json!({"on_track": on, "at_risk": risk, "off_track": off});
        let want = [
            // mia's line: g2 (30 >= 25.07) on track under 50%, at risk under the default 75%.
            (serde_json::json!(7), pace(4, 0, 1), 5),
            // mia sees g9 as a global viewer, bob as its participant; ann does not see it.
            (serde_json::json!(4), pace(3, 0, 1), 4),
            (serde_json::json!(4), pace(3, 0, 1), 4),
            (serde_json::json!(3), pace(3, 0, 0), 3),
        ];
        assert_eq!(seen, want, "[{}]", db.backend);
    }
}
