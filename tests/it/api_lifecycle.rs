//! The goals API, a goal's life (docs/api.md publish, close, archive, unarchive): who may,
//! in which state, and what each leaves behind (CONTRACT §8, the seed); copies and deletes
//! are `api_duplicate_delete`.

use crate::common::api::{id_of, instant, personal, with, Api};
use crate::common::{hris_apply, test_dbs};
use chrono::Utc;
use serde_json::{json, Value};

fn has_action(goal: &Value, action: &str) -> bool {
    goal["actions"].as_array().unwrap_or_else(|| panic!("no actions in {goal}")).contains(&json!(action))
}

#[tokio::test]
async fn only_the_creator_publishes_and_an_owner_who_is_not_the_creator_cannot() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee) = (api.member("cy"), api.member("dee"));
        // d-cy-dee: a draft cy created for dee.
        assert!(!has_action(&dee.goal("d-cy-dee"), "publish"), "[{}] the owner is offered publish", db.backend);
        assert!(has_action(&cy.goal("d-cy-dee"), "publish"), "[{}]", db.backend);
        for not_creator in ["dee", "ada", "bo"] {
            api.member(not_creator).post("/goals/d-cy-dee/publish", json!({})).expect_error(403, "forbidden");
        }
        assert_eq!(cy.goal("d-cy-dee")["state"], json!("draft"), "[{}]", db.backend);
        api.member("eli").get("/goals/d-cy-dee").expect_error(404, "not_found");

        let asked_at = Utc::now() - chrono::Duration::seconds(5);
        let published = cy.publish("d-cy-dee");

        assert_eq!((&published["state"], &published["creator"]), (&json!("published"), &json!("cy")));
        assert!(instant(&published["published_at"]) >= asked_at, "[{}] {published}", db.backend);
        let entry = cy.history("d-cy-dee").pop().unwrap();
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("Published"), &json!("cy")), "{entry}");
        cy.post("/goals/d-cy-dee/publish", json!({})).expect_error(409, "conflict");
        // Public and published: eli sees it now; dee may report on it.
        api.member("eli").goal("d-cy-dee");
        assert!(has_action(&dee.goal("d-cy-dee"), "add_progress"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_team_goal_with_no_contributor_cannot_be_published() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let lonely = with(personal("A team of none"), json!({"type": "team"}));
        let id = id_of(&cy.create(lonely));
        cy.post(&format!("/goals/{id}/publish"), json!({})).expect_error(422, "rule_broken");
        assert_eq!(cy.goal(&id)["state"], json!("draft"), "[{}]", db.backend);

        cy.patch(&format!("/goals/{id}"), json!({"contributors": {"members": ["dee"], "teams": []}})).expect(200);
        assert_eq!(cy.publish(&id)["state"], json!("published"), "[{}]", db.backend);
        // Organization goals need none: every member is implicitly a contributor.
        let company = api.member("ada").create(with(personal("All of us"), json!({"type": "organization"})));
        assert_eq!(api.member("ada").publish(&id_of(&company))["state"], json!("published"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn close_archive_and_unarchive_follow_the_goal_state() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let id = id_of(&cy.create(personal("Hire two engineers")));
        let act = |action: &str| cy.post(&format!("/goals/{id}/{action}"), json!({}));
        for action in ["close", "archive", "unarchive"] {
            act(action).expect_error(409, "conflict");
        }
        cy.publish(&id);
        act("unarchive").expect_error(409, "conflict");

        let closed = act("close").expect(200);
        assert_eq!(closed["state"], json!("closed"), "[{}]", db.backend);
        assert!(closed["closed_at"].is_string(), "[{}] {closed}", db.backend);
        act("close").expect_error(409, "conflict");
        let archived = act("archive").expect(200);
        assert_eq!(archived["state"], json!("archived"), "[{}]", db.backend);
        assert!(archived["archived_at"].is_string(), "[{}] {archived}", db.backend);
        act("archive").expect_error(409, "conflict");
        act("close").expect_error(409, "conflict");
        assert_eq!(act("unarchive").expect(200)["state"], json!("closed"), "[{}] it had been closed", db.backend);

        let trail: Vec<(String, String)> = cy
            .history(&id)
            .iter()
            .map(|e| (e["operation"].as_str().unwrap_or("?").to_owned(), e["actor"].as_str().unwrap_or("?").to_owned()))
            .collect();
        let expected: Vec<(String, String)> = ["Created", "Published", "Closed", "Archived", "Unarchived"]
            .iter()
            .map(|operation| (operation.to_string(), "cy".to_owned()))
            .collect();
        assert_eq!(trail, expected, "[{}]", db.backend);

        // A published goal archived and brought back is published again.
        let other = id_of(&cy.create_published(personal("Move offices")));
        cy.post(&format!("/goals/{other}/archive"), json!({})).expect(200);
        let back = cy.post(&format!("/goals/{other}/unarchive"), json!({})).expect(200);
        assert_eq!(back["state"], json!("published"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn only_members_with_edit_rights_close_archive_or_unarchive() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // gus contributes to t-ops; fay sees p-gus through her reporting line.
        api.member("gus").post("/goals/t-ops/close", json!({})).expect_error(403, "forbidden");
        api.member("gus").post("/goals/t-ops/archive", json!({})).expect_error(403, "forbidden");
        api.member("fay").post("/goals/p-gus/close", json!({})).expect_error(403, "forbidden");
        api.member("dee").post("/goals/c-eli/archive", json!({})).expect_error(403, "forbidden");
        assert_eq!(api.member("ada").goal("t-ops")["state"], json!("published"), "[{}]", db.backend);

        assert_eq!(api.member("fay").post("/goals/t-ops/close", json!({})).expect(200)["state"], json!("closed"));
        assert_eq!(api.member("ada").post("/goals/p-gus/archive", json!({})).expect(200)["state"], json!("archived"));
        assert_eq!(api.member("eli").post("/goals/c-eli/archive", json!({})).expect(200)["state"], json!("archived"));
        api.member("gus").post("/goals/p-gus/unarchive", json!({})).expect(200);
    }
}

#[tokio::test]
async fn when_the_owner_leaves_the_creator_keeps_edit_rights_and_reassigns_the_goal() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        cy.publish("d-cy-dee");
        let left = json!({"id": "e1", "type": "member.deactivated", "occurred_at": "2026-11-20T09:00:00Z",
                          "data": {"member": "dee"}});
        hris_apply(&db, "acme", &[left]);

        api.member("dee").get("/goals/d-cy-dee").expect_error(403, "forbidden");
        assert!(has_action(&cy.goal("d-cy-dee"), "edit"), "[{}]", db.backend);
        let reassigned = cy.patch("/goals/d-cy-dee", json!({"owner": "eli"})).expect(200);
        assert_eq!(reassigned["owner"], json!("eli"), "[{}]", db.backend);
        let entry = cy.history("d-cy-dee").pop().unwrap();
        assert_eq!(
            (&entry["operation"], &entry["before"]["owner"]),
            (&json!("OwnerChanged"), &json!("dee")),
            "{entry}"
        );
        // p-hal's owner left long ago: executives and collaborators keep full rights.
        api.member("bo").patch("/goals/p-hal", json!({"owner": "gus"})).expect(200);
        assert_eq!(api.member("ada").post("/goals/p-hal/archive", json!({})).expect(200)["state"], json!("archived"));
    }
}
