//! Explore with a text filter (issue 12): the first page of 50 goals whose title or
//! description holds `q` (BENCH_QUERY, default "new", a word of several generated
//! titles), for the executive and for the manager with the largest line under 10,000
//! people, on SQLite and PostgreSQL: median of 7 runs and the growth of this process'
//! peak RSS while it runs them.
//!
//! Run: `cargo bench --bench explore`. Size: BENCH_MEMBERS, BENCH_GOALS (see setup.rs).
//! PostgreSQL: PG_TEST_URL. The PostgreSQL server's own memory is not in the figure.
//! BENCH_BACKEND=sqlite or postgres runs only that one (clean RSS figures).

#[path = "support/setup.rs"]
mod setup;

use std::sync::Arc;

use goald::core::ids::{MemberId, OrgId};
use goald::store::goals::types::{ExploreQuery, SortKey};
use goald::store::{self, Store};

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    setup::on_each_backend("goald_bench_explore", |backend, url, file| async move {
        run_backend(backend, &url, &file).await;
    })
    .await;
}

async fn run_backend(backend: &str, url: &str, file: &std::path::Path) {
    // The import runs in a child process, so this process' memory is the explore's alone.
    setup::import(url, file);
    let store = store::open(url, 4).await.expect("open store");
    let org = OrgId::parse("bench").expect("org id");
    let text = std::env::var("BENCH_QUERY").unwrap_or_else(|_| "new".into());
    let executive = setup::first_executive(url).await;
    measure(backend, &store, &org, &executive, true, &text, "the executive").await;
    match largest_line(url, 10_000).await {
        Some((manager, line)) => {
            let who = format!("the manager with a {line}-person line");
            measure(backend, &store, &org, &manager, false, &text, &who).await;
        }
        None => println!("{backend}: no member has a reporting line: manager case skipped"),
    }
}

async fn measure(
    backend: &str,
    store: &Arc<dyn Store>,
    org: &OrgId,
    viewer: &MemberId,
    sees_everything: bool,
    text: &str,
    who: &str,
) {
    let query = ExploreQuery {
        mine: false,
        owner: None,
        state: None,
        goal_type: None,
        parent: None,
        text: Some(text.to_owned()),
        sort: SortKey::Id,
        descending: false,
        limit: 50,
        offset: 0,
        following: false,
        category: None,
    };
    let before = reset_peak();
    let (times, total) = setup::time_explore(store.as_ref(), org, viewer, sees_everything, &query).await;
    let after = status_kb("VmHWM");
    println!(
        "{backend}: explore q={text:?} for {who} ({viewer}, first 50 of {total}): median {:?}, max {:?}; \
         peak RSS {:.1} MB, {:+.1} MB over the {:.1} MB before",
        times[3],
        times[6],
        after as f64 / 1024.0,
        (after - before) as f64 / 1024.0,
        before as f64 / 1024.0
    );
}

/// VmRSS now, after resetting VmHWM to it (`5` in clear_refs, Linux 4.0+) so that the
/// peak read afterwards is the measured runs' own, not the import file's or a backend's
/// before.
fn reset_peak() -> i64 {
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        println!("(could not reset VmHWM: the peak may be an earlier one)");
    }
    status_kb("VmRSS")
}

fn status_kb(field: &str) -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The active non-executive member with the largest reporting line of at most `cap`
/// people; None on an org with no line at all (a tiny one).
async fn largest_line(url: &str, cap: i64) -> Option<(MemberId, i64)> {
    let sql = "select r.manager_id, cast(count(*) as bigint) as n from reporting_lines r \
               join members m on m.org_id = r.org_id and m.id = r.manager_id \
               where r.org_id = 'bench' and m.active and m.role in ('manager', 'employee') \
               group by r.manager_id";
    let rows = setup::query(url, sql).await;
    rows.into_iter()
        .filter(|(_, n)| *n <= cap)
        .max_by_key(|(_, n)| *n)
        .map(|(id, n)| (MemberId::parse(id).expect("member id"), n))
}
