//! What every benchmark starts with: its size from the environment, a generated org
//! written as an import file, `goald import` of it, and a PostgreSQL database of its own.
// Each bench includes this file and uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use goald::core::ids::MemberId;
use sqlx::Connection;

pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// `cargo test --benches` asks a harness-less bench for its list: it is not a test.
pub fn listing_only() -> bool {
    std::env::args().any(|a| a == "--list")
}

/// The generated org "bench" (BENCH_MEMBERS, default 100000; BENCH_GOALS, default
/// 1000000; seed 42, built around 2026-11-27T22:00:00Z) as a file in a temporary directory.
pub struct BenchOrg {
    pub dir: tempfile::TempDir,
    pub file: PathBuf,
    pub members: usize,
    pub goals: usize,
}

pub fn generate() -> BenchOrg {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("org.json");
    let (members, goals) = generate_into(&file);
    BenchOrg { dir, file, members, goals }
}

/// BENCH_REUSE=DIR: a bench that supports it keeps its databases (SQLite in DIR, PostgreSQL
/// as `<name>_kept`) and the next run reuses them, skipping the generation and the import:
/// for profiling one step again and again.
pub fn reuse_dir() -> Option<PathBuf> {
    std::env::var_os("BENCH_REUSE").map(PathBuf::from)
}

/// BENCH_REUSE=DIR: the kept databases of the bench `name`, SQLite `DIR/<name>.db` and
/// PostgreSQL `<pg_prefix>_kept`, each made by `prepare(url, org file)` when it does not
/// hold the org yet; the org file `DIR/<name>-org.json` is written by `generate` first when
/// missing. (backend, url) of each backend BENCH_BACKEND (sqlite or postgres) selects.
pub async fn kept_databases<G, P, Fut>(
    dir: &Path,
    name: &str,
    pg_prefix: &str,
    generate: G,
    prepare: P,
) -> Vec<(&'static str, String)>
where
    G: Fn(&Path),
    P: Fn(String, PathBuf) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    std::fs::create_dir_all(dir).expect("BENCH_REUSE directory");
    let file = dir.join(format!("{name}-org.json"));
    let generated = || {
        if !file.exists() {
            generate(&file);
        }
        file.clone()
    };
    let only = std::env::var("BENCH_BACKEND").unwrap_or_default();
    let mut kept = Vec::new();
    if only != "postgres" {
        let sqlite = dir.join(format!("{name}.db"));
        let url = format!("sqlite://{}", sqlite.display());
        if !sqlite.exists() {
            prepare(url.clone(), generated()).await;
        }
        kept.push(("sqlite", url));
    }
    if only != "sqlite" {
        if let Some((db, imported)) = PgDatabase::kept(pg_prefix).await {
            if !imported {
                prepare(db.url.clone(), generated()).await;
            }
            kept.push(("postgres", db.url));
        }
    }
    kept
}

/// The generated org written to `file`: (members, goals).
pub fn generate_into(file: &Path) -> (usize, usize) {
    let members = env_usize("BENCH_MEMBERS", 100_000);
    let goals = env_usize("BENCH_GOALS", 1_000_000);
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 22, 0, 0).single().expect("instant");
    let params = goald::demo::DemoParams { org_id: "bench".into(), members, goals, seed: 42, now };
    let started = Instant::now();
    let out = std::io::BufWriter::new(std::fs::File::create(file).expect("create file"));
    goald::demo::write_json(&params, out).expect("generate");
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("generated {members} members, {goals} goals: {:.1} MB in {:?}", size as f64 / 1e6, started.elapsed());
    (members, goals)
}

/// `goald import` of `file` into `url`, the process included.
pub fn import(url: &str, file: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_goald"))
        .args(["import", "--database-url", url])
        .arg(file)
        .env("GOALD_LOG", "warn")
        .status()
        .expect("run goald import");
    assert!(status.success(), "import into {url} failed");
}

/// A fresh PostgreSQL database on PG_TEST_URL's server (default the local one), dropped
/// by `drop`.
pub struct PgDatabase {
    admin: String,
    name: String,
    pub url: String,
}

impl PgDatabase {
    /// None (and a line saying so) when the server is unreachable.
    pub async fn create(prefix: &str) -> Option<PgDatabase> {
        let admin =
            std::env::var("PG_TEST_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut conn = match sqlx::PgConnection::connect(&admin).await {
            Ok(conn) => conn,
            Err(e) => {
                println!("postgres: SKIPPED ({admin} unreachable: {e})");
                return None;
            }
        };
        let name = format!("{prefix}_{}", std::process::id());
        sqlx::query(&format!("create database {name}")).execute(&mut conn).await.expect("create database");
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        let url = format!("{base}/{name}");
        Some(PgDatabase { admin, name, url })
    }

    /// With BENCH_REUSE: the kept database `<prefix>_kept`, made when missing, and whether
    /// it already holds the bench org.
    pub async fn kept(prefix: &str) -> Option<(PgDatabase, bool)> {
        let admin =
            std::env::var("PG_TEST_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut conn = sqlx::PgConnection::connect(&admin).await.ok()?;
        let name = format!("{prefix}_kept");
        let exists = sqlx::query("select 1 from pg_database where datname = $1")
            .bind(&name)
            .fetch_optional(&mut conn)
            .await
            .expect("list databases")
            .is_some();
        if !exists {
            sqlx::query(&format!("create database {name}")).execute(&mut conn).await.expect("create database");
        }
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        let url = format!("{base}/{name}");
        let tables = "select 'orgs', count(*) from information_schema.tables where table_name = 'orgs'";
        let imported = exists
            && query(&url, tables).await.first().is_some_and(|(_, n)| *n > 0)
            && !query(&url, "select id, cast(0 as bigint) from orgs where id = 'bench'").await.is_empty();
        Some((PgDatabase { admin, name, url }, imported))
    }

    pub async fn drop(self) {
        let mut conn = sqlx::PgConnection::connect(&self.admin).await.expect("connect");
        sqlx::query(&format!("drop database {} with (force)", self.name))
            .execute(&mut conn)
            .await
            .expect("drop database");
    }
}

/// Rows of (text, count) straight from the database, for picking the bench's members.
pub async fn query(url: &str, sql: &str) -> Vec<(String, i64)> {
    use sqlx::Row;
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("connect");
        let rows = sqlx::query(sql).fetch_all(&mut conn).await.expect("query");
        rows.iter().map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1))).collect()
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
        let rows = sqlx::query(sql).fetch_all(&mut conn).await.expect("query");
        rows.iter().map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1))).collect()
    }
}

/// Seven runs of one explore query, sorted (median at 3, max at 6), and its total.
pub async fn time_explore(
    store: &dyn goald::store::Store,
    org: &goald::core::ids::OrgId,
    viewer: &goald::core::ids::MemberId,
    sees_everything: bool,
    query: &goald::store::goals::types::ExploreQuery,
) -> (Vec<std::time::Duration>, i64) {
    let mut times = Vec::with_capacity(7);
    let mut total = 0;
    for _ in 0..7 {
        let started = Instant::now();
        total = store.explore(org, viewer, sees_everything, query).await.expect("explore").total;
        times.push(started.elapsed());
    }
    times.sort();
    (times, total)
}

/// Generates the org, then runs `run(backend, url, file)` on SQLite and on a fresh
/// PostgreSQL database (`pg_prefix`_pid, dropped after); BENCH_BACKEND=sqlite or postgres
/// runs only that one (one backend per process gives clean RSS figures: memory the first
/// one freed stays in the process and hides the second one's growth).
pub async fn on_each_backend<F, Fut>(pg_prefix: &str, run: F)
where
    F: Fn(&'static str, String, PathBuf) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let only = std::env::var("BENCH_BACKEND").unwrap_or_default();
    let org = generate();
    if only.is_empty() || only == "sqlite" {
        let sqlite_url = format!("sqlite://{}", org.dir.path().join("goald.db").display());
        run("sqlite", sqlite_url, org.file.clone()).await;
    }
    if !(only.is_empty() || only == "postgres") {
        return;
    }
    if let Some(db) = PgDatabase::create(pg_prefix).await {
        run("postgres", db.url.clone(), org.file.clone()).await;
        db.drop().await;
    }
}

/// The first active executive of the generated org, by id.
pub async fn first_executive(url: &str) -> MemberId {
    let sql = "select id, cast(0 as bigint) as n from members where org_id = 'bench' and active \
               and role = 'executive' order by id limit 1";
    let id = query(url, sql).await.into_iter().next().expect("an executive").0;
    MemberId::parse(id).expect("member id")
}
