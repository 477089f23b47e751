//! The manager digest's benchmark (issue 17): "a weekly manager-digest evaluation under
//! 10 s" on a generated org, on SQLite and PostgreSQL. The owner evaluation of the week
//! runs first (untimed: escalation reads it), then the manager-digest evaluation with
//! `manager_digest: weekly` and `escalate_after_weeks: 1`. Run:
//! `cargo bench --bench manager_digest`. Size: BENCH_MEMBERS (default 100000),
//! BENCH_GOALS (default 1000000). PostgreSQL: PG_TEST_URL (default the local server).

#[path = "support/setup.rs"]
mod setup;

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
    let org = setup::generate();
    let sqlite_url = format!("sqlite://{}", org.dir.path().join("goald.db").display());
    run_backend("sqlite", &sqlite_url, &org.file).await;
    if let Some(db) = setup::PgDatabase::create("mgrdigest_bench").await {
        run_backend("postgres", &db.url, &org.file).await;
        db.drop().await;
    }
}

async fn set_policy(url: &str) {
    let current = goald::org::OrgPolicy::default().patched(&serde_json::from_str(POLICY).unwrap()).unwrap();
    let sql = "update orgs set policy = $1 where id = 'bench'";
    let text = current.to_json().to_string();
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("connect");
        sqlx::query(sql).bind(&text).execute(&mut conn).await.expect("set the policy");
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
        sqlx::query(sql).bind(&text).execute(&mut conn).await.expect("set the policy");
    }
}

async fn run_backend(backend: &str, url: &str, file: &std::path::Path) {
    setup::import(url, file);
    set_policy(url).await;
    let store = goald::store::open(url, 4).await.expect("open store");
    let org = store.org(&OrgId::parse("bench").expect("org id")).await.expect("org").expect("bench org");
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let started = Instant::now();
    let owners = store.evaluate_week(&org, Week::of(at.date_naive()), at, Utc::now()).await.expect("evaluate");
    let owner_time = started.elapsed();
    let started = Instant::now();
    let outcome = store.evaluate_manager_digests(&org, at, Utc::now()).await.expect("manager digests");
    let elapsed = started.elapsed();
    println!(
        "{backend}: owner evaluation {owners:?} in {owner_time:?}; manager-digest evaluation {outcome:?} in {elapsed:?} \
         (target < 10 s)"
    );
    let again = store.evaluate_manager_digests(&org, at, Utc::now()).await.expect("manager digests again");
    println!("{backend}: a second evaluation of the week: {again:?}");
}
