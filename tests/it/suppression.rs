//! The suppression list (issue 15, docs/suppression.md) through `goald deliver` and a real
//! SMTP server (aiosmtpd) answering 550, on SQLite and PostgreSQL.

use std::process::Command;

use crate::common::smtp::SmtpServer;
use crate::common::{fixture, goald, goald_json, import_json, read_json, test_dbs, TestDb};
use goald::core::ids::{MemberId, OrgId};
use serde_json::{json, Value};

/// Paris' Monday 09:00 of three weeks in a row, and the Friday evaluation before each.
const FRIDAYS: [&str; 3] = ["2026-11-27T22:00:00Z", "2026-12-04T22:00:00Z", "2026-12-11T22:00:00Z"];
const MONDAYS: [&str; 3] = ["2026-11-30T08:00:00Z", "2026-12-07T08:00:00Z", "2026-12-14T08:00:00Z"];
const WEEKS: [&str; 3] = ["2026-W48", "2026-W49", "2026-W50"];

fn evaluate(db: &TestDb, week: usize) {
    goald_json(db, &["reminders", "run", "--org", "northwind", "--at", FRIDAYS[week], "--json"]);
}

fn deliver(db: &TestDb, week: usize, mail_url: &str) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_goald"))
        .env("GOALD_LOG", "warn")
        .env("GOALD_MAIL_SEND_TIMEOUT_SECS", "30")
        .args(["--database-url", &db.url, "deliver", "--json", "--until", MONDAYS[week], "--mail-url", mail_url])
        .output()
        .expect("run goald deliver");
    assert!(output.status.success(), "[{}] deliver failed: {}", db.backend, String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("deliver JSON")
}

fn eli_digest(db: &TestDb, week: usize) -> Value {
    let outbox = goald_json(db, &["outbox", "--org", "northwind", "--json"]);
    let digests = outbox["digests"].as_array().expect("digests").clone();
    digests.into_iter().find(|d| d["owner"] == "eli" && d["week"] == WEEKS[week]).expect("eli's digest of the week")
}

fn suppressions(db: &TestDb) -> Vec<Value> {
    goald_json(db, &["suppression", "list", "--org", "northwind", "--json"])["suppressions"]
        .as_array()
        .expect("suppressions")
        .clone()
}

fn with_eli_email(email: &str) -> Value {
    let mut org = read_json(&fixture("example-org.json"));
    for member in org["members"].as_array_mut().unwrap() {
        if member["id"] == "eli" {
            member["email"] = json!(email);
        }
    }
    org
}

async fn is_suppressed(db: &TestDb) -> Option<String> {
    let store = goald::store::open(&db.url, 1).await.expect("open the store");
    let (org, eli) = (OrgId::parse("northwind").unwrap(), MemberId::parse("eli").unwrap());
    store.is_suppressed(&org, &eli).await.expect("is_suppressed")
}

#[tokio::test]
async fn a_550_suppresses_the_address_until_the_members_email_changes() {
    for db in test_dbs().await {
        let b = db.backend;
        import_json(&db, &read_json(&fixture("example-org.json")));
        evaluate(&db, 0);
        let smtp = SmtpServer::start(&[550]);
        assert_eq!(deliver(&db, 0, &smtp.url)["failed"], 1, "[{b}] eli's digest is refused");
        let listed = suppressions(&db);
        assert_eq!(listed.len(), 1, "[{b}] {listed:?}");
        assert_eq!((&listed[0]["member"], &listed[0]["email"]), (&json!("eli"), &json!("eli@northwind.test")));
        assert_eq!(listed[0]["in_force"], true, "[{b}]");
        assert!(listed[0]["reply"].as_str().unwrap().starts_with("550"), "[{b}] {listed:?}");
        assert!(is_suppressed(&db).await.is_some_and(|reply| reply.starts_with("550")), "[{b}]");

        // The next week: eli is still due, but nothing is sent to the refused address.
        evaluate(&db, 1);
        deliver(&db, 1, &smtp.url);
        let second = eli_digest(&db, 1);
        assert_eq!(second["state"], "skipped", "[{b}] {second}");
        assert!(second["last_error"].as_str().unwrap().starts_with("suppressed: 550"), "[{b}] {second}");
        assert!(smtp.messages().iter().all(|m| !m.contains("eli@northwind.test")), "[{b}]");

        // A new address (here by import; any door changes the same column) lifts it.
        import_json(&db, &with_eli_email("eloise@northwind.test"));
        assert_eq!(is_suppressed(&db).await, None, "[{b}]");
        assert_eq!(suppressions(&db)[0]["in_force"], false, "[{b}] kept for history, no longer in force");
        evaluate(&db, 2);
        deliver(&db, 2, &smtp.url);
        assert_eq!(eli_digest(&db, 2)["state"], "sent", "[{b}]");
        assert!(smtp.messages().iter().any(|m| m.contains("eloise@northwind.test")), "[{b}]");
    }
}

#[tokio::test]
async fn an_operator_removes_a_suppression_by_member_or_by_address_and_a_stranger_is_refused() {
    for db in test_dbs().await {
        let b = db.backend;
        import_json(&db, &read_json(&fixture("example-org.json")));
        evaluate(&db, 0);
        let smtp = SmtpServer::start(&[550]);
        deliver(&db, 0, &smtp.url);
        assert_eq!(suppressions(&db).len(), 1, "[{b}]");

        let removed = goald_json(&db, &["suppression", "remove", "--org", "northwind", "ELI@northwind.test", "--json"]);
        assert_eq!(removed, json!({"removed": 1}), "[{b}]");
        assert!(suppressions(&db).is_empty(), "[{b}]");
        assert_eq!(is_suppressed(&db).await, None, "[{b}]");

        let again = goald(&db, &["suppression", "remove", "--org", "northwind", "eli"]);
        assert!(!again.status.success(), "[{b}] removing what is not listed fails");
        assert!(String::from_utf8_lossy(&again.stderr).contains("not on the suppression list"), "[{b}]");
        let no_org = goald(&db, &["suppression", "list", "--org", "nowhere"]);
        assert!(String::from_utf8_lossy(&no_org.stderr).contains("does not exist"), "[{b}]");
    }
}
