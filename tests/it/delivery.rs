//! Delivery of queued digests (`goald deliver`, CONTRACT §5 and §9) through a real SMTP
//! server (aiosmtpd), on SQLite and PostgreSQL.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::smtp::SmtpServer;
use crate::common::{fixture, goald_json, import_json, read_json, test_dbs, TestDb};
use serde_json::{json, Value};

const AT: &str = "2026-11-27T22:00:00Z";
/// Monday 08:00 UTC: 09:00 in Paris (eli's digest is due), 03:00 in Toronto (not yet).
const PARIS_MONDAY: &str = "2026-11-30T08:00:00Z";
const AFTER_MONDAYS: &str = "2026-11-30T15:00:00Z";

fn queue_example_week(db: &TestDb) {
    import_json(db, &read_json(&fixture("example-org.json")));
    goald_json(db, &["reminders", "run", "--org", "northwind", "--at", AT, "--json"]);
}

/// `goald deliver` with settings short enough for a test.
fn deliver_command(db: &TestDb, until: &str, mail_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_goald"));
    command
        .env("GOALD_LOG", "warn")
        .env("GOALD_MAIL_RETRY_INITIAL_SECS", "1")
        .env("GOALD_MAIL_LEASE_SECS", "2")
        .env("GOALD_MAIL_SEND_TIMEOUT_SECS", "30")
        .args(["--database-url", &db.url, "deliver", "--json", "--until", until, "--mail-url", mail_url]);
    command
}

fn deliver(db: &TestDb, until: &str, mail_url: &str) -> Value {
    let output: Output = deliver_command(db, until, mail_url).output().expect("run goald deliver");
    assert!(output.status.success(), "[{}] deliver failed: {}", db.backend, String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("deliver JSON")
}

fn outbox(db: &TestDb) -> Value {
    goald_json(db, &["outbox", "--json"])
}

fn digest_of<'a>(outbox: &'a Value, owner: &str) -> &'a Value {
    outbox["digests"].as_array().unwrap().iter().find(|d| d["owner"] == owner).expect("digest of owner")
}

fn report(sent: u64, skipped: u64, retried: u64, failed: u64) -> Value {
    json!({"sent": sent, "skipped": skipped, "retried": retried, "failed": failed})
}

#[tokio::test]
async fn each_digest_is_sent_once_at_its_owners_monday_morning() {
    for db in test_dbs().await {
        queue_example_week(&db);
        let smtp = SmtpServer::start(&[]);
        assert_eq!(deliver(&db, "2026-11-30T07:59:59Z", &smtp.url), report(0, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(1, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(deliver(&db, AFTER_MONDAYS, &smtp.url), report(2, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(deliver(&db, AFTER_MONDAYS, &smtp.url), report(0, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(smtp.messages().len(), 3, "[{}]", db.backend);
        assert_eq!(outbox(&db)["counts"], json!({"sent": 3}), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn the_received_digest_is_multipart_in_the_owners_language_with_the_headers_of_section_9() {
    for db in test_dbs().await {
        queue_example_week(&db);
        let smtp = SmtpServer::start(&[]);
        deliver(&db, PARIS_MONDAY, &smtp.url);
        let messages = smtp.messages();
        assert_eq!(messages.len(), 1, "[{}]", db.backend);
        let message = &messages[0];
        let headers = &message[..message.find("\r\n\r\n").or_else(|| message.find("\n\n")).unwrap()];
        assert!(headers.contains("eli@northwind.test"), "[{}] {headers}", db.backend);
        assert!(headers.contains("Message-ID: <digest.northwind.eli.2026-W48@localhost>"), "{headers}");
        assert!(headers.contains("List-Unsubscribe: <http://127.0.0.1:8080/v1/unsubscribe/"), "{headers}");
        assert!(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{headers}");
        assert!(headers.contains("List-Id: <weekly-digest.northwind.localhost>"), "{headers}");
        assert!(headers.contains("multipart/alternative"), "{headers}");
        assert!(message.contains("text/plain") && message.contains("text/html"));
        let text = crate::common::mime::decoded_text(message);
        assert!(text.contains("objectif"), "[{}] not French: {text}", db.backend);
        assert!(text.contains("http://127.0.0.1:8080/orgs/northwind/goals/g-eli"), "{text}");
        assert!(text.contains("31 octobre 2026"), "the end date in French: {text}");
    }
}

#[tokio::test]
async fn a_451_is_retried_with_backoff_and_the_digest_is_delivered_once() {
    for db in test_dbs().await {
        queue_example_week(&db);
        let smtp = SmtpServer::start(&[451]);
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(0, 0, 1, 0), "[{}]", db.backend);
        let eli = digest_of(&outbox(&db), "eli").clone();
        assert_eq!((eli["state"].as_str(), eli["attempts"].as_i64()), (Some("queued"), Some(1)), "[{}]", db.backend);
        assert!(eli["last_error"].as_str().unwrap().contains("451"), "{eli}");
        // Not before its backoff has passed...
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(0, 0, 0, 0), "[{}]", db.backend);
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(1, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(smtp.attempts(), vec![451, 250], "[{}]", db.backend);
        assert_eq!(smtp.messages().len(), 1, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_550_marks_the_digest_failed_with_the_servers_reason() {
    for db in test_dbs().await {
        queue_example_week(&db);
        let smtp = SmtpServer::start(&[550]);
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(0, 0, 0, 1), "[{}]", db.backend);
        let eli = digest_of(&outbox(&db), "eli").clone();
        assert_eq!(eli["state"], "failed", "[{}]", db.backend);
        assert!(eli["last_error"].as_str().unwrap().contains("550"), "{eli}");
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(0, 0, 0, 0), "[{}]", db.backend);
        assert!(smtp.messages().is_empty(), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn goals_updated_or_closed_since_the_evaluation_are_left_out_and_an_empty_digest_is_not_sent() {
    for db in test_dbs().await {
        queue_example_week(&db);
        // After Friday's evaluation: dee updates her goal, fay's goal is closed.
        let mut org = read_json(&fixture("example-org.json"));
        for goal in org["goals"].as_array_mut().unwrap() {
            match goal["id"].as_str() {
                Some("g-dee") => goal["updates"].as_array_mut().unwrap().push(json!({
                    "at": "2026-11-28T10:00:00Z", "by": "dee", "progress": 50, "comment": "back on it"
                })),
                Some("g-ops") => goal["state"] = json!("closed"),
                _ => {}
            }
        }
        import_json(&db, &org);
        let smtp = SmtpServer::start(&[]);
        assert_eq!(deliver(&db, AFTER_MONDAYS, &smtp.url), report(1, 2, 0, 0), "[{}]", db.backend);
        let outbox = outbox(&db);
        assert_eq!(outbox["counts"], json!({"sent": 1, "skipped": 2}), "[{}]", db.backend);
        assert!(digest_of(&outbox, "dee")["last_error"].as_str().unwrap().contains("updated"));
        assert_eq!(smtp.messages().len(), 1, "[{}]", db.backend);
    }
}

/// A process claims a digest, then dies while its SMTP server hangs: the digest is
/// sent by the next process once the lease has run out, and only once.
#[tokio::test]
async fn a_delivery_process_killed_after_claiming_is_taken_over_once_its_lease_ends() {
    for db in test_dbs().await {
        queue_example_week(&db);
        let hanging = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let hanging_url = format!("smtp://{}", hanging.local_addr().unwrap());
        let mut doomed = deliver_command(&db, PARIS_MONDAY, &hanging_url).spawn().expect("spawn deliver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while digest_of(&outbox(&db), "eli")["attempts"] != 1 {
            assert!(Instant::now() < deadline, "[{}] the digest was never claimed", db.backend);
            std::thread::sleep(Duration::from_millis(50));
        }
        doomed.kill().expect("kill the delivering process");
        let _ = doomed.wait();
        let smtp = SmtpServer::start(&[]);
        // Its lease still holds: nobody else may send it yet.
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(0, 0, 0, 0), "[{}]", db.backend);
        std::thread::sleep(Duration::from_millis(2100));
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(1, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(deliver(&db, PARIS_MONDAY, &smtp.url), report(0, 0, 0, 0), "[{}]", db.backend);
        assert_eq!(smtp.messages().len(), 1, "[{}]", db.backend);
        assert_eq!(digest_of(&outbox(&db), "eli")["attempts"], 2, "[{}]", db.backend);
        drop(hanging);
    }
}

#[tokio::test]
async fn an_owner_deactivated_after_the_evaluation_gets_no_digest() {
    for db in test_dbs().await {
        queue_example_week(&db);
        let mut org = read_json(&fixture("example-org.json"));
        for member in org["members"].as_array_mut().unwrap() {
            if member["id"] == "dee" {
                member["active"] = json!(false);
            }
        }
        import_json(&db, &org);
        let smtp = SmtpServer::start(&[]);
        assert_eq!(deliver(&db, AFTER_MONDAYS, &smtp.url), report(2, 1, 0, 0), "[{}]", db.backend);
        let dee = digest_of(&outbox(&db), "dee").clone();
        assert_eq!(dee["state"], "skipped", "[{}]", db.backend);
        assert!(dee["last_error"].as_str().unwrap().contains("deactivated"), "{dee}");
        assert!(smtp.messages().iter().all(|m| !m.contains("dee@northwind.test")), "[{}]", db.backend);
    }
}

/// SIGTERM while the daemon is sending: it stops, and whatever it had not finished is
/// sent by the next process. Every digest arrives exactly once.
#[tokio::test]
async fn a_daemon_stopped_while_sending_loses_nothing_and_sends_nothing_twice() {
    use crate::common::daemon::Daemon;
    for db in test_dbs().await {
        // Many owners, one digest each, all due now.
        let mut org = read_json(&fixture("example-org.json"));
        let members = org["members"].as_array_mut().unwrap();
        for i in 0..60 {
            members.push(
                json!({"id": format!("x{i:02}"), "name": format!("X {i}"), "email": format!("x{i:02}@northwind.test"),
                                "role": "employee", "manager": "cy", "active": true}),
            );
        }
        let template = org["goals"][3].clone();
        for i in 0..60 {
            let mut goal = template.clone();
            goal["id"] = json!(format!("g-x{i:02}"));
            goal["owner"] = json!(format!("x{i:02}"));
            goal["creator"] = json!(format!("x{i:02}"));
            org["goals"].as_array_mut().unwrap().push(goal);
        }
        import_json(&db, &org);
        goald_json(&db, &["reminders", "run", "--org", "northwind", "--at", "2026-11-13T22:00:00Z", "--json"]);
        let queued = outbox(&db)["counts"]["queued"].as_i64().unwrap();
        let smtp = SmtpServer::start(&[]);
        let data = tempfile::tempdir().unwrap();
        // One send at a time, and no scheduler (its catch-up would queue another week).
        let args = ["--mail-url", smtp.url.as_str(), "--roles", "api,worker"];
        let env = [("GOALD_MAIL_CONCURRENCY", "1"), ("GOALD_NOW", AFTER_MONDAYS)];
        let mut daemon = Daemon::start_with(&db, data.path(), &args, &env);
        // Stop it as soon as it has sent something: mid-delivery.
        let deadline = Instant::now() + Duration::from_secs(30);
        while smtp.messages().is_empty() {
            assert!(Instant::now() < deadline, "[{}] the daemon sent nothing", db.backend);
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(daemon.stop().success(), "[{}] exit 0 on SIGTERM", db.backend);
        let during = smtp.messages().len();
        deliver(&db, AFTER_MONDAYS, &smtp.url);
        let messages = smtp.messages();
        let mut ids: Vec<&str> =
            messages.iter().filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:"))).collect();
        let sent_total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), sent_total, "[{}] a digest was sent twice", db.backend);
        let counts = outbox(&db)["counts"].clone();
        let done = counts["sent"].as_i64().unwrap_or(0) + counts["skipped"].as_i64().unwrap_or(0);
        assert_eq!(done, queued, "[{}] every digest ended ({during} before the stop): {counts}", db.backend);
        assert_eq!(sent_total as i64, counts["sent"].as_i64().unwrap_or(0), "[{}]", db.backend);
    }
}
