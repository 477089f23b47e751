//! The goals API, progress updates (docs/api.md `/goals/{goal}/progress`): who may add, edit
//! and delete them (CONTRACT §8, the seed), what each keeps, and what they do to the goal.

use crate::common::api::{id_of, instant, num, personal, with, Api};
use crate::common::test_dbs;
use chrono::Utc;
use serde_json::{json, Value};

#[tokio::test]
async fn the_creator_owner_contributors_executives_and_collaborators_add_progress() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        // t-ops: fay created and owns it, gus contributes; t-sales: team sales contributes.
        for (member, goal) in
            [("gus", "t-ops"), ("fay", "t-ops"), ("ada", "t-ops"), ("bo", "t-ops"), ("eli", "t-sales")]
        {
            let update =
                api.member(member).add_progress(goal, json!({"progress": 45, "comment": format!("{member} here")}));
            assert_eq!(update["author"], json!(member), "[{}]", db.backend);
        }
        // Every member contributes to an organization goal (rolled up: status and comment only).
        let update =
            api.member("gus").add_progress("o-company", json!({"status": "at_risk", "comment": "Hiring is slow"}));
        assert_eq!((&update["author"], &update["status"]), (&json!("gus"), &json!("at_risk")), "[{}]", db.backend);
        api.member("gus").post("/goals/o-company/progress", json!({"progress": 50})).expect_invalid("progress");

        // Seeing a goal is not enough: fay through her reporting line, dee on a public goal.
        api.member("fay").post("/goals/p-gus/progress", json!({"progress": 90})).expect_error(403, "forbidden");
        api.member("dee").post("/goals/p-cy/progress", json!({"progress": 90})).expect_error(403, "forbidden");
        api.member("cy").post("/goals/t-ops/progress", json!({"progress": 90})).expect_error(404, "not_found");
        // Drafts and closed goals take no progress.
        api.member("gus").post("/goals/d-gus/progress", json!({"progress": 10})).expect_error(409, "conflict");
        api.member("eli").post("/goals/c-eli/progress", json!({"progress": 95})).expect_error(409, "conflict");

        let ada = api.member("ada");
        assert_eq!(num(&ada.goal("p-gus")["progress"]), 10.0, "[{}]", db.backend);
        assert_eq!(num(&ada.goal("c-eli")["progress"]), 90.0, "[{}]", db.backend);
        assert_eq!(ada.updates("t-ops").len(), 5, "[{}] the fixture's and four new", db.backend);
    }
}

#[tokio::test]
async fn a_progress_update_keeps_its_time_author_comment_and_values() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let before = dee.goal("p-dee");
        assert_eq!(instant(&before["last_activity_at"]), instant(&json!("2025-06-01T13:00:00Z")), "{before}");
        let asked_at = Utc::now() - chrono::Duration::seconds(5);

        let update = dee.add_progress("p-dee", json!({"progress": 10, "status": "on_track", "comment": "Back on it"}));

        assert!(instant(&update["at"]) >= asked_at, "[{}] {update}", db.backend);
        let expected = json!({
            "author": "dee", "measurements": null, "status": "on_track", "comment": "Back on it",
            "automatic": false, "edited_at": null,
        });
        for (field, value) in expected.as_object().unwrap() {
            assert_eq!(&update[field], value, "[{}] {field}: {update}", db.backend);
        }
        assert_eq!(num(&update["progress"]), 10.0, "[{}] {update}", db.backend);

        // The goal: progress and the owner's status beside the computed pace (2025 is over:
        // 10 % of a fully elapsed goal is off track, whatever dee says).
        let goal = dee.goal("p-dee");
        assert_eq!(num(&goal["progress"]), 10.0, "[{}] {goal}", db.backend);
        assert_eq!((&goal["status"], &goal["pace_status"]), (&json!("on_track"), &json!("off_track")), "{goal}");
        assert!(instant(&goal["last_activity_at"]) >= asked_at, "[{}] last activity did not move: {goal}", db.backend);

        // The trail, oldest first: the imported update, then this one.
        let updates = dee.updates("p-dee");
        assert_eq!(updates.len(), 2, "[{}] {updates:?}", db.backend);
        let imported = &updates[0];
        assert_eq!((&imported["author"], &imported["comment"]), (&json!("dee"), &json!("Module 1 done")), "{imported}");
        assert_eq!(
            (num(&imported["progress"]), instant(&imported["at"])),
            (20.0, instant(&json!("2025-06-01T13:00:00Z")))
        );
        assert_eq!(updates[1], update, "[{}]", db.backend);
        let entry = dee.history("p-dee").pop().unwrap();
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("ProgressAdded"), &json!("dee")), "{entry}");
        // Her manager reads it too.
        assert_eq!(api.member("cy").updates("p-dee"), updates, "[{}]", db.backend);
        // The owner sets the status by hand too; the pace stays computed.
        let goal = dee.patch("/goals/p-dee", json!({"status": "at_risk"})).expect(200);
        assert_eq!((&goal["status"], &goal["pace_status"]), (&json!("at_risk"), &json!("off_track")), "{goal}");
        assert_eq!(dee.history("p-dee").pop().unwrap()["before"]["status"], json!("on_track"), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn a_progress_update_sets_measurement_values() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let cy = api.member("cy");
        let measurements = json!([
            {"name": "Revenue", "kind": "currency", "start": 0, "target": 100},
            {"name": "Launched", "kind": "yes_no", "start": 0, "target": 1},
        ]);
        let goal = cy.create_published(with(
            personal("Launch in Lyon"),
            json!({"tracking": "measurements", "measurements": measurements}),
        ));
        let id = id_of(&goal);
        let named = |name: &str| {
            let list = goal["measurements"].as_array().unwrap();
            list.iter().find(|m| m["name"] == name).expect(name)["id"].as_str().expect("measurement id").to_owned()
        };
        let (revenue, launched) = (named("Revenue"), named("Launched"));

        let values = json!({revenue.as_str(): 25, launched.as_str(): 1});
        let update = cy.add_progress(&id, json!({"measurements": values, "comment": "Opened"}));

        assert_eq!(num(&update["measurements"][&revenue]), 25.0, "[{}] {update}", db.backend);
        assert_eq!(num(&update["measurements"][&launched]), 1.0, "[{}] {update}", db.backend);
        let goal = cy.goal(&id);
        assert_eq!(num(&goal["progress"]), 62.5, "[{}] (25 + 100) / 2: {goal}", db.backend);
        let current: Vec<f64> = goal["measurements"].as_array().unwrap().iter().map(|m| num(&m["current"])).collect();
        assert!(current.contains(&25.0) && current.contains(&1.0), "[{}] {goal}", db.backend);

        // The tracking decides which values an update may carry.
        cy.post(&format!("/goals/{id}/progress"), json!({"progress": 50})).expect_invalid("progress");
        let unknown = cy.post(&format!("/goals/{id}/progress"), json!({"measurements": {"no-such": 3}}));
        unknown.expect_error(400, "invalid");
        let basic = json!({"measurements": {revenue.as_str(): 50}});
        api.member("dee").post("/goals/p-dee/progress", basic).expect_invalid("measurements");
        assert_eq!(num(&cy.goal(&id)["progress"]), 62.5, "[{}]", db.backend);
    }
}

#[tokio::test]
async fn an_invalid_progress_update_is_refused_with_400_naming_the_field() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        dee.post("/goals/p-dee/progress", json!({})).expect_error(400, "invalid");
        for (field, body) in [
            ("progress", json!({"progress": 101})),
            ("progress", json!({"progress": -1})),
            ("progress", json!({"progress": "half"})),
            ("status", json!({"status": "meh"})),
            ("comment", json!({"comment": "x".repeat(2049)})),
        ] {
            dee.post("/goals/p-dee/progress", body).expect_invalid(field);
        }
        assert_eq!(dee.updates("p-dee").len(), 1, "[{}] a refused update was kept", db.backend);
        assert_eq!(
            dee.add_progress("p-dee", json!({"comment": "y".repeat(2048)}))["comment"].as_str().unwrap().len(),
            2048
        );
    }
}

#[tokio::test]
async fn the_author_edits_and_deletes_their_own_update_and_executives_and_collaborators_any() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let (fay, gus) = (api.member("fay"), api.member("gus"));
        // t-ops holds gus's imported update; fay created and owns the goal.
        let update = gus.updates("t-ops").pop().expect("gus's update");
        assert_eq!(update["author"], json!("gus"), "[{}]", db.backend);
        let path = format!("/goals/t-ops/progress/{}", id_of(&update));
        fay.patch(&path, json!({"comment": "Rewritten by the owner"})).expect_error(403, "forbidden");
        fay.delete(&path).expect_error(403, "forbidden");

        let edited = gus.patch(&path, json!({"comment": "Checklist v2 live"})).expect(200);
        assert_eq!((&edited["comment"], &edited["author"]), (&json!("Checklist v2 live"), &json!("gus")), "{edited}");
        assert!(edited["edited_at"].is_string(), "[{}] {edited}", db.backend);
        assert_eq!(edited["at"], update["at"], "[{}] the update keeps its time", db.backend);
        let entry = gus.history("t-ops").pop().unwrap();
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("ProgressEdited"), &json!("gus")), "{entry}");

        let by_ada = api.member("ada").patch(&path, json!({"comment": "Checked"})).expect(200);
        assert_eq!((&by_ada["comment"], &by_ada["author"]), (&json!("Checked"), &json!("gus")), "{by_ada}");
        api.member("bo").delete(&path).expect(204);
        let entry = gus.history("t-ops").pop().unwrap();
        assert_eq!((&entry["operation"], &entry["actor"]), (&json!("ProgressDeleted"), &json!("bo")), "{entry}");
        assert!(gus.updates("t-ops").is_empty(), "[{}]", db.backend);
        gus.patch(&path, json!({"comment": "Again"})).expect_error(404, "not_found");
        gus.delete(&path).expect_error(404, "not_found");

        // dee's own update on t-sales: her teammate and the goal's creator may not touch it.
        let dee = api.member("dee");
        let own = dee.add_progress("t-sales", json!({"progress": 35, "comment": "Third deal"}));
        let path = format!("/goals/t-sales/progress/{}", id_of(&own));
        api.member("eli").patch(&path, json!({"comment": "Mine"})).expect_error(403, "forbidden");
        api.member("cy").delete(&path).expect_error(403, "forbidden");
        assert_eq!(
            dee.patch(&path, json!({"comment": "Third deal signed"})).expect(200)["comment"],
            json!("Third deal signed")
        );
        dee.delete(&path).expect(204);
        assert!(!dee.updates("t-sales").iter().any(|u| u["id"] == own["id"]), "[{}]", db.backend);
    }
}

#[tokio::test]
async fn deleting_the_latest_update_returns_the_goal_to_its_progress_before() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let dee = api.member("dee");
        let sixty = dee.add_progress("p-dee", json!({"progress": 60}));
        let seventy = dee.add_progress("p-dee", json!({"progress": 70}));
        assert_eq!(num(&dee.goal("p-dee")["progress"]), 70.0, "[{}]", db.backend);

        dee.delete(&format!("/goals/p-dee/progress/{}", id_of(&seventy))).expect(204);
        assert_eq!(num(&dee.goal("p-dee")["progress"]), 60.0, "[{}]", db.backend);
        dee.delete(&format!("/goals/p-dee/progress/{}", id_of(&sixty))).expect(204);
        assert_eq!(num(&dee.goal("p-dee")["progress"]), 20.0, "[{}] back to the imported 20", db.backend);
        let left: Vec<Value> = dee.updates("p-dee");
        assert_eq!(left.len(), 1, "[{}] {left:?}", db.backend);
    }
}

#[tokio::test]
async fn an_update_is_reached_only_through_its_own_goal() {
    for db in test_dbs().await {
        let api = Api::start(&db);
        let ada = api.member("ada");
        let update = id_of(&ada.updates("p-dee")[0]);
        ada.patch(&format!("/goals/p-cy/progress/{update}"), json!({"comment": "x"})).expect_error(404, "not_found");
        ada.delete(&format!("/goals/p-cy/progress/{update}")).expect_error(404, "not_found");
        ada.delete("/goals/p-dee/progress/999999").expect_error(404, "not_found");
        assert_eq!(ada.updates("p-dee")[0]["comment"], json!("Module 1 done"), "[{}]", db.backend);
    }
}
