//! The HRIS webhook over a real socket to `goald serve` (CONTRACT §6 and §7): signatures,
//! rotated secrets, replays, bad bodies, size, redelivery; nothing stored on a 4xx.

use std::time::{Duration, Instant};

use crate::common::daemon::Daemon;
use crate::common::http::send;
use crate::common::{fixture, goald_json, test_dbs, TestDb};
use chrono::Utc;
use goald::hris::signature::WebhookSecret;
use serde_json::{json, Value};

const OLD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NEW_SECRET: &str = "whsec_c2Vjb25kLXNlY3JldC1mb3ItZ29hbGQtdGVzdHM=";
const PATH: &str = "/v1/orgs/northwind/hris/events";

type Headers = Vec<(&'static str, String)>;

/// POSTs `body` as JSON with the given webhook headers; returns (status, JSON body).
fn post(addr: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, Value) {
    let mut all = vec![("Content-Type", "application/json".to_owned())];
    all.extend(headers.iter().cloned());
    let (status, body) = send(addr, "POST", path, &all, body);
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn signed(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Headers {
    let signature = WebhookSecret::parse(secret).unwrap().sign(id, timestamp, body);
    vec![("webhook-id", id.to_owned()), ("webhook-timestamp", timestamp.to_string()), ("webhook-signature", signature)]
}

fn deactivate(id: &str, member: &str) -> Vec<u8> {
    json!({"id": id, "type": "member.deactivated", "occurred_at": "2026-11-23T16:00:00Z", "data": {"member": member}})
        .to_string()
        .into_bytes()
}

fn stored_events(db: &TestDb) -> Value {
    goald_json(db, &["hris", "status", "--org", "northwind", "--json"])["counts"].clone()
}

fn setup(db: &TestDb) {
    let org = fixture("example-org.json");
    goald_json(db, &["import", org.to_str().unwrap(), "--json"]);
    goald_json(db, &["hris", "secret", "add", "--org", "northwind", OLD_SECRET, "--json"]);
}

#[tokio::test]
async fn a_signed_event_is_accepted_stored_and_applied() {
    for db in test_dbs().await {
        setup(&db);
        let data = tempfile::tempdir().unwrap();
        let daemon = Daemon::start(&db, data.path());
        let body = deactivate("w1", "dee");
        let (status, answer) =
            post(&daemon.addr, PATH, &signed(OLD_SECRET, "msg-1", Utc::now().timestamp(), &body), &body);
        assert_eq!((status, &answer), (202, &json!({"accepted": 1, "duplicates": 0})), "[{}]", db.backend);
        let deadline = Instant::now() + Duration::from_secs(20);
        while stored_events(&db) != json!({"applied": 1}) {
            assert!(Instant::now() < deadline, "[{}] the event was never applied", db.backend);
            std::thread::sleep(Duration::from_millis(100));
        }
        let dee = goald_json(&db, &["visibility", "--org", "northwind", "--member", "dee", "--json"]);
        assert_eq!(dee["goals"], json!([]), "[{}] a deactivated member sees nothing", db.backend);
        // The same delivery again: accepted as a duplicate, applied once.
        let (status, answer) =
            post(&daemon.addr, PATH, &signed(OLD_SECRET, "msg-1", Utc::now().timestamp(), &body), &body);
        assert_eq!((status, answer), (202, json!({"accepted": 0, "duplicates": 1})), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_rotated_secret_is_accepted_alongside_the_old_one() {
    for db in test_dbs().await {
        setup(&db);
        goald_json(&db, &["hris", "secret", "add", "--org", "northwind", NEW_SECRET, "--json"]);
        let data = tempfile::tempdir().unwrap();
        let daemon = Daemon::start(&db, data.path());
        let body = deactivate("w2", "gus");
        let now = Utc::now().timestamp();
        // The sender signs with the new secret, beside a signature nobody can match.
        let mut headers = signed(NEW_SECRET, "msg-2", now, &body);
        headers[2].1 = format!("v1,bm90LWEtc2lnbmF0dXJl {}", headers[2].1);
        assert_eq!(post(&daemon.addr, PATH, &headers, &body).0, 202, "[{}] new secret", db.backend);
        // A sender still on the old secret is accepted too until it is removed.
        let body = deactivate("w3", "gus");
        assert_eq!(
            post(&daemon.addr, PATH, &signed(OLD_SECRET, "msg-3", now, &body), &body).0,
            202,
            "[{}]",
            db.backend
        );
    }
}

#[tokio::test]
async fn every_bad_request_is_refused_with_its_status_and_stores_nothing() {
    for db in test_dbs().await {
        setup(&db);
        let data = tempfile::tempdir().unwrap();
        let daemon = Daemon::start(&db, data.path());
        let now = Utc::now().timestamp();
        let body = deactivate("w9", "dee");
        let wrong = "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==";
        let cases: Vec<(u16, &str, Headers, Vec<u8>)> = vec![
            (401, "wrong secret", signed(wrong, "m", now, &body), body.clone()),
            (
                401,
                "no signature",
                vec![("webhook-id", "m".into()), ("webhook-timestamp", now.to_string())],
                body.clone(),
            ),
            (401, "replayed old timestamp", signed(OLD_SECRET, "m", now - 600, &body), body.clone()),
            (400, "malformed JSON", signed(OLD_SECRET, "m", now, b"{not json"), b"{not json".to_vec()),
        ];
        for (want, what, headers, body) in cases {
            let (status, answer) = post(&daemon.addr, PATH, &headers, &body);
            assert_eq!(status, want, "[{}] {what}: {answer}", db.backend);
        }
        let unknown = json!({"id": "w8", "type": "member.promoted", "occurred_at": "2026-11-23T16:00:00Z", "data": {}})
            .to_string()
            .into_bytes();
        let (status, answer) = post(&daemon.addr, PATH, &signed(OLD_SECRET, "m", now, &unknown), &unknown);
        assert_eq!((status, answer["field"].as_str()), (400, Some("type")), "[{}] {answer}", db.backend);
        let huge = format!("[{}]", vec![String::from_utf8(body.clone()).unwrap(); 12_000].join(",")).into_bytes();
        assert!(huge.len() > 1 << 20);
        assert_eq!(post(&daemon.addr, PATH, &signed(OLD_SECRET, "m", now, &huge), &huge).0, 413, "[{}]", db.backend);
        let elsewhere = "/v1/orgs/nowhere/hris/events";
        // Issue 12: an unknown org is answered as a bad signature (tests/it/hardening_http).
        assert_eq!(post(&daemon.addr, elsewhere, &signed(OLD_SECRET, "m", now, &body), &body).0, 401);
        assert_eq!(stored_events(&db), json!({}), "[{}] nothing stored", db.backend);
    }
}
