//! Random small orgs for property tests, with every shape the rules care about.

use goald::import::format::{ContributorsRecord, GoalRecord, ImportFile, MemberRecord, OrgRecord, TeamRecord};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub const ROLES: &[&str] = &["executive", "collaborator", "manager", "employee", "employee", "employee"];
const STATES: &[&str] = &["draft", "published", "published", "closed", "archived"];
const TYPES: &[&str] = &["personal", "team", "organization"];
const VISIBILITIES: &[&str] = &["public", "owners_and_contributors", "owners_and_contributors"];

pub fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from.choose(rng).copied().unwrap_or_default()
}

pub fn some_of(rng: &mut ChaCha8Rng, ids: &[String], most: usize) -> Vec<String> {
    let count = rng.gen_range(0..=most.min(ids.len()));
    ids.choose_multiple(rng, count).cloned().collect()
}

/// A small org with every shape the rule cares about: deep and shallow lines,
/// inactive people, teams, drafts, every type and visibility, parents.
pub fn random_org(org_id: &str, seed: u64) -> ImportFile {
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
            let visibility = pick(&mut rng, VISIBILITIES);
            let people = |rng: &mut ChaCha8Rng| {
                rng.gen_bool(0.3)
                    .then(|| ContributorsRecord { members: some_of(rng, &members, 2), teams: some_of(rng, &teams, 1) })
            };
            let editors = people(&mut rng);
            let participants = people(&mut rng).filter(|_| visibility != "public");
            let manager_editor = match rng.gen_range(0..4) {
                0 => Some(None),
                1 => Some(members.choose(&mut rng).cloned()),
                _ => None,
            };
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
                visibility: visibility.to_owned(),
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
                editors,
                participants,
                manager_editor,
                category: None,
            }
        })
        .collect();
    let policy = rng.gen_bool(0.6).then(|| random_policy(&mut rng, &members));
    ImportFile {
        org: OrgRecord {
            id: org_id.into(),
            name: org_id.into(),
            timezone: "Europe/Paris".into(),
            locale: "en".into(),
            policy,
            categories: None,
        },
        members: member_records,
        teams: team_records,
        goals: goal_records,
    }
}

/// A CONTRACT §10 policy with each switch drawn at random (same_visibility_alignment stays
/// off: random parent links would break it).
fn random_policy(rng: &mut ChaCha8Rng, members: &[String]) -> serde_json::Value {
    serde_json::json!({
        "manager_editor": rng.gen_bool(0.5),
        "waterfall_editors": rng.gen_bool(0.5),
        "global_viewers": some_of(rng, members, 2),
        "managers_manage_reporting_line": rng.gen_bool(0.5),
        "employees_assign_anyone": rng.gen_bool(0.5),
        "pace_thresholds": {"on_track": 60, "at_risk": 30},
    })
}

/// Runs `check(store, backend, seed)` for `cases` random seeds on every backend, with one
/// database per backend for all cases (each case builds its own org in it); a failing
/// case is shrunk by proptest and reported with `what`.
pub fn for_random_seeds<F, Fut>(cases: u32, what: &str, check: F)
where
    F: Fn(std::sync::Arc<dyn goald::store::Store>, &'static str, u64) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use proptest::prelude::*;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let dbs = runtime.block_on(super::test_dbs());
    let stores: Vec<_> = dbs.iter().map(|db| runtime.block_on(goald::store::open(&db.url, 2)).expect("open")).collect();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases, ..ProptestConfig::default() });
    runner
        .run(&any::<u64>(), |seed| {
            runtime.block_on(async {
                for (db, store) in dbs.iter().zip(&stores) {
                    check(store.clone(), db.backend, seed).await;
                }
            });
            Ok(())
        })
        .expect(what);
}
