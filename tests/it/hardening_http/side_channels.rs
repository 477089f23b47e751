//! No answer tells a member about a goal they cannot see, nor anyone about an org: over a
//! real socket to `goald serve`, on both backends, each with what must not have changed.

use crate::common::api::{id_of, personal, with, Api, ORG};
use crate::common::http::send;
use crate::common::{goald_json, test_dbs};
use chrono::Utc;
use goald::hris::signature::WebhookSecret;
use serde_json::{json, Value};

#[tokio::test]
async fn a_taken_id_is_answered_alike_whether_its_goal_is_seen_or_not_and_nothing_changes() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (dee, gus, ada) = (api.member("dee"), api.member("gus"), api.member("ada"));
        // p-gus is gus's private goal: dee cannot see it; p-cy is public.
        dee.get("/goals/p-gus").expect_error(404, "not_found");
        let (hidden_before, total) = (gus.goal("p-gus"), ada.explore("/goals?limit=1")["total"].clone());
        let mut answers = Vec::new();
        for id in ["p-gus", "p-cy"] {
            let reply = dee.post("/goals", with(personal("Mine"), json!({"id": id})));
            let error = reply.expect_error(409, "conflict");
            // The same words but for the id the caller sent.
            answers.push(serde_json::to_string(&error).unwrap().replace(id, "ID"));
        }
        assert_eq!(answers[0], answers[1], "[{}]", db.backend);
        assert_eq!(gus.goal("p-gus"), hidden_before, "[{}] the hidden goal changed", db.backend);
        assert_eq!(ada.explore("/goals?limit=1")["total"], total, "[{}] a goal was created", db.backend);
    }
}

#[tokio::test]
async fn a_history_does_not_name_a_sub_goal_its_reader_cannot_see() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (dee, gus) = (api.member("dee"), api.member("gus"));
        let secret = gus.create(with(personal("Private plan"), json!({"visibility": "owners_and_contributors"})));
        let secret = id_of(&secret);
        gus.publish(&secret);
        gus.put(&format!("/goals/{secret}/parent"), json!({"parent": "o-company"})).expect(200);
        dee.get(&format!("/goals/{secret}")).expect_error(404, "not_found");

        let as_dee = dee.history("o-company").pop().expect("an entry");
        assert_eq!(as_dee["operation"], json!("SubgoalLinked"), "[{}] {as_dee}", db.backend);
        assert_eq!(as_dee["before"], json!({"subgoal": null}), "[{}] {as_dee}", db.backend);
        assert!(!serde_json::to_string(&dee.history("o-company")).unwrap().contains(&secret), "[{}]", db.backend);
        let as_gus = gus.history("o-company").pop().expect("an entry");
        assert_eq!(as_gus["before"], json!({"subgoal": secret}), "[{}] {as_gus}", db.backend);
    }
}

#[tokio::test]
async fn a_copy_keeps_its_parent_only_for_a_member_who_may_align_there() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee) = (api.member("cy"), api.member("dee"));
        let parent = id_of(&cy.create_published(with(personal("Parent"), json!({"tracking": "subgoals_automatic"}))));
        let child = id_of(&cy.create_published(with(personal("Child"), json!({"owner": "dee", "parent": parent}))));
        cy.add_progress(&child, json!({"progress": 50}));
        let (parent_before, history_before) = (cy.goal(&parent), cy.history(&parent));
        assert!(dee.goal(&child)["actions"].as_array().unwrap().contains(&json!("duplicate")), "[{}]", db.backend);
        assert!(!dee.goal(&parent)["actions"].as_array().unwrap().contains(&json!("align_child")));

        // dee owns the child but may not align under cy's goal: her copy has no parent, and
        // the parent is as it was (no roll-up moved, no history written).
        let copy = dee.post(&format!("/goals/{child}/duplicate"), json!({})).expect(201);
        assert_eq!((&copy["parent"], &copy["weight"]), (&Value::Null, &Value::Null), "[{}] {copy}", db.backend);
        assert_eq!(dee.goal(&id_of(&copy))["parent"], Value::Null, "[{}]", db.backend);
        assert_eq!(cy.goal(&parent), parent_before, "[{}] the parent changed", db.backend);
        assert_eq!(cy.history(&parent), history_before, "[{}] the parent's history changed", db.backend);

        // cy may: the copy stays under the parent, which says so in its history.
        let copy = cy.post(&format!("/goals/{child}/duplicate"), json!({})).expect(201);
        assert_eq!(copy["parent"], json!(parent), "[{}] {copy}", db.backend);
        let linked = cy.history(&parent).pop().expect("an entry");
        assert_eq!((&linked["operation"], &linked["actor"]), (&json!("SubgoalLinked"), &json!("cy")), "{linked}");
        assert_eq!(linked["before"], json!({"subgoal": id_of(&copy)}), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn the_webhook_answers_an_unknown_org_exactly_as_a_bad_signature() {
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const OTHER: &str = "whsec_c2Vjb25kLXNlY3JldC1mb3ItZ29hbGQtdGVzdHM=";
    for db in test_dbs().await {
        let api = Api::start(&db);
        goald_json(&db, &["hris", "secret", "add", "--org", ORG, SECRET, "--json"]);
        let body = br#"{"id": "w1", "type": "member.deactivated", "occurred_at": "2026-11-23T16:00:00Z", "data": {"member": "dee"}}"#;
        let now = Utc::now().timestamp();
        let headers = |secret: &str, timestamp: i64| {
            let signature = WebhookSecret::parse(secret).unwrap().sign("m1", timestamp, body);
            vec![
                ("Content-Type", "application/json".to_owned()),
                ("webhook-id", "m1".to_owned()),
                ("webhook-timestamp", timestamp.to_string()),
                ("webhook-signature", signature),
            ]
        };
        let post = |org: &str, headers: &[(&str, String)]| {
            send(&api.addr, "POST", &format!("/v1/orgs/{org}/hris/events"), headers, body)
        };
        let unsigned = vec![("Content-Type", "application/json".to_owned())];
        for (what, headers) in
            [("wrong secret", headers(OTHER, now)), ("stale", headers(OTHER, now - 3600)), ("unsigned", unsigned)]
        {
            let known = post(ORG, &headers);
            assert_eq!(known.0, 401, "[{}] {what}: {known:?}", db.backend);
            for org in ["nowhere", "NO%20SUCH"] {
                assert_eq!(post(org, &headers), known, "[{}] {what} for {org}", db.backend);
            }
        }
        // Signed with acme's own secret, for an org that does not exist: still the same.
        assert_eq!(post("nowhere", &headers(SECRET, now)), post(ORG, &headers(OTHER, now)), "[{}]", db.backend);
        let counts = goald_json(&db, &["hris", "status", "--org", ORG, "--json"])["counts"].clone();
        assert_eq!(counts, json!({}), "[{}] an event was stored", db.backend);
    }
}
