//! Reminder benchmarks (issue 3): the weekly evaluation of a generated org, against a
//! bare `select count(*)` over the goals in the same run, on SQLite and PostgreSQL; then
//! delivery of every queued digest by `goald deliver` to a local SMTP sink, with its
//! peak memory, where its time went, the render time of one digest (p50, p99), and
//! postfix's `smtp-source` against the same sink as this machine's ceiling.
//! Run: `cargo bench --bench reminders`.
//! Size: BENCH_MEMBERS (default 100000), BENCH_GOALS (default 1000000).
//! PostgreSQL: PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/postgres).

#[path = "support/delivery_extra.rs"]
mod delivery_extra;
#[path = "support/setup.rs"]
mod setup;
#[path = "support/smtp_sink.rs"]
mod smtp_sink;

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use goald::core::ids::OrgId;
use goald::reminders::Week;
use sqlx::{Connection, Row};

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    let org = setup::generate();
    // BENCH_DELIVERY=0 times the evaluation only.
    let deliver = std::env::var("BENCH_DELIVERY").map_or(true, |v| v != "0");
    let sqlite_url = format!("sqlite://{}", org.dir.path().join("goald.db").display());
    run_backend("sqlite", &sqlite_url, &org.file, deliver).await;
    if let Some(db) = setup::PgDatabase::create("goald_bench_rem").await {
        run_backend("postgres", &db.url, &org.file, deliver).await;
        db.drop().await;
    }
}

async fn run_backend(backend: &str, url: &str, file: &std::path::Path, deliver: bool) {
    setup::import(url, file);

    let count = best_of(3, || count_goals(url)).await;
    let store = goald::store::open(url, 4).await.expect("open store");
    let org = store.org(&OrgId::parse("bench").expect("org id")).await.expect("org").expect("bench org");
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let started = Instant::now();
    let outcome = store.evaluate_week(&org, Week::of(at.date_naive()), at, Utc::now()).await.expect("evaluate");
    let evaluation = started.elapsed();
    println!(
        "{backend}: evaluation {outcome:?} in {evaluation:?}; select count(*) over goals {count:?}; ratio {:.1}",
        evaluation.as_secs_f64() / count.as_secs_f64()
    );
    if deliver {
        let sample = setup::query(
            url,
            "select owner_id, count(*) from digest_goals where org_id = 'bench' group by owner_id order by owner_id limit 2000",
        )
        .await;
        let owners: Vec<String> = sample.into_iter().map(|(owner, _)| owner).collect();
        let times = delivery_extra::render_times(store.as_ref(), &owners, at).await;
        println!(
            "{backend}: render of one digest (compose + askama + MIME, {} digests): p50 {:?}, p99 {:?}",
            times.len(),
            delivery_extra::percentile(&times, 0.50),
            delivery_extra::percentile(&times, 0.99)
        );
        drop(store);
        deliver_all(backend, url).await;
    }
}

async fn best_of<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Duration>,
{
    let mut best = Duration::MAX;
    for _ in 0..runs {
        best = best.min(f().await);
    }
    best
}

/// The time of a bare `select count(*)` over the goals, connection excluded.
async fn count_goals(url: &str) -> Duration {
    let sql = "select count(*) from goals";
    let (n, elapsed): (i64, Duration) = if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("connect");
        let started = Instant::now();
        (sqlx::query(sql).fetch_one(&mut conn).await.expect("count").get(0), started.elapsed())
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
        let started = Instant::now();
        (sqlx::query(sql).fetch_one(&mut conn).await.expect("count").get(0), started.elapsed())
    };
    assert!(n > 0, "no goals were imported");
    elapsed
}

/// `goald deliver` of every queued digest to a local SMTP sink, under /usr/bin/time for
/// the process' peak resident memory.
async fn deliver_all(backend: &str, url: &str) {
    let sink = smtp_sink::start().await;
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "peak_rss_kib=%M"])
        .arg(env!("CARGO_BIN_EXE_goald"))
        .args(["deliver", "--json", "--until", "2026-12-31T00:00:00Z", "--database-url", url])
        .args(["--mail-url", &format!("smtp://{}", sink.addr)])
        .env("GOALD_LOG", "warn,goald::cli::delivery=info")
        .output()
        .expect("run goald deliver under /usr/bin/time");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "deliver failed: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("deliver JSON");
    let sent = report["sent"].as_u64().unwrap_or(0);
    let peak = stderr.lines().find_map(|l| l.strip_prefix("peak_rss_kib=")).unwrap_or("?");
    let rate = sent as f64 / elapsed.as_secs_f64();
    println!(
        "{backend}: delivered {sent} digests ({} received by the sink) in {elapsed:?}: {rate:.0} digests/s, peak RSS {peak} KiB",
        sink.received(),
    );
    if let Some(phases) = stderr.lines().find(|l| l.contains("delivery phases")) {
        println!(
            "{backend}: where the time went (claim, read, mark: wall; render, send: summed over digests): {phases}"
        );
    }
    // The ceiling: postfix's own SMTP client against the same sink on this machine.
    let before = sink.received();
    match delivery_extra::smtp_source(sink.addr) {
        Ok((messages, took)) => {
            let ceiling = messages as f64 / took.as_secs_f64();
            println!(
                "{backend}: smtp-source -s 10 -m 20000 -l 16000 to the same sink: {} received in {took:?}: {ceiling:.0} messages/s; goald at {:.0}% of it",
                sink.received() - before,
                100.0 * rate / ceiling
            );
        }
        Err(why) => println!("{backend}: smtp-source SKIPPED ({why})"),
    }
}
