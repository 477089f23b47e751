//! HRIS benchmarks (issue 4), on PostgreSQL with a generated org of BENCH_MEMBERS
//! (default 100000) and BENCH_GOALS (default 1000000):
//! - moving the manager whose reporting line is closest to 10,000 people, through the
//!   inbox (`receive_events` + `apply_pending`), timed end to end;
//! - the webhook of a running `goald serve` under load from BENCH_CONNECTIONS (default 16)
//!   keep-alive connections sending BENCH_REQUESTS (default 20000) distinct signed
//!   events: events per second and latency percentiles.
//!
//! Run: `cargo bench --bench hris`. PostgreSQL: PG_TEST_URL.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use goald::core::ids::OrgId;
use goald::hris::parse_events;
use goald::hris::signature::WebhookSecret;
use serde_json::json;
use sqlx::{Connection, Row};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "support/setup.rs"]
mod setup;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[tokio::main]
async fn main() {
    if setup::listing_only() {
        return;
    }
    let org = setup::generate();
    let db = setup::PgDatabase::create("goald_bench_hris").await.expect("PostgreSQL is needed for this benchmark");
    setup::import(&db.url, &org.file);
    println!("imported {} members, {} goals into PostgreSQL", org.members, org.goals);
    // Measure the steady state, not autovacuum catching up with a million fresh rows.
    let mut bench = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    sqlx::query("vacuum analyze").execute(&mut bench).await.expect("vacuum");
    drop(bench);

    move_a_big_manager(&db.url).await;
    webhook_load(&db.url, org.members).await;
    db.drop().await;
}

async fn move_a_big_manager(url: &str) {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
    let row = sqlx::query(
        "select manager_id, count(*) as n from reporting_lines where org_id = 'bench' group by manager_id \
         order by abs(count(*) - 10000) limit 1",
    )
    .fetch_optional(&mut conn)
    .await
    .expect("a big manager");
    let Some(row) = row else {
        println!("postgres: no reporting line in the org: the move is skipped");
        return;
    };
    let (manager, line): (String, i64) = (row.get(0), row.get(1));
    // The new manager: a manager outside the moved line, other than the current one.
    let row = sqlx::query(
        "select id from members m where org_id = 'bench' and role = 'manager' and active and id <> $1 \
         and id is distinct from (select manager_id from members where org_id = 'bench' and id = $1) \
         and not exists (select 1 from reporting_lines r where r.org_id = 'bench' and r.manager_id = $1 and r.report_id = m.id) \
         order by id limit 1",
    )
    .bind(&manager)
    .fetch_optional(&mut conn)
    .await
    .expect("a new manager");
    // A small org may have no manager outside the line: nothing to move it under.
    let Some(row) = row else {
        println!("postgres: no manager outside {manager}'s {line}-person line: the move is skipped");
        return;
    };
    let new_manager: String = row.get(0);
    let store = goald::store::open(url, 4).await.expect("store");
    let org = store.org(&OrgId::parse("bench").unwrap()).await.unwrap().unwrap();
    let event = json!({"id": "move-1", "type": "member.manager_changed", "occurred_at": "2026-11-23T10:00:00Z",
                       "data": {"member": manager, "manager": new_manager}});
    let events = parse_events(&event).unwrap();
    let started = Instant::now();
    store.receive_events(&org.id, &events, Utc::now()).await.expect("receive");
    let report = store.apply_pending(&org, Utc::now()).await.expect("apply");
    println!(
        "postgres: moving {manager} with a {line}-person reporting line under {new_manager}: {:?} ({report:?})",
        started.elapsed()
    );
}

async fn webhook_load(url: &str, members: usize) {
    let requests = setup::env_usize("BENCH_REQUESTS", 20_000);
    let connections = setup::env_usize("BENCH_CONNECTIONS", 16);
    let status = Command::new(env!("CARGO_BIN_EXE_goald"))
        .args(["--database-url", url, "hris", "secret", "add", "--org", "bench", SECRET])
        .env("GOALD_LOG", "warn")
        .stdout(Stdio::null())
        .status()
        .expect("secret");
    assert!(status.success());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    drop(listener);
    let data = tempfile::tempdir().unwrap();
    let mut daemon = Command::new(env!("CARGO_BIN_EXE_goald"))
        .args(["--database-url", url, "serve", "--http-addr", &addr])
        .env("GOALD_LOG", "warn")
        .env("GOALD_DATA_DIR", data.path())
        .env("GOALD_DATABASE_MAX_CONNECTIONS", "16")
        .spawn()
        .expect("serve");
    while std::net::TcpStream::connect(&addr).is_err() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let secret = WebhookSecret::parse(SECRET).unwrap();
    let roles = ["employee", "manager"];
    let bodies: Vec<Vec<u8>> = (0..requests)
        .map(|i| {
            let member = format!("m{:06}", 1 + (i * 7919) % members);
            let event = json!({"id": format!("load-{i}"), "type": "member.role_changed",
                               "occurred_at": format!("2026-11-24T{:02}:{:02}:{:02}Z", (i / 3600) % 24, (i / 60) % 60, i % 60),
                               "data": {"member": member, "role": roles[i % 2]}});
            event.to_string().into_bytes()
        })
        .collect();
    let started = Instant::now();
    let per = requests.div_ceil(connections);
    let bodies = Arc::new(bodies);
    let secret = Arc::new(secret);
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (bodies, secret, addr) = (bodies.clone(), secret.clone(), addr.clone());
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(&addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let mut latencies = Vec::new();
            let mut buffer = vec![0u8; 4096];
            for i in (c * per)..((c + 1) * per).min(bodies.len()) {
                let body = &bodies[i];
                let id = format!("msg-{i}");
                let ts = Utc::now().timestamp();
                let head = format!(
                    "POST /v1/orgs/bench/hris/events HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\nwebhook-id: {id}\r\nwebhook-timestamp: {ts}\r\nwebhook-signature: {}\r\n\r\n",
                    body.len(),
                    secret.sign(&id, ts, body)
                );
                let sent = Instant::now();
                stream.write_all(head.as_bytes()).await.expect("send");
                stream.write_all(body).await.expect("send");
                let n = stream.read(&mut buffer).await.expect("answer");
                assert!(buffer[..n].starts_with(b"HTTP/1.1 202"), "{}", String::from_utf8_lossy(&buffer[..n]));
                latencies.push(sent.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("load task"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "postgres: webhook, {} signed events over {connections} connections in {elapsed:?}: {:.0} events/s; \
         latency p50 {:?}, p99 {:?}, max {:?}",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
        latencies[latencies.len() - 1]
    );
    let _ = Command::new("kill").args(["-TERM", &daemon.id().to_string()]).status();
    let _ = daemon.wait();
}
