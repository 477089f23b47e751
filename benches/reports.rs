//! The progress and adoption reports (issue 17) on the generated org: for the manager with
//! the largest reporting line (their line) and for an executive (the whole org), on SQLite
//! and PostgreSQL: median and max of 7 runs each, with what the report counted.
//! Targets: the largest line under 500 ms, the whole org under 2 s, on both backends.
//!
//! Run: `cargo bench --bench reports`. Size: BENCH_MEMBERS, BENCH_GOALS (see setup.rs).
//! PostgreSQL: PG_TEST_URL. BENCH_BACKEND=sqlite or postgres runs only that one.

#[path = "support/setup.rs"]
mod setup;

use std::time::Instant;

use chrono::{TimeZone, Utc};
use goald::core::ids::{MemberId, OrgId};
use goald::reports::Scope;
use goald::store;

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    setup::on_each_backend("goald_bench_reports", |backend, url, file| async move {
        run_backend(backend, &url, &file).await;
    })
    .await;
}

async fn run_backend(backend: &str, url: &str, file: &std::path::Path) {
    let started = Instant::now();
    setup::import(url, file);
    println!("{backend}: imported in {:?}", started.elapsed());
    let store = store::open(url, 4).await.expect("open store");
    let org = store.org(&OrgId::parse("bench").expect("org id")).await.expect("org").expect("the bench org");
    // The generated org is built around this instant (setup.rs).
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let (manager, line) = largest_manager_line(url).await;
    let manager = store.member(&org.id, &manager).await.expect("member").expect("the manager");
    let executive = setup::first_executive(url).await;
    let executive = store.member(&org.id, &executive).await.expect("member").expect("the executive");
    let cases = [
        (&manager, Scope::Line, format!("the manager with a {line}-person line ({}), over the line", manager.id)),
        (&executive, Scope::Org, format!("an executive ({}), over the whole org", executive.id)),
    ];
    for (viewer, scope, who) in &cases {
        let (mut times, mut counted) = (Vec::new(), 0);
        for _ in 0..7 {
            let started = Instant::now();
            counted = store.progress_report(&org, viewer, scope, at).await.expect("progress").totals.goals;
            times.push(started.elapsed());
        }
        times.sort();
        println!("{backend}: progress report for {who}: {counted} goals, median {:?}, max {:?}", times[3], times[6]);
        let (mut times, mut members) = (Vec::new(), 0);
        for _ in 0..7 {
            let started = Instant::now();
            members = store.adoption_report(&org, viewer, scope, at).await.expect("adoption").figures.active_members;
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "{backend}: adoption report for {who}: {members} active members, median {:?}, max {:?}",
            times[3], times[6]
        );
    }
}

/// The active manager with the largest reporting line.
async fn largest_manager_line(url: &str) -> (MemberId, i64) {
    let sql = "select r.manager_id, cast(count(*) as bigint) as n from reporting_lines r \
               join members m on m.org_id = r.org_id and m.id = r.manager_id \
               where r.org_id = 'bench' and m.active and m.role = 'manager' \
               group by r.manager_id order by n desc, r.manager_id limit 1";
    let (id, n) = setup::query(url, sql).await.into_iter().next().expect("a manager with a line");
    (MemberId::parse(id).expect("member id"), n)
}
