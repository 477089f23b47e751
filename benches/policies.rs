//! Org policy benchmarks (issue 13), on the generated org of BENCH_MEMBERS (default
//! 100000) and BENCH_GOALS (default 1000000) with every policy switch on: editors on 10% of
//! goals (a member and, on half of them, a team), participants on 20% of the private goals,
//! the waterfall over the generated hierarchy, two global viewers. On SQLite and PostgreSQL:
//! - visibility of the manager whose line is closest to 10,000 people (target < 200 ms);
//! - visibility of an employee (target < 20 ms);
//! - moving that manager under another one through the HRIS inbox (target < 1 s).
//!
//! Run: `cargo bench --bench policies`. PostgreSQL: PG_TEST_URL. BENCH_KEEP=1 keeps the
//! SQLite file; BENCH_REUSE=DIR keeps both databases and reuses them (BENCH_BACKEND=sqlite
//! or postgres runs one).

use std::time::{Duration, Instant};

use chrono::Utc;
use goald::core::ids::{MemberId, OrgId};
use goald::hris::parse_events;
use goald::import::format::{ContributorsRecord, ImportFile};
use serde_json::json;

#[path = "support/setup.rs"]
mod setup;

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    if let Some(dir) = setup::reuse_dir() {
        return reusing(&dir).await;
    }
    let org = setup::generate();
    with_policies(&org.file);
    let sqlite_url = format!("sqlite://{}", org.dir.path().join("bench.db").display());
    setup::import(&sqlite_url, &org.file);
    measure("sqlite", &sqlite_url).await;
    if let Some(db) = setup::PgDatabase::create("goald_bench_policies").await {
        setup::import(&db.url, &org.file);
        measure("postgres", &db.url).await;
        db.drop().await;
    }
    // BENCH_KEEP=1 leaves the SQLite file behind, to look at its plans by hand.
    if std::env::var_os("BENCH_KEEP").is_some() {
        println!("kept {}", org.dir.keep().join("bench.db").display());
    }
}

/// BENCH_REUSE=DIR: the databases of an earlier run with the same DIR, made when missing.
async fn reusing(dir: &std::path::Path) {
    let generate = |file: &std::path::Path| {
        setup::generate_into(file);
        with_policies(file);
    };
    let prepare = |url: String, file: std::path::PathBuf| async move { setup::import(&url, &file) };
    for (backend, url) in setup::kept_databases(dir, "policies", "goald_bench_policies", generate, prepare).await {
        measure(backend, &url).await;
    }
}

/// Rewrites the generated file with the policy on and editors and participants on goals.
fn with_policies(path: &std::path::Path) {
    let started = Instant::now();
    let mut file = ImportFile::parse(&std::fs::read(path).expect("read")).expect("parse");
    file.org.policy = Some(json!({
        "manager_editor": true, "waterfall_editors": true, "managers_manage_reporting_line": true,
        "global_viewers": [file.members[1].id, file.members[2].id], "employees_assign_anyone": true,
        "pace_thresholds": {"on_track": 60, "at_risk": 30}
    }));
    let members: Vec<String> = file.members.iter().map(|m| m.id.clone()).collect();
    let teams: Vec<String> = file.teams.iter().map(|t| t.id.clone()).collect();
    let (mut editors, mut participants) = (0, 0);
    for (i, goal) in file.goals.iter_mut().enumerate() {
        let member = members[(i * 7919) % members.len()].clone();
        let team = (!teams.is_empty() && i % 2 == 0).then(|| teams[(i * 31) % teams.len()].clone());
        if i % 10 == 3 {
            goal.editors =
                Some(ContributorsRecord { members: vec![member.clone()], teams: team.clone().into_iter().collect() });
            editors += 1;
        }
        if goal.visibility == "owners_and_contributors" && i % 5 == 1 {
            goal.participants = Some(ContributorsRecord { members: vec![member], teams: team.into_iter().collect() });
            participants += 1;
        }
    }
    std::fs::write(path, serde_json::to_vec(&file).expect("serialize")).expect("write");
    println!("policies on; editors on {editors} goals, participants on {participants}: {:?}", started.elapsed());
}

fn stats(mut times: Vec<Duration>) -> String {
    times.sort();
    format!("median {:?}, max {:?}", times[times.len() / 2], times[times.len() - 1])
}

async fn measure(backend: &str, url: &str) {
    let org_id = OrgId::parse("bench").expect("org id");
    let manager = setup::query(
        url,
        // A member whose role is manager: an executive sees every goal by §3 alone, which
        // would time the whole org's ids and none of §10's paths.
        "select r.manager_id, count(*) as n from reporting_lines r join members m \
         on m.org_id = r.org_id and m.id = r.manager_id \
         where r.org_id = 'bench' and m.role = 'manager' group by r.manager_id \
         order by abs(count(*) - 10000) limit 1",
    )
    .await;
    let employee = setup::query(
        url,
        "select id, cast(0 as bigint) from members where org_id = 'bench' and role = 'employee' and active order by id limit 1",
    )
    .await;
    let store = goald::store::open(url, 4).await.expect("store");
    for (who, rows) in [("manager", &manager), ("employee", &employee)] {
        let Some((id, line)) = rows.first() else { continue };
        let member = MemberId::parse(id.as_str()).expect("member id");
        let mut times = Vec::new();
        let mut seen = 0;
        for _ in 0..7 {
            let started = Instant::now();
            seen = store.visible_goal_ids(&org_id, &member).await.expect("visibility").len();
            times.push(started.elapsed());
        }
        println!("{backend}: visibility of the {who} {id} (line {line}): {seen} goals, {}", stats(times));
    }
    let Some((moved, line)) = manager.first() else { return };
    let target = setup::query(
        url,
        &format!(
            "select id, cast(0 as bigint) from members m where org_id = 'bench' and role = 'manager' and active and id <> '{moved}' \
             and not exists (select 1 from reporting_lines r where r.org_id = 'bench' and r.manager_id = '{moved}' \
             and r.report_id = m.id) \
             and id <> coalesce((select manager_id from members where org_id = 'bench' and id = '{moved}'), '') \
             order by id limit 1"
        ),
    )
    .await;
    let Some((new_manager, _)) = target.first() else { return };
    let org = store.org(&org_id).await.expect("org").expect("the bench org");
    let event = json!({"id": format!("move-{}", Utc::now().timestamp_micros()), "type": "member.manager_changed", "occurred_at": "2026-11-23T10:00:00Z",
                       "data": {"member": moved, "manager": new_manager}});
    let events = parse_events(&event).expect("event");
    let started = Instant::now();
    store.receive_events(&org.id, &events, Utc::now()).await.expect("receive");
    store.apply_pending(&org, Utc::now()).await.expect("apply");
    let member = MemberId::parse(moved.as_str()).expect("member id");
    let seen = store.visible_goal_ids(&org_id, &member).await.expect("visibility").len();
    println!(
        "{backend}: moving {moved} ({line}-person line) under {new_manager}, visibility read after: {:?} ({seen} goals)",
        started.elapsed()
    );
}
