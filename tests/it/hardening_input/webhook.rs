//! A signed HRIS webhook over HTTP to a running `goald serve`: a 400 naming the field, never
//! a 500 (a sender retries those forever), and no event of the batch stored.

use chrono::Utc;
use goald::hris::signature::WebhookSecret;
use serde_json::{json, Value};

use super::table_counts;
use crate::common::daemon::Daemon;
use crate::common::http::send;
use crate::common::{fixture, goald_json, test_dbs};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PATH: &str = "/v1/orgs/northwind/hris/events";

fn upsert(id: &str, name: &str) -> Value {
    json!({"id": id, "type": "member.upserted", "occurred_at": "2026-11-23T16:00:00Z",
           "data": {"id": "zoe", "name": name, "email": "zoe@example.com", "role": "employee",
                    "manager": "cy", "active": true}})
}

/// Posts each body, signed, to a fresh daemon; each must be refused naming `field`, and
/// the database must hold what it held before.
async fn assert_refused(cases: &[(Value, &str)]) {
    for db in test_dbs().await {
        goald_json(&db, &["import", fixture("example-org.json").to_str().expect("utf-8"), "--json"]);
        goald_json(&db, &["hris", "secret", "add", "--org", "northwind", SECRET, "--json"]);
        let data = tempfile::tempdir().expect("temporary directory");
        let daemon = Daemon::start(&db, data.path());
        let before = table_counts(&db).await;
        for (n, (event, field)) in cases.iter().enumerate() {
            // A good event first in the batch: a refusal stores none of it.
            let batch = json!([upsert(&format!("ok-{n}"), "Zoe Ok"), event]);
            let body = batch.to_string().into_bytes();
            let msg = format!("msg-{n}");
            let now = Utc::now().timestamp();
            let signature = WebhookSecret::parse(SECRET).expect("secret").sign(&msg, now, &body);
            let headers = [
                ("Content-Type", "application/json".to_owned()),
                ("webhook-id", msg),
                ("webhook-timestamp", now.to_string()),
                ("webhook-signature", signature),
            ];
            let (status, answer) = send(&daemon.addr, "POST", PATH, &headers, &body);
            let answer: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
            let what = format!("[{}] event {event}", db.backend);
            assert_eq!(status, 400, "{what}: {answer}");
            assert_eq!(answer["error"], "invalid_event", "{what}: {answer}");
            assert_eq!(answer["field"].as_str(), Some(*field), "{what}: {answer}");
        }
        assert_eq!(table_counts(&db).await, before, "[{}] a refused batch stored something", db.backend);
    }
}

#[tokio::test]
async fn a_line_break_in_a_member_or_team_name_is_refused() {
    let team = json!({"id": "t1", "type": "team.upserted", "occurred_at": "2026-11-23T16:00:00Z",
                      "data": {"id": "sales", "name": "Sales\r\nX-Injected: yes"}});
    assert_refused(&[(upsert("e1", "Zoe\r\nBcc: all@example.com"), "data.name"), (team, "data.name")]).await;
}

#[tokio::test]
async fn a_nul_anywhere_is_a_400_not_a_500() {
    let mut extra = upsert("e3", "Zoe");
    extra["data"]["note"] = json!("x\u{0}y");
    let mut email = upsert("e4", "Zoe");
    email["data"]["email"] = json!("zoe\u{0}@example.com");
    assert_refused(&[
        (upsert("e1", "Zoe\u{0}"), "data.name"),
        (upsert("e\u{0}2", "Zoe"), "id"),
        (extra, "data.note"),
        (email, "data.email"),
    ])
    .await;
}

#[tokio::test]
async fn over_long_names_emails_and_ids_are_refused() {
    let mut email = upsert("e2", "Zoe");
    email["data"]["email"] = json!(format!("{}@example.com", "z".repeat(250)));
    let mut member = upsert("e3", "Zoe");
    member["data"]["id"] = json!("z".repeat(129));
    assert_refused(&[
        (upsert("e1", &"n".repeat(201)), "data.name"),
        (email, "data.email"),
        (member, "data.id"),
        (upsert(&"e".repeat(129), "Zoe"), "id"),
        (upsert("..", "Zoe"), "id"),
    ])
    .await;
}
