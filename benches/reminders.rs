//! Reminder benchmarks (issue 3): the weekly evaluation of a generated org, against a
//! bare `select count(*)` over the goals in the same run, on SQLite and PostgreSQL; then
//! delivery of every queued digest by `goald deliver` to a local SMTP sink, with its
//! peak memory. Run: `cargo bench --bench reminders`.
//! Size: BENCH_MEMBERS (default 100000), BENCH_GOALS (default 1000000).
//! PostgreSQL: PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/postgres).

#[path = "support/smtp_sink.rs"]
mod smtp_sink;

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use goald::ids::OrgId;
use goald::reminders::Week;
use sqlx::{Connection, Row};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks for the list; this is not a test.
    }
    let members = env_usize("BENCH_MEMBERS", 100_000);
    let goals = env_usize("BENCH_GOALS", 1_000_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("org.json");
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let params = goald::demo::DemoParams { org_id: "bench".into(), members, goals, seed: 42, now };
    let out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create file"));
    goald::demo::write_json(&params, out).expect("generate");
    println!("generated {members} members, {goals} goals");
    // BENCH_DELIVERY=0 times the evaluation only.
    let deliver = std::env::var("BENCH_DELIVERY").map_or(true, |v| v != "0");

    let sqlite_url = format!("sqlite://{}", dir.path().join("goald.db").display());
    run_backend("sqlite", &sqlite_url, &file, deliver).await;

    let admin = std::env::var("PG_TEST_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match sqlx::PgConnection::connect(&admin).await {
        Ok(mut conn) => {
            let name = format!("goald_bench_rem_{}", std::process::id());
            sqlx::query(&format!("create database {name}")).execute(&mut conn).await.expect("create database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            run_backend("postgres", &format!("{base}/{name}"), &file, deliver).await;
            sqlx::query(&format!("drop database {name} with (force)")).execute(&mut conn).await.expect("drop database");
        }
        Err(e) => println!("postgres: SKIPPED ({admin} unreachable: {e})"),
    }
}

async fn run_backend(backend: &str, url: &str, file: &std::path::Path, deliver: bool) {
    let status = Command::new(env!("CARGO_BIN_EXE_goald"))
        .args(["import", "--database-url", url])
        .arg(file)
        .env("GOALD_LOG", "warn")
        .status()
        .expect("run goald import");
    assert!(status.success(), "import failed on {backend}");

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
    drop(store);
    if deliver {
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
        .env("GOALD_LOG", "warn")
        .output()
        .expect("run goald deliver under /usr/bin/time");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "deliver failed: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("deliver JSON");
    let sent = report["sent"].as_u64().unwrap_or(0);
    let peak = stderr.lines().find_map(|l| l.strip_prefix("peak_rss_kib=")).unwrap_or("?");
    println!(
        "{backend}: delivered {sent} digests ({} received by the sink) in {elapsed:?}: {:.0} digests/s, peak RSS {peak} KiB",
        sink.received(),
        sent as f64 / elapsed.as_secs_f64()
    );
}
