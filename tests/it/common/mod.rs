//! Shared test helpers: a fresh database per test on each backend, and the CLI.
#![allow(dead_code)]

pub mod api;
pub mod daemon;
pub mod http;
pub mod mime;
pub mod random;
pub mod rules;
pub mod smtp;
pub mod values;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

/// The server the PostgreSQL suite uses; each test creates its own database on it.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh database; SQLite in a temporary directory or a new PostgreSQL database.
pub struct TestDb {
    pub backend: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database to drop when the test is done.
    pg_name: Option<String>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else { return };
        let admin = pg_admin_url();
        // A thread and runtime of its own: Drop cannot await, and the test's runtime may be
        // shutting down. `with (force)` closes the pools the test left open.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            runtime.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let sql = format!("drop database if exists {name} with (force)");
                    let _ = sqlx::query(&sql).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

fn pg_admin_url() -> String {
    std::env::var("PG_TEST_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned())
}

fn pg_required() -> bool {
    std::env::var("PG_TEST_REQUIRED").is_ok_and(|v| v == "1" || v == "true")
}

pub fn sqlite_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("goald.db").display());
    TestDb { backend: "sqlite", url, _dir: Some(dir), pg_name: None }
}

/// A new, empty PostgreSQL database, or None when the server is unreachable and the
/// suite is not required (PG_TEST_REQUIRED=1 makes that a failure).
pub async fn postgres_db() -> Option<TestDb> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let admin_url = pg_admin_url();
    let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) if pg_required() => {
            panic!("PostgreSQL at {admin_url} is required (PG_TEST_REQUIRED) but unreachable: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED the PostgreSQL suite: {admin_url} unreachable: {e}");
            return None;
        }
    };
    let name = format!(
        "goald_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        rand::random::<u32>()
    );
    sqlx::query(&format!("create database {name}")).execute(&mut admin).await.expect("create test database");
    let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
    Some(TestDb { backend: "postgres", url: format!("{base}/{name}"), _dir: None, pg_name: Some(name) })
}

/// Both backends (PostgreSQL only when reachable or required).
pub async fn test_dbs() -> Vec<TestDb> {
    let mut dbs = vec![sqlite_db()];
    dbs.extend(postgres_db().await);
    dbs
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

/// Runs the goald binary against `db` with no configuration file of its own.
pub fn goald(db: &TestDb, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temporary directory");
    Command::new(env!("CARGO_BIN_EXE_goald"))
        .current_dir(dir.path())
        .env_remove("GOALD_DATABASE_URL")
        .env("GOALD_LOG", "warn")
        .arg("--database-url")
        .arg(&db.url)
        .args(args)
        .output()
        .expect("run goald")
}

/// Imports an org given as a JSON value through `goald import --json`; fails the test when
/// the import fails.
pub fn import_json(db: &TestDb, org: &serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("org.json");
    std::fs::write(&path, serde_json::to_vec(org).expect("JSON")).expect("write org");
    goald_json(db, &["import", path.to_str().expect("utf-8 path"), "--json"])
}

/// Applies `events` as a JSON-lines file through `goald hris apply --json`.
pub fn hris_apply(db: &TestDb, org: &str, events: &[serde_json::Value]) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("events.jsonl");
    let lines: Vec<String> = events.iter().map(serde_json::Value::to_string).collect();
    std::fs::write(&path, lines.join("\n")).expect("write events");
    goald_json(db, &["hris", "apply", "--org", org, path.to_str().expect("utf-8 path"), "--json"])
}

/// Runs goald and parses its stdout as JSON, failing with stderr when it fails.
pub fn goald_json(db: &TestDb, args: &[&str]) -> serde_json::Value {
    let output = goald(db, args);
    assert!(
        output.status.success(),
        "[{}] goald {:?} failed: {}",
        db.backend,
        args,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("[{}] goald {args:?} printed no JSON ({e}): {}", db.backend, String::from_utf8_lossy(&output.stdout))
    })
}
