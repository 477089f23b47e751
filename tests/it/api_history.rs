//! The goals API, comments and history (docs/api.md `/goals/{goal}/comments`,
//! `/goals/{goal}/history`): readable by exactly those who see the goal (CONTRACT §3), each
//! history entry with its operation, time, actor and the fields before.

use crate::common::api::{id_of, instant, team_goal, with, Api};
use crate::common::test_dbs;
use chrono::Utc;
use serde_json::{json, Value};

#[tokio::test]
async fn comments_are_written_and_read_by_whoever_sees_the_goal() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let asked_at = Utc::now() - chrono::Duration::seconds(5);
        // cy sees p-dee through his reporting line; dee owns it.
        let first = api.member("cy").post("/goals/p-dee/comments", json!({"body": "How was the exam?"})).expect(201);
        let second = api.member("dee").post("/goals/p-dee/comments", json!({"body": "Passed!"})).expect(201);

        assert_eq!((&first["author"], &first["body"]), (&json!("cy"), &json!("How was the exam?")), "{first}");
        assert_eq!(first["edited_at"], Value::Null, "[{}] {first}", db.backend);
        assert!(instant(&first["at"]) >= asked_at, "[{}] {first}", db.backend);
        assert_ne!(first["id"], second["id"], "[{}]", db.backend);
        for reader in ["dee", "cy", "ada", "bo"] {
            assert_eq!(
                api.member(reader).comments("p-dee"),
                [first.clone(), second.clone()],
                "[{}] {reader}",
                db.backend
            );
        }
        api.member("gus").get("/goals/p-dee/comments").expect_error(404, "not_found");
        api.member("eli").post("/goals/p-dee/comments", json!({"body": "Hi"})).expect_error(404, "not_found");
        // A public goal, a closed one: seeing is enough to comment.
        assert_eq!(
            api.member("eli").post("/goals/p-cy/comments", json!({"body": "Count me in"})).expect(201)["author"],
            json!("eli")
        );
        api.member("dee").post("/goals/c-eli/comments", json!({"body": "Bravo"})).expect(201);
        assert_eq!(api.member("gus").comments("c-eli").len(), 1, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_comment_holds_2048_characters_and_no_more() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let longest = dee.post("/goals/p-dee/comments", json!({"body": "é".repeat(2048)})).expect(201);
        assert_eq!(longest["body"].as_str().unwrap().chars().count(), 2048, "[{}]", db.backend);

        dee.post("/goals/p-dee/comments", json!({"body": "é".repeat(2049)})).expect_invalid("body");
        dee.post("/goals/p-dee/comments", json!({"body": ""})).expect_invalid("body");
        dee.post("/goals/p-dee/comments", json!({})).expect_invalid("body");
        assert_eq!(dee.comments("p-dee"), [longest], "[{}]", db.backend);

        // A body with the wrong field: the missing one or the unknown one is named, as sent.
        let wrong = dee.post("/goals/p-dee/comments", json!({"text": "Wrong field"})).expect_error(400, "invalid");
        assert!(["body", "text"].contains(&wrong["field"].as_str().unwrap_or("")), "[{}] {wrong}", db.backend);
    }
}

#[tokio::test]
async fn history_records_each_operation_with_its_time_actor_and_the_fields_before() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (cy, dee) = (api.member("cy"), api.member("dee"));
        let private = json!({"visibility": "owners_and_contributors"});
        let id = id_of(&cy.create(with(team_goal("Open Bergen", "sales"), private)));
        let goal = format!("/goals/{id}");
        cy.patch(&goal, json!({"title": "Open Bergen and Oslo"})).expect(200);
        cy.patch(&goal, json!({"owner": "dee"})).expect(200);
        cy.patch(&goal, json!({"contributors": {"members": ["eli"], "teams": ["sales"]}})).expect(200);
        cy.publish(&id);
        let update = dee.add_progress(&id, json!({"progress": 10}));
        let update = format!("{goal}/progress/{}", id_of(&update));
        dee.patch(&update, json!({"progress": 15})).expect(200);
        dee.delete(&update).expect(204);
        for action in ["close", "archive", "unarchive"] {
            cy.post(&format!("{goal}/{action}"), json!({})).expect(200);
        }

        let history = dee.history(&id);

        let trail: Vec<(&str, &str)> = history
            .iter()
            .map(|e| (e["operation"].as_str().unwrap_or("?"), e["actor"].as_str().unwrap_or("?")))
            .collect();
        assert_eq!(
            trail,
            [
                ("Created", "cy"),
                ("Updated", "cy"),
                ("OwnerChanged", "cy"),
                ("ContributorsChanged", "cy"),
                ("Published", "cy"),
                ("ProgressAdded", "dee"),
                ("ProgressEdited", "dee"),
                ("ProgressDeleted", "dee"),
                ("Closed", "cy"),
                ("Archived", "cy"),
                ("Unarchived", "cy"),
            ],
            "[{}]",
            db.backend
        );
        let times: Vec<_> = history.iter().map(|e| instant(&e["at"])).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "[{}] not oldest first: {times:?}", db.backend);
        let ids: std::collections::BTreeSet<String> = history.iter().map(id_of).collect();
        assert_eq!(ids.len(), history.len(), "[{}] entries share an id", db.backend);
        assert_eq!(history[1]["before"]["title"], json!("Open Bergen"), "[{}] {}", db.backend, history[1]);
        assert_eq!(history[2]["before"]["owner"], json!("cy"), "[{}] {}", db.backend, history[2]);
        let contributors = &history[3]["before"]["contributors"];
        assert_eq!(contributors, &json!({"members": [], "teams": ["sales"]}), "[{}]", db.backend);
        assert_eq!(history[4]["before"]["state"], json!("draft"), "[{}] {}", db.backend, history[4]);
        assert_eq!(history[8]["before"]["state"], json!("published"), "[{}] {}", db.backend, history[8]);

        // Readable by exactly those who see the goal.
        assert_eq!(api.member("eli").history(&id), history, "[{}] a contributor", db.backend);
        assert_eq!(api.member("ada").history(&id), history, "[{}] an executive", db.backend);
        api.member("gus").get(&format!("{goal}/history")).expect_error(404, "not_found");
        api.member("fay").get(&format!("{goal}/history")).expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn history_is_hidden_with_its_goal_while_it_is_a_draft() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let id = id_of(&cy.create(team_goal("Quiet plan", "sales")));
        // A draft: its team does not see it yet, nor its history or comments.
        cy.post(&format!("/goals/{id}/comments"), json!({"body": "Draft notes"})).expect(201);
        for path in [format!("/goals/{id}/history"), format!("/goals/{id}/comments"), format!("/goals/{id}/progress")] {
            api.member("dee").get(&path).expect_error(404, "not_found");
        }
        cy.publish(&id);
        assert_eq!(api.member("dee").history(&id).len(), 2, "[{}] Created, Published", db.backend);
        assert_eq!(api.member("dee").comments(&id).len(), 1, "[{}]", db.backend);
    }
}
