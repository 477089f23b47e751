//! Waiting HRIS events (issue 12): does a backlog of events that wait slow the inbox down?
//! On a generated org (BENCH_MEMBERS, BENCH_GOALS), two fresh databases per backend:
//! - "with waiting": BENCH_WAITING (default 10000) `member.role_changed` events for
//!   members the org does not have are received and left waiting;
//! - "baseline": none.
//!
//! Then on each, BENCH_EVENTS (default 1000) `member.role_changed` events for existing
//! members are received and applied (`receive_events` + `apply_pending`, as `goald hris
//! apply` does), timed; BENCH_ROUNDS (default 3) rounds, each flipping the roles back,
//! median reported; the two cases' rounds alternate. BENCH_BACKEND=sqlite or postgres
//! runs only that one.
//!
//! Run: `cargo bench --bench hris_waiting`. PostgreSQL: PG_TEST_URL (SQLite runs first).

#[path = "support/setup.rs"]
mod setup;

use std::time::{Duration, Instant};

use chrono::Utc;
use goald::core::ids::OrgId;
use goald::hris::parse_events;
use goald::store::{self, Store};
use serde_json::json;
use sqlx::Connection;

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    let org = setup::generate();
    let waiting = setup::env_usize("BENCH_WAITING", 10_000);
    let events = setup::env_usize("BENCH_EVENTS", 1_000).min(org.members);
    let rounds = setup::env_usize("BENCH_ROUNDS", 3).max(1);
    let only = std::env::var("BENCH_BACKEND").unwrap_or_default();
    if only != "postgres" {
        let url = |n: usize| format!("sqlite://{}", org.dir.path().join(format!("goald-{n}.db")).display());
        compare("sqlite", [url(0), url(waiting)], &org, waiting, events, rounds).await;
    }
    if only == "sqlite" {
        return;
    }
    let Some(base) = setup::PgDatabase::create("goald_bench_wait0").await else { return };
    let Some(with) = setup::PgDatabase::create("goald_bench_wait1").await else { return };
    compare("postgres", [base.url.clone(), with.url.clone()], &org, waiting, events, rounds).await;
    base.drop().await;
    with.drop().await;
}

/// Both databases are set up first and their rounds alternate, so that the machine's load
/// (shared, noisy) weighs on both cases alike rather than on whichever ran second.
async fn compare(
    backend: &str,
    urls: [String; 2],
    bench: &setup::BenchOrg,
    backlog: usize,
    events: usize,
    rounds: usize,
) {
    let mut cases = Vec::new();
    for (url, waiting) in urls.iter().zip([0, backlog]) {
        setup::import(url, &bench.file);
        let store = store::open(url, 4).await.expect("open store");
        let org = store.org(&OrgId::parse("bench").expect("org id")).await.expect("org").expect("the bench org");
        if waiting > 0 {
            // Members past the generated ones: the org has none of them, so every event waits.
            let unknown = (0..waiting).map(|i| role_event(&format!("wait-{i}"), bench.members + 1 + i, "manager"));
            let report = apply(&*store, &org, unknown.collect()).await;
            println!("{backend}: {waiting} events for unknown members stored: {report:?}");
        }
        steady_state(url).await;
        cases.push((store, org, waiting, Vec::<Duration>::new()));
    }
    for round in 0..rounds {
        // Alternate roles so that every round changes every member it names.
        let role = if round % 2 == 0 { "manager" } else { "employee" };
        for (store, org, waiting, times) in &mut cases {
            let batch = (0..events).map(|i| role_event(&format!("r{round}-{i}"), spread(i, bench.members), role));
            let started = Instant::now();
            let report = apply(&**store, org, batch.collect()).await;
            times.push(started.elapsed());
            println!("{backend}, {waiting} waiting: round {round}: {:?} ({report:?})", times[round]);
        }
    }
    for (_, _, waiting, times) in &mut cases {
        times.sort();
        println!("{backend}: applying {events} role changes with {waiting} waiting: median {:?}", times[rounds / 2]);
    }
}

async fn apply(store: &dyn Store, org: &goald::org::Org, events: Vec<serde_json::Value>) -> String {
    let events = parse_events(&serde_json::Value::Array(events)).expect("events");
    let received = store.receive_events(&org.id, &events, Utc::now()).await.expect("receive");
    let applied = store.apply_pending(org, Utc::now()).await.expect("apply");
    format!("{received:?}, {applied:?}")
}

fn role_event(id: &str, member: usize, role: &str) -> serde_json::Value {
    json!({"id": id, "type": "member.role_changed", "occurred_at": "2026-11-28T10:00:00Z",
           "data": {"member": format!("m{member:06}"), "role": role}})
}

/// The i-th of the named members, spread over the org (7919 is prime) rather than the
/// first ones, who are the executives.
fn spread(i: usize, members: usize) -> usize {
    1 + (i * 7919) % members
}

/// PostgreSQL: vacuum and analyze, so both cases are timed on fresh statistics rather
/// than on autovacuum catching up with the import.
async fn steady_state(url: &str) {
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
        sqlx::query("vacuum analyze").execute(&mut conn).await.expect("vacuum");
    }
}
