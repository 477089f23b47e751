//! Issue 12, mail and workers: rows stored before names were validated (CR/LF, 2,000
//! characters: mailed, cleaned; a 1,015-character address: failed) fail only their own digest, with
//! a clear reason, through `goald deliver` and a running `goald serve`; a bad `mail_from`
//! stops `serve` and `deliver` before they touch the queue; `outbox retry` requeues
//! failed digests; `config check` never prints a password. Both backends.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::Connection;

use crate::common::daemon::Daemon;
use crate::common::http::get;
use crate::common::smtp::SmtpServer;
use crate::common::{fixture, goald, goald_json, import_json, read_json, test_dbs, TestDb};

const AT: &str = "2026-11-27T22:00:00Z";
const AFTER_MONDAYS: &str = "2026-11-30T15:00:00Z";
const CRLF_NAME: &str = "Eli\r\nBcc: eve@evil.example";

/// Queues the example week's three digests, then writes what the doors now refuse
/// straight into `members`, as rows stored before that validation existed.
async fn queue_with_hostile_rows(db: &TestDb) -> Vec<String> {
    import_json(db, &read_json(&fixture("example-org.json")));
    goald_json(db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
    let owners: Vec<String> = outbox(db)["digests"]
        .as_array()
        .expect("digests")
        .iter()
        .map(|d| d["owner"].as_str().expect("owner").to_owned())
        .collect();
    assert_eq!(owners.len(), 3, "[{}] {owners:?}", db.backend);
    let long_address = format!("{}@northwind.test", "a".repeat(1000));
    let long_name = "N".repeat(2000);
    // eli: a line break in the name; the other two: a huge name, an address too long.
    let others: Vec<&String> = owners.iter().filter(|o| *o != "eli").collect();
    set_member(db, "eli", "name", CRLF_NAME).await;
    set_member(db, others[0], "name", &long_name).await;
    set_member(db, others[1], "email", &long_address).await;
    vec!["eli".to_owned(), others[0].clone(), others[1].clone()]
}

async fn set_member(db: &TestDb, member: &str, column: &str, value: &str) {
    let sql = format!("update members set {column} = $1 where org_id = 'northwind' and id = $2");
    let updated = if db.backend == "postgres" {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
        sqlx::query(&sql).bind(value).bind(member).execute(&mut conn).await.expect("update").rows_affected()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.expect("connect");
        sqlx::query(&sql).bind(value).bind(member).execute(&mut conn).await.expect("update").rows_affected()
    };
    assert_eq!(updated, 1, "[{}] no member {member}", db.backend);
}

fn outbox(db: &TestDb) -> Value {
    goald_json(db, &["outbox", "--json"])
}

fn digest<'a>(outbox: &'a Value, owner: &str) -> &'a Value {
    outbox["digests"].as_array().expect("digests").iter().find(|d| d["owner"] == owner).expect("digest of owner")
}

fn deliver(db: &TestDb, mail_url: &str, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goald"))
        .env("GOALD_LOG", "warn")
        .envs(env.iter().copied())
        .args(["--database-url", &db.url, "deliver", "--json", "--until", AFTER_MONDAYS, "--mail-url", mail_url])
        .output()
        .expect("run goald deliver")
}

/// The three hostile rows after delivery: two delivered (the names cleaned), the
/// address too long failed for good with why, and nothing else sent.
fn assert_only_the_long_address_failed(db: &TestDb, smtp: &SmtpServer, owners: &[String]) {
    let out = outbox(db);
    assert_eq!(digest(&out, &owners[0])["state"], "sent", "[{}] {out}", db.backend);
    assert_eq!(digest(&out, &owners[1])["state"], "sent", "[{}] {out}", db.backend);
    let failed = digest(&out, &owners[2]);
    assert_eq!(failed["state"], "failed", "[{}] {out}", db.backend);
    let error = failed["last_error"].as_str().unwrap_or_default();
    assert!(error.starts_with("invalid to address"), "[{}] not a clear reason: {error}", db.backend);
    assert!(error.len() < 400, "[{}] the stored error is bounded: {} bytes", db.backend, error.len());
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2, "[{}]", db.backend);
    for message in &messages {
        assert!(!message.contains("\nBcc:") && !message.contains("evil.example>"), "[{}] {message}", db.backend);
        let longest = message.split("\r\n").map(str::len).max().unwrap_or_default();
        assert!(longest <= 998, "[{}] a line of {longest} characters", db.backend);
    }
    assert!(messages.iter().any(|m| m.contains("Eli Bcc: eve@evil.example")), "[{}] the name, cleaned", db.backend);
}

#[tokio::test]
async fn deliver_fails_only_the_digest_a_stored_row_makes_impossible_and_sends_the_others() {
    for db in test_dbs().await {
        let owners = queue_with_hostile_rows(&db).await;
        let smtp = SmtpServer::start(&[]);
        let output = deliver(&db, &smtp.url, &[]);
        assert!(output.status.success(), "[{}] {}", db.backend, String::from_utf8_lossy(&output.stderr));
        let report: Value = serde_json::from_slice(&output.stdout).expect("report");
        assert_eq!((report["sent"].as_u64(), report["failed"].as_u64()), (Some(2), Some(1)), "[{}]", db.backend);
        assert_only_the_long_address_failed(&db, &smtp, &owners);
    }
}

#[tokio::test]
async fn serve_keeps_running_and_delivers_the_others_past_a_hostile_row() {
    for db in test_dbs().await {
        let owners = queue_with_hostile_rows(&db).await;
        let smtp = SmtpServer::start(&[]);
        let data = tempfile::tempdir().expect("data dir");
        let env = [("GOALD_NOW", AFTER_MONDAYS), ("GOALD_ROLES", "api,worker")];
        let mut daemon = Daemon::start_with(&db, data.path(), &["--mail-url", &smtp.url], &env);
        let deadline = Instant::now() + Duration::from_secs(30);
        while outbox(&db)["counts"].get("queued").is_some() {
            assert!(Instant::now() < deadline, "[{}] digests still queued: {}", db.backend, outbox(&db));
            std::thread::sleep(Duration::from_millis(200));
        }
        assert_only_the_long_address_failed(&db, &smtp, &owners);
        // Still serving, ready, and stopping cleanly.
        assert_eq!(get(&daemon.addr, "/readyz").0, 200, "[{}]", db.backend);
        let (_, metrics) = get(&daemon.addr, "/metrics");
        assert!(metrics.contains("goald_loop_restarts_total{loop=\"delivery\"} 0"), "[{}] {metrics}", db.backend);
        assert!(daemon.stop().success(), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_bad_mail_from_stops_serve_and_deliver_before_they_touch_the_queue() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
        let before = outbox(&db);
        let bad = [("GOALD_MAIL_FROM", "Goals, Inc <goals@example.com>")];
        let smtp = SmtpServer::start(&[]);
        let delivered = deliver(&db, &smtp.url, &bad);
        let data = tempfile::tempdir().expect("data dir");
        let served = Command::new(env!("CARGO_BIN_EXE_goald"))
            .env("GOALD_LOG", "warn")
            .env("GOALD_DATA_DIR", data.path())
            .envs(bad)
            .args(["--database-url", &db.url, "serve", "--http-addr", "127.0.0.1:0"])
            .output()
            .expect("run goald serve");
        for (command, output) in [("deliver", delivered), ("serve", served)] {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "[{}] {command} started with a bad mail_from", db.backend);
            assert!(stderr.contains("mail_from"), "[{}] {command} does not name mail_from: {stderr}", db.backend);
        }
        assert_eq!(outbox(&db), before, "[{}] the queue changed", db.backend);
        assert!(smtp.messages().is_empty(), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn outbox_retry_requeues_failed_digests_which_are_then_delivered() {
    for db in test_dbs().await {
        import_json(&db, &read_json(&fixture("example-org.json")));
        goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
        let refusing = SmtpServer::start(&[550, 550, 550]);
        assert!(deliver(&db, &refusing.url, &[]).status.success());
        assert_eq!(outbox(&db)["counts"], serde_json::json!({"failed": 3}), "[{}]", db.backend);

        let refused = goald(&db, &["outbox", "retry", "--state", "sent"]);
        assert!(!refused.status.success(), "[{}] only failed digests can be retried", db.backend);
        let later =
            goald_json(&db, &["outbox", "retry", "--state", "failed", "--since", "2026-12-31T00:00:00Z", "--json"]);
        assert_eq!(later["requeued"], 0, "[{}]", db.backend);
        let other = goald_json(&db, &["outbox", "retry", "--state", "failed", "--org", "acme", "--json"]);
        assert_eq!(other["requeued"], 0, "[{}]", db.backend);
        assert_eq!(outbox(&db)["counts"], serde_json::json!({"failed": 3}), "[{}] nothing changed", db.backend);

        let retried = goald(&db, &["outbox", "retry", "--state", "failed", "--org", "northwind"]);
        assert!(retried.status.success(), "[{}]", db.backend);
        assert_eq!(String::from_utf8_lossy(&retried.stdout).trim(), "requeued 3 failed digest(s)", "[{}]", db.backend);
        let eli = digest(&outbox(&db), "eli").clone();
        assert_eq!((eli["state"].as_str(), eli["attempts"].as_i64()), (Some("queued"), Some(0)), "[{}]", db.backend);
        assert!(eli["last_error"].as_str().unwrap_or_default().contains("550"), "[{}] history kept: {eli}", db.backend);

        let accepting = SmtpServer::start(&[]);
        assert!(deliver(&db, &accepting.url, &[]).status.success());
        assert_eq!(outbox(&db)["counts"], serde_json::json!({"sent": 3}), "[{}]", db.backend);
        assert_eq!(accepting.messages().len(), 3, "[{}]", db.backend);
    }
}

#[test]
fn config_check_never_prints_a_password() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let cases: [(&str, &str, &str); 4] = [
        ("GOALD_DATABASE_URL", "postgres://db/goald?user=goald&password=hunter2", "hunter2"),
        ("GOALD_DATABASE_URL", "mysql://goald:hunter2@db/goald?password=hunter3", "hunter"),
        ("GOALD_MAIL_URL", "smtp://user:hunter2", "hunter2"),
        ("GOALD_MAIL_URL", "smtp://user:hunter2@mail.example:587?tls=required", "hunter2"),
    ];
    for (variable, value, secret) in cases {
        for args in [&["config", "check"][..], &["--json", "config", "check"][..]] {
            let output = Command::new(env!("CARGO_BIN_EXE_goald"))
                .current_dir(dir.path())
                .env("GOALD_LOG", "debug")
                .env(variable, value)
                .args(args)
                .output()
                .expect("run goald config check");
            let all = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            assert!(!all.contains(secret), "{variable}={value}: {all}");
            assert!(!all.contains("user:pass"), "{all}");
        }
    }
}

/// The example org with eli owning `count` due goals (hers, copied), eli in `locale`.
fn org_with_many_goals(count: usize, locale: &str) -> Value {
    let mut org = read_json(&fixture("example-org.json"));
    let members = org["members"].as_array_mut().expect("members");
    let eli = members.iter_mut().find(|m| m["id"] == "eli").expect("eli");
    eli["locale"] = Value::from(locale);
    let goals = org["goals"].as_array_mut().expect("goals");
    let hers = goals.iter().find(|g| g["id"] == "g-eli").expect("g-eli").clone();
    for n in 1..count {
        let mut copy = hers.clone();
        copy["id"] = Value::from(format!("g-eli-{n:03}"));
        copy["title"] = Value::from(format!("Goal {n:03}"));
        goals.push(copy);
    }
    org
}

#[tokio::test]
async fn a_60_goal_digest_lists_50_and_says_10_more_in_english_and_french() {
    let cases = [
        ("en", "…and 10 more goals", "See all your goals"),
        ("fr", "…et 10 autres objectifs", "Voir tous vos objectifs"),
    ];
    for (locale, more, see_all) in cases {
        for db in test_dbs().await {
            import_json(&db, &org_with_many_goals(60, locale));
            goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
            let smtp = SmtpServer::start(&[]);
            assert!(deliver(&db, &smtp.url, &[]).status.success(), "[{}]", db.backend);
            let messages = smtp.messages();
            let eli = messages.iter().find(|m| m.contains("eli@northwind.test")).expect("eli's digest");
            let text = crate::common::mime::decoded_text(eli);
            let listed = text.matches("/orgs/northwind/goals/g-eli").count();
            assert_eq!(listed, 50, "[{} {locale}] {text}", db.backend);
            assert!(text.contains(more), "[{} {locale}] {text}", db.backend);
            assert!(text.contains(see_all), "[{} {locale}] {text}", db.backend);
            assert!(text.contains("/orgs/northwind/goals?owner=eli"), "[{} {locale}] {text}", db.backend);
            assert!(text.contains(" 60 "), "[{} {locale}] the intro counts all 60: {text}", db.backend);
        }
    }
}
