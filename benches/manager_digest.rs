//! The manager digest's benchmark (issue 17): "a weekly manager-digest evaluation under
//! 10 s" on a generated org, on SQLite and PostgreSQL. The owner evaluation of the week
//! runs first (untimed: escalation reads it), then the manager-digest evaluation with
//! `manager_digest: weekly` and `escalate_after_weeks: 1`. Run:
//! `cargo bench --bench manager_digest`. Size: BENCH_MEMBERS (default 100000),
//! BENCH_GOALS (default 1000000). PostgreSQL: PG_TEST_URL (default the local server).
//! BENCH_REUSE=DIR keeps both databases (SQLite in DIR, PostgreSQL as
//! `mgrdigest_bench_kept`) and reuses them, clearing the org's manager digests first;
//! BENCH_BACKEND=sqlite or postgres runs one. BENCH_LOG (default the evaluation's phase
//! timings) is the log filter.

#[path = "support/setup.rs"]
mod setup;

use std::path::Path;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use goald::core::ids::OrgId;
use goald::reminders::Week;
use sqlx::Connection;

const POLICY: &str = r#"{"manager_digest": "weekly", "escalate_after_weeks": 1}"#;

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    let filter = std::env::var("BENCH_LOG").unwrap_or_else(|_| "warn,goald::store::manager_digests=debug".into());
    tracing_subscriber::fmt().with_ansi(false).with_env_filter(filter).init();
    if let Some(dir) = setup::reuse_dir() {
        return reusing(&dir).await;
    }
    let org = setup::generate();
    let sqlite_url = format!("sqlite://{}", org.dir.path().join("goald.db").display());
    prepare(&sqlite_url, &org.file).await;
    measure("sqlite", &sqlite_url).await;
    if let Some(db) = setup::PgDatabase::create("mgrdigest_bench").await {
        prepare(&db.url, &org.file).await;
        measure("postgres", &db.url).await;
        db.drop().await;
    }
}

/// BENCH_REUSE=DIR: the databases of an earlier run with the same DIR, made when missing;
/// the org's manager digests are cleared before each run.
async fn reusing(dir: &Path) {
    let generate = |file: &Path| {
        setup::generate_into(file);
    };
    let prepare = |url: String, file: std::path::PathBuf| async move { prepare(&url, &file).await };
    for (backend, url) in setup::kept_databases(dir, "manager-digest", "mgrdigest_bench", generate, prepare).await {
        clear(&url).await;
        measure(backend, &url).await;
    }
}

async fn execute(url: &str, sql: &str, texts: &[&str]) {
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("connect");
        texts.iter().fold(sqlx::query(sql), |q, t| q.bind(*t)).execute(&mut conn).await.expect(sql);
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
        texts.iter().fold(sqlx::query(sql), |q, t| q.bind(*t)).execute(&mut conn).await.expect(sql);
    }
}

/// The import, the policy, and the week's owner evaluation (untimed: escalation reads it).
async fn prepare(url: &str, file: &Path) {
    setup::import(url, file);
    let current = goald::org::OrgPolicy::default().patched(&serde_json::from_str(POLICY).unwrap()).unwrap();
    execute(url, "update orgs set policy = $1 where id = 'bench'", &[&current.to_json().to_string()]).await;
    let store = goald::store::open(url, 4).await.expect("open store");
    let org = store.org(&OrgId::parse("bench").expect("org id")).await.expect("org").expect("bench org");
    let started = Instant::now();
    let owners = store.evaluate_week(&org, Week::of(at().date_naive()), at(), Utc::now()).await.expect("evaluate");
    println!("owner evaluation {owners:?} in {:?}", started.elapsed());
}

/// A reused database as the owner evaluation left it: no manager digest evaluated yet.
async fn clear(url: &str) {
    execute(url, "delete from manager_digests where org_id = 'bench'", &[]).await;
    execute(url, "delete from manager_digest_evaluations where org_id = 'bench'", &[]).await;
}

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant")
}

async fn measure(backend: &str, url: &str) {
    let store = goald::store::open(url, 4).await.expect("open store");
    let org = store.org(&OrgId::parse("bench").expect("org id")).await.expect("org").expect("bench org");
    let started = Instant::now();
    let outcome = store.evaluate_manager_digests(&org, at(), Utc::now()).await.expect("manager digests");
    let elapsed = started.elapsed();
    println!("{backend}: manager-digest evaluation {outcome:?} in {elapsed:?} (target < 10 s)");
    let again = store.evaluate_manager_digests(&org, at(), Utc::now()).await.expect("manager digests again");
    println!("{backend}: a second evaluation of the week: {again:?}");
}
