//! Foundation benchmarks (issue 2): import of a generated org and visibility answers,
//! on SQLite and PostgreSQL. Run: `cargo bench --bench foundation`.
//! Size: BENCH_MEMBERS (default 100000) and BENCH_GOALS (default 1000000).
//! PostgreSQL: PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/postgres);
//! the benchmark creates and drops its own database there.

#[path = "support/setup.rs"]
mod setup;

use std::sync::Arc;
use std::time::{Duration, Instant};

use goald::core::ids::{MemberId, OrgId};
use goald::store::goals::types::{ExploreQuery, SortKey};
use goald::store::{self, Store};

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    let org = setup::generate();
    let sqlite_url = format!("sqlite://{}", org.dir.path().join("goald.db").display());
    run_backend("sqlite", &sqlite_url, &org.file).await;
    if let Some(db) = setup::PgDatabase::create("goald_bench").await {
        run_backend("postgres", &db.url, &org.file).await;
        db.drop().await;
    }
}

async fn run_backend(backend: &str, url: &str, file: &std::path::Path) {
    let started = Instant::now();
    setup::import(url, file);
    println!("{backend}: import of the whole file (goald import, process included): {:?}", started.elapsed());

    let store = store::open(url, 4).await.expect("open store");
    let org = OrgId::parse("bench").expect("org id");
    let (manager, line) = member_with_line_near(url, 10_000).await;
    let employee = member_without_reports(url).await;
    measure(backend, &store, &org, &manager, &format!("manager with a {line}-person reporting line")).await;
    measure(backend, &store, &org, &employee, "employee with no reports").await;
    let executive = first_member(url, "executive").await;
    for (member, sees_everything, who) in [
        (&manager, false, format!("manager with a {line}-person reporting line")),
        (&executive, true, "executive".to_owned()),
    ] {
        for (mine, what) in [(false, "explore"), (true, "my goals")] {
            measure_explore(backend, &store, &org, member, sees_everything, mine, &format!("{what} for the {who}"))
                .await;
        }
    }
}

/// The goals API's list: the first page of 50 by id, with the total.
async fn measure_explore(
    backend: &str,
    store: &Arc<dyn Store>,
    org: &OrgId,
    member: &MemberId,
    sees_everything: bool,
    mine: bool,
    who: &str,
) {
    let query = ExploreQuery {
        mine,
        owner: None,
        state: None,
        goal_type: None,
        parent: None,
        text: None,
        sort: SortKey::Id,
        descending: false,
        limit: 50,
        offset: 0,
        following: false,
        category: None,
    };
    let (times, total) = setup::time_explore(store.as_ref(), org, member, sees_everything, &query).await;
    println!("{backend}: {who} ({member}, first page of {total}): median {:?}, max {:?}", times[3], times[6]);
}

async fn first_member(url: &str, role: &str) -> MemberId {
    let sql = format!(
        "select id, cast(0 as bigint) as n from members where org_id = 'bench' and active and role = '{role}' order by id limit 1"
    );
    let rows = setup::query(url, &sql).await;
    MemberId::parse(rows.into_iter().next().expect("a member of that role").0).expect("member id")
}

async fn measure(backend: &str, store: &Arc<dyn Store>, org: &OrgId, member: &MemberId, who: &str) {
    let mut times: Vec<Duration> = Vec::new();
    let mut count = 0;
    for _ in 0..7 {
        let started = Instant::now();
        count = store.visible_goal_ids(org, member).await.expect("visibility").len();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "{backend}: visibility for {who} ({member}, {count} goals): median {:?}, min {:?}, max {:?}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

/// The active non-executive member whose reporting line is closest to `target` people.
async fn member_with_line_near(url: &str, target: i64) -> (MemberId, i64) {
    let sql = "select r.manager_id, cast(count(*) as bigint) as n from reporting_lines r \
               join members m on m.org_id = r.org_id and m.id = r.manager_id \
               where r.org_id = 'bench' and m.active and m.role in ('manager', 'employee') \
               group by r.manager_id";
    let rows = setup::query(url, sql).await;
    rows.into_iter()
        .min_by_key(|(_, n)| (n - target).abs())
        .map(|(id, n)| (MemberId::parse(id).expect("member id"), n))
        .expect("a manager")
}

async fn member_without_reports(url: &str) -> MemberId {
    let sql = "select m.id, cast(0 as bigint) as n from members m where m.org_id = 'bench' and m.active and m.role = 'employee' \
               and not exists (select 1 from reporting_lines r where r.org_id = m.org_id and r.manager_id = m.id) \
               order by m.id limit 1";
    let rows = setup::query(url, sql).await;
    MemberId::parse(rows.into_iter().next().expect("an employee").0).expect("member id")
}
